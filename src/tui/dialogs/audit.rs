//! A subject's audit trail: who opened, changed or disclosed it, oldest first (supervisors and
//! administrators).
use std::any::Any;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{scroll_or_close, scrolled_box};

use crate::store::AuditEntry;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;
use crate::tui::views::text::wrap_line;

pub struct Audit {
    pub name: String,
    pub entries: Vec<AuditEntry>,
    pub scroll: Scroll,
}

/// The lines of the audit trail view.
fn audit_lines(t: &Theme, entries: &[AuditEntry], width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if entries.is_empty() {
        lines.push(Line::styled(
            "Nothing recorded for this subject yet.",
            t.dim,
        ));
    }
    for e in entries {
        let at = e.at.get(..19).unwrap_or(&e.at).replace('T', " ");
        lines.push(Line::from(vec![
            Span::styled(format!("{at} UTC"), t.heading),
            Span::raw("  "),
            Span::styled(crate::text::line(&e.actor).into_owned(), t.key),
            Span::raw("  "),
            Span::styled(e.kind.label().to_string(), Style::default()),
            Span::raw(": "),
            Span::raw(crate::text::line(&e.what).into_owned()),
        ]));
        let mut detail = Vec::new();
        if let Some(j) = &e.justification {
            detail.push(format!("why: {}", crate::text::line(j)));
        }
        if let Some(r) = &e.recipient {
            detail.push(format!("to: {}", crate::text::line(r)));
        }
        for d in detail {
            lines.extend(wrap_line(Line::styled(format!("    {d}"), t.dim), width, 6));
        }
    }
    lines
}

impl Component for Audit {
    fn kind(&self) -> Kind {
        Kind::Audit
    }

    fn action(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Flow {
        scroll_or_close(
            &mut self.scroll,
            action,
            &[Action::Cancel, Action::Back, Action::AuditTrail],
        )
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let title = format!(
            "Audit trail: {} ({} entries)",
            crate::text::line(&self.name),
            self.entries.len()
        );
        scrolled_box(frame, p, (110, 2), title, &self.scroll, |width| {
            audit_lines(p.theme, &self.entries, width)
        });
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[(Action::MoveDown, "scroll"), (Action::Cancel, "close")],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
