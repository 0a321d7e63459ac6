//! The list pane: the triage queue, all subjects, or search results. Only the visible rows
//! are built.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::block;
use crate::domain::ReviewDue;
use crate::search::Hit;
use crate::text::{fit, truncate};
use crate::tui::app::{App, Focus, Row, Workbench};
use crate::tui::theme::Theme;

/// Cells for the review column: `!123d` or `today` and a space before it.
const DUE_WIDTH: usize = 6;

fn title(main: &Workbench) -> String {
    match &main.search {
        Some(s) if !s.query().trim().is_empty() || s.editing => {
            let cursor = if s.editing { "_" } else { "" };
            let shown = if main.background_building() {
                "building the search index".to_string()
            } else if !main.search_complete {
                format!("{}+ found, searching", main.visible.len())
            } else if main.search_total > main.visible.len() {
                format!("top {} of {}", main.visible.len(), main.search_total)
            } else {
                format!("{} found", main.visible.len())
            };
            format!(
                "Search: {}{cursor} ({shown})",
                crate::text::line(&s.query())
            )
        }
        _ => format!("{} ({})", main.list_title(), main.visible.len()),
    }
}

/// The first row shown: the window moves only when the cursor leaves it.
fn window(main: &Workbench, height: usize) -> usize {
    let (selected, offset) = (main.selected, main.list_offset);
    if selected < offset {
        selected
    } else if height > 0 && selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

/// Draw the list pane; returns its rows and the first row shown.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> (usize, usize) {
    let t = &app.theme;
    let main = &app.main;
    let focused = main.focus == Focus::List;
    let b = block(t, title(main), focused);
    let mut inner = b.inner(area);
    frame.render_widget(b, area);
    // Records that cannot be read are named on the list's last line, never hidden.
    if !main.unreadable.is_empty() && inner.height >= 3 {
        inner.height -= 1;
        let foot = Rect {
            y: inner.y + inner.height,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(fit(&unreadable_line(main), usize::from(foot.width))).style(t.alert),
            foot,
        );
    }
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let start = window(main, height.max(1));
    if main.visible.is_empty() {
        let may_edit = crate::ops::access::may(&app.store, crate::domain::Permission::Edit).is_ok();
        let text = if main.subjects.is_empty() && may_edit {
            "No subjects in this store. Press n to add one, or import a file with `spmp import`."
        } else if main.subjects.is_empty() {
            "No subjects in this store yet. A reviewer or supervisor adds them."
        } else if main.search.is_some() && main.background_building() {
            "Building the search index: the results follow in a moment."
        } else if main.search.is_some() && !main.search_complete {
            "Searching..."
        } else if main.search.is_some() {
            "No subject matches."
        } else {
            "Nothing in this view needs action. Press v for another view."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(t.dim)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return (height, start);
    }
    let lines: Vec<Line> = main
        .visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .filter_map(|(pos, &slot)| {
            let row = &main.row(slot)?;
            let selected = pos == main.selected;
            let line = match main.hits.get(pos) {
                Some(hit) => hit_line(t, row, hit, width),
                None => {
                    let out = main
                        .subjects
                        .get(slot)
                        .is_some_and(|s| main.checked_out.contains_key(&s.id));
                    row_line(app, pos, row, out, width)
                }
            };
            Some(if selected { select(line, t) } else { line })
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    (height, start)
}

/// "! unreadable record 3" (or "records 3, 17"): set apart at load, see `spmp verify`.
fn unreadable_line(main: &Workbench) -> String {
    let ids: Vec<String> = main.unreadable.iter().map(|u| u.id.to_string()).collect();
    let noun = if ids.len() == 1 { "record" } else { "records" };
    format!("! unreadable {noun} {} (spmp verify)", ids.join(", "))
}

fn select(line: Line<'static>, t: &Theme) -> Line<'static> {
    let mut spans: Vec<Span> = line
        .spans
        .into_iter()
        .map(|s| {
            let style: Style = s.style.patch(t.selected);
            Span::styled(s.content, style)
        })
        .collect();
    if let Some(first) = spans.first_mut() {
        first.content = format!(">{}", first.content.get(1..).unwrap_or_default()).into();
    }
    Line::from(spans)
}

/// A queue or subjects row: risk, name (`[out]` before it when checked out), and the
/// review column (or the top reason in the queue when there is room).
fn row_line(app: &App, pos: usize, row: &Row, out: bool, width: usize) -> Line<'static> {
    let t = &app.theme;
    let risk = row.risk.map(|r| r.tag()).unwrap_or("--");
    // "!12d" = review overdue by 12 days; "4d" = due in 4 days.
    let due = match row.review {
        ReviewDue::Overdue { days, .. } => format!("!{days}d"),
        ReviewDue::Due { days: 0, .. } => "today".to_string(),
        ReviewDue::Due { days, .. } => format!("{days}d"),
    };
    let risk_style = row.risk.map(|r| t.risk(r)).unwrap_or(t.dim);
    let due_style = if row.review.is_overdue() {
        t.alert
    } else {
        t.base
    };
    let name_w = width.saturating_sub(1 + 7 + DUE_WIDTH);
    // A subject out on a laptop says so before its name, so a long name cannot cut it off (the
    // header says to whom and until when).
    let name = if out {
        std::borrow::Cow::Owned(format!("[out] {}", row.name))
    } else {
        std::borrow::Cow::Borrowed(row.name.as_str())
    };
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(fit(risk, 7), risk_style),
        Span::raw(fit(&name, name_w)),
        Span::styled(format!("{due:>w$}", w = DUE_WIDTH), due_style),
    ];
    if let Some(reasons) = app.main.queue_reasons(pos)
        && let Some(reason) = reasons.first()
    {
        let reason_w = 13.min(width.saturating_sub(1 + 7) / 2);
        let name_w = width.saturating_sub(1 + 7 + 1 + reason_w);
        let more = if reasons.len() > 1 {
            format!(" +{}", reasons.len() - 1)
        } else {
            String::new()
        };
        // A short tag in the list ("review !23d"); the header says it in full.
        let text = format!("{}{more}", short_reason(reason));
        spans[2] = Span::raw(format!("{} ", fit(&name, name_w)));
        spans[3] = Span::styled(
            format!("{:>w$}", truncate(&text, reason_w), w = reason_w),
            t.warn,
        );
    }
    Line::from(spans)
}

/// A few characters saying why a subject is in the queue; `!` marks days overdue.
fn short_reason(reason: &crate::domain::Reason) -> String {
    use crate::domain::ReasonKind as K;
    let d = reason.waiting_days();
    match reason.kind() {
        K::Returned => "returned".to_string(),
        K::NoRiskAssessment => "no risk asmt".to_string(),
        K::ClocksNotStarted => "no clock".to_string(),
        K::DisclosureUndecided => format!("disclose? {d}d"),
        K::AwaitingHearing => format!("hearing {d}d"),
        K::NotificationDue => format!("notify in {}d", -d),
        K::BreachNotReassessed => "breach!".to_string(),
        K::ReviewOverdue => format!("review !{d}d"),
        K::NotificationOverdue => format!("notify !{d}d"),
        K::VeryHighRisk => "v.high".to_string(),
        K::HighRisk => "high".to_string(),
        K::NotServed => format!("unserved {d}d"),
        K::OrderEnding => "ending".to_string(),
        K::InterimAwaitingFullHearing => "interim".to_string(),
        K::AwaitingSignOff => "sign-off".to_string(),
        K::TacticalOptionOverdue => format!("tactic !{d}d"),
        K::ReviewDueSoon => "review soon".to_string(),
        K::VictimUpdateDue => format!("victim !{d}d"),
        K::NeedsAssessmentDue => format!("needs !{d}d"),
        K::ReferralFollowUpOverdue => format!("referral !{d}d"),
        K::MeetingActionOverdue => format!("action !{d}d"),
    }
}

/// A search hit: name, then the field that matched with the matched characters marked. A
/// protected person's name is shown first, then whose protected person it is.
fn hit_line(t: &Theme, row: &Row, hit: &Hit, width: usize) -> Line<'static> {
    if hit.via_protected_person() {
        return person_line(t, row, hit, width);
    }
    let name_w = (width / 2).max(8);
    let mut spans = vec![Span::raw(" "), Span::raw(fit(&row.name, name_w))];
    let label = format!(" {}: ", hit.field);
    let used = 1 + name_w + label.chars().count();
    spans.push(Span::styled(label, t.dim));
    marked(t, hit, width.saturating_sub(used), &mut spans);
    Line::from(spans)
}

/// A hit on a protected person's name: "Imogen Farthing-Lowe protected person of WRZOSEK,
/// Łukasz", the subject cut to its family name, and then the person's name cut, where the row
/// is narrow: whose case it is matters most.
fn person_line(t: &Theme, row: &Row, hit: &Hit, width: usize) -> Line<'static> {
    const OF: &str = " protected person of ";
    let room = width.saturating_sub(1 + OF.len());
    let person = crate::text::width(&hit.text);
    let whose = if person + crate::text::width(&row.name) <= room {
        row.name.clone()
    } else {
        row.name.split(',').next().unwrap_or_default().to_string()
    };
    let whose = truncate(&whose, room.saturating_sub(6).max(room / 2));
    let mut spans = vec![Span::raw(" ")];
    marked(
        t,
        hit,
        room.saturating_sub(crate::text::width(&whose)),
        &mut spans,
    );
    spans.push(Span::styled(OF, t.dim));
    spans.push(Span::raw(whose));
    Line::from(spans)
}

/// The hit's text, its matched characters marked, in at most `cols` cells; returns the cells
/// used.
fn marked(t: &Theme, hit: &Hit, cols: usize, spans: &mut Vec<Span<'static>>) -> usize {
    let text = crate::text::line(&hit.text).into_owned();
    // Highlight by char index; sanitising only lengthens control characters, which the
    // matcher never matches, so indices before any escape stay right.
    let same = text == hit.text;
    let mut used = 0;
    for (i, c) in text.chars().enumerate() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > cols {
            break;
        }
        let style = if same && hit.indices.contains(&i) {
            t.key.add_modifier(ratatui::style::Modifier::UNDERLINED)
        } else {
            t.base
        };
        spans.push(Span::styled(c.to_string(), style));
        used += w;
    }
    used
}
