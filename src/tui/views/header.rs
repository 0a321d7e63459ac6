//! The header over the detail area: who the subject is and what is urgent about them.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::{ReviewDue, fmt_date};
use crate::text as sanitize;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lines = match app.main.current() {
        Some(s) if app.main.consulted(s.id) => lines(app, s),
        Some(s) => vec![
            Line::styled(
                format!(" {}", sanitize::line(&s.display_name())),
                app.theme.title,
            ),
            Line::styled(" Record not opened", app.theme.dim),
        ],
        None => vec![Line::styled(" No subject selected", app.theme.dim)],
    };
    frame.render_widget(Paragraph::new(lines), area);
}

fn lines(app: &App, s: &crate::domain::Subject) -> Vec<Line<'static>> {
    let t = &app.theme;
    let today = app.today();
    let mut who = vec![Span::styled(
        format!(" {}", sanitize::line(&s.display_name())),
        t.title,
    )];
    if let Some(pnc) = &s.pnc_id {
        who.push(Span::raw(format!("  PNC {}", sanitize::line(pnc))));
    }
    if let Some(dob) = s.date_of_birth {
        who.push(Span::raw(format!("  DOB {}", fmt_date(dob))));
    }
    let flags = s.flags.labels();
    if !flags.is_empty() {
        who.push(Span::styled(
            format!("  [{}]", sanitize::line(&flags.join("] ["))),
            t.warn,
        ));
    }

    let active: Vec<String> = s
        .orders
        .iter()
        .filter(|o| o.is_active(today))
        .map(|o| format!("{} {}", o.kind.short(), o.expiry_text(today)))
        .collect();
    let orders = if active.is_empty() {
        Span::styled(" No active order".to_string(), t.dim)
    } else {
        Span::raw(format!(" {}", sanitize::line(&active.join(" | "))))
    };

    let mut risk = vec![Span::raw(" Risk ")];
    match s.current_risk() {
        Some(level) => risk.push(Span::styled(
            format!("[{}] {}", level.tag(), level.label()),
            t.risk(level),
        )),
        None => risk.push(Span::styled("not assessed".to_string(), t.warn)),
    }
    if s.needs_reassessment() {
        risk.push(Span::raw(" "));
        risk.push(Span::styled("RE-ASSESSMENT REQUIRED".to_string(), t.alert));
    }
    let mut review = vec![Span::raw(" Next review ".to_string())];
    let due = ReviewDue::of(s, &app.policy().cadence, today);
    let due_style = if due.is_overdue() { t.alert } else { t.base };
    let due_text = if due.is_overdue() {
        format!("!! {} !!", due.text())
    } else {
        due.text()
    };
    review.push(Span::styled(due_text, due_style));

    let officer = s
        .officer
        .as_deref()
        .map(|o| format!(" Officer {}", sanitize::line(o)))
        .unwrap_or_else(|| " No officer assigned".to_string());
    let address = s
        .current_address()
        .map(|a| format!("   Address {}", sanitize::line(&a.lines)))
        .unwrap_or_default();
    let reasons = crate::domain::reasons(s, app.policy(), today);
    let needs = if reasons.is_empty() {
        Line::styled(" Nothing needs action now".to_string(), t.dim)
    } else {
        let text: Vec<String> = reasons.iter().map(|r| r.text()).collect();
        Line::from(vec![
            Span::styled(" Needs: ".to_string(), t.warn),
            Span::raw(sanitize::line(&text.join("; ")).into_owned()),
        ])
    };
    vec![
        Line::from(who),
        Line::from(orders),
        Line::from(risk),
        Line::from(review),
        needs,
        Line::styled(format!("{officer}{address}"), t.dim),
    ]
}
