mod breach;
