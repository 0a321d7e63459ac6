//! The tab bar and the scrollable content of the selected tab.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::block;
use super::{ViewCtx, reviews, risk, section1, section2, timeline};
use crate::domain::PlanPart;
use crate::domain::Subject;
use crate::tui::app::{App, Focus};

/// The content lines of `tab` for `subject` at `width`.
pub fn tab_lines(app: &App, subject: &Subject, tab: PlanPart, width: u16) -> Vec<Line<'static>> {
    let ctx = ViewCtx {
        today: app.today,
        config: &app.config,
        theme: &app.theme,
        width,
    };
    match tab {
        PlanPart::Section1 => section1::section1_lines(subject, &ctx),
        PlanPart::Section2 => section2::section2_lines(subject, &ctx),
        PlanPart::Risk => risk::risk_lines(subject, &ctx),
        PlanPart::Timeline => timeline::timeline_lines(subject, &ctx),
        PlanPart::Reviews => reviews::reviews_lines(subject, &ctx),
    }
}

pub fn draw(frame: &mut Frame, tabs_area: Rect, area: Rect, app: &App) {
    let t = &app.theme;
    frame.render_widget(Paragraph::new(tab_bar(app, tabs_area.width)), tabs_area);

    let focused = app.focus == Focus::Detail;
    let title = app.tab.title().to_string();
    let b = block(t, title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let Some(subject) = app.current() else {
        return;
    };
    if !app.consulted(subject.id) {
        frame.render_widget(
            Paragraph::new(not_opened(app)).wrap(ratatui::widgets::Wrap { trim: false }),
            inner,
        );
        return;
    }
    let mut lines = tab_lines(app, subject, app.tab, inner.width);
    if let Some(mark) = &app.detail_mark
        && let Some(at) = line_of(&lines, mark)
        && let Some(line) = lines.get_mut(at)
    {
        *line = std::mem::take(line).style(app.theme.selected);
    }
    let max = max_scroll(lines.len(), inner.height);
    let scroll = app.detail_scroll.min(max);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// What the detail pane says before the record is opened: nothing of it is shown until the
/// consultation is recorded.
fn not_opened(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let key = app
        .keymap
        .hint(
            crate::tui::keymap::Layer::Normal,
            crate::tui::action::Action::Open,
        )
        .unwrap_or_else(|| "enter".to_string());
    let how = if app.search.is_none() && app.list_mode == crate::tui::app::ListMode::Queue {
        "From the queue it is recorded as a scheduled review."
    } else {
        "From a search or the full list you are asked why, once per subject per session."
    };
    vec![
        Line::styled("Record not opened.", t.heading),
        Line::raw(format!(
            "Press {key} to open it: opening a record is recorded in the audit log with your name. {how}"
        )),
    ]
}

/// The tab bar: full titles if they fit in `width`, else short ones, else numbers only.
pub fn tab_bar(app: &App, width: u16) -> Line<'static> {
    let t = &app.theme;
    let forms: [fn(PlanPart, bool) -> String; 4] = [
        |tab, _| tab.title().to_string(),
        |tab, _| tab.short_title().to_string(),
        |tab, active| {
            if active {
                tab.short_title().to_string()
            } else {
                tab.title().chars().take(1).collect()
            }
        },
        |tab, _| tab.title().chars().take(1).collect(),
    ];
    let render = |title: fn(PlanPart, bool) -> String| -> Vec<Span<'static>> {
        PlanPart::ALL
            .iter()
            .map(|&tab| {
                let active = tab == app.tab;
                if active {
                    Span::styled(format!("[{}]", title(tab, true)), t.tab_active)
                } else {
                    Span::styled(format!(" {} ", title(tab, false)), t.dim)
                }
            })
            .collect()
    };
    let mut spans = Vec::new();
    for form in forms {
        spans = render(form);
        let used: usize = spans.iter().map(|s| s.width()).sum();
        if used <= usize::from(width) {
            break;
        }
    }
    Line::from(spans)
}

/// The first line whose text contains `mark` (the item a search hit opened).
pub fn line_of(lines: &[Line], mark: &str) -> Option<usize> {
    lines.iter().position(|l| {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        text.contains(mark)
    })
}

/// The furthest the content can scroll so its last line sits at the bottom.
pub fn max_scroll(lines: usize, height: u16) -> u16 {
    u16::try_from(lines.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}
