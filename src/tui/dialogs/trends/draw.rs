//! Drawing the Trends view: the unit's figures (`domain::stats`) over the whole screen.
//!
//! Aggregates only: no subject is named (officers in "overdue work" are staff). The figures are
//! computed when the view opens ([`super::Trends`]); this file only lays them out.
//! From 80x24 up: the title bar, a bordered panel and the status bar; from 112 columns (110
//! inside the border) the panel has two columns (breach chart and officers left, the other
//! figures right). Below 80x24 a compact single column without borders, down to any size.
//! Everything scrolls.
//!
//! The breach chart has a row per month: a bar whose segments stand for the top order kinds or
//! condition categories, each drawn with its own character (`█ ▓ ▒ ░ +`, or `# = + - .` under
//! the plain theme) and named in the key, so no meaning rests on colour.
use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Breakdown, Trends};
use crate::domain::{Stats, fmt_date};
use crate::text::{pad, truncate};
use crate::tui::action::Action;
use crate::tui::component::Paint;
use crate::tui::keymap::Layer;
use crate::tui::theme::Theme;
use crate::tui::views::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::views::text::{span, wrap_line};
use crate::tui::views::widgets::block;

/// Most series a chart shows; the rest are added up as "other".
const SERIES: usize = 5;

/// Widest bar, in cells.
const BAR_MAX: usize = 40;

/// Inner width from which the panel has two columns.
const TWO_COLUMNS: u16 = 110;

/// Where the parts go on a screen of `size`.
struct Place {
    /// The title bar and the status bar (full layout only).
    bars: Option<(Rect, Rect)>,
    /// The bordered panel (full layout only).
    panel: Option<Rect>,
    /// The heading row of the compact layout.
    heading: Option<Rect>,
    /// One or two columns of text.
    columns: Vec<Rect>,
}

fn place(size: Rect) -> Place {
    if size.width >= MIN_WIDTH && size.height >= MIN_HEIGHT {
        let title = Rect::new(size.x, size.y, size.width, 1);
        let status = Rect::new(size.x, size.y + size.height - 1, size.width, 1);
        let panel = Rect::new(size.x, size.y + 1, size.width, size.height - 2);
        let inner = Rect::new(
            panel.x + 1,
            panel.y + 1,
            panel.width - 2,
            panel.height.saturating_sub(2),
        );
        let columns = if inner.width >= TWO_COLUMNS {
            let left = inner.width * 55 / 100;
            vec![
                Rect::new(inner.x, inner.y, left - 2, inner.height),
                Rect::new(inner.x + left, inner.y, inner.width - left, inner.height),
            ]
        } else {
            vec![inner]
        };
        Place {
            bars: Some((title, status)),
            panel: Some(panel),
            heading: None,
            columns,
        }
    } else {
        let heading = Rect::new(size.x, size.y, size.width, size.height.min(1));
        let body = Rect::new(
            size.x,
            size.y + heading.height,
            size.width,
            size.height - heading.height,
        );
        Place {
            bars: None,
            panel: None,
            heading: Some(heading),
            columns: vec![body],
        }
    }
}

/// The text of each column for `place`.
fn columns(theme: &Theme, v: &Trends, place: &Place) -> Vec<Vec<Line<'static>>> {
    let s = &v.stats;
    match place.columns.as_slice() {
        [left, right] => {
            let mut l = chart_lines(theme, s, v.breakdown, usize::from(left.width));
            l.push(Line::default());
            l.extend(officer_lines(theme, s, usize::from(left.width)));
            vec![l, figure_lines(theme, s, usize::from(right.width))]
        }
        [one] => {
            let w = usize::from(one.width);
            let mut all = figure_lines(theme, s, w);
            all.push(Line::default());
            all.extend(chart_lines(theme, s, v.breakdown, w));
            all.push(Line::default());
            all.extend(officer_lines(theme, s, w));
            vec![all]
        }
        _ => Vec::new(),
    }
}

