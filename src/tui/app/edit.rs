//! Forms, pickers and confirmations: every change to a subject goes through [`App::commit`],
//! which returns only after the store's transaction commits. Drafts are in `drafts.rs`, history
//! and undo in `history.rs`.
use std::time::Instant;

use crossterm::event::KeyEvent;

use super::drafts::draft_key_of;
use super::{App, Confirm, FormPurpose, FormSession, Overlay, Pending, UndoEntry};
use crate::domain::{ItemKind, Target};
use crate::domain::{Subject, SubjectId};
use crate::edit;
use crate::store::{Commit, StoreError};
use crate::tui::action::Action;
use crate::tui::form::FormState;
use crate::tui::keymap::{Key, Layer};

/// Kinds that live inside another item and need it chosen first.
pub(super) fn needs_parent(kind: ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Variation
            | ItemKind::Condition
            | ItemKind::Notification
            | ItemKind::TacticalOption
    )
}

/// How a typed date was read, for the form to show beside it (`23 Nov 2026`).
fn preview_date(text: &str, today: chrono::NaiveDate) -> Option<String> {
    crate::edit::parse::parse_date(text, today)
        .ok()
        .map(crate::edit::parse::show_date)
}

/// A form for `fields` with the app's parser behind its checks and date previews.
pub(super) fn new_form(
    title: String,
    fields: Vec<crate::edit::FieldSpec>,
    values: Vec<String>,
    today: chrono::NaiveDate,
) -> FormState {
    FormState::new(title, fields, values, today)
        .with_checker(crate::edit::parse::check)
        .with_date_preview(preview_date)
}

impl App {
    /// The subject as stored now, and its version; refreshes the copy in memory if another
    /// process changed it, so nobody edits a stale record.
    pub(super) fn reload(&mut self, id: SubjectId) -> Result<(Subject, u64), String> {
        let fresh = self
            .store
            .load(id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "This subject is no longer in the store".to_string())?;
        let version = self
            .store
            .version(id)
            .map_err(|e| e.to_string())?
            .unwrap_or(0);
        if self.subjects.iter().find(|s| s.id == id) != Some(&fresh) {
            self.upsert_subject(fresh.clone());
            self.message = Some("Reloaded: this subject was changed elsewhere".into());
        }
        Ok((fresh, version))
    }

    /// Commit `subject` (expected at `version`), record it for undo and show it. The message
    /// says "Saved" only after the store's commit returned.
    pub(super) fn commit(
        &mut self,
        before: &Subject,
        subject: Subject,
        version: Option<u64>,
        summary: &str,
    ) -> Result<u64, StoreError> {
        let new_version = self.store.commit(&Commit {
            subject: &subject,
            expected_version: version,
            summary,
        })?;
        if version.is_some() {
            self.undo.push(UndoEntry {
                subject: subject.id,
                before: before.clone(),
                before_version: version.unwrap_or(0),
                after_version: new_version,
                summary: summary.to_string(),
            });
        }
        self.upsert_subject(subject);
        self.message = Some(format!("Saved: {summary}"));
        Ok(new_version)
    }

