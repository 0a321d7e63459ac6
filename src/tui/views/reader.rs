//! The screen-reader layout of `--plain`: one pane at a time as linear text, top to bottom.
//!
//! A screen reader reads a terminal line by line, so two panes side by side are read as one
//! interleaved jumble. Here the title comes first, then the focused item announced on a line of
//! its own ("Focus: ..."), then the focused pane alone (the list, or the open plan with its
//! header as labelled facts), then the status line. No borders: a heading line names each part.
//! Every state is said in words (risk, overdue, selected), labels come before values, and
//! what the app draws itself is ASCII (cut text ends in `...`; see `screen::asciify`).
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{detail, header};
use crate::domain::{PlanPart, ReviewDue};
use crate::search::Hit;
use crate::text::{line as clean, width as cells};
use crate::tui::app::{App, Focus, Row};

/// The smallest screen this layout is drawn on (below it the "too small" screen).
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

/// What drawing tells the next keys: the list's rows and first row shown, and where a search
/// hit's item was scrolled to.
pub struct Drawn {
    pub list_rows: usize,
    pub list_offset: usize,
    pub mark_row: Option<u16>,
}

/// Draw the screen-reader layout of `app` in `area` (the whole screen), with the title and
/// status lines given.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    title: Line<'static>,
    status: Line<'static>,
) -> Drawn {
    let t = &app.theme;
    frame.render_widget(Paragraph::new(title).style(t.base), row(area, 0));
    // The focused item on a line of its own (wrapped onto a second or third when long).
    let focus = focus_line(app);
    let focus_rows = u16::try_from(cells(&focus).div_ceil(usize::from(area.width).max(1)))
        .unwrap_or(3)
        .clamp(1, 3);
    frame.render_widget(
        Paragraph::new(Line::styled(focus, t.title)).wrap(Wrap { trim: false }),
        Rect::new(area.x, area.y + 1, area.width, focus_rows),
    );
    frame.render_widget(Paragraph::new(status), row(area, area.height - 1));
    let body = Rect::new(
        area.x,
        area.y + 1 + focus_rows,
        area.width,
        area.height - 2 - focus_rows,
    );
    match app.main.focus {
        Focus::List => {
            let (list_rows, list_offset) = list(frame, body, app);
            Drawn {
                list_rows,
                list_offset,
                mark_row: None,
            }
        }
        Focus::Detail => Drawn {
            list_rows: 0,
            list_offset: app.main.list_offset,
            mark_row: plan(frame, body, app),
        },
    }
}

fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, area.y + y.min(area.height - 1), area.width, 1)
}

/// "Focus: Queue: all, subject 3 of 14: NAME, risk high, review overdue by 5 days..." or
/// "Focus: plan of NAME, tab 2 of 6: ...".
pub fn focus_line(app: &App) -> String {
    let main = &app.main;
    match main.focus {
        Focus::List => {
            let Some(&slot) = main.visible.get(main.selected) else {
                return format!("Focus: {}, empty", list_name(app));
            };
            let Some(row) = main.row(slot) else {
                return format!("Focus: {}", list_name(app));
            };
            format!(
                "Focus: {}, subject {} of {}: {}",
                list_name(app),
                main.selected + 1,
                main.visible.len(),
                item_text(app, main.selected, &row, Needs::Count)
            )
        }
        Focus::Detail => {
            let name = main
                .current()
                .map(|s| clean(&s.display_name()).into_owned())
                .unwrap_or_else(|| "no subject".to_string());
            let tab = tab_position(main.tab);
            format!(
                "Focus: plan of {name}, tab {tab} of {}: {}",
                PlanPart::ALL.len(),
                tab_name(main.tab)
            )
        }
    }
}

/// The list's name as its title says it, without the count.
fn list_name(app: &App) -> String {
    match &app.main.search {
        Some(s) if !s.query().trim().is_empty() || s.editing => {
            format!("search for \"{}\"", clean(&s.query()))
        }
        _ => app.main.list_title(),
    }
}

/// A tab's title without its number ("Offending & safeguarding").
fn tab_name(tab: PlanPart) -> &'static str {
    tab.title()
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start()
}

fn tab_position(tab: PlanPart) -> usize {
    PlanPart::ALL
        .iter()
        .position(|&p| p == tab)
        .map_or(1, |i| i + 1)
}

/// How much of why a subject is in the queue a line says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// "3 reasons need action".
    Count,
    /// The first reason in full, "and 2 more" (the plan's header lists them all).
    First,
}

