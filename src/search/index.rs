//! The index: every findable value of every subject, normalised, stored contiguously.
use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::{ItemId, Subject};

use super::entries::{Field, Values, for_each_value};
use super::{Matcher, NucleoMatcher};
use crate::text::fold::normalise;

/// While a large caseload is indexed, the memory of the values indexed so far is given back
/// to the system every so many subjects (crate::memory).
const GIVE_BACK_EVERY: usize = 2048;

/// Each index gets its own id, so a [`super::Searcher`] never reuses state across indexes.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Gives a subject's values to the callback it is handed (a subject's or packed values').
type Each<'a> = dyn FnMut(&mut dyn FnMut(Field, ItemId, &str)) + 'a;

/// One searchable value's cold data (the scan reads the parallel hot arrays of the index).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Where the original value starts in `display` (it ends where the next entry's starts:
    /// values are appended entry by entry, so a start is enough).
    pub display: u32,
    pub item: ItemId,
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
    /// Character-presence mask per entry (see [`char_mask`]). An entry's word starts and byte
    /// pairs are worked out from its key when a scan gets that far: kept per entry they were
    /// 27 MB at 100,000 subjects, for a check the key answers in a few bytes.
    /// Folded to 32 bits ([`fold_mask`]): still a superset test, with a few more entries read
    /// for nothing (22 MB less at 300,000 subjects).
    pub(crate) masks: Vec<u32>,
    /// Per entry, where its normalised value starts in `keys` (it ends where the next entry's
    /// starts, or at the end of `keys`).
    pub(crate) spans: Vec<u32>,
    /// Per entry, its field (the entry's class and whether only its letters in a row match
    /// follow from it: [`class_byte`]).
    pub(crate) fields: Vec<Field>,
    /// Per slot, its live entries and what they contain.
    pub(crate) subjects: Vec<SubjectSummary>,
    /// Per entry, its slot.
    pub(crate) slot_of: Vec<u32>,
    /// The word-prefix postings: for each class and the first three bytes (spaces skipped) of
    /// the value and of each later word, the entries that start so, in the order they were
    /// added, each as `entry << 6 | word start` (the start 0 for the value itself, 1 for a
    /// later word; see `super::page`). An entry made dead by an update stays listed until the
    /// next compaction; readers check it is live.
    pub(crate) grams: std::collections::HashMap<u32, Vec<u32>>,
    dead: usize,
    pub(crate) matcher: Box<dyn Matcher>,
}

/// One subject's live entries (contiguous) and the union of their masks, so a scan can skip a
/// subject without reading its entries, and rank a one-letter query without them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SubjectSummary {
    /// Range of its entries.
    pub from: u32,
    pub to: u32,
    /// Union of the entries' character masks.
    pub mask: u64,
    /// Union of the bits of the entries' first bytes.
    pub heads: u64,
    /// Union of the entries' word-start masks.
    pub starts: u64,
    /// Union of the bits of one-byte entries.
    pub singles: u64,
    /// Union of the entries' pair masks.
    pub pairs: u64,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("subjects", &self.subjects.len())
            .field("entries", &(self.entries.len() - self.dead))
            .finish()
    }
}

impl SearchIndex {
    /// Index `subjects`; a hit's `slot` is an index into this slice.
    pub fn build(subjects: &[Subject]) -> Self {
        Self::with_matcher(subjects, Box::new(NucleoMatcher))
    }

    /// Index subjects given by their packed values (slot `i` is `values[i]`): the same index
    /// as [`SearchIndex::build`] over the subjects they were made from.
    pub fn build_values(values: &[Values]) -> Self {
        let (count, bytes) = values
            .iter()
            .fold((0, 0), |(n, b), v| (n + v.len(), b + v.text_len()));
        let mut index = Self::empty(values.len(), count, bytes, Box::new(NucleoMatcher));
        for v in values {
            index.add_values(v);
        }
        index.shrink_to_fit();
        index
    }

    /// Index `v` as the next slot.
    fn add_values(&mut self, v: &Values) {
        let slot = self.subjects.len();
        self.subjects.push(SubjectSummary::default());
        self.set(slot, &mut |out| v.for_each(out));
    }

    /// [`SearchIndex::build_values`], freeing each subject's values once they are indexed (the
    /// index of a large caseload is built while the app runs: its values and the index are
    /// never both held whole).
    pub fn build_from(values: Vec<Values>) -> Self {
        let (count, bytes) = values
            .iter()
            .fold((0, 0), |(n, b), v| (n + v.len(), b + v.text_len()));
        let mut index = Self::empty(values.len(), count, bytes, Box::new(NucleoMatcher));
        for (n, v) in values.into_iter().enumerate() {
            index.add_values(&v);
            if n % GIVE_BACK_EVERY == GIVE_BACK_EVERY - 1 {
                crate::memory::give_back();
            }
        }
        index.shrink_to_fit();
        crate::memory::give_back();
        index
    }

