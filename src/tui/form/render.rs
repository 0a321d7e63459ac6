//! Drawing a form: a bordered panel with context, form-wide faults, the visible fields, the
//! focused field's help and the app's key hints.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::draw::{self, Cols};
use super::state::FormState;
use crate::edit::FieldKind;
use crate::text as sanitize;
use crate::text::truncate;
use crate::tui::theme::Theme;
use crate::tui::views::text::wrap_line;

/// Draws `form` filling `area` (cleared first, so it can sit over other panes as a popup).
/// `hints` is the app's line of keys (built from its keymap), shown on the last row.
/// Never panics, whatever the size; draws only the fields that fit, scrolled to the focus.
pub fn render(frame: &mut Frame, area: Rect, form: &FormState, theme: &Theme, hints: &str) {
    let area = area.intersection(frame.area());
    if area.is_empty() {
        return;
    }
    frame.render_widget(Clear, area);
    let inner = Block::bordered().inner(area);
    let rows = Rows::new(form, inner, theme);
    let cols = Cols::new(form, inner, theme.plain);
    let heights: Vec<u16> = (0..form.fields().len())
        .map(|i| field_height(form, i, cols, theme))
        .collect();
    let (first, below) = visible(form, &heights, rows.fields.height);

    let mut panel = panel(theme, form.title());
    let (up, down) = if theme.plain {
        ("^", "v")
    } else {
        ("↑", "↓")
    };
    if first > 0 {
        panel = panel.title_top(Line::from(format!(" {up} {first} more ")).right_aligned());
    }
    if below > 0 {
        panel = panel.title_bottom(Line::from(format!(" {down} {below} more ")).right_aligned());
    }
    frame.render_widget(panel, area);

    let width = inner.width;
    for (k, line) in rows.context.into_iter().enumerate() {
        draw::put(frame, inner.x, inner.y + k as u16, width, line);
    }
    for (k, line) in rows.faults.into_iter().enumerate() {
        draw::put(frame, inner.x, rows.faults_y + k as u16, width, line);
    }
    let mut y = rows.fields.y;
    for (i, h) in heights.iter().enumerate().skip(first) {
        if y >= rows.fields.bottom() {
            break;
        }
        draw::field(frame, form, i, cols, y, rows.fields.bottom() - y, theme);
        y = y.saturating_add(*h);
    }
    if let Some(y) = rows.help_y {
        let help = help_text(form);
        draw::put(
            frame,
            inner.x,
            y,
            width,
            Line::from(Span::styled(truncate(&help, usize::from(width)), theme.dim)),
        );
    }
    if let Some(y) = rows.hints_y {
        let hints = truncate(&sanitize::line(hints), usize::from(width));
        draw::put(
            frame,
            inner.x,
            y,
            width,
            Line::from(Span::styled(hints, theme.base)),
        );
    }
}

/// The form's frame: thick borders in the focused style, and the title; in the screen-reader
/// mode (`--plain`) the title line alone, no border (a reader would read it out).
fn panel<'a>(theme: &Theme, title: &str) -> Block<'a> {
    let title = Line::from(Span::styled(
        format!(" {} ", sanitize::line(title)),
        theme.title,
    ));
    if theme.plain {
        return Block::default().title(title);
    }
    Block::bordered()
        .border_set(border::THICK)
        .border_style(theme.border_focused)
        .title(title)
}

/// The rows of the panel's inside, top to bottom.
struct Rows {
    context: Vec<Line<'static>>,
    faults_y: u16,
    faults: Vec<Line<'static>>,
    fields: Rect,
    help_y: Option<u16>,
    hints_y: Option<u16>,
}

