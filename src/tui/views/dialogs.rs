//! Dialogs over the main screen: pickers, confirmations, history, drafts, and the form frame.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::widgets::{block, centered};
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, DraftsView, HistoryView, Picker};
use crate::tui::keymap::Layer;

/// "key label" hints for a dialog, keys from the effective keymap.
fn hints(app: &App, layer: Layer, pairs: &[(Action, &str)]) -> String {
    pairs
        .iter()
        .filter_map(|(a, label)| app.keymap.hint(layer, *a).map(|k| format!("{k} {label}")))
        .collect::<Vec<_>>()
        .join("  ")
}

/// Hints for the open form or wizard step.
pub fn form_hints(app: &App, wizard: bool) -> String {
    let save = if wizard { "next step / save" } else { "save" };
    let mut pairs = vec![
        (Action::Save, save),
        (Action::NextField, "next field"),
        (Action::PrevField, "previous"),
    ];
    if wizard {
        pairs.push((Action::PrevStep, "back a step"));
    }
    pairs.push((Action::Cancel, "cancel"));
    hints(app, Layer::Input, &pairs)
}

fn list_lines(app: &App, labels: &[String], selected: usize, height: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let start = super::list::offset(selected, height);
    labels
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, label)| {
            let marker = if i == selected { "> " } else { "  " };
            let line = Line::raw(format!("{marker}{}", crate::text::line(label)));
            if i == selected {
                line.style(t.selected)
            } else {
                line
            }
        })
        .collect()
}

pub fn picker(frame: &mut Frame, screen: Rect, app: &App, p: &Picker) {
    let height = (p.labels.len() as u16)
        .saturating_add(4)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, 90, height.max(6));
    frame.render_widget(Clear, area);
    let b = block(&app.theme, p.title.clone(), true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let rows = usize::from(inner.height.saturating_sub(1));
    let mut lines = list_lines(app, &p.labels, p.selected, rows);
    lines.push(Line::styled(
        hints(
            app,
            Layer::Normal,
            &[
                (Action::Open, "choose"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "cancel"),
            ],
        ),
        app.theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn confirm(frame: &mut Frame, screen: Rect, app: &App, c: &Confirm) {
    let area = centered(screen, 70, 7);
    frame.render_widget(Clear, area);
    let b = block(&app.theme, "Confirm".to_string(), true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = vec![
        Line::styled(crate::text::line(&c.message).into_owned(), app.theme.warn),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" y ", app.theme.key),
            Span::raw("yes    "),
            Span::styled(" n ", app.theme.key),
            Span::raw("no"),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

pub fn history(frame: &mut Frame, screen: Rect, app: &App, h: &HistoryView) {
    let t = &app.theme;
    let area = centered(screen, 110, screen.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let title = format!("History: {}", crate::text::line(&h.name));
    let b = block(t, title, true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let mut lines = Vec::new();
    if h.entries.is_empty() {
        lines.push(Line::styled("No changes recorded yet.", t.dim));
    }
    let width = usize::from(inner.width);
    for e in &h.entries {
        lines.push(Line::from(vec![
            Span::styled(crate::domain::fmt_datetime(e.at), t.heading),
            Span::raw("  "),
            Span::styled(crate::text::line(&e.actor).into_owned(), t.key),
            Span::raw("  "),
            Span::raw(crate::text::line(&e.summary).into_owned()),
        ]));
        for c in &e.changes {
            let text = format!(
                "{}: {} -> {}",
                c.path,
                if c.from.is_empty() {
                    "(empty)"
                } else {
                    &c.from
                },
                if c.to.is_empty() { "(empty)" } else { &c.to }
            );
            let line = Line::from(Span::styled(
                format!("    {}", crate::text::line(&text)),
                t.dim,
            ));
            lines.extend(super::text::wrap_line(line, width, 6));
        }
    }
    let scroll = h
        .scroll
        .min(super::detail::max_scroll(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The number of lines the history view shows (for scrolling).
pub fn history_len(h: &HistoryView) -> usize {
    h.entries
        .iter()
        .map(|e| 1 + e.changes.len())
        .sum::<usize>()
        .max(1)
}

pub fn drafts(frame: &mut Frame, screen: Rect, app: &App, d: &DraftsView) {
    let t = &app.theme;
    let height = (d.drafts.len() as u16)
        .saturating_add(6)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, 96, height.max(8));
    frame.render_widget(Clear, area);
    let b = block(t, "Unsaved drafts were found".to_string(), true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let mut lines = vec![
        Line::styled(
            "spmp kept these forms as you typed them. Restore one to finish it.",
            t.warn,
        ),
        Line::raw(""),
    ];
    let labels: Vec<String> = d
        .drafts
        .iter()
        .map(|x| {
            format!(
                "{}  (kept {})",
                x.label,
                crate::domain::fmt_datetime(x.updated)
            )
        })
        .collect();
    lines.extend(list_lines(
        app,
        &labels,
        d.selected,
        usize::from(inner.height.saturating_sub(3)),
    ));
    lines.push(Line::styled(
        format!(
            "{}  d discard",
            hints(
                app,
                Layer::Normal,
                &[(Action::Open, "restore"), (Action::Cancel, "later")]
            )
        ),
        t.dim,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The open form or wizard step, as a large dialog.
pub fn form(
    frame: &mut Frame,
    screen: Rect,
    app: &App,
    form: &crate::tui::form::FormState,
    wizard: bool,
) {
    let area = centered(screen, 110, screen.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    crate::tui::form::render(frame, area, form, &app.theme, &form_hints(app, wizard));
}
