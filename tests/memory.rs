//! `spmp::memory::give_back` returns freed memory to the system under the binary's allocator.
//!
//! Its own test crate, so the allocator can be the binary's (mimalloc) rather than the system's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "common/resident.rs"]
mod resident;
use resident::resident_kib;

#[test]
fn memory_freed_by_finished_threads_goes_back_to_the_system() {
    let before = resident_kib();
    // As the decoding threads do: many small buffers (about 200 MB) made on other threads,
    // handed here, and freed here once used.
    let made: Vec<Vec<Box<[u8]>>> = (0..2)
        .map(|t| {
            std::thread::spawn(move || {
                (0..200_000)
                    .map(|i| vec![(i + t) as u8; 500].into_boxed_slice())
                    .collect::<Vec<_>>()
            })
            .join()
            .expect("thread")
        })
        .collect();
    let held = resident_kib();
    assert!(
        held > before + 150_000,
        "the buffers are resident: {before} KiB then {held} KiB"
    );
    drop(made);
    spmp::memory::give_back();
    let after = resident_kib();
    assert!(
        after < before + 40_000,
        "freed memory given back: {before} KiB before, {held} KiB held, {after} KiB after"
    );
}
