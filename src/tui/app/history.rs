//! The change history of a subject, and undo of this session's changes.
use super::{App, HistoryView, Overlay};
use crate::store::Commit;
use crate::tui::action::Action;

impl App {
    pub(super) fn show_history(&mut self) {
        let Some(subject) = self.current().cloned() else {
            self.message = Some("Select a subject first".into());
            return;
        };
        match self.store.history(subject.id) {
            Ok(entries) => {
                self.overlay = Overlay::History(HistoryView {
                    subject: subject.id,
                    name: subject.display_name(),
                    entries,
                    scroll: 0,
                })
            }
            Err(e) => self.message = Some(format!("Cannot read the history: {e}")),
        }
    }

    pub(super) fn dispatch_history(&mut self, action: Action, mut h: HistoryView) {
        let last = crate::tui::views::dialogs::history_len(&h).saturating_sub(1);
        let last = u16::try_from(last).unwrap_or(u16::MAX);
        match action {
            Action::MoveDown => h.scroll = h.scroll.saturating_add(1).min(last),
            Action::MoveUp => h.scroll = h.scroll.saturating_sub(1),
            Action::PageDown => h.scroll = h.scroll.saturating_add(10).min(last),
            Action::PageUp => h.scroll = h.scroll.saturating_sub(10),
            Action::Top => h.scroll = 0,
            Action::Bottom => h.scroll = last,
            Action::Cancel | Action::Back | Action::History => return,
            _ => {}
        }
        self.overlay = Overlay::History(h);
    }

    /// Undo this session's last change by committing the subject as it was before it. Each undo
    /// is a new change; earlier changes of the same subject stay undoable in turn.
    pub(super) fn undo_last(&mut self) {
        let Some(entry) = self.undo.pop() else {
            self.message = Some("Nothing to undo in this session".into());
            return;
        };
        let version = match self.store.version(entry.subject) {
            Ok(Some(v)) => v,
            Ok(None) => {
                self.message = Some("Cannot undo: the subject is no longer in the store".into());
                return;
            }
            Err(e) => {
                self.message = Some(format!("Cannot undo: {e}"));
                self.undo.push(entry);
                return;
            }
        };
        if version != entry.after_version {
            self.message = Some(format!(
                "Cannot undo \"{}\": someone else has changed the subject since",
                crate::text::line(&entry.summary)
            ));
            return;
        }
        let summary = format!("Undo: {}", entry.summary);
        match self.store.commit(&Commit {
            subject: &entry.before,
            expected_version: Some(version),
            summary: &summary,
        }) {
            Ok(new_version) => {
                // The subject is now as it was after the previous change of this subject in the
                // session, so that change can be undone next.
                if let Some(prev) = self
                    .undo
                    .iter_mut()
                    .rev()
                    .find(|u| u.subject == entry.subject)
                    && prev.after_version == entry.before_version
                {
                    prev.after_version = new_version;
                }
                let here = self.current().map(|s| s.id) == Some(entry.subject);
                self.upsert_subject(entry.before);
                self.message = Some(if here {
                    format!("Saved: {summary}")
                } else {
                    format!("Saved: {summary} (another subject: now selected)")
                });
                self.select_subject(entry.subject);
            }
            Err(e) => {
                self.message = Some(format!("Cannot undo: {e}"));
                self.undo.push(entry);
            }
        }
    }
}
