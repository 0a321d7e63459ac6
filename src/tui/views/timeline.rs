//! Timeline tab: a text chart of breaches per month, then every dated event, newest first.
//!
//! The chart has a column per month: bars of block characters (`#` under the plain theme), the
//! count under each bar, month labels and year markers. It prefers three-letter month labels,
//! falls back to one-letter labels, then to the latest months that fit, and on a very narrow
//! pane to a wrapped one-line list (`Jun 25: 1, Jul 25: 0, ...`). It never draws wider than the
//! pane; width 0 (unknown) draws every month.
use chrono::{Datelike, NaiveDate};
use ratatui::text::{Line, Span};

use super::ViewCtx;
use super::text::{Doc, span};
use crate::domain::{EventKind, Subject, breach_histogram, fmt_date, timeline};
use crate::text::pad;

/// Rows of bars at most; counts above this are scaled.
const CHART_ROWS: u32 = 4;

/// Fewest month columns worth drawing as a chart; below this the one-line list is used.
const MIN_COLUMNS: usize = 6;

/// Width of the date column: "23 Nov 2026".
const DATE_W: usize = 11;

/// The lines of the Timeline tab for `s`: the breach chart, then events newest first.
pub fn timeline_lines(s: &Subject, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let mut doc = Doc::new(ctx);
    let hist = breach_histogram(s, ctx.today, ctx.config.breach_chart_months);
    let total: u32 = hist.iter().map(|(_, n)| n).sum();
    let heading = format!(
        "Breaches per month, last {} months: {total} in total",
        hist.len()
    );
    doc.heading(&heading);
    if total == 0 {
        doc.push(
            2,
            0,
            vec![span("(no breaches in this period)", doc.theme().dim)],
        );
    } else {
        chart(&mut doc, &hist);
    }
    events(&mut doc, s, ctx);
    doc.finish()
}

/// The chart, the fewer-columns chart or the one-line list, whichever fits `doc.width()`.
fn chart(doc: &mut Doc, hist: &[(NaiveDate, u32)]) {
    let max = hist.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let digits = max.to_string().len();
    let w = doc.width();
    let fits = |col: usize, n: usize| w == 0 || (n * (col + 1)).saturating_sub(1) <= w;
    let wide = digits.max(3);
    let narrow = digits;
    let (col, shown) = if fits(wide, hist.len()) {
        (wide, hist.len())
    } else if fits(narrow, hist.len()) {
        (narrow, hist.len())
    } else {
        (narrow, (w + 1) / (narrow + 1))
    };
    if shown < MIN_COLUMNS.min(hist.len()) || shown == 0 {
        one_line(doc, hist);
        return;
    }
    let cols = &hist[hist.len() - shown..];
    let theme = doc.theme();
    let block = if theme.plain { "#" } else { "█" };
    let rows = max.min(CHART_ROWS);
    for row in (1..=rows).rev() {
        let mut spans = Vec::new();
        for (i, (_, n)) in cols.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            let height = (n * rows).div_ceil(max.max(1));
            if height >= row {
                spans.push(Span::styled(block.repeat(col), theme.warn));
            } else {
                spans.push(Span::raw(" ".repeat(col)));
            }
        }
        doc.push_line(trimmed(spans), 0);
    }
    let counts: Vec<Span<'static>> = cols
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let text = format!("{}{n:<col$}", if i > 0 { " " } else { "" });
            span(&text, if *n > 0 { theme.base } else { theme.dim })
        })
        .collect();
    doc.push_line(trimmed(counts), 0);
    let months: Vec<String> = cols
        .iter()
        .map(|(m, _)| {
            let label = m.format("%b").to_string();
            let label = if col >= 3 {
                label
            } else {
                label.chars().take(1).collect()
            };
            pad(&label, col)
        })
        .collect();
    doc.push(0, 0, vec![span(months.join(" ").trim_end(), theme.base)]);
    let years = year_markers(cols, col);
    doc.push(0, 0, vec![span(years.trim_end(), theme.dim)]);
    if shown < hist.len() {
        let note = format!("(last {shown} of {} months shown)", hist.len());
        doc.push(0, 0, vec![span(&note, theme.dim)]);
    }
}

