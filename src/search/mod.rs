//! The in-memory search over subjects: names, aliases, identifiers, addresses, Section 2, and
//! the names of protected persons (a hit then stands for the subject whose protected person it
//! is: [`Hit::via_protected_person`]).
//!
//! Built once when a store is opened, from decoded records (already redacted for the role);
//! nothing here is written to disk. Protected persons' addresses, notes and relationships are
//! never indexed, nor a name the role may not see.
//!
//! # API
//!
//! ```
//! use spmp::search::{SearchIndex, Searcher, search_fresh};
//! # let subjects: Vec<spmp::domain::Subject> = Vec::new();
//! let mut index = SearchIndex::build(&subjects); // a hit's `slot` indexes `subjects`
//! let mut searcher = Searcher::new();            // one per search box
//! for q in ["s", "si", "sio", "si"] {            // every keystroke
//!     let result = searcher.query(&index, q);
//!     assert_eq!(result, search_fresh(&index, q));
//!     for hit in &result.hits { /* hit.slot, hit.field, hit.target, hit.indices... */ }
//! }
//! # if let Some(s) = subjects.first() {
//! index.update(0, s);  // after an edit: that subject's entries only, no rebuild
//! index.push(s);       // a new subject at slot `index.len()`
//! # }
//! ```
//!
//! - [`SearchIndex::build`]`(&[Subject])`, [`SearchIndex::update`]`(slot, &Subject)`,
//!   [`SearchIndex::push`], [`SearchIndex::len`].
//! - [`Searcher::new`], [`Searcher::query`]`(&index, q) -> `[`SearchResult`]: incremental across
//!   calls, and always equal to [`search_fresh`]`(&index, q)`.
//! - [`SearchResult`] `{ hits, total }`: at most [`DEFAULT_LIMIT`] hits, one per subject (its
//!   best entry), best first, ties by slot; `total` counts every matching subject.
//! - [`Hit`]: slot, field label, the item as a [`Target`] (`None` for names, aliases, PNC and
//!   Niche), its [`PlanPart`], the original text and the matched char indices into that text.
//!
//! # Matching
//!
//! Each value is normalised by its kind (see [`fold`]): text is folded (lower case, accents
//! removed and letters written as people type them, so `siobhan` finds `Siobhán` and
//! `yildirim` finds `Yıldırım`), and hyphens, apostrophes and spaces are one separator that a
//! query may leave out or type (`pryce morgan` finds `Pryce-Morgan`, `obrien` and `o brien`
//! find `O'Brien`); PNC, Niche, IMEI, VRM, postcode and investigation references keep letters
//! and digits only (`ab12 cde` finds `AB12CDE`); phone numbers become their national
//! significant number, so `+447700900123`, `00447700900123`, `447700900123`, `07700 900123`
//! and `7700900123` all find each other; handles lose their `@`. The query is normalised the
//! same ways and each value is matched against the matching form of the query. A value
//! matches when that form is a subsequence of it (fuzzy).
//!
//! # Ranking
//!
//! By tier first (exact, prefix, word prefix, substring, subsequence: cheap to compute), then by
//! the [`Matcher`] score, then by slot. The matcher is only called for the subjects that can be
//! in the returned hits. When the last tier that only partly fits in the limit holds more than
//! 2,000 subjects (short queries), its subjects are taken in slot order (alphabetical in the
//! app) and then ordered by score. Highlights show the occurrence that gave the tier, or the
//! matcher's positions for a subsequence.
//!
//! # Speed
//!
//! Values are stored back to back, each with 64-bit masks of its characters, of its word-start
//! characters and of its adjacent pairs; each subject has the union of its entries' masks. A scan
//! skips a subject or an entry on the masks before reading any text, stops reading a subject's
//! entries once the best tier its masks allow is found, and decides a one-letter query from the
//! subjects' masks alone. A [`Searcher`] keeps the matching subjects of earlier queries: when the
//! new query extends one (each form a supersequence of the old), only those are re-checked;
//! backspace returns a cached result. Big scans are split across threads.
mod background;
mod entries;

mod index;
mod page;
mod scan;
mod searcher;
#[cfg(test)]
mod tests;

pub use crate::text::fold::{fold, fold_words, normalise_identifier, normalise_phone, phone_key};
pub use background::{Background, Shared};
pub use entries::{Field, Values};
pub use index::SearchIndex;
pub use page::{PAGE, first_page};
pub use searcher::{DEFAULT_LIMIT, Searcher};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::domain::{PlanPart, Target};

