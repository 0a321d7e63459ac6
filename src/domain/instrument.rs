//! Risk instruments as data: a force describes its structured risk tools (items, answer types,
//! scoring, bands, mandatory items) in a TOML file (`config::instruments`), and a
//! [`Screening`] records one use of one: the instrument's id and version, every question with
//! its wording and points as they were, the score, the band, and the officer's
//! professional-judgement level with the rationale required where it differs from the band.
//! A screening holds copies, never references into the file: changing the file never changes
//! a stored screening.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ItemId, RiskLevel};

/// A scored set of answers: every question as answered, the score and its band.
pub type Scored = (Vec<ScreeningAnswer>, u32, RiskLevel);

/// One instrument as a force's file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable id (`demo-srs`), stored on every screening.
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(rename = "item")]
    pub items: Vec<InstrumentItem>,
    /// Score bands, each the lowest score of its level.
    #[serde(rename = "band")]
    pub bands: Vec<Band>,
}

/// A question of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentItem {
    /// Stable key (`q1`), unique in the instrument.
    pub key: String,
    pub text: String,
    pub answer: AnswerType,
    #[serde(default)]
    pub mandatory: bool,
    /// `yes_no`: points for a yes. `count`: points per count.
    #[serde(default)]
    pub points: u32,
    /// `count`: the most points the item gives.
    #[serde(default)]
    pub max_points: Option<u32>,
    /// `choice`: the options.
    #[serde(default, rename = "option")]
    pub options: Vec<ChoiceOption>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerType {
    /// Yes, no or not known.
    YesNo,
    /// A number (incidents in the last month...).
    Count,
    /// One of the item's options.
    Choice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub level: RiskLevel,
    /// The lowest score in this band.
    pub min: u32,
}

/// What is wrong with an instrument's description.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstrumentError {
    #[error("instrument {0:?}: {1}")]
    Bad(String, String),
}

impl Instrument {
    /// Check the description: ids and keys present and unique, choices with options, bands
    /// starting at 0 in rising order.
    pub fn check(&self) -> Result<(), InstrumentError> {
        let bad = |m: String| Err(InstrumentError::Bad(self.id.clone(), m));
        if self.id.trim().is_empty() || self.name.trim().is_empty() {
            return bad("an instrument needs an id and a name".into());
        }
        if self.items.is_empty() {
            return bad("it has no items".into());
        }
        let mut keys = BTreeSet::new();
        for i in &self.items {
            if i.key.trim().is_empty() || !keys.insert(i.key.as_str()) {
                return bad(format!("item key {:?} is empty or used twice", i.key));
            }
            if i.text.trim().is_empty() {
                return bad(format!("item {:?} has no text", i.key));
            }
            if i.answer == AnswerType::Choice && i.options.len() < 2 {
                return bad(format!(
                    "choice item {:?} needs at least two options",
                    i.key
                ));
            }
            if i.answer != AnswerType::Choice && !i.options.is_empty() {
                return bad(format!("item {:?} has options but is not a choice", i.key));
            }
            let mut opts = BTreeSet::new();
            if let Some(o) = i.options.iter().find(|o| !opts.insert(o.key.as_str())) {
                return bad(format!("item {:?}: option {:?} used twice", i.key, o.key));
            }
        }
        if self.bands.first().map(|b| b.min) != Some(0) {
            return bad("the first band must start at 0".into());
        }
        if self.bands.windows(2).any(|w| w[1].min <= w[0].min) {
            return bad("bands must rise: each band's min above the one before".into());
        }
        Ok(())
    }

    /// The band a score falls in.
    pub fn band(&self, score: u32) -> RiskLevel {
        self.bands
            .iter()
            .rev()
            .find(|b| score >= b.min)
            .map(|b| b.level)
            .unwrap_or(RiskLevel::Low)
    }

    /// The points an answer to `item` gives.
    pub fn points(item: &InstrumentItem, answer: &Answer) -> u32 {
        match answer {
            Answer::Yes => item.points,
            Answer::Count(n) => {
                let p = n.saturating_mul(item.points);
                item.max_points.map_or(p, |m| p.min(m))
            }
            Answer::Choice(key) => item
                .options
                .iter()
                .find(|o| &o.key == key)
                .map_or(0, |o| o.points),
            Answer::No | Answer::NotKnown | Answer::Unanswered => 0,
        }
    }

