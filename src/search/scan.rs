//! The query forms and the cheap part of a search: which entries match, and how well (tier).
//!
//! An entry matches when its query form is a subsequence of the entry's normalised value. The
//! tier says how: exact, prefix, word prefix, substring or only a subsequence. Tiers are cheap
//! (no matcher call) and rank before the matcher's score.
//!
//! Query forms hold no spaces (separators are dropped from the query) and the spaces of a key
//! (one between words, see `fold_words`) are skipped while comparing, so `prycemorgan`,
//! `pryce morgan` and `pryce-morgan` all equal `pryce morgan`.
use super::entries::Class;
use super::index::{
    SearchIndex, SubjectSummary, WHOLE_LETTERS, byte_bit, char_mask, class_byte, fold_mask,
    is_break, own_bit, pair_mask, word_starts,
};
use crate::text::fold::{fold_words, normalise_identifier, phone_key};

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

/// Below this many subjects a scan runs on one thread.
const PARALLEL_MIN: usize = 4_000;

/// The query in each form, indexed by [`Class`]; an empty form matches nothing of its class.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Forms(pub [String; 4]);

impl Forms {
    /// `q` as folded text without separators (spaces, hyphens, apostrophes), identifier, phone
    /// number (its national significant number, only when `q` looks like one) and handle
    /// (without `@`).
    pub fn of(q: &str) -> Self {
        let text: String = fold_words(q).chars().filter(|c| *c != ' ').collect();
        let ident = normalise_identifier(q);
        let phonelike = q
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+()-./".contains(c));
        let phone = if phonelike {
            phone_key(q)
        } else {
            String::new()
        };
        let handle = text.trim_start_matches('@').to_string();
        Self([text, ident, phone, handle])
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(String::is_empty)
    }

    /// True when every entry matching `new` also matches `self`: each non-empty form of `new`
    /// has the corresponding form of `self` as a subsequence.
    pub fn covers(&self, new: &Forms) -> bool {
        self.0.iter().zip(&new.0).all(|(old, new)| {
            new.is_empty()
                || (!old.is_empty() && is_subsequence(new.as_bytes(), old, old.is_ascii()))
        })
    }
}

/// One form, ready for scanning.
#[derive(Debug, Clone)]
pub(crate) struct Pat {
    pub text: String,
    pub mask: u64,
    /// `mask` folded, as the index keeps an entry's ([`fold_mask`]).
    folded: u32,
    pub ascii: bool,
    /// Mask bit of the first byte.
    first_bit: u64,
    /// Pair mask (see [`pair_mask`]): needed by any tier above subsequence.
    pairs: u64,
    /// The byte, when the form is one byte with a mask bit of its own (masks decide its tier).
    single: Option<u8>,
}

/// The four forms ready for scanning, and the mask every matching entry must contain.
#[derive(Debug, Clone)]
pub(crate) struct Pats {
    pub by_class: [Pat; 4],
    common_mask: u64,
    /// `common_mask` folded ([`fold_mask`]).
    common_folded: u32,
    /// Set when every non-empty form is the same one letter or digit: subjects' summaries then
    /// decide both match and tier.
    single_bit: Option<u64>,
}

impl Pats {
    pub fn of(forms: &Forms) -> Self {
        let by_class = forms.0.clone().map(|text| {
            let first = text.bytes().next().unwrap_or(0);
            let mask = char_mask(text.as_bytes());
            Pat {
                mask,
                folded: fold_mask(mask),
                ascii: text.is_ascii(),
                first_bit: byte_bit(first),
                pairs: pair_mask(text.as_bytes()),
                single: (text.len() == 1 && own_bit(first)).then_some(first),
                text,
            }
        });
        let used = || by_class.iter().filter(|p| !p.text.is_empty());
        let common_mask = used().fold(u64::MAX, |m, p| m & p.mask);
        let first = used().next().and_then(|p| p.single);
        let single_bit = first
            .filter(|&c| used().all(|p| p.single == Some(c)))
            .map(byte_bit);
        Self {
            by_class,
            common_mask,
            common_folded: fold_mask(common_mask),
            single_bit,
        }
    }

    /// The best tier any entry of `s` could reach (from its summary).
    fn ceiling(&self, s: &SubjectSummary) -> u8 {
        self.by_class
            .iter()
            .filter(|p| !p.text.is_empty() && s.pairs & p.pairs == p.pairs)
            .map(|p| {
                if s.heads & p.first_bit != 0 {
                    EXACT
                } else if s.starts & p.first_bit != 0 {
                    WORD_PREFIX
                } else {
                    SUBSTRING
                }
            })
            .max()
            .unwrap_or(SUBSEQUENCE)
    }

