//! The index: every findable value of every subject, normalised, stored contiguously.
use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::{ItemId, Subject};

use super::entries::{Field, for_each_value};
use super::fold::normalise;
use super::{Matcher, SkimMatcher};

/// Marks an entry replaced by [`SearchIndex::update`]; skipped by every scan.
pub(crate) const DEAD: u32 = u32::MAX;

/// Each index gets its own id, so a [`super::Searcher`] never reuses state across indexes.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// One searchable value (cold data; the scan reads `masks` and `key`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Byte range of the normalised value in `keys`.
    pub key: (u32, u32),
    /// Byte range of the original value in `display`.
    pub display: (u32, u32),
    /// Index of the subject in the slice the index was built from, or [`DEAD`].
    pub slot: u32,
    pub item: ItemId,
    pub field: Field,
}

/// The in-memory search index over a slice of subjects (see the module docs).
pub struct SearchIndex {
    /// Unique per index; with `generation`, tells a searcher when its cached sets are stale.
    pub(crate) id: u64,
    pub(crate) generation: u64,
    /// All normalised values, back to back.
    pub(crate) keys: String,
    /// All original values, back to back.
    pub(crate) display: String,
    pub(crate) entries: Vec<Entry>,
    /// Character-presence mask per entry (see [`char_mask`]); 0 for dead entries.
    pub(crate) masks: Vec<u64>,
    /// Per slot, the range of its (contiguous) live entries.
    ranges: Vec<(u32, u32)>,
    dead: usize,
    pub(crate) matcher: Box<dyn Matcher>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("subjects", &self.ranges.len())
            .field("entries", &(self.entries.len() - self.dead))
            .finish()
    }
}

impl SearchIndex {
    /// Index `subjects`; a hit's `slot` is an index into this slice.
    pub fn build(subjects: &[Subject]) -> Self {
        Self::with_matcher(subjects, Box::new(SkimMatcher::default()))
    }

    /// As [`SearchIndex::build`], scoring with `matcher`.
    pub fn with_matcher(subjects: &[Subject], matcher: Box<dyn Matcher>) -> Self {
        let mut index = Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            generation: 0,
            keys: String::with_capacity(subjects.len() * 200),
            display: String::with_capacity(subjects.len() * 200),
            entries: Vec::with_capacity(subjects.len() * 14),
            masks: Vec::with_capacity(subjects.len() * 14),
            ranges: Vec::with_capacity(subjects.len()),
            dead: 0,
            matcher,
        };
        for s in subjects {
            index.push(s);
        }
        index
    }

    /// Number of subject slots.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// True when no subject is indexed.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Number of live entries (searchable values).
    pub fn entry_count(&self) -> usize {
        self.entries.len() - self.dead
    }

    /// Index a new subject at slot `len()`; returns that slot.
    pub fn push(&mut self, subject: &Subject) -> usize {
        let slot = self.ranges.len();
        self.ranges.push((0, 0));
        self.set(slot, subject);
        slot
    }

    /// Replace the entries of `slot` with those of `subject` (a slot past the end is added, with
    /// empty slots before it). Searchers notice and drop their cached sets.
    pub fn update(&mut self, slot: usize, subject: &Subject) {
        if slot >= self.ranges.len() {
            self.ranges.resize(slot + 1, (0, 0));
        }
        let (from, to) = self.ranges[slot];
        for i in from as usize..to as usize {
            self.entries[i].slot = DEAD;
            self.masks[i] = 0;
        }
        self.dead += (to - from) as usize;
        self.set(slot, subject);
        if self.dead > 4096 && self.dead > self.entries.len() / 4 {
            self.compact();
        }
    }

    /// Append the entries of `subject` for `slot`.
    fn set(&mut self, slot: usize, subject: &Subject) {
        self.generation += 1;
        let from = self.entries.len() as u32;
        let slot32 = slot as u32;
        for_each_value(subject, &mut |field, item, text| {
            let display = append(&mut self.display, text);
            let key_from = self.keys.len();
            let keys = &mut self.keys;
            normalise(field.norm(), text, &mut |c, _, _| keys.push(c));
            if self.keys.len() == key_from {
                return; // nothing left to match (a phone number without digits)
            }
            self.masks.push(char_mask(&self.keys[key_from..]));
            self.entries.push(Entry {
                key: (key_from as u32, self.keys.len() as u32),
                display,
                slot: slot32,
                item,
                field,
            });
        });
        self.ranges[slot] = (from, self.entries.len() as u32);
    }

    /// Drop dead entries and their text.
    fn compact(&mut self) {
        let mut keys = String::with_capacity(self.keys.len());
        let mut display = String::with_capacity(self.display.len());
        let mut entries = Vec::with_capacity(self.entries.len() - self.dead);
        let mut masks = Vec::with_capacity(entries.capacity());
        let mut ranges = std::mem::take(&mut self.ranges);
        for r in &mut ranges {
            let from = entries.len() as u32;
            for i in r.0 as usize..r.1 as usize {
                let mut e = self.entries[i];
                e.key = append(&mut keys, self.key(i));
                e.display = append(&mut display, self.display(i));
                entries.push(e);
                masks.push(self.masks[i]);
            }
            *r = (from, entries.len() as u32);
        }
        (self.keys, self.display, self.entries, self.masks) = (keys, display, entries, masks);
        self.ranges = ranges;
        self.dead = 0;
    }

    /// The normalised value of entry `i`.
    pub(crate) fn key(&self, i: usize) -> &str {
        let (a, b) = self.entries[i].key;
        self.keys.get(a as usize..b as usize).unwrap_or_default()
    }

    /// The original value of entry `i`.
    pub(crate) fn display(&self, i: usize) -> &str {
        let (a, b) = self.entries[i].display;
        self.display.get(a as usize..b as usize).unwrap_or_default()
    }
}

fn append(buf: &mut String, text: &str) -> (u32, u32) {
    let from = buf.len() as u32;
    buf.push_str(text);
    (from, buf.len() as u32)
}

/// A 64-bit set of the characters in `text`: one bit per letter and digit, space, 20 shared bits
/// for other ASCII and 7 for everything else. If `pattern` is a subsequence of `text`, then
/// `char_mask(pattern) & !char_mask(text) == 0`.
pub(crate) fn char_mask(text: &str) -> u64 {
    let mut mask = 0u64;
    for b in text.bytes() {
        mask |= byte_bit(b);
    }
    mask
}

/// The mask bit of one byte of UTF-8 (every byte of a non-ASCII char sets a bit in 57..64).
#[inline]
fn byte_bit(b: u8) -> u64 {
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        b' ' => 36,
        0..=0x7f => 37 + b % 20,
        _ => 57 + b % 7,
    };
    1u64 << bit
}
