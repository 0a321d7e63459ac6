//! Opening a record. A record stays closed (only the name shows) until the user opens it; the
//! opening is recorded as a consultation first: from the triage queue as a scheduled review,
//! from a search or the full list with a reason the user types (once per subject per session).
use super::App;
use crate::ops::access::Reason;
use crate::tui::dialogs::reason::{ReasonDialog, record_opening, show_record};
use crate::tui::workbench::ListMode;

impl App {
    /// Open the selected subject's record (`from_hit`: a search hit, shown at the matched item).
    pub(super) fn open_record(&mut self, from_hit: bool) {
        let Some(id) = self.main.current_id() else {
            return;
        };
        let name = self
            .main
            .listed(id)
            .map(crate::domain::Triage::display_name)
            .unwrap_or_default();
        if self.main.consulted(id) {
            return show_record(&mut self.ctx(), from_hit);
        }
        let from_queue = self.main.search.is_none() && self.main.list_mode == ListMode::Queue;
        if from_queue {
            let mut ctx = self.ctx();
            if record_opening(&mut ctx, id, Reason::Queue) {
                show_record(&mut ctx, from_hit);
            }
            return;
        }
        let via_person = self
            .main
            .current_hit()
            .is_some_and(|h| h.via_protected_person());
        self.push(Box::new(
            ReasonDialog::new(id, name, from_hit).via_protected_person(via_person),
        ));
    }

    /// Before an action on the selected subject: its record must be open. From the queue it is
    /// opened now (and `true` returned); elsewhere the reason is asked, and the action waits for
    /// the user to press its key again.
    pub(super) fn ensure_open(&mut self) -> bool {
        let Some(id) = self.main.current_id() else {
            return true;
        };
        if self.main.consulted(id) {
            return true;
        }
        let focus = self.main.focus;
        self.open_record(false);
        if self.main.consulted(id) {
            // Opened for the action: stay where the user was.
            self.main.focus = focus;
            return true;
        }
        false
    }
}
