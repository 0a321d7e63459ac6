//! The login screen (and the first run's create-the-administrator screen).
use ratatui::Frame;
use ratatui::text::Line;

use super::widgets::{field_line, masked, panel};
use crate::tui::login::{LoginField, LoginMode, LoginScreen};
use crate::tui::theme::Theme;

/// Draw the login screen over the whole frame. Never panics at any size.
pub fn draw(frame: &mut Frame, theme: &Theme, s: &LoginScreen) {
    let t = theme;
    let store = crate::text::line(&s.dir.display().to_string()).into_owned();
    let user = crate::text::line(&s.user.text()).into_owned();
    // Full labels in the box, short ones on a small screen.
    let fields = |short: bool| -> Vec<Line<'static>> {
        s.fields()
            .iter()
            .map(|f| {
                let focused = *f == s.focus && !s.busy;
                let (label, value) = match f {
                    LoginField::User => (["User name ", "User"], user.clone()),
                    LoginField::Passphrase => (["Passphrase", "Pass"], masked(s.passphrase.len())),
                    LoginField::Repeat => (["Repeat it ", "Again"], masked(s.repeat.len())),
                };
                field_line(t, label[usize::from(short)], &value, focused)
            })
            .collect()
    };
    let (title, intro) = match s.mode {
        LoginMode::Login => (
            "spmp: log in",
            "Subject Profile Management Plans. OFFICIAL-SENSITIVE: log in with your spmp user \
             name and passphrase."
                .to_string(),
        ),
        LoginMode::CreateAdmin => (
            "spmp: first run",
            format!(
                "This store has no users yet. Create its administrator, who manages the user \
                 accounts. The passphrase needs at least {} characters; a few unrelated words \
                 work well. It cannot be recovered if lost.",
                crate::store::users::MIN_PASSPHRASE_CHARS
            ),
        ),
    };
    let mut lines = Vec::new();
    if s.demo {
        lines.push(Line::styled(
            "DEMO: the data in this store is fictional. Demo users:",
            t.warn,
        ));
        for u in &crate::demo::DEMO_USERS {
            let roles: Vec<&str> = u.roles.iter().map(|r| r.label()).collect();
            lines.push(Line::raw(format!(
                "  {:<11} passphrase {:<16} {:<14} {}",
                u.name,
                u.passphrase,
                roles.join(", "),
                u.officer().label(u.name)
            )));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::raw(intro));
    lines.push(Line::styled(format!("Store: {store}"), t.dim));
    lines.push(Line::raw(""));
    lines.extend(fields(false));
    let status = if s.busy {
        Some(Line::styled("Checking the passphrase...", t.dim))
    } else {
        s.error
            .as_ref()
            .map(|e| Line::styled(crate::text::line(e).into_owned(), t.warn))
    };
    if let Some(l) = &status {
        lines.push(Line::raw(""));
        lines.push(l.clone());
    }
    let submit = match s.mode {
        LoginMode::Login => "log in",
        LoginMode::CreateAdmin => "create the administrator",
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("enter next field / {submit}  tab next field  esc quit"),
        t.dim,
    ));

    let mut compact = vec![Line::styled(title.to_string(), t.heading)];
    compact.extend(fields(true));
    if let Some(l) = status {
        compact.push(l);
    }
    if s.demo {
        compact.push(Line::styled("DEMO (fictional data)", t.warn));
    }
    compact.push(Line::styled("enter: go on, esc: quit", t.dim));
    panel(frame, t, title, lines, compact);
}
