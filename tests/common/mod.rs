pub mod app;
pub mod pty;
