//! The screens and dialogs of access control: the lock screen, the reason asked before a record
//! is opened, the audit trail, and the boxed panel the login and lock screens share.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::widgets::{block, centered};
use crate::tui::app::{App, AuditView, LockScreen, ReasonDialog};
use crate::tui::theme::Theme;

/// A passphrase as typed, masked: one `*` per character.
pub fn masked(text: &str) -> String {
    "*".repeat(text.chars().count())
}

/// A titled box of `lines` centred on a cleared screen; when the screen is too small for the
/// box, the `compact` lines alone, one row each from the top left, cut at the right edge (never
/// a panic, at any size).
pub fn panel(
    frame: &mut Frame,
    theme: &Theme,
    title: &str,
    lines: Vec<Line<'static>>,
    compact: Vec<Line<'static>>,
) {
    let area = frame.area();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new("").style(theme.base), area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let width = area.width.min(80);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let needed: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let height = u16::try_from(needed + 2).unwrap_or(u16::MAX);
    if area.width < 40 || height > area.height {
        frame.render_widget(Paragraph::new(compact).style(theme.base), area);
        return;
    }
    let boxed = centered(area, width, height);
    let b = block(theme, title.to_string(), true);
    let inner = b.inner(boxed);
    frame.render_widget(b, boxed);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A labelled input line: `> Label: value_` when focused.
pub fn field_line(theme: &Theme, label: &str, value: &str, focused: bool) -> Line<'static> {
    let marker = if focused { "> " } else { "  " };
    let mut spans = vec![
        Span::styled(format!("{marker}{label}: "), theme.heading),
        Span::raw(value.to_string()),
    ];
    if focused {
        spans.push(Span::styled("_", theme.key));
    }
    Line::from(spans)
}

fn error_line(theme: &Theme, error: &Option<String>) -> Option<Line<'static>> {
    error
        .as_ref()
        .map(|e| Line::styled(crate::text::line(e).into_owned(), theme.warn))
}

/// The lock screen: nothing of the data, only who is logged in and the passphrase box.
pub fn lock(frame: &mut Frame, app: &App, lock: &LockScreen) {
    let t = &app.theme;
    let minutes = app.config.idle_lock_minutes;
    let who = app.who();
    let pass = field_line(t, "Passphrase", &masked(&lock.passphrase), true);
    let mut lines = vec![
        Line::styled("spmp is locked", t.heading),
        Line::raw(format!(
            "No key was pressed for {minutes} minute{}: the screen was cleared. Your work, \
             including any open form, is kept.",
            if minutes == 1 { "" } else { "s" }
        )),
        Line::raw(""),
        Line::from(vec![
            Span::styled("  User: ", t.heading),
            Span::raw(who.clone()),
        ]),
        pass,
    ];
    let mut compact = vec![
        Line::styled("spmp locked", t.heading),
        field_line(t, "Pass", &masked(&lock.passphrase), true),
    ];
    if let Some(e) = error_line(t, &lock.error) {
        lines.push(Line::raw(""));
        lines.push(e.clone());
        compact.push(e);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "enter unlock  esc clear  ctrl-c quit (an open form is kept as a draft)",
        t.dim,
    ));
    compact.push(Line::raw(format!("User: {who}")));
    panel(frame, t, "Locked", lines, compact);
}

/// The reason asked before a record found by search (or in the full list) is opened.
pub fn reason(frame: &mut Frame, screen: Rect, app: &App, d: &ReasonDialog) {
    let t = &app.theme;
    let mut lines = vec![
        Line::raw(format!(
            "{}: the reason is recorded in the audit log with your name.",
            crate::text::line(&d.name)
        )),
        field_line(t, "Reason", &crate::text::line(&d.reason), true),
    ];
    if let Some(e) = error_line(t, &d.error) {
        lines.push(e);
    }
    lines.push(Line::styled(
        "enter open the record  esc cancel (not opened)",
        t.dim,
    ));
    let width = 76.min(screen.width);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let area = centered(screen, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    frame.render_widget(Clear, area);
    let b = block(t, "Why are you opening this record?".to_string(), true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The lines of the audit trail view.
fn audit_lines(t: &Theme, a: &AuditView, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if a.entries.is_empty() {
        lines.push(Line::styled(
            "Nothing recorded for this subject yet.",
            t.dim,
        ));
    }
    for e in &a.entries {
        let at = e.at.get(..19).unwrap_or(&e.at).replace('T', " ");
        lines.push(Line::from(vec![
            Span::styled(format!("{at} UTC"), t.heading),
            Span::raw("  "),
            Span::styled(crate::text::line(&e.actor).into_owned(), t.key),
            Span::raw("  "),
            Span::styled(e.kind.label().to_string(), Style::default()),
            Span::raw(": "),
            Span::raw(crate::text::line(&e.what).into_owned()),
        ]));
        let mut detail = Vec::new();
        if let Some(j) = &e.justification {
            detail.push(format!("why: {}", crate::text::line(j)));
        }
        if let Some(r) = &e.recipient {
            detail.push(format!("to: {}", crate::text::line(r)));
        }
        for d in detail {
            lines.extend(super::text::wrap_line(
                Line::styled(format!("    {d}"), t.dim),
                width,
                6,
            ));
        }
    }
    lines
}

/// The number of lines the audit trail shows (for scrolling).
pub fn audit_len(a: &AuditView) -> usize {
    a.entries
        .iter()
        .map(|e| 1 + usize::from(e.justification.is_some()) + usize::from(e.recipient.is_some()))
        .sum::<usize>()
        .max(1)
}

pub fn audit(frame: &mut Frame, screen: Rect, app: &App, a: &AuditView) {
    let t = &app.theme;
    let area = centered(screen, 110, screen.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let title = format!(
        "Audit trail: {} ({} entries)",
        crate::text::line(&a.name),
        a.entries.len()
    );
    let b = block(t, title, true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = audit_lines(t, a, usize::from(inner.width));
    let scroll = a
        .scroll
        .min(super::detail::max_scroll(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