    pub fn get(&self, class: Class) -> &Pat {
        &self.by_class[class as usize]
    }
}

/// A matching subject and the best tier among its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    pub slot: u32,
    pub tier: u8,
}

/// The best tier among the entries of subject `slot`, or `None` when none matches.
#[inline]
pub(crate) fn scan_subject(index: &SearchIndex, pats: &Pats, slot: u32) -> Option<u8> {
    let s = index.subjects.get(slot as usize)?;
    if s.mask & pats.common_mask != pats.common_mask {
        return None;
    }
    if let Some(bit) = pats.single_bit {
        return Some(if s.singles & bit != 0 {
            EXACT
        } else if s.heads & bit != 0 {
            PREFIX
        } else if s.starts & bit != 0 {
            WORD_PREFIX
        } else {
            SUBSTRING
        });
    }
    let ceiling = pats.ceiling(s);
    let mut best: Option<u8> = None;
    for i in s.from as usize..s.to as usize {
        // Once the subject matches, an entry only counts if it reaches a higher tier.
        if let Some(t) = eval_above(index, pats, i, best) {
            best = Some(t);
            if t >= ceiling {
                break;
            }
        }
    }
    best
}

/// The tier of entry `i` for `pats` when it matches above `floor` (any match when `None`).
#[inline]
pub(crate) fn eval_above(
    index: &SearchIndex,
    pats: &Pats,
    i: usize,
    floor: Option<u8>,
) -> Option<u8> {
    let mask = index.masks[i];
    if mask & pats.common_folded != pats.common_folded {
        return None;
    }
    let class = class_byte(index.fields[i]);
    let p = pats.by_class.get(usize::from(class & !WHOLE_LETTERS))?;
    // Letters in a row only: the floor is at least a subsequence.
    let floor = if class & WHOLE_LETTERS != 0 {
        Some(floor.unwrap_or(SUBSEQUENCE))
    } else {
        floor
    };
    if p.text.is_empty() || mask & p.folded != p.folded {
        return None;
    }
    let key = index.key_bytes(i);
    if key.is_empty() {
        return None; // every entry has a key: only a broken index gives none
    }
    // Tiers above subsequence need the pattern's pairs.
    if floor.is_some() && pair_mask(key) & p.pairs != p.pairs {
        return None;
    }
    let starts = word_starts(key);
    let above = |t: u8| floor.is_none_or(|f| t > f);
    if let Some(c) = p.single {
        // A folded mask may let through a key without `c`: look.
        let t = if key.first() == Some(&c) {
            if key.len() == 1 { EXACT } else { PREFIX }
        } else if starts & p.first_bit != 0 {
            WORD_PREFIX
        } else if key.contains(&c) {
            SUBSTRING
        } else {
            return None;
        };
        return above(t).then_some(t);
    }
    tier_above(key, p, starts, above)
}

/// How `p` matches `key` (normalised), see the tier constants, when `above` accepts the tier;
/// `starts` is the key's word-start mask. Skips the checks that could only find lower tiers.
#[inline]
fn tier_above(key: &[u8], p: &Pat, starts: u64, above: impl Fn(u8) -> bool) -> Option<u8> {
    let pat = p.text.as_bytes();
    let &c0 = pat.first()?;
    let (m, n) = (pat.len(), key.len());
    if m > n {
        return None;
    }
    if key[0] == c0
        && let Some(end) = match_at(key, 0, pat)
    {
        let t = if end == n { EXACT } else { PREFIX };
        return above(t).then_some(t);
    }
    let can_word = starts & p.first_bit != 0;
    if !above(WORD_PREFIX) || (!can_word && !above(SUBSTRING)) {
        return None;
    }
    // Most entries do not match at all: one pass settles that before looking for substrings.
    if above(SUBSEQUENCE) && !is_subsequence(key, &p.text, p.ascii) {
        return None;
    }
    let mut found = false;
    for i in 1..=n - m {
        if key[i] == c0 && match_at(key, i, pat).is_some() {
            if can_word && is_break(key[i - 1]) {
                return Some(WORD_PREFIX);
            }
            found = true;
            if !can_word {
                break;
            }
        }
    }
    if found {
        above(SUBSTRING).then_some(SUBSTRING)
    } else if above(SUBSEQUENCE) {
        Some(SUBSEQUENCE) // checked above
    } else {
        None
    }
}