/// Draw the view over the whole screen. Never panics at any size.
pub fn draw(frame: &mut Frame, p: &Paint<'_>, v: &Trends) {
    let size = p.screen;
    if size.width == 0 || size.height == 0 {
        return;
    }
    let t = p.theme;
    frame.render_widget(Clear, size);
    let place = place(size);
    if let Some((title, status)) = place.bars {
        frame.render_widget(Paragraph::new(p.title.clone()).style(t.base), title);
        frame.render_widget(Paragraph::new(p.status.clone()), status);
    }
    let close = p
        .keymap
        .hint(Layer::Normal, Action::Cancel)
        .unwrap_or_default();
    let cols = columns(t, v, &place);
    let longest = cols.iter().map(Vec::len).max().unwrap_or(0);
    let height = place.columns.first().map_or(0, |r| r.height);
    let scroll = v.scroll.fit(longest, height);
    let more = crate::tui::scroll::max_offset(longest, height) > scroll;
    if let Some(panel) = place.panel {
        let text = format!(
            "Trends: unit figures on {}, {} subjects{} ({close} closes)",
            fmt_date(v.stats.today),
            v.stats.subjects,
            archived_note(v.archived)
        );
        let mut b = block(t, text, true);
        if more {
            let down = p
                .keymap
                .hint(Layer::Normal, Action::MoveDown)
                .unwrap_or_default();
            b = b.title_bottom(Line::styled(format!(" more below ({down}) "), t.key));
        }
        frame.render_widget(b, panel);
    }
    if let Some(heading) = place.heading {
        let text = format!(
            "Trends {} ({close} closes)",
            v.stats.today.format("%d/%m/%y")
        );
        frame.render_widget(Paragraph::new(Line::styled(text, t.heading)), heading);
    }
    for (area, lines) in place.columns.iter().zip(cols) {
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), *area);
    }
}

fn archived_note(archived: usize) -> String {
    match archived {
        0 => String::new(),
        n => format!(" ({n} archived left out)"),
    }
}

/// A heading line, wrapped.
fn heading(out: &mut Vec<Line<'static>>, theme: &Theme, text: &str, width: usize) {
    if !out.is_empty() {
        out.push(Line::default());
    }
    out.extend(wrap_line(Line::from(span(text, theme.heading)), width, 2));
}

/// `  label ....... n`, wrapped on a narrow column.
fn row(out: &mut Vec<Line<'static>>, theme: &Theme, label: &str, value: String, width: usize) {
    let label_w = 24.min(width.saturating_sub(8)).max(label.len().min(12));
    let line = Line::from(vec![
        span(&format!("  {}", pad(label, label_w)), theme.base),
        span(&format!(" {value:>5}"), theme.key),
    ]);
    out.extend(wrap_line(line, width, 4));
}

/// Everything but the chart and the officers: live orders, orders ending, reviews, risk and
/// breach to re-assessment.
pub fn figure_lines(theme: &Theme, s: &Stats, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let live: u32 = s.live_orders.iter().map(|(_, n)| n).sum();
    heading(&mut out, theme, &format!("Live orders: {live}"), width);
    if s.live_orders.is_empty() {
        row(&mut out, theme, "none", String::new(), width);
    }
    for (kind, n) in &s.live_orders {
        row(&mut out, theme, kind, n.to_string(), width);
    }
    heading(&mut out, theme, "Live orders ending", width);
    for (days, n) in &s.ending_within {
        row(
            &mut out,
            theme,
            &format!("within {days} days"),
            n.to_string(),
            width,
        );
    }
    let months = s.breaches_by_month.len();
    heading(
        &mut out,
        theme,
        &format!("Reviews, last {months} months"),
        width,
    );
    let done = s.reviews_on_time + s.reviews_late;
    row(
        &mut out,
        theme,
        "on time",
        s.reviews_on_time.to_string(),
        width,
    );
    row(&mut out, theme, "late", s.reviews_late.to_string(), width);
    let pct = if done == 0 {
        "(no reviews fell due)".to_string()
    } else {
        let p = (u64::from(s.reviews_on_time) * 100 + u64::from(done) / 2) / u64::from(done);
        format!("{p}% on time")
    };
    out.extend(wrap_line(
        Line::from(span(&format!("  {pct}"), theme.base)),
        width,
        4,
    ));
    heading(&mut out, theme, "Subjects by current risk", width);
    if s.subjects_by_risk.is_empty() {
        row(&mut out, theme, "none", String::new(), width);
    }
    for (level, n) in &s.subjects_by_risk {
        row(&mut out, theme, level, n.to_string(), width);
    }
    heading(&mut out, theme, "Breach to re-assessment", width);
    let avg = match s.breach_to_reassessment_days {
        Some(d) => format!(
            "  average {d:.1} days over {} breaches",
            s.breaches_reassessed
        ),
        None => "  no breach has been re-assessed yet".to_string(),
    };
    out.extend(wrap_line(Line::from(span(&avg, theme.base)), width, 4));
    row(
        &mut out,
        theme,
        "awaiting re-assessment",
        s.breaches_awaiting_reassessment.to_string(),
        width,
    );
    out
}

