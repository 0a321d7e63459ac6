//! Drawing one field: its label, its value by kind, and its faults.
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::field::{Editor, Field};
use super::state::FormState;
use crate::edit::FieldKind;
use crate::text as sanitize;
use crate::text::{fit, truncate};
use crate::tui::theme::Theme;
use crate::tui::views::text::wrap_line;

/// Rows a text area takes when focused.
pub const AREA_ROWS: u16 = 5;

/// Where the columns of the field list are, in cells.
#[derive(Debug, Clone, Copy)]
pub struct Cols {
    pub label_x: u16,
    pub label_w: u16,
    pub value_x: u16,
    pub value_w: u16,
    /// Faults start under the value, or further left when the value column is narrow.
    pub err_x: u16,
    pub err_w: u16,
}

impl Cols {
    /// Columns for `form` in `inner`: a label column wide enough for the longest label (at most
    /// two fifths of the width, with two cells for the `* ` marker), a gap, then the value.
    /// The screen-reader mode (`plain`) also makes room for " (required)".
    pub fn new(form: &FormState, inner: Rect, plain: bool) -> Cols {
        let longest = form
            .fields()
            .iter()
            .map(|f| {
                let said = if plain && f.spec.required { 11 } else { 0 };
                sanitize::line(&f.spec.label).width() + 2 + said
            })
            .max()
            .unwrap_or(0);
        let label_w = (longest.min(usize::from(inner.width) * 2 / 5)) as u16;
        let value_x = inner.x.saturating_add(label_w + 1);
        let value_w = inner.width.saturating_sub(label_w + 1);
        let (err_x, err_w) = if value_w >= 16 {
            (value_x, value_w)
        } else {
            (inner.x, inner.width)
        };
        Cols {
            label_x: inner.x,
            label_w,
            value_x,
            value_w,
            err_x,
            err_w,
        }
    }
}

/// Rows the value of `field` takes.
pub fn value_rows(field: &Field, focused: bool, width: u16) -> u16 {
    match &field.editor {
        Editor::Area(_) if focused => AREA_ROWS,
        Editor::Area(area) => area.lines().len().clamp(1, 2) as u16,
        Editor::Multi {
            options, ticked, ..
        } => multi_rows(options, ticked, width).len().max(1) as u16,
        _ => 1,
    }
}

/// The fault lines of field `i`: each `! message`, wrapped to `width`.
pub fn fault_lines(form: &FormState, i: usize, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    form.issues()
        .iter()
        .filter(|issue| issue.field == Some(i))
        .flat_map(|issue| fault(&issue.message, width, theme))
        .collect()
}

/// One fault as `! message` in the alert style, wrapped to `width` with a hanging indent.
pub fn fault(message: &str, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    if width == 0 {
        return Vec::new();
    }
    let text = format!("! {}", sanitize::line(message));
    wrap_line(
        Line::from(Span::styled(text, theme.alert)),
        usize::from(width),
        2,
    )
}

/// Draws field `i` with its top at `y`, using at most `rows` rows.
pub fn field(
    frame: &mut Frame,
    form: &FormState,
    i: usize,
    cols: Cols,
    y: u16,
    rows: u16,
    theme: &Theme,
) {
    let Some(field) = form.fields().get(i) else {
        return;
    };
    if rows == 0 {
        return;
    }
    let focused = i == form.focus();
    // The screen-reader mode says focus and "required" in words; the two-pane form marks a
    // required field with `*` and focus by colour.
    let text = if theme.plain {
        format!(
            "{}{}{}",
            if focused { "> " } else { "  " },
            sanitize::line(&field.spec.label),
            if field.spec.required {
                " (required)"
            } else {
                ""
            }
        )
    } else {
        let marker = if field.spec.required { "* " } else { "  " };
        format!("{marker}{}", sanitize::line(&field.spec.label))
    };
    let label = fit(&text, usize::from(cols.label_w));
    let label_style = if focused {
        theme.selected
    } else {
        theme.heading.remove_modifier(Modifier::UNDERLINED)
    };
    put(
        frame,
        cols.label_x,
        y,
        cols.label_w,
        Line::from(Span::styled(label, label_style)),
    );
    let want = value_rows(field, focused, cols.value_w);
    let value_rows = want.min(rows);
    let rect = Rect::new(cols.value_x, y, cols.value_w, value_rows);
    value(frame, form, i, rect, theme);
    let faults = fault_lines(form, i, cols.err_w, theme);
    for (k, line) in faults.into_iter().enumerate() {
        let row = want.saturating_add(k as u16);
        if row >= rows {
            break;
        }
        put(frame, cols.err_x, y + row, cols.err_w, line);
    }
}

