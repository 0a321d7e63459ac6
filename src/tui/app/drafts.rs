//! Drafts: an open form is written to the store as the user types (debounced), and offered
//! back when the store is next opened, after a crash or a quit with the form open.
use std::time::{Duration, Instant};

use super::{App, DraftData, DraftInfo, DraftsView, FormPurpose, FormSession, Overlay};
use crate::domain::{DraftKey, ItemKind, Target};
use crate::store::StoreError;
use crate::tui::action::Action;

/// How long typing must pause before the open form is written as a draft.
pub const DRAFT_DEBOUNCE: Duration = Duration::from_millis(400);

/// How long a draft write may wait for another writer: short, so typing never stalls; a draft
/// that could not be written is retried at the next pause.
const DRAFT_WAIT: Duration = Duration::from_millis(50);

/// The key of a form's draft: one per subject, item and purpose. The queue filter and the export
/// form are never kept as drafts, so they have none (and closing them touches no draft).
pub(super) fn draft_key_of(f: &FormSession) -> Option<DraftKey> {
    match (&f.purpose, f.subject) {
        (FormPurpose::SignOff(target), Some(subject)) => Some(DraftKey::SignOff {
            subject,
            target: *target,
        }),
        (FormPurpose::Item, subject) => Some(DraftKey::Item {
            subject,
            target: f.target,
        }),
        (FormPurpose::SignOff(_) | FormPurpose::QueueFilter | FormPurpose::Export, _) => None,
    }
}

impl App {
    /// The store key of the open form's draft.
    pub(super) fn draft_key(&self) -> Option<DraftKey> {
        match &self.overlay {
            Overlay::Form(f) => draft_key_of(f),
            Overlay::Wizard(w) => Some(DraftKey::Review { subject: w.subject }),
            _ => None,
        }
    }

    /// Write the open form as a draft now if it changed (called after the debounce and on quit).
    pub fn write_draft(&mut self) -> Result<(), StoreError> {
        let data = match &self.overlay {
            Overlay::Form(f)
                if f.form.is_dirty()
                    && !matches!(f.purpose, FormPurpose::QueueFilter | FormPurpose::Export) =>
            {
                DraftData {
                    subject: f.subject,
                    target: f.target,
                    title: f.form.title().to_string(),
                    values: f.form.values(),
                    wizard: None,
                    sign_off: match &f.purpose {
                        FormPurpose::SignOff(t) => Some(*t),
                        _ => None,
                    },
                }
            }
            Overlay::Wizard(w) => DraftData {
                subject: Some(w.subject),
                target: Target::new_item(ItemKind::Visit, None),
                title: format!("Compliance review: {}", w.base.display_name()),
                values: w.form.values(),
                wizard: Some((w.wizard.current(), w.wizard.all_values())),
                sign_off: None,
            },
            _ => {
                self.draft_pending = None;
                return Ok(());
            }
        };
        let Some(key) = self.draft_key() else {
            return Ok(());
        };
        let bytes = serde_json::to_vec(&data).unwrap_or_default();
        self.store.put_draft_within(&key, &bytes, DRAFT_WAIT)?;
        self.draft_pending = None;
        Ok(())
    }

    /// Called by the event loop: writes the draft once typing has paused. A failed write stays
    /// pending and is tried again at the next pause.
    pub fn tick(&mut self, now: Instant) {
        self.lock_if_idle(now);
        if let Some(since) = self.draft_pending
            && now.duration_since(since) >= DRAFT_DEBOUNCE
            && let Err(e) = self.write_draft()
        {
            self.message = Some(match e {
                StoreError::Busy { .. } => {
                    "Draft not yet kept: the store is busy; trying again".to_string()
                }
                e => format!("Draft not yet kept: {e}"),
            });
            self.draft_pending = Some(now);
        }
    }

    /// At open: list drafts left by a crash or a quit with a form open, and offer them.
    pub(super) fn offer_drafts(&mut self) -> Result<(), StoreError> {
        let mut drafts = Vec::new();
        let mut unreadable = Vec::new();
        for d in self.store.drafts()? {
            match serde_json::from_slice::<DraftData>(&d.payload) {
                Ok(data) => drafts.push(DraftInfo {
                    label: crate::text::line(&data.title).into_owned(),
                    key: d.key,
                    updated: d.updated,
                    data,
                }),
                Err(_) => unreadable.push(d.key.encode()),
            }
        }
        if !unreadable.is_empty() {
            self.message = Some(format!(
                "{} draft(s) could not be read and were kept in the store: {}",
                unreadable.len(),
                crate::text::line(&unreadable.join(", "))
            ));
        }
        if !drafts.is_empty() {
            self.overlay = Overlay::Drafts(DraftsView {
                drafts,
                selected: 0,
            });
        }
        Ok(())
    }

    pub(super) fn dispatch_drafts(&mut self, action: Action, mut d: DraftsView) {
        let n = d.drafts.len().max(1);
        match action {
            Action::MoveDown => d.selected = (d.selected + 1) % n,
            Action::MoveUp => d.selected = (d.selected + n - 1) % n,
            Action::Cancel | Action::Back => {
                self.message = Some("Drafts kept: they will be offered again next time".into());
                return;
            }
            Action::Open => {
                if let Some(info) = d.drafts.get(d.selected).cloned() {
                    return self.restore_draft(info);
                }
            }
            _ => {}
        }
        self.overlay = Overlay::Drafts(d);
    }

    pub(super) fn discard_selected_draft(&mut self) {
        let Overlay::Drafts(mut d) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        if d.selected < d.drafts.len() {
            let info = d.drafts.remove(d.selected);
            match self.store.delete_draft(&info.key) {
                Ok(()) => self.message = Some(format!("Draft discarded: {}", info.label)),
                Err(e) => self.message = Some(format!("Could not discard the draft: {e}")),
            }
        }
        d.selected = d.selected.min(d.drafts.len().saturating_sub(1));
        if !d.drafts.is_empty() {
            self.overlay = Overlay::Drafts(d);
        }
    }

    fn restore_draft(&mut self, info: DraftInfo) {
        if let Some(id) = info.data.subject {
            self.select_subject(id);
            // The form shows the record: opening it is recorded like any other opening.
            if !self.consulted(id) {
                if let Err(e) = self
                    .store
                    .record_consultation(id, super::access::DRAFT_REASON)
                {
                    self.message = Some(format!(
                        "Draft not restored: the consultation could not be recorded: {e}"
                    ));
                    self.overlay = Overlay::None;
                    return;
                }
                self.consulted.insert(id);
            }
        }
        match (info.data.wizard, info.data.sign_off) {
            (Some((step, values)), _) => {
                if let Some(id) = info.data.subject {
                    self.resume_review(id, step, values);
                }
            }
            (None, Some(target)) => {
                self.open_sign_off(target);
                if let Overlay::Form(f) = &mut self.overlay {
                    f.form.set_values(info.data.values);
                }
            }
            (None, None) => self.open_form(
                info.data.subject,
                info.data.target,
                FormPurpose::Item,
                Some(info.data.values),
            ),
        }
        if self.overlay.is_none() {
            // The item is gone (deleted since): the draft cannot be reopened; keep it offered
            // no more, but say so.
            let _ = self.store.delete_draft(&info.key);
            let why = self.message.clone().unwrap_or_default();
            self.message = Some(format!(
                "Draft could not be restored and was removed: {why}"
            ));
        } else {
            self.message = Some(format!("Restored draft: {}", info.label));
            self.draft_pending = Some(Instant::now());
        }
    }
}
