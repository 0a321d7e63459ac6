//! What the main screen's actions open: each use case starts here (which subject, may the user,
//! which dialog) and goes on in its dialog, which calls `ops`.
use super::App;
use crate::domain::{ItemKind, Permission, Subject, Target};
use crate::edit;
use crate::ops;
use crate::tui::action::Action;
use crate::tui::component::Component;
use crate::tui::dialogs::audit::Audit;
use crate::tui::dialogs::confirm::{Confirm, OnYes, show_reverted};
use crate::tui::dialogs::drafts::Drafts;
use crate::tui::dialogs::form::FormDialog;
use crate::tui::dialogs::history::History;
use crate::tui::dialogs::mistakes::{Duplicates, Why, WhyFor, delete_why};
use crate::tui::dialogs::picker::{self, Picker, Purpose};
use crate::tui::dialogs::trends::Trends;
use crate::tui::dialogs::wizard::Wizard;
use crate::tui::scroll::Scroll;

impl App {
    /// The selected subject, or a message asking for one.
    fn need_subject(&mut self) -> Option<Subject> {
        self.load_current();
        let s = self.main.current().cloned();
        if s.is_none() {
            self.message = Some("Select a subject first".into());
        }
        s
    }

    /// Open what `make` builds with the context, or say why not.
    fn open_with(
        &mut self,
        make: impl FnOnce(&mut crate::tui::component::Ctx<'_>) -> Result<Box<dyn Component>, String>,
    ) {
        match make(&mut self.ctx()) {
            Ok(dialog) => self.push(dialog),
            Err(e) => self.message = Some(e),
        }
    }

    pub(super) fn new_subject(&mut self) {
        let target = Target::new_item(ItemKind::Subject, None);
        self.open_with(|ctx| FormDialog::item(ctx, None, target, None).map(|f| Box::new(f) as _));
    }

    pub(super) fn add_item(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        let kinds = edit::addable(self.main.tab);
        if let [kind] = kinds.as_slice() {
            let kind = *kind;
            let mut ctx = self.ctx();
            let flow = picker::add_kind(&mut ctx, &subject, kind);
            return self.open_flow(flow);
        }
        self.push(Box::new(Picker {
            subject: subject.id,
            title: format!("Add to {}", self.main.tab.title()),
            labels: kinds
                .iter()
                .map(|k| edit::kind_label(*k).to_string())
                .collect(),
            selected: 0,
            purpose: Purpose::AddKind(kinds),
        }));
    }

    /// A flow built for a dialog that is not open yet: what it replaces is nothing.
    fn open_flow(&mut self, flow: crate::tui::component::Flow) {
        use crate::tui::component::Flow;
        match flow {
            Flow::Replace(d) | Flow::Push(d) => self.push(d),
            Flow::Run(a) => self.dispatch(a),
            Flow::Quit => self.dispatch(crate::tui::action::Action::Quit),
            Flow::Stay | Flow::Close | Flow::CloseTwo | Flow::Return(_) => {}
        }
    }

    /// `e` / `d`: choose the item of this tab to edit or delete.
    pub(super) fn pick_item(&mut self, delete: bool) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        let verb = if delete { "Delete" } else { "Edit" };
        let mut items = edit::items(&subject, self.main.tab);
        if delete {
            // The subject itself is deleted only as created in error, and offered only then.
            let deletable = ops::mistakes::deletable(&self.store, subject.id).is_ok();
            items.retain(|i| i.target.kind != ItemKind::Subject || deletable);
            for i in items
                .iter_mut()
                .filter(|i| i.target.kind == ItemKind::Subject)
            {
                i.label = "Delete subject (created in error): the whole record".to_string();
            }
        }
        if items.is_empty() {
            self.message = Some(format!("Nothing to {} on this tab", verb.to_lowercase()));
            return;
        }
        let targets = items.iter().map(|i| i.target).collect();
        self.push(Box::new(Picker {
            subject: subject.id,
            title: format!("{verb} which item?"),
            labels: items
                .iter()
                .map(|i| crate::text::line(&i.label).into_owned())
                .collect(),
            selected: 0,
            purpose: if delete {
                Purpose::Delete(targets)
            } else {
                Purpose::Edit(targets)
            },
        }));
    }

    pub(super) fn start_review(&mut self) {
        let Some(id) = self.main.current_id() else {
            self.message = Some("Select a subject first".into());
            return;
        };
        self.open_with(|ctx| Wizard::open(ctx, id, 0, Vec::new()).map(|w| Box::new(w) as _));
    }

    pub(super) fn start_breach(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        if subject.orders.is_empty() {
            self.message = Some("This subject has no order to breach: add one first".into());
            return;
        }
        let target = Target::new_item(ItemKind::Breach, None);
        self.open_with(|ctx| {
            FormDialog::item(ctx, Some(subject.id), target, None).map(|f| Box::new(f) as _)
        });
    }