    /// Give back the room reserved and not used (a built index of a large caseload held a
    /// third more than its values otherwise).
    fn shrink_to_fit(&mut self) {
        self.keys.shrink_to_fit();
        self.display.shrink_to_fit();
        self.entries.shrink_to_fit();
        self.masks.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.fields.shrink_to_fit();
        self.slot_of.shrink_to_fit();
        self.subjects.shrink_to_fit();
        for list in self.grams.values_mut() {
            list.shrink_to_fit();
        }
        self.grams.shrink_to_fit();
    }

    /// As [`SearchIndex::build`], scoring with `matcher`.
    pub fn with_matcher(subjects: &[Subject], matcher: Box<dyn Matcher>) -> Self {
        // About 16 values of 200 bytes a subject; the room left over is given back.
        let n = subjects.len();
        let mut index = Self::empty(n, n * 16, n * 200, matcher);
        for s in subjects {
            index.push(s);
        }
        index.shrink_to_fit();
        index
    }

    /// An index with room for `subjects` subjects holding `entries` values of `bytes` bytes
    /// (normalised values are about as long as the originals).
    fn empty(subjects: usize, entries: usize, bytes: usize, matcher: Box<dyn Matcher>) -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            generation: 0,
            keys: String::with_capacity(bytes),
            display: String::with_capacity(bytes),
            entries: Vec::with_capacity(entries),
            masks: Vec::with_capacity(entries),
            spans: Vec::with_capacity(entries),
            fields: Vec::with_capacity(entries),
            subjects: Vec::with_capacity(subjects),
            slot_of: Vec::with_capacity(entries),
            grams: std::collections::HashMap::new(),
            dead: 0,
            matcher,
        }
    }

    /// The bytes each part of the index holds (its capacity), for the memory figures.
    pub fn memory(&self) -> Vec<(&'static str, usize)> {
        fn of<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        let postings: usize = self.grams.values().map(|l| of(l) + 24).sum();
        vec![
            ("keys", self.keys.capacity()),
            ("display", self.display.capacity()),
            ("entries", of(&self.entries)),
            ("masks", of(&self.masks)),
            ("spans", of(&self.spans)),
            ("fields", of(&self.fields)),
            ("subjects", of(&self.subjects)),
            ("slot_of", of(&self.slot_of)),
            ("grams", postings + self.grams.capacity() * (4 + 24 + 1)),
        ]
    }

    /// Number of subject slots.
    pub fn len(&self) -> usize {
        self.subjects.len()
    }

    /// True when no subject is indexed.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }

    /// Number of live entries (searchable values).
    pub fn entry_count(&self) -> usize {
        self.entries.len() - self.dead
    }

    /// Index a new subject at slot `len()`; returns that slot.
    pub fn push(&mut self, subject: &Subject) -> usize {
        let slot = self.subjects.len();
        self.subjects.push(SubjectSummary::default());
        self.set(slot, &mut |out| for_each_value(subject, &mut { out }));
        slot
    }

    /// Replace the entries of `slot` with those of `subject` (a slot past the end is added, with
    /// empty slots before it). Searchers notice and drop their cached sets.
    pub fn update(&mut self, slot: usize, subject: &Subject) {
        self.update_with(slot, &mut |out| for_each_value(subject, &mut { out }));
    }

    /// [`SearchIndex::update`] from a subject's packed values.
    pub fn update_values(&mut self, slot: usize, values: &Values) {
        self.update_with(slot, &mut |out| values.for_each(out));
    }

    fn update_with(&mut self, slot: usize, each: &mut Each<'_>) {
        if slot >= self.subjects.len() {
            self.subjects.resize(slot + 1, SubjectSummary::default());
        }
        let old = self.subjects[slot];
        self.dead += (old.to - old.from) as usize;
        self.set(slot, each);
        self.compact_if_worth_it();
    }

    /// Take slot `slot` out (a subject deleted or merged away): the slots after it move down
    /// by one, as the list's slots do. Searchers notice and drop their cached sets.
    pub fn remove_slot(&mut self, slot: usize) {
        if slot >= self.subjects.len() {
            return;
        }
        self.generation += 1;
        let old = self.subjects.remove(slot);
        self.dead += (old.to - old.from) as usize;
        // The removed entries keep their slot number: the subject now in that slot owns other
        // entries, so they read as dead (as after an update) until the next compaction.
        let slot = slot as u32;
        for s in &mut self.slot_of {
            if *s > slot {
                *s -= 1;
            }
        }
        self.compact_if_worth_it();
    }

    fn compact_if_worth_it(&mut self) {
        if self.dead > 4096 && self.dead > self.entries.len() / 4 {
            self.compact();
        }
    }

    /// Append the entries `each` gives for `slot`.
    fn set(&mut self, slot: usize, each: &mut Each<'_>) {
        self.generation += 1;
        let mut sum = SubjectSummary {
            from: self.entries.len() as u32,
            ..SubjectSummary::default()
        };
        each(&mut |field, item, text| {
            let display = self.display.len() as u32;
            self.display.push_str(text);
            let key_from = self.keys.len();
            let keys = &mut self.keys;
            normalise(field.norm(), text, &mut |c, _, _| keys.push(c));
            if self.keys.len() == key_from {
                // Nothing left to match (a phone number without digits): no entry, and no text
                // left behind (an entry's text ends where the next one's starts).
                self.display.truncate(display as usize);
                return;
            }
            let key = &self.keys.as_bytes()[key_from..];
            let (mask, starts, head) = (char_mask(key), word_starts(key), byte_bit(key[0]));
            sum.mask |= mask;
            sum.starts |= starts;
            sum.heads |= head;
            sum.pairs |= pair_mask(key);
            if key.len() == 1 {
                sum.singles |= head;
            }
            self.masks.push(fold_mask(mask));
            self.spans.push(key_from as u32);
            self.fields.push(field);
            let entry = self.entries.len() as u32;
            post_grams(&mut self.grams, field.class() as u8, key, entry);
            self.slot_of.push(slot as u32);
            self.entries.push(Entry { display, item });
        });
        sum.to = self.entries.len() as u32;
        self.subjects[slot] = sum;
    }

    /// Drop dead entries and their text.
    pub(crate) fn compact(&mut self) {
        let mut keys = String::with_capacity(self.keys.len());
        let mut display = String::with_capacity(self.display.len());
        let live = self.entries.len() - self.dead;
        let mut entries = Vec::with_capacity(live);
        let mut spans = Vec::with_capacity(live);
        let mut order = Vec::with_capacity(live);
        let mut subjects = std::mem::take(&mut self.subjects);
        for r in &mut subjects {
            let from = entries.len() as u32;
            for i in r.from as usize..r.to as usize {
                let mut e = self.entries[i];
                spans.push(keys.len() as u32);
                keys.push_str(self.key(i));
                e.display = display.len() as u32;
                display.push_str(self.display(i));
                entries.push(e);
                order.push(i);
            }
            (r.from, r.to) = (from, entries.len() as u32);
        }
        self.masks = order.iter().map(|&i| self.masks[i]).collect();
        self.fields = order.iter().map(|&i| self.fields[i]).collect();
        self.slot_of = order.iter().map(|&i| self.slot_of[i]).collect();
        self.grams.clear();
        for (i, &field) in self.fields.iter().enumerate() {
            let (a, b) = bounds(&spans, i, keys.len(), |&s| s);
            let key = keys.as_bytes().get(a..b).unwrap_or_default();
            post_grams(&mut self.grams, field.class() as u8, key, i as u32);
        }
        (self.keys, self.display, self.entries, self.spans) = (keys, display, entries, spans);
        self.subjects = subjects;
        self.dead = 0;
        self.shrink_to_fit();
    }

    /// The normalised value of entry `i`.
    pub(crate) fn key(&self, i: usize) -> &str {
        let (a, b) = bounds(&self.spans, i, self.keys.len(), |&s| s);
        self.keys.get(a..b).unwrap_or_default()
    }

    /// The bytes of entry `i`'s normalised value (the scan's hot path).
    #[inline]
    pub(crate) fn key_bytes(&self, i: usize) -> &[u8] {
        let (a, b) = bounds(&self.spans, i, self.keys.len(), |&s| s);
        self.keys.as_bytes().get(a..b).unwrap_or_default()
    }

    /// The original value of entry `i`.
    pub(crate) fn display(&self, i: usize) -> &str {
        let (a, b) = bounds(&self.entries, i, self.display.len(), |e| e.display);
        self.display.get(a..b).unwrap_or_default()
    }
}

