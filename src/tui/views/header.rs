//! The header over the detail area: who the subject is and what is urgent about them.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::{ReviewDue, RiskLevel, fmt_date};
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

/// What the header says of a subject, worked out once for both layouts.
struct Facts {
    name: String,
    pnc: Option<String>,
    dob: Option<String>,
    flags: Vec<String>,
    /// "checked out to rita.reviewer until 11 Dec 2026": out on a laptop.
    out: Option<String>,
    /// The orders in force, "SPO ends 25 Oct 2027 (326 days)".
    orders: Vec<String>,
    risk: Option<RiskLevel>,
    reassess: bool,
    due: ReviewDue,
    needs: Vec<String>,
    officer: Option<String>,
    address: Option<String>,
}

fn facts(app: &App, s: &crate::domain::Subject) -> Facts {
    let today = app.today();
    let clean = |t: &str| sanitize::line(t).into_owned();
    Facts {
        name: clean(&s.display_name()),
        pnc: s.pnc_id.as_deref().map(clean),
        dob: s.date_of_birth.map(fmt_date),
        flags: s.flags.labels().iter().map(|f| clean(f)).collect(),
        out: app.main.checked_out.get(&s.id).map(|t| clean(t)),
        orders: s
            .orders
            .iter()
            .filter(|o| o.is_active(today))
            .map(|o| clean(&format!("{} {}", o.kind.short(), o.expiry_text(today))))
            .collect(),
        risk: s.current_risk(),
        reassess: s.needs_reassessment(),
        due: ReviewDue::of(s, &app.policy().cadence, today),
        needs: crate::domain::reasons(s, app.policy(), today)
            .iter()
            .map(|r| clean(&r.text()))
            .collect(),
        officer: s.officer.as_deref().map(clean),
        address: s.current_address().map(|a| clean(&a.lines)),
    }
}

/// The header as the screen-reader layout says it: one fact a line, its label first, every
/// state in words.
pub fn reader_lines(app: &App, s: &crate::domain::Subject) -> Vec<Line<'static>> {
    let t = &app.theme;
    let f = facts(app, s);
    let none = |v: Option<String>, missing: &str| v.unwrap_or_else(|| missing.to_string());
    let mut lines = vec![Line::styled(format!("Subject: {}", f.name), t.title)];
    lines.push(Line::raw(format!("PNC ID: {}", none(f.pnc, "none"))));
    lines.push(Line::raw(format!(
        "Date of birth: {}",
        none(f.dob, "not known")
    )));
    if !f.flags.is_empty() {
        lines.push(Line::styled(
            format!("Flags: {}", f.flags.join(", ")),
            t.warn,
        ));
    }
    if let Some(out) = &f.out {
        lines.push(Line::styled(format!("Laptop: {out}"), t.warn));
    }
    lines.push(Line::raw(if f.orders.is_empty() {
        "Orders in force: none".to_string()
    } else {
        format!("Orders in force: {}", f.orders.join("; "))
    }));
    let risk = match f.risk {
        Some(level) => format!("Risk: {}", level.label()),
        None => "Risk: not assessed".to_string(),
    };
    let risk = if f.reassess {
        format!("{risk}, re-assessment required")
    } else {
        risk
    };
    lines.push(Line::styled(
        risk,
        f.risk.map(|r| t.risk(r)).unwrap_or(t.warn),
    ));
    lines.push(Line::styled(
        format!("Next review: {}", f.due.text()),
        if f.due.is_overdue() { t.alert } else { t.base },
    ));
    lines.push(if f.needs.is_empty() {
        Line::raw("Needs: nothing needs action now")
    } else {
        Line::styled(format!("Needs: {}", f.needs.join("; ")), t.warn)
    });
    lines.push(Line::raw(format!(
        "Officer: {}",
        none(f.officer, "none assigned")
    )));
    if let Some(address) = f.address {
        lines.push(Line::raw(format!("Address: {address}")));
    }
    lines
}

fn lines(app: &App, s: &crate::domain::Subject) -> Vec<Line<'static>> {
    let t = &app.theme;
    let f = facts(app, s);
    let mut who = vec![Span::styled(format!(" {}", f.name), t.title)];
    if let Some(pnc) = &f.pnc {
        who.push(Span::raw(format!("  PNC {pnc}")));
    }
    if let Some(dob) = &f.dob {
        who.push(Span::raw(format!("  DOB {dob}")));
    }
    if !f.flags.is_empty() {
        who.push(Span::styled(format!("  [{}]", f.flags.join("] [")), t.warn));
    }
    let mut orders = vec![if f.orders.is_empty() {
        Span::styled(" No active order".to_string(), t.dim)
    } else {
        Span::raw(format!(" {}", f.orders.join(" | ")))
    }];
    if let Some(out) = &f.out {
        let mut out = out.clone();
        out.replace_range(..1, "C");
        orders.push(Span::styled(format!("   {out}"), t.warn));
    }

    let mut risk = vec![Span::raw(" Risk ")];
    match f.risk {
        Some(level) => risk.push(Span::styled(
            format!("[{}] {}", level.tag(), level.label()),
            t.risk(level),
        )),
        None => risk.push(Span::styled("not assessed".to_string(), t.warn)),
    }
    if f.reassess {
        risk.push(Span::raw(" "));
        risk.push(Span::styled("RE-ASSESSMENT REQUIRED".to_string(), t.alert));
    }
    let mut review = vec![Span::raw(" Next review ".to_string())];
    let due_style = if f.due.is_overdue() { t.alert } else { t.base };
    let due_text = if f.due.is_overdue() {
        format!("!! {} !!", f.due.text())
    } else {
        f.due.text()
    };
    review.push(Span::styled(due_text, due_style));

    let officer = f
        .officer
        .map(|o| format!(" Officer {o}"))
        .unwrap_or_else(|| " No officer assigned".to_string());
    let address = f
        .address
        .map(|a| format!("   Address {a}"))
        .unwrap_or_default();
    let needs = if f.needs.is_empty() {
        Line::styled(" Nothing needs action now".to_string(), t.dim)
    } else {
        Line::from(vec![
            Span::styled(" Needs: ".to_string(), t.warn),
            Span::raw(f.needs.join("; ")),
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