/// The characters the segments of a bar are drawn with, one per series.
fn glyphs(theme: &Theme) -> [&'static str; SERIES] {
    if theme.plain {
        ["#", "=", "+", "-", "."]
    } else {
        ["█", "▓", "▒", "░", "+"]
    }
}

/// The series of the chart for `breakdown`: the top ones by total, the rest added up as
/// "other" (`true` when that was done).
fn series(s: &Stats, breakdown: Breakdown) -> (Vec<(String, u32)>, bool) {
    let mut totals: BTreeMap<&str, u32> = BTreeMap::new();
    for m in &s.breaches_by_month {
        for (k, n) in counts(m, breakdown) {
            *totals.entry(k).or_default() += n;
        }
    }
    let mut all: Vec<(String, u32)> = totals
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if all.len() > SERIES {
        let rest: u32 = all[SERIES - 1..].iter().map(|(_, n)| n).sum();
        all.truncate(SERIES - 1);
        all.push(("other".to_string(), rest));
        return (all, true);
    }
    (all, false)
}

fn counts(m: &crate::domain::MonthBreaches, breakdown: Breakdown) -> &BTreeMap<String, u32> {
    match breakdown {
        Breakdown::OrderKind => &m.by_order_kind,
        Breakdown::Category => &m.by_category,
    }
}

/// One month's count per series, in the order of `series`; with `other` the last takes the
/// rest.
fn split(
    m: &crate::domain::MonthBreaches,
    breakdown: Breakdown,
    series: &[(String, u32)],
    other: bool,
) -> Vec<u32> {
    let c = counts(m, breakdown);
    let named = if other {
        series.len().saturating_sub(1)
    } else {
        series.len()
    };
    let mut out: Vec<u32> = series[..named]
        .iter()
        .map(|(k, _)| c.get(k).copied().unwrap_or(0))
        .collect();
    if other {
        let shown: u32 = out.iter().sum();
        let all: u32 = c.values().sum();
        out.push(all.saturating_sub(shown));
    }
    out
}

/// Lengths of the segments of one bar: cumulative rounding, so the bar is as long as its total
/// scaled, and any month with breaches shows at least one cell.
fn segments(parts: &[u32], max: u32, bar: usize) -> Vec<usize> {
    let total: u32 = parts.iter().sum();
    if max == 0 || total == 0 || bar == 0 {
        return vec![0; parts.len()];
    }
    let scale = |n: u32| (n as usize * bar).div_ceil(max as usize).min(bar);
    let mut out = Vec::with_capacity(parts.len());
    let (mut cum, mut drawn) = (0u32, 0usize);
    for p in parts {
        cum += p;
        let end = scale(cum).max(usize::from(cum > 0));
        out.push(end.saturating_sub(drawn));
        drawn = drawn.max(end);
    }
    out
}