/// One subject of the list in words: name, risk, review, and why it is in the queue (or what a
/// search matched).
fn item_text(app: &App, pos: usize, row: &Row, needs: Needs) -> String {
    let main = &app.main;
    let name = clean(&row.name);
    if let Some(hit) = main.hits.get(pos) {
        return hit_text(&name, hit);
    }
    let risk = match row.risk {
        Some(level) => format!("risk {}", level.label().to_lowercase()),
        None => "risk not assessed".to_string(),
    };
    let review = match row.review {
        ReviewDue::Overdue { days, .. } => format!("review overdue by {days} {}", days_word(days)),
        ReviewDue::Due { days: 0, .. } => "review due today".to_string(),
        ReviewDue::Due { days, .. } => format!("review due in {days} {}", days_word(days)),
    };
    let mut text = format!("{name}, {risk}, {review}");
    if let Some(reasons) = main.queue_reasons(pos)
        && let Some(first) = reasons.first()
    {
        let n = reasons.len();
        match needs {
            Needs::Count if n == 1 => text.push_str(", 1 reason needs action"),
            Needs::Count => text.push_str(&format!(", {n} reasons need action")),
            Needs::First => {
                text.push_str(&format!(". Needs: {}", clean(&first.text())));
                if n > 1 {
                    text.push_str(&format!("; and {} more", n - 1));
                }
            }
        }
    }
    text
}

fn days_word(days: i64) -> &'static str {
    if days == 1 { "day" } else { "days" }
}

fn hit_text(name: &str, hit: &Hit) -> String {
    let text = clean(&hit.text);
    if hit.via_protected_person() {
        format!("{text}, protected person of {name}")
    } else {
        format!("{name}, {} matched: {text}", clean(hit.field))
    }
}

/// The list alone: a heading line, then a subject a line (wrapped when long), the selected one
/// marked in words. Returns the subjects shown and the first shown.
fn list(frame: &mut Frame, area: Rect, app: &App) -> (usize, usize) {
    let t = &app.theme;
    let main = &app.main;
    let width = usize::from(area.width).max(1);
    let rows = usize::from(area.height.saturating_sub(1)).max(1);
    let total = main.visible.len();
    // Each subject's text, as wrapped lines; the window keeps the selected one whole on screen.
    let text_of = |pos: usize| -> Option<String> {
        let row = main.row(*main.visible.get(pos)?)?;
        let mark = if pos == main.selected {
            "Selected: "
        } else {
            ""
        };
        Some(format!(
            "{}. {mark}{}",
            pos + 1,
            item_text(app, pos, &row, Needs::First)
        ))
    };
    let height_of = |pos: usize| text_of(pos).map_or(1, |s| cells(&s).div_ceil(width).max(1));
    let mut start = main.list_offset.min(main.selected);
    while start < main.selected && (start..=main.selected).map(height_of).sum::<usize>() > rows {
        start += 1;
    }
    let mut lines = Vec::new();
    let mut used = 0;
    let mut pos = start;
    while pos < total && used < rows {
        let Some(text) = text_of(pos) else { break };
        used += cells(&text).div_ceil(width).max(1);
        let style = if pos == main.selected {
            t.selected
        } else {
            t.base
        };
        lines.push(Line::styled(text, style));
        pos += 1;
    }
    let shown = pos - start;
    let heading = if total == 0 {
        format!("{}: no subjects to show.", list_name(app))
    } else {
        format!(
            "{}: {} of {total}, showing {} to {}:",
            crate::text::capitalise(&list_name(app)),
            main.selected + 1,
            start + 1,
            start + shown
        )
    };
    lines.insert(0, Line::styled(heading, t.heading));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    // Page keys move by the subjects that fit one a line: the count of rows is what the list
    // window needs, and wrapped lines only ever show fewer.
    (rows.min(shown.max(1)), start)
}

/// The open plan alone, as one scrolled text: the header as labelled facts, the tab line,
/// then the tab's content.
fn plan(frame: &mut Frame, area: Rect, app: &App) -> Option<u16> {
    let t = &app.theme;
    let main = &app.main;
    let Some(subject) = main.current() else {
        frame.render_widget(Paragraph::new("No subject selected."), area);
        return None;
    };
    let mut lines = if main.consulted(subject.id) {
        header::reader_lines(app, subject)
    } else {
        vec![Line::styled(
            format!("Subject: {}", clean(&subject.display_name())),
            t.title,
        )]
    };
    let others: Vec<&str> = PlanPart::ALL
        .iter()
        .filter(|&&p| p != main.tab)
        .map(|p| p.short_title())
        .collect();
    lines.push(Line::styled(
        format!(
            "Tab {} of {}: {}. Other tabs: {}.",
            tab_position(main.tab),
            PlanPart::ALL.len(),
            tab_name(main.tab),
            others.join(", ")
        ),
        t.heading,
    ));
    // Wrapped here so that the scroll counts rows as the tab's own (pre-wrapped) lines do.
    let width = usize::from(area.width).max(1);
    let prefix = lines
        .into_iter()
        .flat_map(|line| {
            let style = line.style;
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            crate::text::wrap(&text, width)
                .into_iter()
                .map(move |row| Line::styled(row, style))
        })
        .collect();
    detail::body_after(frame, area, app, prefix)
}
