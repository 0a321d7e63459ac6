//! Ranking (one hit per subject, best first) and the incremental [`Searcher`].
use super::index::SearchIndex;
use super::scan::{Cand, Forms, Pats, SUBSEQUENCE, TIERS, eval_above, occurrence, scan};
use super::{Hit, SearchResult};
use crate::text::fold::normalise;

/// Hits returned by default; [`SearchResult::total`] still counts every matching subject.
pub const DEFAULT_LIMIT: usize = 1000;

/// The most subjects scored to order the last tier that only partly fits in the limit; past it
/// that tier's subjects are taken in slot order (see the module docs).
const SCORE_BUDGET: usize = 2_000;

/// Below this many subjects scoring runs on one thread.
const PARALLEL_SCORE_MIN: usize = 1_000;

/// Cached query levels kept by a [`Searcher`].
const MAX_LEVELS: usize = 64;

/// A search session: keeps the matching entries of earlier queries so that typing, which extends
/// the query, only re-checks the previous matches, and backspace returns a cached result.
#[derive(Debug)]
pub struct Searcher {
    levels: Vec<Level>,
    /// (index id, generation) the levels were computed against.
    index: (u64, u64),
    limit: usize,
    threads: usize,
    budget: usize,
}

#[derive(Debug)]
struct Level {
    forms: Forms,
    cands: Vec<Cand>,
    result: SearchResult,
}

impl Default for Searcher {
    fn default() -> Self {
        Self::new()
    }
}

impl Searcher {
    /// A session returning at most [`DEFAULT_LIMIT`] hits, scanning on up to 4 threads.
    pub fn new() -> Self {
        static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let threads = *THREADS
            .get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)));
        Self {
            levels: Vec::new(),
            index: (0, 0),
            limit: DEFAULT_LIMIT,
            threads,
            budget: SCORE_BUDGET,
        }
    }

    /// Return at most `limit` hits.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self.levels.clear();
        self
    }

    /// Spend at most `calls` matcher calls ordering a partly fitting tier (tests).
    #[cfg(test)]
    pub(crate) fn with_budget(mut self, calls: usize) -> Self {
        self.budget = calls;
        self.levels.clear();
        self
    }

    /// Scan on at most `threads` threads (1: no threads spawned).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Subjects matching `q`, best first. Reuses the previous queries' matches when `q` extends
    /// them; the hits are exactly those of [`super::search_fresh`].
    pub fn query(&mut self, index: &SearchIndex, q: &str) -> SearchResult {
        self.query_until(index, q, None).unwrap_or_default()
    }

    /// [`Searcher::query`], given up (`None`) as soon as `stop` returns `true`: the background
    /// pass stops when the next keystroke makes its query stale.
    pub fn query_until(
        &mut self,
        index: &SearchIndex,
        q: &str,
        stop: Option<&(dyn Fn() -> bool + Sync)>,
    ) -> Option<SearchResult> {
        let forms = Forms::of(q);
        if forms.is_empty() {
            return Some(SearchResult::default());
        }
        if self.index != (index.id, index.generation) {
            self.levels.clear();
            self.index = (index.id, index.generation);
        }
        while self.levels.last().is_some_and(|l| !l.forms.covers(&forms)) {
            self.levels.pop();
        }
        if let Some(top) = self.levels.last()
            && top.forms == forms
        {
            return Some(top.result.clone());
        }
        let pats = Pats::of(&forms);
        let among = self.levels.last().map(|l| l.cands.as_slice());
        let cands = scan(index, &pats, among, self.threads, stop);
        if stop.is_some_and(|f| f()) {
            return None;
        }
        let (limit, budget) = (self.limit, self.budget);
        let result = rank(index, &pats, &cands, (limit, budget), self.threads);
        if self.levels.len() >= MAX_LEVELS {
            self.levels.remove(0);
        }
        self.levels.push(Level {
            forms,
            cands,
            result: result.clone(),
        });
        Some(result)
    }
}

/// The first page's ranking of `cands` (see [`super::page`]): as [`rank`], on this thread.
pub(crate) fn rank_page(
    index: &SearchIndex,
    pats: &Pats,
    cands: &[Cand],
    limit: usize,
) -> SearchResult {
    rank(index, pats, cands, (limit, SCORE_BUDGET), 1)
}

/// A subject's best entry and its score.
#[derive(Debug, Clone, Copy)]
struct Best {
    cand: Cand,
    id: u32,
    score: i64,
}