impl Rows {
    /// Splits `inner`: hints on the last row (from 2 rows up), help above it (from 5), context
    /// and form-wide faults at the top (each at most a third of what is left), fields between.
    fn new(form: &FormState, inner: Rect, theme: &Theme) -> Rows {
        let h = inner.height;
        let hints_y = (h >= 2).then(|| inner.bottom() - 1);
        let help_y = (h >= 5).then(|| inner.bottom() - 2);
        let footer = u16::from(hints_y.is_some()) + u16::from(help_y.is_some());
        let rest = h - footer;
        let width = usize::from(inner.width);
        let mut context: Vec<Line<'static>> = Vec::new();
        if width > 0 {
            for text in &form.context {
                let line = Line::from(Span::styled(sanitize::line(text).into_owned(), theme.dim));
                context.extend(wrap_line(line, width, 2));
            }
        }
        if !context.is_empty() && rest >= 8 {
            let rule = if theme.plain { "-" } else { "─" };
            context.truncate(usize::from(rest / 3).saturating_sub(1));
            context.push(Line::from(Span::styled(rule.repeat(width), theme.dim)));
        } else {
            context.truncate(usize::from(rest / 3));
        }
        let mut faults: Vec<Line<'static>> = form
            .issues()
            .iter()
            .filter(|issue| issue.field.is_none())
            .flat_map(|issue| draw::fault(&issue.message, inner.width, theme))
            .collect();
        let room = usize::from(rest / 3).max(usize::from(rest >= 2));
        faults.truncate(room);
        let top = (context.len() + faults.len()) as u16;
        Rows {
            faults_y: inner.y + context.len() as u16,
            context,
            faults,
            fields: Rect::new(
                inner.x,
                inner.y + top,
                inner.width,
                rest.saturating_sub(top),
            ),
            help_y,
            hints_y,
        }
    }
}

/// Rows field `i` takes, its faults included.
fn field_height(form: &FormState, i: usize, cols: Cols, theme: &Theme) -> u16 {
    let Some(field) = form.fields().get(i) else {
        return 0;
    };
    let value = draw::value_rows(field, i == form.focus(), cols.value_w);
    let faults = draw::fault_lines(form, i, cols.err_w, theme).len() as u16;
    value.saturating_add(faults)
}

/// The first field to draw, so the focused one is visible (as much of it as fits), moving the
/// view as little as possible since the last frame; and how many fields are below the view
/// (not or not wholly drawn).
fn visible(form: &FormState, heights: &[u16], view: u16) -> (usize, usize) {
    let n = heights.len();
    if n == 0 {
        return (0, 0);
    }
    let focus = form.focus().min(n - 1);
    let sum =
        |from: usize, to: usize| -> u32 { heights[from..to].iter().map(|h| u32::from(*h)).sum() };
    let view = u32::from(view);
    let mut first = form.scroll.get().min(focus);
    while first < focus && sum(first, focus + 1) > view {
        first += 1;
    }
    while first > 0 && sum(first - 1, n) <= view {
        first -= 1;
    }
    form.scroll.set(first);
    let mut used = 0;
    let mut shown = 0;
    for h in &heights[first..] {
        used += u32::from(*h);
        if used > view {
            break;
        }
        shown += 1;
    }
    (first, n - first - shown)
}

/// The focused field's help, or a line about how to fill in its kind; while text typed on a
/// choice is pending, what it found and that it is not picked yet.
fn help_text(form: &FormState) -> String {
    let Some(spec) = form.focused_spec() else {
        return String::new();
    };
    if let Some(p) = form.pending_find() {
        let typed = sanitize::line(&p.text);
        return match &p.pick {
            Some((_, label)) if p.matches > 1 => format!(
                "\"{typed}\" finds {} ({} of {} matches): not picked until you pick it",
                sanitize::line(label),
                p.nth + 1,
                p.matches
            ),
            Some((_, label)) => format!(
                "\"{typed}\" finds {}: not picked until you pick it",
                sanitize::line(label)
            ),
            None => format!("\"{typed}\" matches no option: backspace to change it"),
        };
    }
    if !spec.help.trim().is_empty() {
        return sanitize::line(&spec.help).into_owned();
    }
    match &spec.kind {
        FieldKind::Date | FieldKind::OptDate => {
            "A date: 23/11/2026, 2026-11-23, today or +14d".into()
        }
        FieldKind::Time => "A time of day, e.g. 14:05".into(),
        FieldKind::Number { min, max } => format!("A whole number from {min} to {max}"),
        FieldKind::Bool => "space or left/right toggles; type yes or no to find it".into(),
        FieldKind::Choice(_) => "left/right or space to choose; type to find one".into(),
        FieldKind::MultiChoice(_) => {
            "left/right to move, space ticks or clears; type to find one".into()
        }
        FieldKind::Multiline | FieldKind::Lines => "enter starts a new line".into(),
        FieldKind::Text => String::new(),
    }
}