/// The spans of a chart row without trailing blanks.
fn trimmed(mut spans: Vec<Span<'static>>) -> Line<'static> {
    while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
        spans.pop();
    }
    if let Some(last) = spans.last_mut() {
        let kept = last.content.trim_end().to_string();
        last.content = kept.into();
    }
    Line::from(spans)
}

/// `'25` under the first column and under every January, never overlapping, never past the end.
fn year_markers(cols: &[(NaiveDate, u32)], col: usize) -> String {
    let total = (cols.len() * (col + 1)).saturating_sub(1);
    let mut buf = vec![' '; total];
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut place = |at: usize, date: NaiveDate| {
        let text: Vec<char> = format!("'{:02}", date.year().rem_euclid(100))
            .chars()
            .collect();
        if text.len() > total {
            return;
        }
        let at = at.min(total - text.len());
        let end = at + text.len();
        if taken.iter().any(|&(s, e)| at <= e && s <= end) {
            return;
        }
        buf[at..end].copy_from_slice(&text);
        taken.push((at, end));
    };
    for (i, (m, _)) in cols.iter().enumerate() {
        if m.month() == 1 {
            place(i * (col + 1), *m);
        }
    }
    if let Some((first, _)) = cols.first() {
        place(0, *first);
    }
    buf.into_iter().collect()
}

/// `Jun 25: 1, Jul 25: 0, ...`, wrapped.
fn one_line(doc: &mut Doc, hist: &[(NaiveDate, u32)]) {
    let text = hist
        .iter()
        .map(|(m, n)| format!("{}: {n}", m.format("%b %y")))
        .collect::<Vec<_>>()
        .join(", ");
    doc.push(0, 0, vec![span(&text, doc.theme().base)]);
}

