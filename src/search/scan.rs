//! The query forms and the cheap part of a search: which entries match, and how well (tier).
//!
//! An entry matches when its query form is a subsequence of the entry's normalised value. The
//! tier says how: exact, prefix, word prefix, substring or only a subsequence. Tiers are cheap
//! (no matcher call) and rank before the matcher's score.
use super::entries::Class;
use super::fold::{fold, normalise_identifier, normalise_phone};
use super::index::{DEAD, SearchIndex, char_mask};

/// The whole value equals the query.
pub(crate) const EXACT: u8 = 4;
/// The value starts with the query.
pub(crate) const PREFIX: u8 = 3;
/// A word of the value starts with the query.
pub(crate) const WORD_PREFIX: u8 = 2;
/// The query appears in the value.
pub(crate) const SUBSTRING: u8 = 1;
/// The query's characters appear in order.
pub(crate) const SUBSEQUENCE: u8 = 0;
pub(crate) const TIERS: usize = 5;

/// Below this many entries a scan runs on one thread.
const PARALLEL_MIN: usize = 50_000;

/// The query in each form, indexed by [`Class`]; an empty form matches nothing of its class.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Forms(pub [String; 4]);

impl Forms {
    /// `q` as folded text (spaces trimmed and collapsed), identifier, phone number (only when it
    /// looks like one) and handle (without `@`).
    pub fn of(q: &str) -> Self {
        let text = fold(q).split_whitespace().collect::<Vec<_>>().join(" ");
        let ident = normalise_identifier(q);
        let phonelike = q
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+()-./".contains(c));
        let phone = if phonelike {
            normalise_phone(q)
        } else {
            String::new()
        };
        let handle = text.trim_start_matches('@').trim_start().to_string();
        Self([text, ident, phone, handle])
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(String::is_empty)
    }

    /// True when every entry matching `new` also matches `self`: each non-empty form of `new`
    /// has the corresponding form of `self` as a subsequence.
    pub fn covers(&self, new: &Forms) -> bool {
        self.0.iter().zip(&new.0).all(|(old, new)| {
            new.is_empty() || (!old.is_empty() && is_subsequence(new.as_bytes(), old, false))
        })
    }
}

/// One form, ready for scanning.
#[derive(Debug, Clone)]
pub(crate) struct Pat {
    pub text: String,
    pub mask: u64,
    pub ascii: bool,
}

/// The four forms ready for scanning, and the mask every matching entry must contain.
#[derive(Debug, Clone)]
pub(crate) struct Pats {
    pub by_class: [Pat; 4],
    common_mask: u64,
}

impl Pats {
    pub fn of(forms: &Forms) -> Self {
        let by_class = forms.0.clone().map(|text| Pat {
            mask: char_mask(&text),
            ascii: text.is_ascii(),
            text,
        });
        let common_mask = by_class
            .iter()
            .filter(|p| !p.text.is_empty())
            .fold(u64::MAX, |m, p| m & p.mask);
        Self {
            by_class,
            common_mask,
        }
    }

    pub fn get(&self, class: Class) -> &Pat {
        &self.by_class[class as usize]
    }
}

/// The tier of entry `i` for `pats`, or `None` when it does not match.
#[inline]
fn eval(index: &SearchIndex, pats: &Pats, i: usize) -> Option<u8> {
    let mask = index.masks[i];
    if mask & pats.common_mask != pats.common_mask {
        return None;
    }
    let e = &index.entries[i];
    let p = pats.get(e.field.class());
    if p.text.is_empty() || mask & p.mask != p.mask || e.slot == DEAD {
        return None;
    }
    let key = index
        .keys
        .as_bytes()
        .get(e.key.0 as usize..e.key.1 as usize)?;
    tier(key, p.text.as_bytes(), p.ascii)
}

/// How `pat` matches `key` (both normalised), see the tier constants.
pub(crate) fn tier(key: &[u8], pat: &[u8], ascii: bool) -> Option<u8> {
    let (&first, _) = pat.split_first()?;
    if pat.len() > key.len() {
        return None;
    }
    if key.starts_with(pat) {
        return Some(if key.len() == pat.len() {
            EXACT
        } else {
            PREFIX
        });
    }
    let mut found = false;
    for i in 1..=key.len() - pat.len() {
        if key[i] == first && key[i..].starts_with(pat) {
            // A word starts after an ASCII non-alphanumeric (UTF-8 continuation bytes are letters).
            let prev = key[i - 1];
            if prev.is_ascii() && !prev.is_ascii_alphanumeric() {
                return Some(WORD_PREFIX);
            }
            found = true;
        }
    }
    if found {
        Some(SUBSTRING)
    } else if is_subsequence(key, std::str::from_utf8(pat).unwrap_or_default(), ascii) {
        Some(SUBSEQUENCE)
    } else {
        None
    }
}

/// True when the characters of `pat` appear in order in `key` (bytewise when `pat` is ASCII).
fn is_subsequence(key: &[u8], pat: &str, ascii: bool) -> bool {
    if ascii {
        let pat = pat.as_bytes();
        let mut j = 0;
        for &b in key {
            if j < pat.len() && b == pat[j] {
                j += 1;
            }
        }
        j == pat.len()
    } else {
        let Ok(key) = std::str::from_utf8(key) else {
            return false;
        };
        let mut want = pat.chars().peekable();
        for c in key.chars() {
            if want.peek() == Some(&c) {
                want.next();
            }
        }
        want.peek().is_none()
    }
}

/// Matching entries (ascending ids) and their tiers, among `among` (all entries when `None`),
/// split across `threads` threads for big scans.
pub(crate) fn scan(
    index: &SearchIndex,
    pats: &Pats,
    among: Option<&[u32]>,
    threads: usize,
) -> (Vec<u32>, Vec<u8>) {
    let n = among.map_or(index.entries.len(), <[u32]>::len);
    let part = |from: usize, to: usize| {
        let mut ids = Vec::new();
        let mut tiers = Vec::new();
        let mut keep = |i: usize| {
            if let Some(t) = eval(index, pats, i) {
                ids.push(i as u32);
                tiers.push(t);
            }
        };
        match among {
            Some(list) => list[from..to].iter().for_each(|&i| keep(i as usize)),
            None => (from..to).for_each(keep),
        }
        (ids, tiers)
    };
    if threads < 2 || n < PARALLEL_MIN {
        return part(0, n);
    }
    let chunk = n.div_ceil(threads);
    let parts: Vec<(Vec<u32>, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (from, to) = ((t * chunk).min(n), ((t + 1) * chunk).min(n));
                s.spawn(move || part(from, to))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let total = parts.iter().map(|p| p.0.len()).sum();
    let (mut ids, mut tiers) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for (i, t) in parts {
        ids.extend(i);
        tiers.extend(t);
    }
    (ids, tiers)
}
