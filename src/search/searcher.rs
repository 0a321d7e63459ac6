//! Ranking (one hit per subject, best first) and the incremental [`Searcher`].
use super::fold::normalise;
use super::index::SearchIndex;
use super::scan::{Forms, Pats, TIERS, scan};
use super::{Hit, SearchResult};

/// Hits returned by default; [`SearchResult::total`] still counts every matching subject.
pub const DEFAULT_LIMIT: usize = 1000;

/// The most matcher calls spent ordering the last tier that only partly fits in the limit;
/// past it that tier's subjects are taken in slot order (see the module docs).
const SCORE_BUDGET: usize = 20_000;

/// Below this many matcher calls scoring runs on one thread.
const PARALLEL_SCORE_MIN: usize = 4_000;

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
    ids: Vec<u32>,
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
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
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
        let forms = Forms::of(q);
        if forms.is_empty() {
            return SearchResult::default();
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
            return top.result.clone();
        }
        let pats = Pats::of(&forms);
        let among = self.levels.last().map(|l| l.ids.as_slice());
        let (ids, tiers) = scan(index, &pats, among, self.threads);
        let (limit, budget) = (self.limit, self.budget);
        let result = rank(index, &pats, (&ids, &tiers), (limit, budget), self.threads);
        if self.levels.len() >= MAX_LEVELS {
            self.levels.remove(0);
        }
        self.levels.push(Level {
            forms,
            ids,
            result: result.clone(),
        });
        result
    }
}

/// One subject's matching entries: `from..to` in the scan output, all of the same slot.
#[derive(Debug, Clone, Copy)]
struct Group {
    slot: u32,
    tier: u8,
    from: u32,
    to: u32,
}

/// A group's best entry and its score.
#[derive(Debug, Clone, Copy)]
struct Best {
    group: Group,
    id: u32,
    score: i64,
}

/// Order the matching entries into at most `limit` hits, one per subject.
fn rank(
    index: &SearchIndex,
    pats: &Pats,
    (ids, tiers): (&[u32], &[u8]),
    (limit, budget): (usize, usize),
    threads: usize,
) -> SearchResult {
    let groups = group(index, ids, tiers);
    let mut counts = [0usize; TIERS];
    groups.iter().for_each(|g| counts[g.tier as usize] += 1);
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
    let mut chosen: Vec<Group> = groups
        .iter()
        .filter(|g| boundary.is_none_or(|b| g.tier > b))
        .copied()
        .collect();
    let mut best = Vec::new();
    if let Some(b) = boundary {
        let mut edge: Vec<Group> = groups.iter().filter(|g| g.tier == b).copied().collect();
        let need = limit - above;
        let calls: usize = edge.iter().map(|g| (g.to - g.from) as usize).sum();
        if calls <= budget {
            let mut scored = score_groups(index, pats, ids, tiers, &edge, threads);
            scored.sort_by(|a, b| b.score.cmp(&a.score).then(a.group.slot.cmp(&b.group.slot)));
            scored.truncate(need);
            best = scored;
        } else {
            edge.sort_by_key(|g| g.slot);
            chosen.extend(edge.into_iter().take(need));
        }
    }
    best.extend(score_groups(index, pats, ids, tiers, &chosen, threads));
    best.sort_by(|a, b| {
        (b.group.tier, b.score, a.group.slot).cmp(&(a.group.tier, a.score, b.group.slot))
    });
    SearchResult {
        hits: best.iter().map(|b| hit(index, pats, b)).collect(),
        total: groups.len(),
    }
}

/// Runs of the same slot (a subject's live entries are contiguous, so its matches are too).
fn group(index: &SearchIndex, ids: &[u32], tiers: &[u8]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (k, (&id, &tier)) in ids.iter().zip(tiers).enumerate() {
        let slot = index.entries[id as usize].slot;
        match groups.last_mut() {
            Some(g) if g.slot == slot => {
                g.tier = g.tier.max(tier);
                g.to = k as u32 + 1;
            }
            _ => groups.push(Group {
                slot,
                tier,
                from: k as u32,
                to: k as u32 + 1,
            }),
        }
    }
    groups
}

/// Each group's best entry among those at the group's tier: highest score, then first entry.
fn score_groups(
    index: &SearchIndex,
    pats: &Pats,
    ids: &[u32],
    tiers: &[u8],
    groups: &[Group],
    threads: usize,
) -> Vec<Best> {
    let one = |g: &Group| {
        let mut best: Option<Best> = None;
        for k in g.from as usize..g.to as usize {
            if tiers[k] != g.tier {
                continue;
            }
            let id = ids[k];
            let e = &index.entries[id as usize];
            let pat = &pats.get(e.field.class()).text;
            let score = index
                .matcher
                .score(index.key(id as usize), pat)
                .unwrap_or(0);
            if best.is_none_or(|b| score > b.score) {
                best = Some(Best {
                    group: *g,
                    id,
                    score,
                });
            }
        }
        best
    };
    let calls: usize = groups.iter().map(|g| (g.to - g.from) as usize).sum();
    if threads < 2 || calls < PARALLEL_SCORE_MIN {
        return groups.iter().filter_map(one).collect();
    }
    let chunk = groups.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = groups
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().filter_map(one).collect::<Vec<_>>()))
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
    let text = index.display(i);
    let pat = &pats.get(e.field.class()).text;
    let matched = index
        .matcher
        .indices(index.key(i), pat)
        .map(|(_, ix)| ix)
        .unwrap_or_default();
    let mut sources = Vec::new();
    normalise(e.field.norm(), text, &mut |_, a, b| sources.push(a..b));
    let mut indices: Vec<usize> = matched
        .iter()
        .filter_map(|&k| sources.get(k).cloned())
        .flatten()
        .collect();
    indices.sort_unstable();
    indices.dedup();
    Hit {
        slot: e.slot as usize,
        field: e.field.label(),
        target: e.field.target(e.item),
        part: e.field.part(),
        text: text.to_string(),
        indices,
        score: best.score,
    }
}