/// Every event, newest first; future ones marked, with a "today" divider before the past.
fn events(doc: &mut Doc, s: &Subject, ctx: &ViewCtx) {
    let theme = doc.theme();
    doc.heading("Events, newest first");
    let all = timeline(s, ctx.config.notification_days);
    if all.is_empty() {
        doc.none(2);
    }
    let mut divider_done = false;
    for e in &all {
        let upcoming = e.date > ctx.today;
        if !upcoming && !divider_done {
            if all.first().is_some_and(|f| f.date > ctx.today) {
                let text = format!("-- today, {} --", fmt_date(ctx.today));
                doc.push(0, 0, vec![span(&text, theme.dim)]);
            }
            divider_done = true;
        }
        let breach = e.kind == EventKind::Breach;
        let style = if breach { theme.alert } else { theme.base };
        let time = e
            .time
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default();
        let mut spans = vec![
            span(
                &format!("{} {} ", pad(&fmt_date(e.date), DATE_W), pad(&time, 5)),
                style,
            ),
            span(
                e.kind.marker(),
                if breach { theme.alert } else { theme.title },
            ),
            span(" ", style),
        ];
        if upcoming {
            spans.push(span("(upcoming) ", theme.warn));
        }
        spans.push(span(&e.text, style));
        doc.push_line(Line::from(spans), DATE_W + 1 + 5 + 1 + 6 + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::fixtures::*;

    /// The chart's count row, as numbers.
    fn count_row(lines: &[String]) -> Vec<u32> {
        let at = lines
            .iter()
            .position(|l| l.starts_with("Events"))
            .unwrap_or(0);
        lines[..at]
            .iter()
            .find(|l| {
                let t = l.trim();
                !t.is_empty() && t.split_whitespace().all(|w| w.parse::<u32>().is_ok())
            })
            .map(|l| {
                l.split_whitespace()
                    .filter_map(|w| w.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn chart_counts_match_the_breaches() {
        let env = Env::new();
        let lines = plain(&timeline_lines(&sample_subject(), &env.ctx(80)));
        assert_eq!(lines[0], "Breaches per month, last 18 months: 3 in total");
        let counts = count_row(&lines);
        let mut expected = vec![0; 18];
        expected[11] = 2; // May 2026
        expected[17] = 1; // Nov 2026
        assert_eq!(counts, expected, "{lines:#?}");
        let text = lines.join("\n");
        assert!(
            text.contains("Jun Jul Aug Sep Oct Nov Dec Jan Feb"),
            "{text}"
        );
        assert!(
            text.contains(&format!("'25{}'26", " ".repeat(25))),
            "{text}"
        );
        assert!(text.contains("███"), "{text}");
        assert_fits(&timeline_lines(&sample_subject(), &env.ctx(80)), 80);
    }

    #[test]
    fn narrow_chart_shows_fewer_months_then_one_line() {
        let env = Env::new();
        let lines = plain(&timeline_lines(&sample_subject(), &env.ctx(20)));
        assert_eq!(count_row(&lines), vec![0, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
        assert!(lines.join(" ").contains("(last 10 of 18 months shown)"));
        let lines = plain(&timeline_lines(&sample_subject(), &env.ctx(10)));
        assert!(lines.join(" ").contains("May 26: 2"), "{lines:#?}");
    }

    #[test]
    fn two_digit_counts_and_plain_theme_bars() {
        let mut env = Env::new();
        env.theme = env.theme.with_plain(true);
        let mut s = sample_subject();
        let extra = s.breaches[3].clone();
        s.breaches.extend(std::iter::repeat_n(extra, 11));
        for w in [80u16, 40] {
            let lines = timeline_lines(&s, &env.ctx(w));
            let text = plain(&lines);
            assert_eq!(count_row(&text).last(), Some(&12), "{text:#?}");
            assert!(text.iter().any(|l| l.contains('#')) && !joined(&lines).contains('█'));
            assert_fits(&lines, usize::from(w));
        }
    }

    #[test]
    fn no_width_panics_or_overflows() {
        let env = Env::new();
        for w in [0u16, 1, 2, 5, 10, 11, 20, 35, 36, 71, 200] {
            let lines = timeline_lines(&sample_subject(), &env.ctx(w));
            assert_no_controls(&lines);
            if w > 0 {
                assert_fits(&lines, usize::from(w));
            }
        }
    }

    #[test]
    fn events_newest_first_with_upcoming_and_breach_style() {
        let env = Env::new();
        let lines = timeline_lines(&sample_subject(), &env.ctx(120));
        let text = plain(&lines);
        let first = text
            .iter()
            .position(|l| l.contains("SPO ends"))
            .unwrap_or(0);
        assert!(text[first].starts_with("1 Feb 2028"), "{text:#?}");
        assert!(text[first].contains("ORDER  (upcoming) SPO ends"));
        let divider = text
            .iter()
            .position(|l| l.starts_with("-- today"))
            .unwrap_or(0);
        let breach = text
            .iter()
            .position(|l| l.contains("14 messages"))
            .unwrap_or(0);
        assert!(first < divider && divider < breach, "{text:#?}");
        assert!(text[breach].starts_with("19 Nov 2026 21:40 BREACH Breach of SPO"));
        assert!(
            lines[breach]
                .spans
                .iter()
                .all(|s| s.style == env.theme.alert)
        );
        assert!(
            text.iter()
                .any(|l| l.contains("NOTIFY (upcoming) SPO: new name due"))
        );
    }

    #[test]
    fn long_event_text_hangs_under_the_text_column() {
        let env = Env::new();
        let text = plain(&timeline_lines(&sample_subject(), &env.ctx(60)));
        let at = text.iter().position(|l| l.contains("(victim report)"));
        let at = at.unwrap_or(0);
        assert!(text[at + 1].starts_with(&" ".repeat(25)), "{text:#?}");
    }

    #[test]
    fn empty_subject_has_no_breaches_and_no_events() {
        let env = Env::new();
        let text = joined(&timeline_lines(&empty_subject(), &env.ctx(80)));
        assert!(text.contains("0 in total"));
        assert!(text.contains("(no breaches in this period)"));
        assert!(text.contains("(none recorded)"));
    }
}
