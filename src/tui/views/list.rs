//! The subject list pane: only the visible rows are built.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::{block, fit};
use crate::domain::ReviewDue;
use crate::tui::app::{App, Focus};

/// Cells for the review column: `!123d` or `today` and a space before it.
const DUE_WIDTH: usize = 6;

/// The first row to show so that `selected` is on screen.
pub fn offset(selected: usize, height: usize) -> usize {
    if height == 0 {
        return selected;
    }
    selected.saturating_sub(height - 1)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let total = app.subjects.len();
    let title = match &app.search {
        Some(s) => {
            let cursor = if s.editing { "_" } else { "" };
            format!(
                "Search: {}{cursor} ({} of {total})",
                crate::sanitize::line(&s.query),
                app.visible.len()
            )
        }
        None => format!("Subjects ({total})"),
    };
    let focused = app.focus == Focus::List;
    let b = block(t, title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    if app.visible.is_empty() {
        let text = if total == 0 {
            "No subjects in this store. Import a file with `spmp import`."
        } else {
            "No subject matches."
        };
        frame.render_widget(Paragraph::new(text).style(t.dim), inner);
        return;
    }
    let start = app.list_offset.min(app.selected);
    let lines: Vec<Line> = app
        .visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .filter_map(|(pos, &i)| {
            let row = app.rows.get(i)?;
            let matched = app.matched.get(pos).copied().flatten();
            Some(row_line(app, row, matched, pos == app.selected, width))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_line(
    app: &App,
    row: &crate::tui::app::Row,
    matched: Option<crate::search::Field>,
    selected: bool,
    width: usize,
) -> Line<'static> {
    let t = &app.theme;
    let risk = row.risk.map(|r| r.tag()).unwrap_or("--");
    // "!12d" = review overdue by 12 days; "4d" = due in 4 days.
    let due = match row.review {
        ReviewDue::Overdue { days, .. } => format!("!{days}d"),
        ReviewDue::Due { days: 0, .. } => "today".to_string(),
        ReviewDue::Due { days, .. } => format!("{days}d"),
    };
    let marker = if selected { ">" } else { " " };
    let risk_style = row.risk.map(|r| t.risk(r)).unwrap_or(t.dim);
    let due_style = if row.review.is_overdue() {
        t.alert
    } else {
        t.base
    };
    let name_w = width.saturating_sub(1 + 7 + DUE_WIDTH);
    let mut name = row.name.clone();
    if let Some(field) = matched.filter(|f| *f != crate::search::Field::Name) {
        name = format!("{name} ({})", field.label());
    }
    let mut spans = vec![
        Span::raw(marker.to_string()),
        Span::styled(fit(risk, 7), risk_style),
        Span::raw(fit(&name, name_w)),
        Span::styled(format!("{due:>w$}", w = DUE_WIDTH), due_style),
    ];
    if selected {
        let sel = t.selected;
        spans = spans
            .into_iter()
            .map(|s| {
                let style: Style = s.style.patch(sel);
                Span::styled(s.content, style)
            })
            .collect();
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::offset;

    #[test]
    fn offset_keeps_the_selection_visible() {
        assert_eq!(offset(0, 10), 0);
        assert_eq!(offset(9, 10), 0);
        assert_eq!(offset(10, 10), 1);
        assert_eq!(offset(99_999, 20), 99_980);
        assert_eq!(offset(5, 0), 5);
    }
}