/// Draws the value of field `i` in `rect`.
fn value(frame: &mut Frame, form: &FormState, i: usize, rect: Rect, theme: &Theme) {
    let Some(field) = form.fields().get(i) else {
        return;
    };
    if rect.is_empty() {
        return;
    }
    let focused = i == form.focus();
    let width = usize::from(rect.width);
    let pick = if focused { theme.selected } else { theme.base };
    match &field.editor {
        Editor::Line(line) => {
            let preview = form
                .date_preview(i)
                .map(|p| format!(" = {}", sanitize::line(&p)))
                .filter(|p| width >= p.width() + 8);
            let edit_w = width - preview.as_ref().map_or(0, |p| p.width());
            let (text, cursor) = if focused {
                let win = line.window(edit_w);
                (win.text, Some(win.cursor_x))
            } else {
                (truncate(&sanitize::line(&line.text()), edit_w), None)
            };
            let shown_w = text.width();
            // Selected text (typing replaces it) is shown as a selection.
            let style = if focused && line.all_selected() {
                theme.selected
            } else {
                theme.base
            };
            let mut spans = vec![if text.is_empty() {
                Span::styled(truncate(placeholder(&field.spec.kind), edit_w), theme.dim)
            } else {
                Span::styled(text, style)
            }];
            if let Some(p) = preview {
                // After the text, leaving the cursor its cell when it is at the end.
                let end = cursor.map_or(0, |c| c + 1).max(shown_w);
                spans.push(Span::raw(" ".repeat(end - shown_w)));
                spans.push(Span::styled(p, theme.dim));
            }
            put(frame, rect.x, rect.y, rect.width, Line::from(spans));
            if let Some(cx) = cursor {
                let pos = Position::new(rect.x + cx as u16, rect.y);
                frame.buffer_mut().set_style(
                    Rect::new(pos.x, pos.y, 1, 1),
                    Style::default().add_modifier(Modifier::REVERSED),
                );
                frame.set_cursor_position(pos);
            }
        }
        Editor::Area(area) if focused => {
            let rect = rect.intersection(frame.area());
            frame.render_widget(&**area, rect);
            let cursor = area.screen_cursor();
            let (top, left) = area.scroll_offset();
            let row = cursor.row.saturating_sub(usize::from(top));
            let col = cursor.col.saturating_sub(usize::from(left));
            if row < usize::from(rect.height) && col < width {
                frame.set_cursor_position(Position::new(rect.x + col as u16, rect.y + row as u16));
            }
        }
        Editor::Area(area) => {
            let lines = area.lines();
            for (k, text) in lines.iter().take(usize::from(rect.height)).enumerate() {
                let more = lines.len().saturating_sub(2);
                let line = if k == 1 && more > 0 {
                    let tail = format!(" (+{more} more)");
                    let body = truncate(&sanitize::line(text), width.saturating_sub(tail.width()));
                    Line::from(vec![
                        Span::styled(body, theme.base),
                        Span::styled(tail, theme.dim),
                    ])
                } else {
                    Line::from(Span::styled(
                        truncate(&sanitize::line(text), width),
                        theme.base,
                    ))
                };
                put(frame, rect.x, rect.y + k as u16, rect.width, line);
            }
        }
        Editor::Toggle(on) => {
            let text = if *on { "[x] yes" } else { "[ ] no" };
            let mut spans = vec![Span::styled(text, pick)];
            if focused {
                spans.extend(find_spans(field, width.saturating_sub(text.width()), theme));
            }
            put(frame, rect.x, rect.y, rect.width, Line::from(spans));
        }
        Editor::Choice {
            labels,
            selected,
            unknown,
            ..
        } => {
            let (label, count) = match (
                selected.and_then(|s| labels.get(s).map(|l| (s, l))),
                unknown,
            ) {
                (Some((s, l)), _) => (
                    sanitize::line(l).into_owned(),
                    format!("  ({} of {})", s + 1, labels.len()),
                ),
                (None, Some(raw)) => (
                    sanitize::line(raw).into_owned(),
                    "  (not in the list)".to_string(),
                ),
                (None, None) if theme.plain => (
                    "none chosen".to_string(),
                    format!("  ({} choices)", labels.len()),
                ),
                (None, None) => ("-".to_string(), format!("  (- of {})", labels.len())),
            };
            let count = if label.width() + 4 + count.width() <= width {
                count
            } else {
                String::new()
            };
            let found = if focused { field.preview() } else { None };
            let count = if found.is_some() {
                String::new()
            } else {
                count
            };
            let label = truncate(&label, width.saturating_sub(4 + count.width()));
            let shown = if theme.plain {
                format!("  {label}  ")
            } else {
                format!("< {label} >")
            };
            let rest = width.saturating_sub(shown.width());
            let mut spans = vec![Span::styled(shown, pick), Span::styled(count, theme.dim)];
            spans.extend(find_spans(field, rest, theme));
            put(frame, rect.x, rect.y, rect.width, Line::from(spans));
        }
        Editor::Multi {
            options,
            ticked,
            cursor,
            ..
        } => {
            if options.is_empty() {
                put(
                    frame,
                    rect.x,
                    rect.y,
                    rect.width,
                    Line::from(Span::styled("(no options)", theme.dim)),
                );
            }
            for (k, row) in multi_rows(options, ticked, rect.width)
                .into_iter()
                .take(usize::from(rect.height))
                .enumerate()
            {
                let mut spans = Vec::new();
                for (n, (opt, text)) in row.into_iter().enumerate() {
                    if n > 0 {
                        spans.push(Span::raw("  "));
                    }
                    let style = if focused && opt == *cursor {
                        theme.selected
                    } else {
                        theme.base
                    };
                    spans.push(Span::styled(text, style));
                }
                put(
                    frame,
                    rect.x,
                    rect.y + k as u16,
                    rect.width,
                    Line::from(spans),
                );
            }
        }
    }
}

