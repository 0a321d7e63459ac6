//! Parsing typed values (placeholder: being written).
