//! Giving freed memory back to the system.
//!
//! The binary's allocator (mimalloc, `src/main.rs`) keeps the pages of freed memory for a while
//! to reuse them. At a few points much is freed at once and little of it is reused: the
//! Argon2id work area after an unlock (64 MiB), the decoding threads' buffers once a caseload is
//! loaded, a large caseload's packed search values while its index is built. There the pages
//! would stay counted against the process (its peak resident memory at 100,000 subjects was
//! 390 MiB, with 250 MB live); [`give_back`] returns them at once.

/// Return the memory this thread's heap and the allocator's arenas hold free to the system.
///
/// Cheap when little is free (it walks this thread's pages); harmless under another global
/// allocator (mimalloc's own heap is then empty).
pub fn give_back() {
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any time;
    // it only frees pages that hold no live block.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
