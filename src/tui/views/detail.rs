//! The tab bar and the scrollable content of the selected tab.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::Marks;
use super::widgets::block;
use super::{ViewCtx, reviews, risk, section1, section2, timeline, victim};
use crate::domain::PlanPart;
use crate::domain::Subject;
use crate::tui::app::{App, Focus};

/// The content lines of `tab` for `subject` at `width`, and where its marked items start.
pub fn tab_lines(
    app: &App,
    subject: &Subject,
    tab: PlanPart,
    width: u16,
) -> (Vec<Line<'static>>, Marks) {
    let ctx = ViewCtx {
        today: app.today(),
        config: app.policy(),
        theme: &app.theme,
        width,
    };
    match tab {
        PlanPart::Section1 => section1::section1(subject, &ctx),
        PlanPart::Section2 => section2::section2(subject, &ctx),
        PlanPart::Risk => (risk::risk_lines(subject, &ctx), Vec::new()),
        PlanPart::Timeline => (timeline::timeline_lines(subject, &ctx), Vec::new()),
        PlanPart::Reviews => (reviews::reviews_lines(subject, &ctx), Vec::new()),
        PlanPart::Victim => victim::victim(subject, &ctx),
    }
}

/// Draw the tab bar and the selected tab. Returns the row the detail was scrolled to for a
/// search hit's item, if it was.
pub fn draw(frame: &mut Frame, tabs_area: Rect, area: Rect, app: &App) -> Option<u16> {
    let t = &app.theme;
    let main = &app.main;
    frame.render_widget(Paragraph::new(tab_bar(app, tabs_area.width)), tabs_area);

    let focused = main.focus == Focus::Detail;
    let title = main.tab.title().to_string();
    let b = block(t, title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    body(frame, inner, app)
}

/// The selected tab's content in `inner` (no border, no tab bar): what the detail pane shows
/// inside its frame and what the screen-reader layout shows under its tab line. Returns the
/// row the content was scrolled to for a search hit's item, if it was.
pub fn body(frame: &mut Frame, inner: Rect, app: &App) -> Option<u16> {
    body_after(frame, inner, app, Vec::new())
}

/// [`body`] with `prefix` (lines already wrapped to `inner`'s width) scrolled above the tab's
/// content, as one text: the screen-reader layout puts the subject's header there.
pub fn body_after(
    frame: &mut Frame,
    inner: Rect,
    app: &App,
    prefix: Vec<Line<'static>>,
) -> Option<u16> {
    let main = &app.main;
    let subject = main.current()?;
    if !main.consulted(subject.id) {
        let mut lines = prefix;
        lines.extend(not_opened(app));
        frame.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
            inner,
        );
        return None;
    }
    let (tab, marks) = tab_lines(app, subject, main.tab, inner.width);
    let before = prefix.len();
    let mut lines = prefix;
    lines.extend(tab);
    let marked = main.detail_mark.and_then(|mark| {
        marks
            .iter()
            .find(|(t, _)| *t == mark)
            .map(|(_, at)| *at + before)
    });
    if let Some(at) = marked
        && let Some(line) = lines.get_mut(at)
    {
        *line = std::mem::take(line).style(app.theme.selected);
    }
    let jump = marked
        .filter(|_| main.scroll_to_mark)
        .map(|at| u16::try_from(at.saturating_sub(2)).unwrap_or(u16::MAX));
    let scroll = main.detail.fit_from(
        jump.unwrap_or(main.detail.offset()),
        lines.len(),
        inner.height,
    );
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    jump.map(|_| scroll)
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
    let how = if app.main.search.is_none() && app.main.list_mode == crate::tui::app::ListMode::Queue
    {
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
                let active = tab == app.main.tab;
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