    /// Open a form for `target` on the subject `subject` (`None`: a new subject).
    pub(super) fn open_form(
        &mut self,
        subject: Option<SubjectId>,
        target: Target,
        purpose: FormPurpose,
        values: Option<Vec<String>>,
    ) {
        let (base, version) = match subject {
            Some(id) => match self.reload(id) {
                Ok((s, v)) => (s, Some(v)),
                Err(e) => {
                    self.message = Some(e);
                    return;
                }
            },
            None => (Subject::new(0, "", "", self.today), None),
        };
        let fields = edit::fields(target.kind, &base);
        let initial = match edit::values(&base, &target, self.today) {
            Ok(v) => v,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let verb = if target.id.is_some() { "Edit" } else { "New" };
        let who = if subject.is_some() {
            format!(": {}", crate::text::line(&base.display_name()))
        } else {
            String::new()
        };
        let title = format!(
            "{verb} {}{who}",
            edit::kind_label(target.kind).to_lowercase()
        );
        let mut form = new_form(title, fields, initial, self.today);
        if let Some(v) = values {
            form.set_values(v);
        }
        self.overlay = Overlay::Form(Box::new(FormSession {
            subject,
            target,
            purpose,
            version,
            base,
            form,
            then: Vec::new(),
        }));
    }

    pub(super) fn new_subject(&mut self) {
        self.open_form(
            None,
            Target::new_item(ItemKind::Subject, None),
            FormPurpose::Item,
            None,
        );
    }

    pub(super) fn need_subject(&mut self) -> Option<Subject> {
        let s = self.current().cloned();
        if s.is_none() {
            self.message = Some("Select a subject first".into());
        }
        s
    }

    /// A key while a form or the wizard is open: the keymap's form actions first, then the
    /// focused field, then movement between fields.
    pub(super) fn form_key(&mut self, event: KeyEvent, key: &Key) {
        let captured = match &self.overlay {
            Overlay::Form(f) => f.form.captures(&event),
            Overlay::Wizard(w) => w.form.captures(&event),
            _ => false,
        };
        let action = if key.is_printable() {
            None
        } else {
            self.keymap.action(Layer::Input, key)
        };
        let action = match action {
            Some(Action::Open | Action::MoveDown | Action::MoveUp) if captured => None,
            other => other,
        };
        if let Some(
            a @ (Action::Save
            | Action::Cancel
            | Action::NextField
            | Action::PrevField
            | Action::PrevStep
            | Action::Quit),
        ) = action
        {
            return self.dispatch(a);
        }
        let changed = match &mut self.overlay {
            Overlay::Form(f) => f.form.handle_key(event),
            Overlay::Wizard(w) => w.form.handle_key(event),
            _ => false,
        };
        if changed {
            self.draft_pending = Some(Instant::now());
        } else if let Some(a) = action {
            self.dispatch(a);
        }
    }

    fn with_form(&mut self, f: impl FnOnce(&mut FormState)) {
        match &mut self.overlay {
            Overlay::Form(s) => f(&mut s.form),
            Overlay::Wizard(w) => f(&mut w.form),
            _ => {}
        }
    }

    pub(super) fn dispatch_form(&mut self, action: Action) {
        match action {
            Action::Save => self.save_form(),
            Action::Cancel => self.cancel_form(),
            Action::NextField | Action::MoveDown | Action::Open => {
                self.with_form(FormState::next_field)
            }
            Action::PrevField | Action::MoveUp => self.with_form(FormState::prev_field),
            _ => {}
        }
    }

    /// `esc` on a form: close it, asking first if anything was typed.
    pub(super) fn cancel_form(&mut self) {
        let dirty = match &self.overlay {
            Overlay::Form(f) => f.form.is_dirty(),
            Overlay::Wizard(w) => w.form.is_dirty() || w.wizard.current() > 0,
            _ => false,
        };
        if !dirty {
            self.close_form();
            return;
        }
        let back = std::mem::replace(&mut self.overlay, Overlay::None);
        self.overlay = Overlay::Confirm(Confirm {
            message: "Discard what you typed? It has not been saved.".into(),
            on_yes: Pending::Discard,
            back: Box::new(back),
        });
    }

    /// Close the open form or wizard and drop its draft.
    pub(super) fn close_form(&mut self) {
        if let Some(key) = self.draft_key()
            && let Err(e) = self.store.delete_draft(&key)
        {
            self.message = Some(format!("Could not remove the draft: {e}"));
        }
        self.draft_pending = None;
        self.overlay = Overlay::None;
    }

    fn save_form(&mut self) {
        let Overlay::Form(mut s) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        if !s.form.check() {
            self.message = Some("Not saved: correct the fields marked !".into());
            self.overlay = Overlay::Form(s);
            return;
        }
        let values = s.form.values();
        if s.purpose == FormPurpose::QueueFilter {
            self.apply_filter(&values);
            return;
        }
        if s.purpose == FormPurpose::Export {
            match self.apply_export(&s, &values) {
                Ok(done) => self.message = Some(done),
                Err(why) => {
                    self.message = Some(why);
                    self.overlay = Overlay::Form(s);
                }
            }
            return;
        }
        let result = match &s.purpose {
            FormPurpose::Item => self.apply_item(&s, &values),
            FormPurpose::SignOff(target) => self.apply_sign_off(&s.base, *target, &values),
            FormPurpose::QueueFilter | FormPurpose::Export => return,
        };
        let (changed, summary) = match result {
            Ok(x) => x,
            Err(issues) => {
                let n = issues.len();
                s.form.set_issues(issues);
                self.message = Some(format!("Not saved: {n} problem(s) to correct"));
                self.overlay = Overlay::Form(s);
                return;
            }
        };
        let key = draft_key_of(&s);
        if s.subject.is_none() {
            // A new subject: the store picks its id inside the write transaction, so two people
            // creating subjects at once never collide.
            let mut changed = changed;
            match self.store.insert_new(&mut changed, &summary) {
                Ok(_) => {
                    if let Some(key) = &key {
                        let _ = self.store.delete_draft(key);
                    }
                    self.draft_pending = None;
                    // The user who created the record has it open (nothing to record).
                    self.consulted.insert(changed.id);
                    self.upsert_subject(changed);
                    self.message = Some(format!("Saved: {summary}"));
                }
                Err(e) => {
                    self.message = Some(format!("Not saved (nothing was changed): {e}"));
                    self.overlay = Overlay::Form(s);
                }
            }
            return;
        }
        match self.commit(&s.base, changed, s.version, &summary) {
            Ok(_) => {
                if let Some(key) = &key
                    && let Err(e) = self.store.delete_draft(key)
                {
                    self.message = Some(format!("Saved, but could not remove the draft: {e}"));
                }
                self.draft_pending = None;
                self.focus = super::Focus::Detail;
                if let Some((next, rest)) = s.then.split_first() {
                    let target = Target::new_item(ItemKind::Breach, None);
                    self.open_form(s.subject, target, FormPurpose::Item, Some(next.clone()));
                    if let Overlay::Form(f) = &mut self.overlay {
                        f.then = rest.to_vec();
                    }
                }
            }
            Err(StoreError::Conflict { .. }) => {
                // Keep every typed value; rebase the form on the latest version so a second
                // save applies it there.
                if let Some(id) = s.subject
                    && let Ok((fresh, v)) = self.reload(id)
                {
                    s.base = fresh;
                    s.version = Some(v);
                }
                self.message = Some(
                    "Not saved: someone else changed this subject since you opened the form. Your \
                     form is kept; check it and save again to apply it to the latest version."
                        .into(),
                );
                self.overlay = Overlay::Form(s);
            }
            Err(e) => {
                self.message = Some(format!("Not saved (nothing was changed): {e}"));
                self.overlay = Overlay::Form(s);
            }
        }
    }

    /// Build the changed subject for an item form, or the faults to show in it.
    fn apply_item(
        &self,
        s: &FormSession,
        values: &[String],
    ) -> Result<(Subject, String), Vec<edit::FieldIssue>> {
        let (mut changed, id) = edit::apply(&s.base, &s.target, values, self.today)?;
        if s.target.kind == ItemKind::Breach {
            changed = self
                .breach_rules(&s.base, &changed, id, s.target.id.is_none())
                .map_err(|e| {
                    vec![edit::FieldIssue {
                        field: None,
                        message: e.to_string(),
                    }]
                })?;
        }
        // The summary goes to the audit log, which outlives an erased record: what was done,
        // never whose name (the subject's id is on the entry).
        let what = edit::kind_label(s.target.kind).to_lowercase();
        let summary = match (s.target.kind, s.target.id) {
            (ItemKind::Subject, None) => "Created the subject".to_string(),
            (_, None) => format!("Added {what}"),
            (_, Some(_)) => format!("Edited {what}"),
        };
        Ok((changed, summary))
    }

    /// A breach always raises the subject for re-assessment and brings the review forward:
    /// the workflow rules run on the breach the form produced, against the subject before it.
    fn breach_rules(
        &self,
        base: &Subject,
        changed: &Subject,
        id: crate::domain::ItemId,
        is_new: bool,
    ) -> Result<Subject, crate::domain::RuleError> {
        let Some(breach) = changed.breaches.iter().find(|b| b.id == id).cloned() else {
            return Ok(changed.clone());
        };
        if is_new {
            crate::ops::breach::record_breach(base, breach, &self.config, self.today)
        } else {
            crate::ops::breach::update_breach(base, breach, &self.config, self.today)
        }
    }
}
