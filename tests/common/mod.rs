pub mod app;
pub mod forms;
pub mod pty;
