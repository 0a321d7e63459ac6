//! This process's resident memory, for the allocator tests (`tests/memory.rs`,
//! `tests/huge_pages.rs`), each its own crate with the binary's allocator.

/// This process's resident memory in KiB (`VmRSS` in `/proc/self/status`).
pub fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS")
}
