//! The whole screen: title bar, subject list, header, tabs, detail, status bar and any dialog.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::Areas;
use super::{access, detail, dialogs, header, help, list, palette, small, status, trends};
use crate::tui::app::{App, Overlay};

/// Draw `app` into `frame`. Never mutates, never panics at any size.
pub fn draw(frame: &mut Frame, app: &App) {
    let size = frame.area();
    // Locked: nothing of the data is drawn.
    if let Some(lock) = &app.lock {
        access::lock(frame, app, lock);
        return;
    }
    // The Trends view has the whole screen, at any size.
    if let Overlay::Trends(v) = &app.overlay {
        trends::draw(frame, size, app, v);
        return;
    }
    let Some(areas) = Areas::of(size) else {
        small::draw(frame, size, app);
        return;
    };
    title(frame, areas.title, app);
    list::draw(frame, areas.list, app);
    header::draw(frame, areas.header, app);
    detail::draw(frame, areas.tabs, areas.detail, app);
    status::draw(frame, areas.status, app);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help::draw(frame, size, app, *scroll),
        Overlay::Palette { query, selected } => palette::draw(frame, size, app, query, *selected),
        Overlay::Picker(p) => dialogs::picker(frame, size, app, p),
        Overlay::Confirm(c) => {
            if let Some(back) = back_form(&c.back) {
                dialogs::form(frame, size, app, back.0, back.1);
            }
            dialogs::confirm(frame, size, app, c)
        }
        Overlay::Form(f) => dialogs::form(frame, size, app, &f.form, false),
        Overlay::Wizard(w) => dialogs::form(frame, size, app, &w.form, true),
        Overlay::History(h) => dialogs::history(frame, size, app, h),
        Overlay::Drafts(d) => dialogs::drafts(frame, size, app, d),
        Overlay::Audit(a) => access::audit(frame, size, app, a),
        Overlay::Reason(d) => access::reason(frame, size, app, d),
        Overlay::Trends(_) => {}
    }
}

/// The title bar: the marking, the date and who is logged in.
pub(super) fn title(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut spans = vec![Span::styled(" spmp ", t.tab_active)];
    if area.width >= 130 {
        spans.push(Span::raw(" Subject Profile Management Plans "));
    }
    if !app.banner.is_empty() {
        spans.push(Span::styled(
            format!("  {} ", crate::text::line(&app.banner)),
            t.warn,
        ));
    }
    spans.push(Span::styled(
        format!(
            "  OFFICIAL-SENSITIVE  {}",
            crate::domain::fmt_date(app.today)
        ),
        t.dim,
    ));
    // Who is logged in, after the marking (which must never be cut): with the roles if they
    // fit, else the name alone.
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    let who = format!("  {}", app.who());
    let name = format!("  {}", crate::text::line(&app.store.actor().name));
    let who = if who.len() <= room { who } else { name };
    spans.push(Span::styled(who, t.key));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(t.base), area);
}

/// The form under a confirmation, so the question is asked over what it concerns.
fn back_form(o: &Overlay) -> Option<(&crate::tui::form::FormState, bool)> {
    match o {
        Overlay::Form(f) => Some((&f.form, false)),
        Overlay::Wizard(w) => Some((&w.form, true)),
        _ => None,
    }
}