/// The one seam to the fuzzy-matching library. Text and pattern are already normalised.
pub trait Matcher: Send + Sync {
    /// A score when `pattern` matches `text` (higher is better), else `None`.
    fn score(&self, text: &str, pattern: &str) -> Option<i64>;
    /// The score and the matched char indices into `text`.
    fn indices(&self, text: &str, pattern: &str) -> Option<(i64, Vec<usize>)>;
}

/// fuzzy-matcher's skim algorithm. Its case folding is ASCII-only, hence the folding here.
///
/// Positions come from a fresh matcher each time: fuzzy-matcher 0.3.7 keeps its score matrix per
/// thread and can trace back through cells left over from an earlier call, so positions for one
/// text would depend on what that thread matched before (and its `use_cache(false)` panics with
/// "RefCell already borrowed"). Scores only read cells of the current call.
pub struct SkimMatcher {
    scores: SkimMatcherV2,
}

impl Default for SkimMatcher {
    fn default() -> Self {
        Self {
            scores: SkimMatcherV2::default().ignore_case(),
        }
    }
}

impl Matcher for SkimMatcher {
    fn score(&self, text: &str, pattern: &str) -> Option<i64> {
        self.scores.fuzzy_match(text, pattern)
    }

    fn indices(&self, text: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_indices(text, pattern)
    }
}

/// nucleo-matcher (helix's fuzzy matcher): the score `SearchIndex::build` uses. Text and pattern
/// come folded (lower case, accents removed), so no normalisation of its own is asked for. Its
/// scratch memory is per thread (scoring runs on several).
#[derive(Debug, Default)]
pub struct NucleoMatcher;

thread_local! {
    static NUCLEO: std::cell::RefCell<nucleo_matcher::Matcher> =
        std::cell::RefCell::new(nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT));
}

impl NucleoMatcher {
    fn run<R>(
        text: &str,
        pattern: &str,
        f: impl FnOnce(
            &mut nucleo_matcher::Matcher,
            nucleo_matcher::Utf32Str<'_>,
            nucleo_matcher::Utf32Str<'_>,
        ) -> R,
    ) -> R {
        let (mut hay, mut needle) = (Vec::new(), Vec::new());
        let hay = nucleo_matcher::Utf32Str::new(text, &mut hay);
        let needle = nucleo_matcher::Utf32Str::new(pattern, &mut needle);
        NUCLEO.with(|m| f(&mut m.borrow_mut(), hay, needle))
    }
}

impl Matcher for NucleoMatcher {
    fn score(&self, text: &str, pattern: &str) -> Option<i64> {
        Self::run(text, pattern, |m, hay, needle| {
            m.fuzzy_match(hay, needle).map(i64::from)
        })
    }

    fn indices(&self, text: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        Self::run(text, pattern, |m, hay, needle| {
            let mut at = Vec::new();
            let score = m.fuzzy_indices(hay, needle, &mut at)?;
            at.sort_unstable();
            at.dedup();
            Some((
                i64::from(score),
                at.into_iter().map(|i| i as usize).collect(),
            ))
        })
    }
}

/// One subject found: its best-matching value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the slice the index was built from.
    pub slot: usize,
    /// What the value is: "name", "alias", "PNC ID", "Niche ref", "address", "postcode",
    /// "device", "IMEI", "phone", "handle", "URL", "VRM", "vehicle", "investigation", "partner",
    /// "protected person".
    pub field: &'static str,
    /// The item the value belongs to; `None` for names, aliases, PNC ID and Niche ref.
    pub target: Option<Target>,
    /// Where the item is shown.
    pub part: PlanPart,
    /// The value as stored.
    pub text: String,
    /// Matched characters: char indices into `text`, ascending.
    pub indices: Vec<usize>,
    /// Matcher score (higher is better); comparable within one tier only.
    pub score: i64,
}

impl Hit {
    /// True when the hit is a protected person's name: the subject is found through the
    /// person its order protects (opening it is recorded as such).
    pub fn via_protected_person(&self) -> bool {
        self.target
            .is_some_and(|t| t.kind == crate::domain::ItemKind::ProtectedPerson)
    }
}

/// The hits for one query and how many subjects matched in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// Search without incremental state; the reference a [`Searcher`] must agree with.
pub fn search_fresh(index: &SearchIndex, q: &str) -> SearchResult {
    Searcher::new().query(index, q)
}
