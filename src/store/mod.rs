//! All that touches the disk (placeholder: being written).
