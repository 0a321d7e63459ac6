//! Work committed elsewhere (another process or workstation on the store), shown as it comes:
//! `App::tick` asks every [`super::WATCH_EVERY`].
use super::App;
use crate::ops;

impl App {
    /// Bring the list, the queue, search and the open record up to date with work committed
    /// elsewhere since the last look (another workstation or process). A form open on a subject
    /// that changed stays as typed; the user is told its save will be merged with the change.
    /// Nothing is shown while the screen is locked.
    pub fn show_changes_made_elsewhere(&mut self) {
        if self.locked() {
            return;
        }
        let Some(watch) = &mut self.watch else {
            return;
        };
        let polled = watch.poll(&self.store);
        if let Err(ops::OpsError::Store(crate::store::StoreError::Server { .. })) = &polled {
            if !self.server_lost {
                self.server_lost = true;
                self.message = Some(
                    "The server cannot be reached: what is shown may be out of date and saves \
                     are refused until it is back; what you type is kept on this workstation, \
                     sealed (spmp connects again by itself)"
                        .into(),
                );
            }
            return;
        }
        if polled.is_ok() && std::mem::take(&mut self.server_lost) {
            self.message = Some(match ops::drafts::save_kept_offline(&mut self.store) {
                Ok(0) => "Connected to the server again".into(),
                Ok(n) => format!(
                    "Connected to the server again: {n} draft{} typed while it was away \
                     saved to it",
                    if n == 1 { "" } else { "s" }
                ),
                Err(e) => format!(
                    "Connected to the server again, but the drafts typed while it was away are \
                     still only on this workstation: {e}"
                ),
            });
        }
        let changes = match polled {
            Ok(Some(c)) => c,
            Ok(None) => return,
            // Busy with another writer, or a read that failed: the next look tries again.
            Err(_) => return,
        };
        // A checkout or check-in made elsewhere changes what the list and header say.
        self.main.checked_out = ops::offline::out_now(&self.store, self.main.today);
        if changes.reload {
            let (policy, today) = (self.main.policy.clone(), self.main.today);
            match ops::caseload::load_with(&self.store, &policy, today, &mut |_, _| {}) {
                Ok(caseload) => {
                    let keep = self.main.current_id();
                    self.main.unreadable = caseload.unreadable;
                    self.main.archived = caseload.archived;
                    self.main
                        .set_caseload(caseload.subjects, caseload.values, keep);
                    self.message = Some(
                        "Many subjects were changed elsewhere: the list was read again".into(),
                    );
                }
                Err(e) => self.message = Some(format!("Changes made elsewhere not shown: {e}")),
            }
            return;
        }
        let editing: Vec<crate::domain::SubjectId> = self
            .layers
            .iter()
            .filter_map(|c| c.draft().and_then(|(key, _)| key.subject()))
            .collect();
        let removed = changes.removed.len();
        let (mut changed, mut under_form) = (0, None);
        for subject in changes.changed {
            // A revision this app saved itself (merged with the others' work or not) shows
            // nothing new: only what differs from the screen is news.
            let news = self.main.is_stale(&subject)
                || self
                    .main
                    .subject(subject.id)
                    .is_some_and(|shown| shown != &subject);
            if !news {
                continue;
            }
            changed += 1;
            if editing.contains(&subject.id) {
                under_form = Some((subject.id, subject.display_name()));
            }
            self.main.refresh_subject(subject);
        }
        self.main.refresh_removed(&changes.removed);
        self.main.refresh_archived(changes.archived);
        if let Some((id, name)) = under_form {
            self.message = Some(format!(
                "Subject {id} ({}) was changed elsewhere while your form is open: saving merges \
                 your changes with theirs, and asks you where you both changed a field",
                crate::text::line(&name)
            ));
        } else if changed + removed > 0 {
            let mut parts = Vec::new();
            if changed > 0 {
                parts.push(format!(
                    "{changed} subject{} changed",
                    if changed == 1 { "" } else { "s" }
                ));
            }
            if removed > 0 {
                parts.push(format!("{removed} removed"));
            }
            self.message = Some(format!("Updated from elsewhere: {}", parts.join(", ")));
        }
    }
}