/// The breach chart: a heading, a row per month (oldest first) and the key.
pub fn chart_lines(
    theme: &Theme,
    s: &Stats,
    breakdown: Breakdown,
    width: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let total: u32 = s.breaches_by_month.iter().map(|m| m.total).sum();
    heading(
        &mut out,
        theme,
        &format!(
            "Breaches per month, last {} months, {}: {total} in total",
            s.breaches_by_month.len(),
            breakdown.label()
        ),
        width,
    );
    let (series, other) = series(s, breakdown);
    let glyphs = glyphs(theme);
    let styles = [theme.warn, theme.title, theme.key, theme.ok, theme.base];
    let rows: Vec<Vec<u32>> = s
        .breaches_by_month
        .iter()
        .map(|m| split(m, breakdown, &series, other))
        .collect();
    let max = rows
        .iter()
        .map(|r| r.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let digits = s
        .breaches_by_month
        .iter()
        .map(|m| m.total)
        .max()
        .unwrap_or(0)
        .to_string()
        .len();
    // "  Nov 26  12 " then the bar.
    let prefix = 2 + 6 + 1 + digits + 1;
    let bar = width.saturating_sub(prefix).min(BAR_MAX);
    for (m, parts) in s.breaches_by_month.iter().zip(&rows) {
        let label = m.month.format("%b %y").to_string();
        let mut spans = vec![
            span(&format!("  {label} "), theme.base),
            span(
                &format!("{:>digits$} ", m.total),
                if m.total > 0 { theme.key } else { theme.dim },
            ),
        ];
        if bar >= 4 {
            for (i, len) in segments(parts, max, bar).into_iter().enumerate() {
                if len > 0 {
                    spans.push(Span::styled(glyphs[i].repeat(len), styles[i]));
                }
            }
        }
        out.push(Line::from(spans));
    }
    if series.is_empty() {
        out.push(Line::from(span(
            "  (no breaches in this period)",
            theme.dim,
        )));
        return out;
    }
    let mut key = vec![span("  Key: ", theme.dim)];
    for (i, (name, n)) in series.iter().enumerate() {
        if i > 0 {
            key.push(Span::raw("  "));
        }
        key.push(Span::styled(glyphs[i], styles[i]));
        key.push(span(&format!(" {name} {n}"), theme.base));
    }
    out.extend(wrap_line(Line::from(key), width, 4));
    if breakdown == Breakdown::Category {
        out.extend(wrap_line(
            Line::from(span(
                "  A breach of conditions in two categories counts in each.",
                theme.dim,
            )),
            width,
            4,
        ));
    }
    out
}

/// Overdue work by officer: a table when it fits, else a line per officer.
pub fn officer_lines(theme: &Theme, s: &Stats, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    heading(&mut out, theme, "Overdue work by officer", width);
    if s.overdue_by_officer.is_empty() {
        out.push(Line::from(span("  none", theme.dim)));
        return out;
    }
    const COLS: [&str; 5] = ["subjects", "reviews", "notices", "tactics", "breaches"];
    let numbers = COLS.iter().map(|c| c.len() + 1).sum::<usize>();
    let name_w = width.saturating_sub(2 + numbers).min(28);
    if name_w >= 10 {
        let mut head = format!("  {}", pad("officer", name_w));
        for c in COLS {
            head.push_str(&format!(" {c}"));
        }
        out.push(Line::from(span(&head, theme.dim)));
        for w in &s.overdue_by_officer {
            let values = [
                w.subjects,
                w.reviews_overdue,
                w.notifications_overdue,
                w.tactical_options_overdue,
                w.breaches_not_reassessed,
            ];
            let mut spans = vec![span(
                &format!(
                    "  {}",
                    pad(&truncate(&crate::text::line(&w.officer), name_w), name_w)
                ),
                theme.base,
            )];
            for (c, n) in COLS.iter().zip(values) {
                spans.push(span(&format!(" {n:>w$}", w = c.len()), theme.key));
            }
            out.push(Line::from(spans));
        }
    } else {
        for w in &s.overdue_by_officer {
            let text = format!(
                "  {}: {} subjects (reviews {}, notices {}, tactics {}, breaches {})",
                w.officer,
                w.subjects,
                w.reviews_overdue,
                w.notifications_overdue,
                w.tactical_options_overdue,
                w.breaches_not_reassessed
            );
            out.extend(wrap_line(Line::from(span(&text, theme.base)), width, 4));
        }
    }
    out.extend(wrap_line(
        Line::from(span(
            "  subjects with a review, notification or tactical option overdue, or a breach not re-assessed",
            theme.dim,
        )),
        width,
        4,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats;
    use crate::tui::views::fixtures::*;

    fn figures(officer: &str) -> Stats {
        let mut s = sample_subject();
        s.officer = Some(officer.to_string());
        let env = Env::new();
        stats(&[s], &env.config, today(), 18)
    }

    fn all_lines(theme: &Theme, s: &Stats, b: Breakdown, w: usize) -> Vec<Line<'static>> {
        let mut out = figure_lines(theme, s, w);
        out.extend(chart_lines(theme, s, b, w));
        out.extend(officer_lines(theme, s, w));
        out
    }

    #[test]
    fn segments_add_up_to_the_scaled_total_and_show_any_breach() {
        assert_eq!(segments(&[0, 0], 5, 40), vec![0, 0]);
        assert_eq!(segments(&[2, 3], 5, 40), vec![16, 24]);
        assert_eq!(segments(&[1, 0], 1000, 40), vec![1, 0]);
        for parts in [[1u32, 2, 3], [7, 0, 1], [0, 0, 9]] {
            let total: u32 = parts.iter().sum();
            let seg = segments(&parts, 10, 30);
            let len: usize = seg.iter().sum();
            assert_eq!(len, (total as usize * 30).div_ceil(10).min(30), "{parts:?}");
        }
    }

    #[test]
    fn more_than_five_series_keep_the_top_four_and_add_up_the_rest() {
        let mut s = figures("DC One");
        for m in &mut s.breaches_by_month {
            m.by_category.clear();
        }
        let m = &mut s.breaches_by_month[17];
        for (i, c) in ["a", "b", "c", "d", "e", "f", "g"].iter().enumerate() {
            m.by_category.insert((*c).to_string(), 7 - i as u32);
        }
        let (series, other) = series(&s, Breakdown::Category);
        assert!(other);
        let names: Vec<&str> = series.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "other"]);
        assert_eq!(series[4].1, 3 + 2 + 1);
        assert_eq!(
            split(&s.breaches_by_month[17], Breakdown::Category, &series, true),
            vec![7, 6, 5, 4, 6]
        );
        let text = joined(&chart_lines(&Theme::mono(), &s, Breakdown::Category, 100));
        assert!(text.contains("+ other 6"), "{text}");
    }

    #[test]
    fn plain_theme_draws_ascii_bars_and_the_key_names_them() {
        let s = figures("DC One");
        let theme = Theme::mono().with_plain(true);
        let text = joined(&chart_lines(&theme, &s, Breakdown::OrderKind, 80));
        assert!(text.contains('#') && !text.contains('█'), "{text}");
        assert!(text.contains("Key: # SPO"), "{text}");
    }

    #[test]
    fn stored_text_is_sanitised_and_lines_fit_any_width() {
        let s = figures("DC \u{1b}[31mRed\u{7}");
        let theme = Theme::color();
        for b in [Breakdown::OrderKind, Breakdown::Category] {
            for w in [11usize, 15, 20, 33, 40, 56, 80, 120, 200] {
                let lines = all_lines(&theme, &s, b, w);
                assert_no_controls(&lines);
                assert_fits(&lines, w);
            }
            for w in [0usize, 1, 5] {
                assert_no_controls(&all_lines(&theme, &s, b, w));
            }
        }
        let text = joined(&officer_lines(&theme, &s, 120));
        assert!(text.contains("DC ^[[31mRed^G"), "{text}");
    }
}