    pub(super) fn start_sign_off(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        let waiting = match ops::sign_off::waiting(&self.store, &subject) {
            Ok(w) => w,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        if let [(one, _)] = waiting.as_slice() {
            let target = *one;
            return self.open_with(|ctx| {
                FormDialog::sign_off(ctx, subject.id, target).map(|f| Box::new(f) as _)
            });
        }
        self.push(Box::new(Picker {
            subject: subject.id,
            title: "Sign off which?".into(),
            labels: waiting
                .iter()
                .map(|(_, l)| crate::text::line(l).into_owned())
                .collect(),
            selected: 0,
            purpose: Purpose::SignOff(waiting.iter().map(|(t, _)| *t).collect()),
        }));
    }

    /// Submit the selected subject's plan for sign-off (a returned plan is resubmitted).
    pub(super) fn submit_plan(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        let result = ops::item::load(&self.store, subject.id).and_then(|(base, version)| {
            ops::sign_off::submit_plan(&mut self.store, &base, version).map(|s| (base, version, s))
        });
        match result {
            Ok((base, version, saved)) => {
                self.undo.record(&base, version, &saved);
                self.message = Some(format!(
                    "Saved: {}. A supervisor of the rank policy requires decides it (s).",
                    saved.summary
                ));
                self.ctx().show_saved(saved.subject);
            }
            Err(e) => self.message = Some(format!("Not submitted: {e}")),
        }
    }

    pub(super) fn show_history(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        match ops::access::history_text(&self.store, subject.id) {
            Ok(entries) => self.push(Box::new(History {
                name: subject.display_name(),
                entries,
                scroll: Scroll::default(),
            })),
            Err(e) => self.message = Some(format!("Cannot read the history: {e}")),
        }
    }

    /// Show the selected subject's audit trail (supervisors and administrators).
    pub(super) fn show_audit_trail(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        match ops::access::audit_trail(&self.store, subject.id) {
            Ok(entries) => self.push(Box::new(Audit {
                name: subject.display_name(),
                entries,
                scroll: Scroll::default(),
            })),
            Err(e @ ops::OpsError::Store(crate::store::StoreError::Denied { .. })) => {
                self.message = Some(e.to_string())
            }
            Err(e) => self.message = Some(format!("Cannot read the audit trail: {e}")),
        }
    }

    /// `u` / `U`: undo or redo this session's last change. A change to more than one field
    /// (a review with its visit and re-assessment) is listed and asked about first; a change
    /// to one field is done at once.
    pub(super) fn step(&mut self, way: ops::undo::Way) {
        match ops::undo::preview(&mut self.undo, &self.store, way) {
            Err(e) => self.message = Some(e.to_string()),
            Ok(p) if p.needs_asking() => {
                let question = p.question();
                self.push(Box::new(
                    Confirm::new(question, OnYes::Step(way)).with_details(p.fields),
                ));
            }
            Ok(_) => {
                let result = match way {
                    ops::undo::Way::Undo => ops::undo::undo(&mut self.store, &mut self.undo),
                    ops::undo::Way::Redo => ops::undo::redo(&mut self.store, &mut self.undo),
                };
                show_reverted(&mut self.ctx(), result);
            }
        }
    }

    /// Actions the palette leaves out for the selected subject and the user: deleting a subject
    /// unless it may be deleted as created in error now, archiving without the right or for an
    /// archived subject, merging unless a supervisor.
    pub(super) fn unavailable(&self) -> Vec<Action> {
        let current = self.main.current_id();
        let mut out = Vec::new();
        if current.is_none_or(|id| ops::mistakes::deletable(&self.store, id).is_err()) {
            out.push(Action::DeleteSubject);
        }
        if ops::retention::may_archive(&self.store).is_err()
            || current.is_none_or(|id| self.main.archived.contains(&id))
        {
            out.push(Action::ArchiveSubject);
        }
        if ops::mistakes::may_merge(&self.store).is_err() || current.is_none() {
            out.push(Action::MergeSubjects);
        }
        out
    }

    /// `D`: delete the selected subject, created in error: the store says whether it may (who
    /// created it and when, or why not and what to do instead), then the reason.
    pub(super) fn start_delete_subject(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        match ops::mistakes::deletable(&self.store, subject.id) {
            Ok(c) => {
                let officers = ops::users::officers(&self.store).unwrap_or_default();
                self.push(Box::new(delete_why(&subject, &c, &officers)));
            }
            Err(e) => self.message = Some(format!("Cannot delete subject {}: {e}", subject.id)),
        }
    }

    /// `Z`: archive the selected subject (every order ended), with its reason.
    pub(super) fn start_archive(&mut self) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        if self.main.archived.contains(&subject.id) {
            self.message = Some(format!("Subject {} is already archived", subject.id));
            return;
        }
        self.push(Box::new(Why::new(WhyFor::Archive {
            subject: subject.id,
            name: subject.display_name(),
        })));
    }

