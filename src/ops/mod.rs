//! The application layer: one function per use case, below every screen and command line.
pub mod breach;

#[cfg(test)]
mod tests;