/// The postings key of `class` and a gram of up to three bytes.
pub(crate) fn gram_key(class: u8, gram: &[u8]) -> u32 {
    let mut k = u32::from(class) << 24;
    for (n, &b) in gram.iter().take(3).enumerate() {
        k |= u32::from(b) << (16 - 8 * n);
    }
    k
}

/// The first three bytes of `key` from `at`, spaces skipped (queries hold no spaces).
pub(crate) fn gram_at(key: &[u8], at: usize) -> ([u8; 3], usize) {
    let mut g = [0u8; 3];
    let mut n = 0;
    for &b in key.get(at..).unwrap_or_default() {
        if b == b' ' {
            continue;
        }
        g[n] = b;
        n += 1;
        if n == 3 {
            break;
        }
    }
    (g, n)
}

/// List entry `entry` (normalised value `key`, of `class`) under the gram of its start and of
/// each later word's start. Only whole three-byte grams are listed: a shorter query is served
/// by a scan (see `super::page`).
fn post_grams(
    grams: &mut std::collections::HashMap<u32, Vec<u32>>,
    class: u8,
    key: &[u8],
    entry: u32,
) {
    if entry >= 1 << 26 {
        return; // past 67 million values: the scan alone finds them
    }
    let mut at = 0;
    let mut later = 0u32;
    while at < key.len() {
        let (g, n) = gram_at(key, at);
        if n == 3 {
            let list = grams.entry(gram_key(class, &g)).or_default();
            // A value repeating a word start (`ann annie`) is listed once per kind of start.
            let posting = entry << 6 | later;
            if list.last() != Some(&posting) {
                list.push(posting);
            }
        }
        later = 1;
        // The next word: after a break byte.
        match key[at..].iter().position(|&b| is_break(b)) {
            Some(p) => at += p + 1,
            None => break,
        }
        while at < key.len() && is_break(key[at]) {
            at += 1;
        }
    }
}

