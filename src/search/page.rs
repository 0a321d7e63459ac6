//! The first page of a search, in milliseconds whatever the caseload: the subjects with a value
//! that equals the query, starts with it or has a word that starts with it (the top three
//! tiers), at most a page of them. The complete answer (substrings and subsequences, every
//! subject counted) comes from a [`super::Searcher`], on another thread in the app (see
//! [`super::background`]), and replaces the page when it arrives.
//!
//! A query of three bytes or more in each of its forms reads the postings of its first three
//! bytes ([`SearchIndex::grams`]): the values that start with them first, then the values with
//! a later word that does, checking each; so a page costs the entries it reads, not the
//! caseload. A shorter query scans subjects in slot order with the masks and stops once the
//! page is full or [`SCAN_BUDGET`] subjects were read (a one-letter query is decided from the
//! masks alone).
use super::SearchResult;
use super::index::{SearchIndex, gram_key};
use super::scan::{Cand, Forms, Pats, WORD_PREFIX, eval_above, scan_subject};
use super::searcher::rank_page;

/// How many subjects a first page holds: more than a screen of rows.
pub const PAGE: usize = 120;

/// The first page for `q`: at most `page` subjects matching in the top three tiers, ranked as
/// the complete result ranks them. `total` counts the subjects on the page; there may be more.
pub fn first_page(index: &SearchIndex, q: &str, page: usize) -> SearchResult {
    let forms = Forms::of(q);
    if forms.is_empty() || page == 0 {
        return SearchResult::default();
    }
    let pats = Pats::of(&forms);
    let by_grams = forms.0.iter().all(|f| f.is_empty() || f.len() >= 3);
    let mut cands = if by_grams {
        from_grams(index, &pats, &forms, page)
    } else {
        from_scan(index, &pats, page)
    };
    cands.sort_unstable_by_key(|c| c.slot);
    rank_page(index, &pats, &cands, page)
}

/// Up to `page` subjects from the postings of each form's first three bytes.
fn from_grams(index: &SearchIndex, pats: &Pats, forms: &Forms, page: usize) -> Vec<Cand> {
    let mut best: std::collections::HashMap<u32, u8> = std::collections::HashMap::new();
    // Values that start with the query first, then later words.
    for later in [0u32, 1] {
        for (class, form) in forms.0.iter().enumerate() {
            if form.is_empty() {
                continue;
            }
            let Some(list) = index.grams.get(&gram_key(class as u8, form.as_bytes())) else {
                continue;
            };
            for &posting in list {
                if posting & 63 != later {
                    continue;
                }
                let entry = (posting >> 6) as usize;
                let Some(&slot) = index.slot_of.get(entry) else {
                    continue;
                };
                let live = index
                    .subjects
                    .get(slot as usize)
                    .is_some_and(|s| (s.from as usize..s.to as usize).contains(&entry));
                if !live {
                    continue;
                }
                if let Some(tier) = eval_above(index, pats, entry, Some(WORD_PREFIX - 1)) {
                    let t = best.entry(slot).or_insert(tier);
                    *t = (*t).max(tier);
                }
                if best.len() >= page {
                    return cands(best);
                }
            }
        }
    }
    cands(best)
}

fn cands(best: std::collections::HashMap<u32, u8>) -> Vec<Cand> {
    best.into_iter()
        .map(|(slot, tier)| Cand { slot, tier })
        .collect()
}

/// How many subjects a short query's page scans at most: a page of rare two-letter prefixes
/// may come back partial; the complete result follows from the background pass.
const SCAN_BUDGET: u32 = 20_000;

/// Up to `page` subjects in slot order whose best tier is a word prefix or better, among the
/// first [`SCAN_BUDGET`] subjects.
fn from_scan(index: &SearchIndex, pats: &Pats, page: usize) -> Vec<Cand> {
    let mut out = Vec::with_capacity(page);
    for slot in 0..(index.subjects.len() as u32).min(SCAN_BUDGET) {
        if let Some(tier) = scan_subject(index, pats, slot)
            && tier >= WORD_PREFIX
        {
            out.push(Cand { slot, tier });
            if out.len() >= page {
                break;
            }
        }
    }
    out
}
