//! Giving freed memory back to the system.
//!
//! The binary's allocator (mimalloc, `src/main.rs`) keeps the pages of freed memory for a while
//! to reuse them. At a few points much is freed at once and little of it is reused: the
//! Argon2id work area after an unlock (64 MiB), the decoding threads' buffers once a caseload is
//! loaded, a large caseload's packed search values while its index is built. There the pages
//! would stay counted against the process (its peak resident memory at 100,000 subjects was
//! 390 MiB, with 250 MB live); [`give_back`] returns them at once.
//!
//! mimalloc also asks the kernel for transparent huge pages on its large regions: a 2 MiB page
//! is resident whole as soon as one byte of it is touched, and a caseload's data is spread
//! thin over many regions (at 100,000 subjects 219 MiB of the process was in huge pages and
//! the peak 21 MiB higher than with small pages). [`small_pages`] turns them off for the
//! process, at the start of `main`.

/// Return the memory this thread's heap and the allocator's arenas hold free to the system.
///
/// Cheap when little is free (it walks this thread's pages); harmless under another global
/// allocator (mimalloc's own heap is then empty).
pub fn give_back() {
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any time;
    // it only frees pages that hold no live block.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// No transparent huge pages for this process (Linux; elsewhere nothing to do). A failure is
/// ignored: the process runs the same, with more memory resident.
pub fn small_pages() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// Whether transparent huge pages are off for this process (Linux; `None` elsewhere or when
/// the kernel does not say).
pub fn small_pages_on() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        rustix::thread::transparent_huge_pages_are_disabled().ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}