    /// `M`: merge a duplicate record into the selected subject (supervisors).
    pub(super) fn start_merge(&mut self) {
        if let Err(e) = ops::mistakes::may_merge(&self.store) {
            self.message = Some(e.to_string());
            return;
        }
        let Some(subject) = self.need_subject() else {
            return;
        };
        if self.main.subjects.len() < 2 {
            self.message = Some("There is no other subject to merge into this one".into());
            return;
        }
        let candidates = self.main.merge_candidates(subject.id);
        let dialog = Duplicates::new(subject, candidates);
        self.push(Box::new(dialog));
    }

    /// `f`: the queue filter.
    pub(super) fn open_filter(&mut self) {
        let form = FormDialog::filter(&self.main.queue_filter, self.main.today);
        self.push(Box::new(form));
    }

    /// `x`: the export form for the selected subject (its record is opened first).
    pub(super) fn open_export(&mut self) {
        if !self.allowed(Permission::Disclose) {
            return;
        }
        self.load_current();
        let Some(subject) = self.main.current().cloned() else {
            self.message = Some("No subject selected: choose one to export".into());
            return;
        };
        if !self.ensure_open() {
            return;
        }
        let form = FormDialog::export(&subject, self.main.today);
        self.push(Box::new(form));
    }

    /// `O`: check a working set out: the subject under the cursor, the list, the user's own or
    /// those due a visit.
    pub(super) fn open_checkout(&mut self) {
        if !self.allowed(Permission::Disclose) || self.in_working_set("checked out of") {
            return;
        }
        let shown = crate::tui::dialogs::offline::Shown {
            current: self.main.current_id().map(|id| {
                let name = self
                    .main
                    .subjects
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| t.display_name())
                    .unwrap_or_default();
                (id, name)
            }),
            list: self
                .main
                .visible
                .iter()
                .filter_map(|&i| self.main.subjects.get(i).map(|t| t.id))
                .collect(),
        };
        let dir = crate::tui::dialogs::form::export_dir();
        let days = self.main.policy.checkout_days;
        let dialog = crate::tui::dialogs::offline::CheckoutDialog::new(
            shown,
            days,
            &dir,
            chrono::Local::now().date_naive(),
        );
        self.push(Box::new(dialog));
    }

    /// Whether this store is a working set (the status line then says working sets are `how`
    /// the office store).
    fn in_working_set(&mut self, how: &str) -> bool {
        let inside = ops::offline::banner(&self.store).is_some();
        if inside {
            self.message = Some(format!(
                "This is a working set: working sets are {how} the office store"
            ));
        }
        inside
    }

    /// `I`: check a working set in.
    pub(super) fn open_checkin(&mut self) {
        if self.in_working_set("checked in to") {
            return;
        }
        let dir = crate::tui::dialogs::form::export_dir();
        self.push(Box::new(crate::tui::dialogs::offline::CheckinDialog::new(
            &dir,
        )));
    }

    /// `T`: the unit's figures (archived subjects left out).
    pub(super) fn show_governance(&mut self) {
        let opened = crate::tui::dialogs::governance::Governance::open(&mut self.ctx());
        match opened {
            Ok(g) => self.push(Box::new(g)),
            Err(e) => self.message = Some(e),
        }
    }

    pub(super) fn show_trends(&mut self) {
        let figures = ops::caseload::stats_of_store(
            &self.store,
            &self.main.policy,
            self.main.today,
            self.main.policy.breach_chart_months,
        );
        let (figures, unreadable) = match figures {
            Ok(f) => f,
            Err(e) => {
                self.message = Some(format!("The figures cannot be worked out: {e}"));
                return;
            }
        };
        let trends = Trends::new(figures, self.main.archived.len());
        if let Some(w) = crate::ops::caseload::unreadable_warning(&unreadable) {
            self.message = Some(format!("Figures leave out what cannot be read: {w}"));
        }
        self.push(Box::new(trends));
    }

    /// At open: offer the drafts left by a crash or a quit with a form open.
    pub(super) fn offer_drafts(&mut self) -> Result<(), ops::OpsError> {
        let (drafts, unreadable) = ops::drafts::list(&self.store)?;
        if !unreadable.is_empty() {
            self.message = Some(format!(
                "{} draft(s) could not be read and were kept in the store: {}",
                unreadable.len(),
                crate::text::line(&unreadable.join(", "))
            ));
        }
        if !drafts.is_empty() {
            self.push(Box::new(Drafts {
                drafts,
                selected: 0,
            }));
        }
        Ok(())
    }
}