    /// Score `answers` (item key -> answer) into a screening. Refused when a mandatory item is
    /// unanswered or an answer does not fit its item; the messages name the item.
    pub fn score(&self, answers: &[(String, Answer)]) -> Result<Scored, Vec<(String, String)>> {
        let mut faults = Vec::new();
        let mut out = Vec::new();
        for item in &self.items {
            let answer = answers
                .iter()
                .find(|(k, _)| *k == item.key)
                .map(|(_, a)| a.clone())
                .unwrap_or(Answer::Unanswered);
            let fits = match (&answer, item.answer) {
                (Answer::Unanswered, _) => true,
                (Answer::Yes | Answer::No | Answer::NotKnown, AnswerType::YesNo) => true,
                (Answer::Count(_), AnswerType::Count) => true,
                (Answer::Choice(k), AnswerType::Choice) => item.options.iter().any(|o| &o.key == k),
                _ => false,
            };
            if !fits {
                faults.push((
                    item.key.clone(),
                    "this answer does not fit the question".into(),
                ));
            } else if item.mandatory && answer == Answer::Unanswered {
                faults.push((item.key.clone(), "this question must be answered".into()));
            }
            let label = match (&answer, item.answer) {
                (Answer::Choice(k), _) => item
                    .options
                    .iter()
                    .find(|o| &o.key == k)
                    .map(|o| o.label.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            out.push(ScreeningAnswer {
                key: item.key.clone(),
                question: item.text.clone(),
                points: Self::points(item, &answer),
                answer,
                label,
            });
        }
        if !faults.is_empty() {
            return Err(faults);
        }
        let score = out.iter().map(|a| a.points).sum();
        Ok((out, score, self.band(score)))
    }
}

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    NotKnown,
    Count(u32),
    /// An option's key.
    Choice(String),
    Unanswered,
}

/// One question of a stored screening, as it was asked and scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningAnswer {
    pub key: String,
    /// The question's wording when it was answered.
    pub question: String,
    pub answer: Answer,
    /// A choice's label when it was answered.
    #[serde(default)]
    pub label: String,
    pub points: u32,
}

impl ScreeningAnswer {
    /// The answer in words: `Yes`, `3`, the option's label, `Not known`, `-`.
    pub fn text(&self) -> String {
        match &self.answer {
            Answer::Yes => "Yes".into(),
            Answer::No => "No".into(),
            Answer::NotKnown => "Not known".into(),
            Answer::Count(n) => n.to_string(),
            Answer::Choice(k) if self.label.is_empty() => k.clone(),
            Answer::Choice(_) => self.label.clone(),
            Answer::Unanswered => "-".into(),
        }
    }
}

/// One use of a risk instrument on the subject (recs 12.1, 12.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    pub id: ItemId,
    pub date: NaiveDate,
    pub by: String,
    pub instrument: String,
    pub instrument_name: String,
    pub instrument_version: String,
    pub answers: Vec<ScreeningAnswer>,
    pub score: u32,
    /// The band the score fell in.
    pub band: RiskLevel,
    /// The officer's professional judgement of the level.
    pub judgement: RiskLevel,
    /// Why; required when the judgement differs from the band.
    #[serde(default)]
    pub rationale: String,
}

impl Screening {
    /// Whether the officer's judgement overrides the band.
    pub fn overridden(&self) -> bool {
        self.judgement != self.band
    }
}

/// One row of the side-by-side comparison of a screening with the one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningRow {
    pub question: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
}

/// `cur` against `prev`, question by question (by key; a question only one has shows `-` on
/// the other side), then score, band and judgement.
pub fn compare_screenings(prev: Option<&Screening>, cur: &Screening) -> Vec<ScreeningRow> {
    let mut rows = Vec::new();
    let before = |key: &str| {
        prev.and_then(|p| p.answers.iter().find(|a| a.key == key))
            .map(ScreeningAnswer::text)
            .unwrap_or_else(|| "-".into())
    };
    for a in &cur.answers {
        let b = before(&a.key);
        let after = a.text();
        rows.push(ScreeningRow {
            question: a.question.clone(),
            changed: b != after,
            before: b,
            after,
        });
    }
    if let Some(p) = prev {
        for a in p
            .answers
            .iter()
            .filter(|a| !cur.answers.iter().any(|c| c.key == a.key))
        {
            rows.push(ScreeningRow {
                question: a.question.clone(),
                before: a.text(),
                after: "-".into(),
                changed: true,
            });
        }
    }
    let pair = |q: &str, b: Option<String>, a: String| ScreeningRow {
        question: q.into(),
        changed: b.as_deref().is_some_and(|b| b != a) || b.is_none(),
        before: b.unwrap_or_else(|| "-".into()),
        after: a,
    };
    rows.push(pair(
        "Score",
        prev.map(|p| p.score.to_string()),
        cur.score.to_string(),
    ));
    rows.push(pair(
        "Band",
        prev.map(|p| p.band.label().to_string()),
        cur.band.label().to_string(),
    ));
    rows.push(pair(
        "Professional judgement",
        prev.map(|p| p.judgement.label().to_string()),
        cur.judgement.label().to_string(),
    ));
    rows
}

/// The screening before `id` (by date, then id) of the same subject, if any.
pub fn previous_screening(all: &[Screening], id: ItemId) -> Option<&Screening> {
    let cur = all.iter().find(|s| s.id == id)?;
    all.iter()
        .filter(|s| (s.date, s.id) < (cur.date, cur.id))
        .max_by_key(|s| (s.date, s.id))
}
