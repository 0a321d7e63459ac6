//! The in-memory search index over subjects: names, aliases and identifiers.
//!
//! Built once when a store is opened, from decoded records; nothing here is written to disk.
//! The fuzzy matcher sits behind [`Matcher`] so it can be swapped (fuzzy-matcher today).
//! Text is folded (lower case, accents removed) on both sides before matching, because
//! fuzzy-matcher folds ASCII only: `siobhan` must find `Siobhán`.
mod fold;

pub use fold::{fold, normalise_identifier};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::domain::Subject;

/// The one seam to the fuzzy-matching library.
pub trait Matcher {
    /// A score when `pattern` matches `text` (higher is better), else `None`. Both are folded.
    fn score(&self, text: &str, pattern: &str) -> Option<i64>;
}

/// fuzzy-matcher's skim algorithm.
pub struct SkimMatcher(SkimMatcherV2);

impl Default for SkimMatcher {
    fn default() -> Self {
        Self(SkimMatcherV2::default().ignore_case())
    }
}

impl Matcher for SkimMatcher {
    fn score(&self, text: &str, pattern: &str) -> Option<i64> {
        self.0.fuzzy_match(text, pattern)
    }
}

/// Which field of a subject matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Alias,
    PncId,
    NicheRef,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "alias",
            Field::PncId => "PNC ID",
            Field::NicheRef => "Niche ref",
        }
    }
}

struct Entry {
    subject: usize,
    field: Field,
    folded: String,
}

/// One search result: the subject (index into the slice the index was built from) and its best field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub subject: usize,
    pub field: Field,
    pub score: i64,
}

/// The index: one entry per searchable string.
pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: Box<dyn Matcher + Send + Sync>,
}

impl SearchIndex {
    pub fn build(subjects: &[Subject]) -> Self {
        let mut entries = Vec::with_capacity(subjects.len() * 3);
        for (i, s) in subjects.iter().enumerate() {
            let name = format!("{} {}", s.given_names, s.family_name);
            entries.push(Entry {
                subject: i,
                field: Field::Name,
                folded: fold(&name),
            });
            for alias in &s.aliases {
                entries.push(Entry {
                    subject: i,
                    field: Field::Alias,
                    folded: fold(alias),
                });
            }
            if let Some(pnc) = &s.pnc_id {
                entries.push(Entry {
                    subject: i,
                    field: Field::PncId,
                    folded: normalise_identifier(pnc),
                });
            }
            if let Some(niche) = &s.niche_ref {
                entries.push(Entry {
                    subject: i,
                    field: Field::NicheRef,
                    folded: normalise_identifier(niche),
                });
            }
        }
        Self {
            entries,
            matcher: Box::new(SkimMatcher::default()),
        }
    }

    /// Subjects matching `query`, best first (ties by subject order); each subject once.
    pub fn query(&self, query: &str) -> Vec<Hit> {
        let text = fold(query.trim());
        if text.is_empty() {
            return Vec::new();
        }
        let ident = normalise_identifier(query);
        let mut best: std::collections::HashMap<usize, Hit> = std::collections::HashMap::new();
        for e in &self.entries {
            let pattern = match e.field {
                Field::PncId | Field::NicheRef => ident.as_str(),
                _ => text.as_str(),
            };
            if pattern.is_empty() {
                continue;
            }
            if let Some(score) = self.matcher.score(&e.folded, pattern) {
                let hit = Hit {
                    subject: e.subject,
                    field: e.field,
                    score,
                };
                best.entry(e.subject)
                    .and_modify(|h| {
                        if score > h.score {
                            *h = hit;
                        }
                    })
                    .or_insert(hit);
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.subject.cmp(&b.subject)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn subject(id: u64, family: &str, given: &str) -> Subject {
        let opened = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        Subject::new(id, family, given, opened)
    }

    #[test]
    fn accents_fold_both_ways() {
        let mut a = subject(1, "Ní Bhraonáin", "Siobhán");
        a.aliases.push("Zoë Quill".into());
        let b = subject(2, "Tench", "Oliver");
        let index = SearchIndex::build(&[a, b]);
        let hits = index.query("siobhan");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].subject, 0);
        assert_eq!(hits[0].field, Field::Name);
        let hits = index.query("zoe");
        assert_eq!(hits[0].field, Field::Alias);
        assert!(
            index
                .query("SIOBHÁN")
                .first()
                .is_some_and(|h| h.subject == 0)
        );
    }

    #[test]
    fn identifiers_ignore_case_spaces_and_punctuation() {
        let mut a = subject(1, "Tench", "Oliver");
        a.pnc_id = Some("00/000123X".into());
        let index = SearchIndex::build(&[a]);
        let hits = index.query("00 000123x");
        assert_eq!(hits.first().map(|h| h.field), Some(Field::PncId));
        assert!(index.query("").is_empty());
        assert!(index.query("zzzz").is_empty());
    }
}
