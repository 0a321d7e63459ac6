//! The triage queue as a terminal table, CSV (RFC 4180) or JSON: the same rows in the same order.
use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::domain::{QueueEntry, RiskLevel, fmt_date};
use crate::text as sanitize;
use crate::text::{fit as cell, truncate};

/// How reasons are joined in one table cell or CSV field.
pub const REASON_SEPARATOR: &str = "; ";

/// The narrowest table laid out in columns; a narrower `width` is treated as this.
pub const MIN_WIDTH: usize = 80;

/// The reasons column gets at least this many columns when the others can shrink to make room.
const REASONS_WANTED: usize = 30;

fn clean(text: &str) -> Cow<'_, str> {
    sanitize::line(text)
}

fn risk_tag(risk: Option<RiskLevel>) -> &'static str {
    risk.map_or("-", RiskLevel::tag)
}

/// Every reason's text, sanitised, joined with [`REASON_SEPARATOR`].
fn reasons_text(entry: &QueueEntry) -> String {
    entry
        .reasons
        .iter()
        .map(|r| clean(&r.text()).into_owned())
        .collect::<Vec<_>>()
        .join(REASON_SEPARATOR)
}

/// The queue as aligned columns fitting `width` terminal columns (at least [`MIN_WIDTH`]): rank,
/// name, PNC, officer, risk tag, next review (`23 Nov 2026`) and the reasons, cut with `…` where
/// too long. Narrow terminals shrink the name and officer columns first, then leave out the PNC.
pub fn table(entries: &[QueueEntry], width: usize) -> String {
    if entries.is_empty() {
        return "Nothing in the queue.\n".to_string();
    }
    // A whole caseload's queue is 100,000 rows: the cells and the lines are made on every core.
    let rows: Vec<[String; 7]> = in_parallel(entries, &|i, e| {
        [
            (i + 1).to_string(),
            clean(&e.name).into_owned(),
            clean(e.pnc.as_deref().unwrap_or("-")).into_owned(),
            clean(e.officer.as_deref().unwrap_or("-")).into_owned(),
            risk_tag(e.risk).to_string(),
            fmt_date(e.next_review),
            reasons_text(e),
        ]
    });
    let header = [
        "#",
        "Name",
        "PNC",
        "Officer",
        "Risk",
        "Next review",
        "Reasons",
    ];
    let caps = [6, 28, 12, 18, 6, 11];
    let mut widths = [0usize; 6];
    for (i, w) in widths.iter_mut().enumerate() {
        let longest = rows.iter().map(|r| r[i].width()).max().unwrap_or(0);
        *w = longest.max(header[i].width()).min(caps[i]);
    }
    let width = width.max(MIN_WIDTH);
    let fixed =
        |widths: &[usize; 6]| -> usize { widths.iter().filter(|w| **w > 0).map(|w| w + 2).sum() };
    // Too wide: shrink officer, then name, then PNC, down to their floors, to make room; if
    // the reasons still have too little room (an 80-column terminal), leave out the PNC.
    for (col, floor) in [(3, 8), (1, 14), (2, 10)] {
        let short = (fixed(&widths) + REASONS_WANTED).saturating_sub(width);
        widths[col] = widths[col]
            .saturating_sub(short)
            .max(floor.min(widths[col]));
    }
    if fixed(&widths) + REASONS_WANTED > width {
        widths[2] = 0;
    }
    let reasons_width = width.saturating_sub(fixed(&widths)).max(8);
    let line_of = |cells: [&str; 7]| {
        let mut line = String::new();
        for (i, w) in widths.iter().enumerate() {
            // The rank is right-aligned; everything else left; a column of width 0 is left out.
            if *w == 0 {
                continue;
            } else if i == 0 {
                line.push_str(&format!("{:>w$}", cells[0], w = *w));
            } else {
                line.push_str(&cell(cells[i], *w));
            }
            line.push_str("  ");
        }
        line.push_str(&truncate(cells[6], reasons_width));
        line.truncate(line.trim_end().len());
        line.push('\n');
        line
    };
    let lines = in_parallel(&rows, &|_, r| {
        line_of([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]])
    });
    let mut out = line_of(header);
    out.reserve(lines.iter().map(String::len).sum());
    for line in lines {
        out.push_str(&line);
    }
    out
}

/// `f(index, item)` of every item, in order, the items shared out in runs over the cores.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: &(dyn Fn(usize, &T) -> R + Sync)) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
    if cores == 1 || items.len() < 2_000 {
        return items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let run = items.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(run)
            .enumerate()
            .map(|(n, chunk)| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .enumerate()
                        .map(|(i, t)| f(n * run + i, t))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for part in parts {
            match part.join() {
                Ok(done) => out.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// The queue as CSV (see [`super::csv`]): a header row, then one row per entry in queue order.
/// Dates are ISO (`2026-11-23`) so spreadsheets sort them.
pub fn csv(entries: &[QueueEntry]) -> String {
    super::csv::table(
        &[
            "rank",
            "subject_id",
            "name",
            "pnc",
            "officer",
            "risk",
            "next_review",
            "reasons",
        ],
        entries.iter().enumerate().map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.subject.to_string(),
                e.name.clone(),
                e.pnc.clone().unwrap_or_default(),
                e.officer.clone().unwrap_or_default(),
                e.risk.map_or("", RiskLevel::label).to_string(),
                e.next_review.to_string(),
                reasons_text(e),
            ]
        }),
    )
}

#[derive(Serialize)]
struct JsonQueue<'a> {
    format: &'static str,
    today: NaiveDate,
    count: usize,
    entries: Vec<JsonEntry<'a>>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    rank: usize,
    subject: u64,
    name: Cow<'a, str>,
    pnc: Option<Cow<'a, str>>,
    officer: Option<Cow<'a, str>>,
    risk: Option<RiskLevel>,
    next_review: NaiveDate,
    reasons: Vec<JsonReason>,
}

#[derive(Serialize)]
struct JsonReason {
    kind: crate::domain::ReasonKind,
    text: String,
}

/// The queue as pretty JSON (two-space indent, fixed field order, ending with a newline):
/// `{"format": "spmp-queue", "today", "count", "entries": [{"rank", "subject", "name", "pnc",
/// "officer", "risk", "next_review", "reasons": [{"kind", "text"}]}]}`.
pub fn json(entries: &[QueueEntry], today: NaiveDate) -> String {
    let doc = JsonQueue {
        format: "spmp-queue",
        today,
        count: entries.len(),
        entries: entries
            .iter()
            .enumerate()
            .map(|(i, e)| JsonEntry {
                rank: i + 1,
                subject: e.subject,
                name: clean(&e.name),
                pnc: e.pnc.as_deref().map(clean),
                officer: e.officer.as_deref().map(clean),
                risk: e.risk,
                next_review: e.next_review,
                reasons: e
                    .reasons
                    .iter()
                    .map(|r| JsonReason {
                        kind: r.kind(),
                        text: clean(&r.text()).into_owned(),
                    })
                    .collect(),
            })
            .collect(),
    };
    // Plain structs of strings, numbers and dates: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
