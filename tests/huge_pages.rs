//! `spmp::memory::small_pages`: a large region the allocator gave out is resident only where it
//! is touched, not in 2 MiB huge pages (the binary calls it first thing in `main`).
//!
//! Its own test crate (one test): the setting is for the whole process, and the allocator is the
//! binary's (mimalloc), which asks the kernel for huge pages on its large regions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "common/resident.rs"]
mod resident;
use resident::resident_kib;

/// How much more is resident after a fresh 128 MiB allocation is touched once every 2 MiB
/// (with the allocation, kept by the caller so the next one is fresh too).
fn touched_sparsely_kib() -> (u64, Vec<u8>) {
    let before = resident_kib();
    let mut region: Vec<u8> = Vec::with_capacity(128 << 20);
    let spare = region.spare_capacity_mut();
    for at in (0..spare.len()).step_by(2 << 20) {
        spare[at].write(1);
    }
    (resident_kib().saturating_sub(before), region)
}

#[test]
fn a_sparsely_touched_region_is_resident_only_where_touched() {
    // What the kernel does without the call: huge pages only where it gives them at all.
    let thp =
        std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
    let kernel_gives_them = thp.contains("[always]") || thp.contains("[madvise]");
    let (without, _first) = touched_sparsely_kib();
    spmp::memory::small_pages();
    assert_eq!(spmp::memory::small_pages_on(), Some(true));
    let (with, _second) = touched_sparsely_kib();
    // 64 pages touched: 256 KiB in small pages, 128 MiB in huge ones.
    assert!(
        with < 8 << 10,
        "after small_pages, 64 touches made {with} KiB resident (before it: {without} KiB)"
    );
    if kernel_gives_them {
        eprintln!("huge pages: {without} KiB resident before small_pages, {with} KiB after");
    } else {
        eprintln!(
            "the kernel gives no huge pages here ({}): only the after half is checked",
            thp.trim()
        );
    }
}