/// What text typed on a choice found, after its value: `  "hi" -> High (1 of 2)`, the option
/// in the alert style so it is not mistaken for the value; nothing when no find is pending.
fn find_spans(field: &Field, width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let Some(p) = field.preview() else {
        return Vec::new();
    };
    let arrow = if theme.plain { "->" } else { "→" };
    let typed = format!("  \"{}\" {arrow} ", sanitize::line(&p.text));
    let (found, count) = match &p.pick {
        Some((_, label)) => (
            sanitize::line(label).into_owned(),
            if p.matches > 1 {
                format!(" ({} of {})", p.nth + 1, p.matches)
            } else {
                String::new()
            },
        ),
        None => ("no match".to_string(), String::new()),
    };
    let typed_w = typed.width().min(width);
    let found_w = width.saturating_sub(typed_w);
    let found = truncate(&found, found_w);
    let count_w = found_w.saturating_sub(found.width());
    vec![
        Span::styled(truncate(&typed, typed_w), theme.dim),
        Span::styled(found, theme.alert),
        Span::styled(truncate(&count, count_w), theme.dim),
    ]
}

/// The options of a multiple choice as `[x] Label` items, packed into rows of `width` cells
/// (two spaces apart); each row lists `(option index, item text)`.
pub fn multi_rows(options: &[String], ticked: &[bool], width: u16) -> Vec<Vec<(usize, String)>> {
    let width = usize::from(width).max(1);
    let mut rows: Vec<Vec<(usize, String)>> = Vec::new();
    let mut used = 0;
    for (i, option) in options.iter().enumerate() {
        let tick = if ticked.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let item = truncate(&format!("{tick} {}", sanitize::line(option)), width);
        let w = item.width();
        match rows.last_mut() {
            Some(row) if used + 2 + w <= width => {
                row.push((i, item));
                used += 2 + w;
            }
            _ => {
                rows.push(vec![(i, item)]);
                used = w;
            }
        }
    }
    rows
}

/// What an empty one-line field shows, dimmed, so the expected form is clear.
fn placeholder(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Date | FieldKind::OptDate => "dd/mm/yyyy",
        FieldKind::Time => "hh:mm",
        _ => "",
    }
}

/// Draws `line` at `(x, y)`, clipped to `width` cells.
pub fn put(frame: &mut Frame, x: u16, y: u16, width: u16, line: Line<'_>) {
    let area = frame.area();
    if width == 0 || y >= area.bottom() || x >= area.right() {
        return;
    }
    let width = width.min(area.right() - x);
    frame.buffer_mut().set_line(x, y, &line, width);
}
