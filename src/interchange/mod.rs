//! The JSON interchange format (placeholder: being written).