/// The bit of an entry's class that says a scattered subsequence does not match it: the query
/// must occur in it, letters in a row (see [`super::entries::Field::letters_in_a_row`]).
pub(crate) const WHOLE_LETTERS: u8 = 0x80;

/// An entry's [`super::entries::Class`] as a number, with [`WHOLE_LETTERS`] set when only its
/// letters in a row match (a protected person's name), from its field.
#[inline]
pub(crate) fn class_byte(field: Field) -> u8 {
    let strict = if field.letters_in_a_row() {
        WHOLE_LETTERS
    } else {
        0
    };
    field.class() as u8 | strict
}

/// The byte range of entry `i`'s text, when `starts` holds where each entry's text starts (by
/// `start`) and the text of the last ends at `len`.
#[inline]
fn bounds<T>(starts: &[T], i: usize, len: usize, start: impl Fn(&T) -> u32) -> (usize, usize) {
    let a = starts.get(i).map_or(len, |s| start(s) as usize);
    let b = starts.get(i + 1).map_or(len, |s| start(s) as usize);
    (a, b)
}

/// A 64-bit set of the characters in `text`: one bit per letter and digit, space, 20 shared bits
/// for other ASCII and 7 for everything else. If `pattern` is a subsequence of `text`, then
/// `char_mask(pattern) & !char_mask(text) == 0`.
pub(crate) fn char_mask(text: &[u8]) -> u64 {
    let mut mask = 0u64;
    for &b in text {
        mask |= byte_bit(b);
    }
    mask
}

/// A [`char_mask`] folded to 32 bits (its halves or-ed): if `a` is a subset of `b`, then
/// `fold_mask(a)` is a subset of `fold_mask(b)`, so a folded mask rules entries out as the
/// whole one does (a few less).
#[inline]
pub(crate) fn fold_mask(mask: u64) -> u32 {
    (mask as u32) | ((mask >> 32) as u32)
}

/// The mask of the bytes that start a word, apart from the first: bytes after an ASCII
/// non-alphanumeric byte.
pub(crate) fn word_starts(key: &[u8]) -> u64 {
    let mut mask = 0u64;
    for w in key.windows(2) {
        if is_break(w[0]) {
            mask |= byte_bit(w[1]);
        }
    }
    mask
}

/// A 64-bit set of the adjacent byte pairs of `text` with its spaces left out (hashed): if
/// `pattern` (which has no spaces) occurs in `text`, spaces skipped, then
/// `pair_mask(pattern) & !pair_mask(text) == 0`.
pub(crate) fn pair_mask(text: &[u8]) -> u64 {
    let mut mask = 0u64;
    let mut prev: Option<u8> = None;
    for &b in text.iter().filter(|&&b| b != b' ') {
        if let Some(a) = prev {
            let h = (u32::from(a) * 37 + u32::from(b)).wrapping_mul(2_654_435_761);
            mask |= 1u64 << (h >> 26);
        }
        prev = Some(b);
    }
    mask
}

/// True when a word starts after byte `b` (UTF-8 bytes of non-ASCII chars count as letters).
#[inline]
pub(crate) fn is_break(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphanumeric()
}

/// True when `b` has a mask bit of its own (letters, digits, space).
#[inline]
pub(crate) fn own_bit(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '
}

/// The mask bit of one byte of UTF-8 (every byte of a non-ASCII char sets a bit in 57..64).
#[inline]
pub(crate) fn byte_bit(b: u8) -> u64 {
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        b' ' => 36,
        0..=0x7f => 37 + b % 20,
        _ => 57 + b % 7,
    };
    1u64 << bit
}