/// Order the matching subjects into at most `limit` hits.
fn rank(
    index: &SearchIndex,
    pats: &Pats,
    cands: &[Cand],
    (limit, budget): (usize, usize),
    threads: usize,
) -> SearchResult {
    let mut counts = [0usize; TIERS];
    cands.iter().for_each(|c| counts[c.tier as usize] += 1);
    // Whole tiers, best first, while they fit; then part of the boundary tier.
    let mut boundary = None;
    let mut above = 0;
    for t in (0..TIERS).rev() {
        if above + counts[t] > limit {
            boundary = Some(t as u8);
            break;
        }
        above += counts[t];
    }
    let mut chosen: Vec<Cand> = cands
        .iter()
        .filter(|c| boundary.is_none_or(|b| c.tier > b))
        .copied()
        .collect();
    let mut best = Vec::new();
    if let Some(b) = boundary {
        let edge = cands.iter().filter(|c| c.tier == b).copied();
        let need = limit - above;
        if counts[b as usize] <= budget {
            let edge: Vec<Cand> = edge.collect();
            let mut scored = score(index, pats, &edge, threads);
            scored.sort_by(|x, y| y.score.cmp(&x.score).then(x.cand.slot.cmp(&y.cand.slot)));
            scored.truncate(need);
            best = scored;
        } else {
            // Candidates are in slot order.
            chosen.extend(edge.take(need));
        }
    }
    best.extend(score(index, pats, &chosen, threads));
    best.sort_by(|x, y| {
        (y.cand.tier, y.score, x.cand.slot).cmp(&(x.cand.tier, x.score, y.cand.slot))
    });
    SearchResult {
        hits: hits(index, pats, &best, threads),
        total: cands.len(),
    }
}

/// Each subject's best entry among those at its tier: highest score, then first entry.
fn score(index: &SearchIndex, pats: &Pats, cands: &[Cand], threads: usize) -> Vec<Best> {
    let one = |c: &Cand| {
        let s = index.subjects.get(c.slot as usize)?;
        let mut best: Option<Best> = None;
        let floor = c.tier.checked_sub(1);
        for i in s.from as usize..s.to as usize {
            // At least the subject's tier, which is its best: exactly it.
            if eval_above(index, pats, i, floor).is_none() {
                continue;
            }
            let pat = &pats.get(index.fields[i].class()).text;
            let score = index.matcher.score(index.key(i), pat).unwrap_or(0);
            if best.is_none_or(|b| score > b.score) {
                best = Some(Best {
                    cand: *c,
                    id: i as u32,
                    score,
                });
            }
        }
        best
    };
    if threads < 2 || cands.len() < PARALLEL_SCORE_MIN {
        return cands.iter().filter_map(one).collect();
    }
    let chunk = cands.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = cands
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().filter_map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The hits for `best`, in order, built on up to `threads` threads.
fn hits(index: &SearchIndex, pats: &Pats, best: &[Best], threads: usize) -> Vec<Hit> {
    if threads < 2 || best.len() < 200 {
        return best.iter().map(|b| hit(index, pats, b)).collect();
    }
    let chunk = best.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = best
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || part.iter().map(|b| hit(index, pats, b)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The hit for a subject's best entry, with the matched characters of the original text.
fn hit(index: &SearchIndex, pats: &Pats, best: &Best) -> Hit {
    let i = best.id as usize;
    let e = &index.entries[i];
    let field = index.fields[i];
    let slot = best.cand.slot as usize;
    let text = index.display(i);
    let pat = &pats.get(field.class()).text;
    let key = index.key(i);
    // The occurrence that gave the tier; the matcher's positions for a subsequence.
    let matched = match occurrence(key.as_bytes(), pat.as_bytes(), best.cand.tier) {
        Some((from, to)) if best.cand.tier > SUBSEQUENCE => {
            let chars = |at: usize| key.get(..at).map_or(0, |k| k.chars().count());
            (chars(from)..chars(to)).collect()
        }
        _ => index
            .matcher
            .indices(key, pat)
            .map(|(_, ix)| ix)
            .unwrap_or_default(),
    };
    let mut sources = Vec::new();
    normalise(field.norm(), text, &mut |_, a, b| sources.push(a..b));
    let mut indices: Vec<usize> = matched
        .iter()
        .filter_map(|&k| sources.get(k).cloned())
        .flatten()
        .collect();
    indices.sort_unstable();
    indices.dedup();
    Hit {
        slot,
        field: field.label(),
        target: field.target(e.item),
        part: field.part(),
        text: text.to_string(),
        indices,
        score: best.score,
    }
}