/// Where `pat` occurs in `key` for a match of tier `tier` (exact, prefix, word prefix or
/// substring): the byte range of the first such occurrence (spaces inside it included).
pub(crate) fn occurrence(key: &[u8], pat: &[u8], tier: u8) -> Option<(usize, usize)> {
    let m = pat.len();
    if m == 0 || m > key.len() {
        return None;
    }
    if tier >= PREFIX {
        return match_at(key, 0, pat).map(|end| (0, end));
    }
    (1..=key.len() - m).find_map(|i| {
        let word = tier != WORD_PREFIX || is_break(key[i - 1]);
        if key[i] != pat[0] || !word {
            return None;
        }
        match_at(key, i, pat).map(|end| (i, end))
    })
}

/// `pat` compared with `key` from byte `at`, skipping the spaces of `key` (between words); the
/// end of the match. The caller starts at a byte that is not a space (`pat` has none).
#[inline]
fn match_at(key: &[u8], at: usize, pat: &[u8]) -> Option<usize> {
    let mut k = at;
    for &b in pat {
        while key.get(k) == Some(&b' ') && k > at {
            k += 1;
        }
        if key.get(k) != Some(&b) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// True when the characters of `pat` appear in order in `key` (bytewise when `pat` is ASCII).
fn is_subsequence(key: &[u8], pat: &str, ascii: bool) -> bool {
    if pat.is_empty() {
        return true;
    }
    if ascii {
        let pat = pat.as_bytes();
        let mut j = 0;
        for &b in key {
            if b == pat[j] {
                j += 1;
                if j == pat.len() {
                    return true;
                }
            }
        }
        false
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

/// A check a long scan makes now and then: `true` asks it to stop (its result is then thrown
/// away by the caller).
pub(crate) type Stop<'a> = Option<&'a (dyn Fn() -> bool + Sync)>;

/// How many subjects a scan checks between two looks at its [`Stop`].
const STOP_EVERY: usize = 1024;

/// Matching subjects (ascending slots) among `among` (all subjects when `None`), split across
/// `threads` threads for big scans. Stops early (with a partial result) when `stop` says so.
pub(crate) fn scan(
    index: &SearchIndex,
    pats: &Pats,
    among: Option<&[Cand]>,
    threads: usize,
    stop: Stop<'_>,
) -> Vec<Cand> {
    let n = among.map_or(index.subjects.len(), <[Cand]>::len);
    let part = |from: usize, to: usize| {
        let keep = |slot: u32| scan_subject(index, pats, slot).map(|tier| Cand { slot, tier });
        let mut out = Vec::new();
        let mut at = from;
        while at < to {
            if stop.is_some_and(|f| f()) {
                break;
            }
            let end = (at + STOP_EVERY).min(to);
            match among {
                Some(list) => out.extend(list[at..end].iter().filter_map(|c| keep(c.slot))),
                None => out.extend((at as u32..end as u32).filter_map(keep)),
            }
            at = end;
        }
        out
    };
    if threads < 2 || n < PARALLEL_MIN {
        return part(0, n);
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (from, to) = ((t * chunk).min(n), ((t + 1) * chunk).min(n));
                s.spawn(move || part(from, to))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
    }

    #[test]
    fn a_one_letter_form_does_not_match_an_entry_that_only_shares_its_folded_mask_bit() {
        // Entries keep their character masks folded to 32 bits, so `a` and `6` share a bit: an
        // entry of sixes passes the mask test for `a` and must be ruled out by its key.
        let mut sixes = crate::domain::Subject::new(1, "Bell", "Wilf", date());
        sixes.pnc_id = Some("66/666666X".into());
        let index = SearchIndex::build(&[sixes]);
        assert_eq!(
            fold_mask(byte_bit(b'a')),
            fold_mask(byte_bit(b'6')),
            "the case this test is about"
        );
        for form in ["a", "6"] {
            let pats = Pats::of(&Forms([
                form.into(),
                form.into(),
                String::new(),
                String::new(),
            ]));
            for i in 0..index.masks.len() {
                let has = index.key_bytes(i).contains(&form.as_bytes()[0]);
                assert_eq!(
                    eval_above(&index, &pats, i, None).is_some(),
                    has,
                    "{form} in {:?}",
                    String::from_utf8_lossy(index.key_bytes(i))
                );
            }
        }
    }
}
