//! The dialogs, one file each: its state, its keys ([`Component::action`]) and its drawing
//! ([`Component::draw`]). They sit on the app's layer stack over the main screen.
//!
//! | file | dialog |
//! |---|---|
//! | `help.rs` | `?`: every key of the effective keymap |
//! | `palette.rs` | `:`: run any action by name |
//! | `picker.rs` | choose one of a list (which kind to add, which item to edit, delete or sign off) |
//! | `confirm.rs` | a yes/no question (discard a form, delete an item or a subject, merge, an undo of several fields) |
//! | `form.rs` | a form over an item, a sign-off, the queue filter or an export |
//! | `wizard.rs` | the compliance review wizard |
//! | `merge.rs` | the fields a save and someone else's both changed, side by side, to choose |
//! | `offline/` | checking a working set out; checking one in, with the fields both sides changed side by side |
//! | `history.rs` | a subject's change history |
//! | `audit.rs` | a subject's audit trail |
//! | `reason.rs` | why a record is opened |
//! | `mistakes.rs` | why a subject is deleted (created in error), archived or merged; which duplicate to merge |
//! | `drafts.rs` | unsaved drafts found at start |
//! | `trends/` | the unit's figures, full screen |
//! | `lock.rs` | the idle lock, full screen |
pub mod audit;
pub mod confirm;
pub mod drafts;
pub mod form;
pub mod governance;
pub mod help;
pub mod history;
pub mod lock;
pub mod merge;
pub mod mistakes;
pub mod offline;
pub mod palette;
pub mod picker;
pub mod reason;
pub mod text_view;
pub mod trends;
pub mod wizard;

use ratatui::text::Line;

pub use crate::tui::scroll::first_row;

use crate::tui::theme::Theme;

/// The rows of a list of `labels` that fit `height`, the `selected` one marked and visible.
pub(crate) fn list_lines(
    theme: &Theme,
    labels: &[String],
    selected: usize,
    height: usize,
    width: u16,
) -> Vec<Line<'static>> {
    // The screen-reader mode says the selected item whole ("> Selected: ..." wrapped over as
    // many rows as it needs); the others stay a row each.
    let full: Vec<String> = if theme.plain {
        labels
            .get(selected)
            .map(|l| {
                crate::text::wrap(
                    &format!("> Selected: {}", crate::text::line(l)),
                    usize::from(width).max(1),
                )
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let rows = height.saturating_sub(full.len().saturating_sub(1)).max(1);
    let start = first_row(selected, rows);
    let mut out = Vec::new();
    for (i, label) in labels.iter().enumerate().skip(start).take(rows) {
        if i == selected && !full.is_empty() {
            out.extend(
                full.iter()
                    .map(|row| Line::raw(row.clone()).style(theme.selected)),
            );
            continue;
        }
        let marker = if i == selected { "> " } else { "  " };
        let line = Line::raw(format!("{marker}{}", crate::text::line(label)));
        out.push(if i == selected {
            line.style(theme.selected)
        } else {
            line
        });
    }
    out
}

/// The keys of a dialog that shows text to scroll: `closes` close it, movement scrolls.
pub(crate) fn scroll_or_close(
    scroll: &mut crate::tui::scroll::Scroll,
    action: crate::tui::action::Action,
    closes: &[crate::tui::action::Action],
) -> crate::tui::component::Flow {
    use crate::tui::component::Flow;
    if closes.contains(&action) {
        return Flow::Close;
    }
    scroll.apply(action);
    Flow::Stay
}

/// A titled box of `width` x (screen height - `margin`) in the middle of the screen, cleared,
/// with `lines(inner width)` scrolled by `scroll` inside it.
pub(crate) fn scrolled_box(
    frame: &mut ratatui::Frame,
    p: &crate::tui::component::Paint<'_>,
    (width, margin): (u16, u16),
    title: String,
    scroll: &crate::tui::scroll::Scroll,
    lines: impl FnOnce(usize) -> Vec<Line<'static>>,
) {
    use ratatui::widgets::{Clear, Paragraph};
    let area = crate::tui::views::widgets::centered(
        p.screen,
        width,
        p.screen.height.saturating_sub(margin),
    );
    frame.render_widget(Clear, area);
    let b = crate::tui::views::widgets::block(p.theme, title, true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let mut lines = lines(usize::from(inner.width));
    if p.theme.plain {
        // The screen-reader mode cuts nothing: a line wider than the box goes on below.
        lines = rewrap(lines, usize::from(inner.width));
    }
    let offset = scroll.fit(lines.len(), inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((offset, 0)), inner);
}

/// `lines` with each one wider than `width` wrapped onto the rows below (its text keeps the
/// line's style and its first span's; the others' styles give way).
fn rewrap(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width.max(1) {
            out.push(line);
            continue;
        }
        let style = line
            .style
            .patch(line.spans.first().map(|s| s.style).unwrap_or_default());
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.extend(
            crate::text::wrap(&text, width)
                .into_iter()
                .map(|row| Line::styled(row, style)),
        );
    }
    out
}

/// Move a selection among `n` entries, wrapping around.
pub(crate) fn wrap_select(selected: usize, n: usize, action: crate::tui::action::Action) -> usize {
    use crate::tui::action::Action;
    let n = n.max(1);
    match action {
        Action::MoveDown => (selected + 1) % n,
        Action::MoveUp => (selected + n - 1) % n,
        Action::Top => 0,
        Action::Bottom => n - 1,
        _ => selected,
    }
}
