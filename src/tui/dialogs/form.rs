//! A form as a dialog: over an item of the plan (or a new subject), a sign-off, the queue
//! filter, or an export. Keys edit the focused field; `ctrl-s` saves through `ops`; `esc` closes
//! (asking first if anything was typed; first it drops text typed to find an option on a
//! choice). Pasted text goes into the focused field only. Item and sign-off forms are kept as
//! drafts while typed. The export form's file name follows the document chosen until the user
//! types a name of their own.
use std::any::Any;
use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::widgets::Clear;

use super::confirm::{Confirm, OnYes};
use crate::document::Format;
use crate::domain::{
    DraftKey, ItemKind, OrderKind, QueueFilter, ReasonKind, RiskLevel, SignTarget, Subject,
    SubjectId, Target,
};
use crate::edit::{Choice, FieldKind, FieldSpec};
use crate::ops::export::DocKind;
use crate::ops::{self, OpsError, drafts::DraftData};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hint_text, hints};
use crate::tui::form::FormState;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::centered;
use crate::tui::workbench::Focus;

/// What saving the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Create or edit an item of the plan (or the subject itself).
    Item,
    /// Decide a review or assessment awaiting sign-off.
    SignOff(SignTarget),
    /// Choose the queue's filter (nothing is stored).
    Filter,
    /// Export the subject as a document (a disclosure; nothing of the plan changes).
    Export,
    /// The unit's records: an action plan line, an update of one, a training record.
    Unit(super::governance::UnitForm),
}

/// An open form over one subject (or none: a new subject, the filter).
pub struct FormDialog {
    /// The subject being edited; `None` when creating a new subject or filtering the queue.
    pub subject: Option<SubjectId>,
    pub target: Target,
    pub purpose: Purpose,
    /// The stored revision the form was opened on (0: none).
    pub version: u64,
    /// The subject as it was when the form opened.
    pub base: Subject,
    pub form: FormState,
    /// Values of further new-breach forms to open after this one is saved: a review marked
    /// conditions of several orders breached.
    pub then: Vec<Vec<String>>,
    /// The export form: the file name it last suggested (the name, without a directory).
    /// While the file field's name is still that one, it follows the document chosen (in
    /// whatever directory the field names); once the user typed a name of their own, it is
    /// theirs.
    pub(crate) suggested: Option<String>,
}

/// A form for `fields` with the shared parser behind its checks and date previews.
pub(crate) fn new_form(
    title: String,
    fields: Vec<FieldSpec>,
    values: Vec<String>,
    today: chrono::NaiveDate,
) -> FormState {
    FormState::new(title, fields, values, today)
}

/// The hints of a form or wizard step, keys from the keymap. While text typed on a choice is
/// pending they say how to pick it or clear it; on a one-line field they show its clear key.
pub(crate) fn form_hints(
    keymap: &Keymap,
    form: &FormState,
    wizard: bool,
) -> Vec<(String, &'static str)> {
    if let Some(found) = form.pending_find() {
        let mut out = Vec::new();
        if found.pick.is_some() {
            out.extend(hints(keymap, Layer::Input, &[(Action::Open, "pick it")]));
        }
        out.extend(hints(
            keymap,
            Layer::Input,
            &[(Action::Cancel, "clear what was typed")],
        ));
        if found.matches > 1 {
            out.push(("left/right".to_string(), "other matches"));
        }
        out.extend(hints(
            keymap,
            Layer::Input,
            &[(Action::NextField, "next field")],
        ));
        return out;
    }
    let save = if wizard { "next step / save" } else { "save" };
    let mut pairs = vec![
        (Action::Save, save),
        (Action::NextField, "next field"),
        (Action::PrevField, "previous"),
    ];
    if wizard {
        pairs.push((Action::PrevStep, "back a step"));
    }
    if form.focus_is_line() {
        pairs.push((Action::ClearField, "clear"));
    }
    pairs.push((Action::Cancel, "cancel"));
    hints(keymap, Layer::Input, &pairs)
}

/// Draw `form` as a large dialog.
pub(crate) fn draw_form(frame: &mut Frame, p: &Paint<'_>, form: &FormState, wizard: bool) {
    let area = centered(p.screen, 110, p.screen.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let hints = hint_text(&form_hints(p.keymap, form, wizard));
    crate::tui::form::render(frame, area, form, p.theme, &hints);
}

/// A key for the focused field (the form and the wizard alike); a change starts the draft's
/// debounce. True if the field used the key.
pub(crate) fn field_key(form: &mut FormState, event: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
    let changed = form.handle_key(*event);
    if changed {
        *ctx.draft_pending = Some(std::time::Instant::now());
    }
    changed
}

/// Pasted text for the focused field (the form and the wizard alike): the status line says
/// what became of it; a change starts the draft's debounce.
pub(crate) fn field_paste(form: &mut FormState, text: &str, ctx: &mut Ctx<'_>) {
    let outcome = form.paste(text);
    if outcome.changed() {
        *ctx.draft_pending = Some(std::time::Instant::now());
    }
    ctx.say(outcome.message());
}

/// The form's handling of actions shared with the wizard: moving between fields, `open`
/// picking what was typed on a choice (else the next field), `clear_field`.
pub(crate) fn move_field(form: &mut FormState, action: Action, ctx: &mut Ctx<'_>) {
    let changed = match action {
        Action::Open if form.confirm_find() => true,
        Action::NextField | Action::MoveDown | Action::Open => {
            form.next_field();
            false
        }
        Action::PrevField | Action::MoveUp => {
            form.prev_field();
            false
        }
        Action::ClearField => form.clear_focused(),
        _ => false,
    };
    if changed {
        *ctx.draft_pending = Some(std::time::Instant::now());
    }
}

impl FormDialog {
    /// The form for `target` on subject `subject` as stored now (`None`: a new subject), with
    /// `values` in place of the stored ones (a draft, a pre-filled breach).
    pub fn item(
        ctx: &mut Ctx<'_>,
        subject: Option<SubjectId>,
        target: Target,
        values: Option<Vec<String>>,
    ) -> Result<Self, String> {
        let today = ctx.today();
        let (base, version) = match subject {
            Some(id) => ctx.reload(id)?,
            None => (Subject::new(0, "", "", today), 0),
        };
        let spec = ops::item::form(subject.map(|_| &base), target, ctx.policy(), today)
            .map_err(|e| e.to_string())?;
        let mut form =
            new_form(spec.title, spec.fields, spec.values, today).with_context(spec.context);
        if let Some(v) = values {
            form.set_values(v);
        }
        Ok(Self {
            subject,
            target,
            purpose: Purpose::Item,
            version,
            base,
            form,
            then: Vec::new(),
            suggested: None,
        })
    }

    /// The sign-off form of `target` on subject `id` as stored now.
    pub fn sign_off(ctx: &mut Ctx<'_>, id: SubjectId, target: SignTarget) -> Result<Self, String> {
        let (base, version) = ctx.reload(id)?;
        let spec = ops::sign_off::form(&base, target);
        let form =
            new_form(spec.title, spec.fields, spec.values, ctx.today()).with_context(spec.context);
        let (kind, item) = match target {
            SignTarget::Review(i) => (ItemKind::Review, i),
            SignTarget::Assessment(i) => (ItemKind::Assessment, i),
            SignTarget::Plan => (ItemKind::Narrative, 0),
        };
        Ok(Self {
            subject: Some(id),
            target: Target::existing(kind, item, None),
            purpose: Purpose::SignOff(target),
            version,
            base,
            form,
            then: Vec::new(),
            suggested: None,
        })
    }

    /// The queue filter form, showing `filter`.
    pub fn filter(filter: &QueueFilter, today: chrono::NaiveDate) -> Self {
        let fields = vec![
            FieldSpec::new(
                "reasons",
                "Reasons",
                FieldKind::MultiChoice(
                    ReasonKind::ALL
                        .iter()
                        .map(|k| Choice::new(k.name(), k.label()))
                        .collect(),
                ),
                false,
            )
            .with_help("Only subjects with one of these reasons; none ticked: any reason"),
            FieldSpec::new("risk", "Risk", FieldKind::Choice(risk_labels()), true),
            FieldSpec::new(
                "order_kind",
                "Order in force",
                FieldKind::Choice(kind_labels()),
                true,
            ),
            FieldSpec::new("officer", "Officer", FieldKind::Text, false)
                .with_help("Officer in charge, as written on the plan; empty: any"),
        ];
        let values = vec![
            filter
                .reasons
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join("\n"),
            filter
                .risk
                .map(|l| risk_key(l).to_string())
                .unwrap_or_else(|| ANY.to_string()),
            filter
                .order_kind
                .as_ref()
                .map(|k| k.short().to_lowercase())
                .unwrap_or_else(|| ANY.to_string()),
            filter.officer.clone().unwrap_or_default(),
        ];
        Self {
            subject: None,
            target: Target::new_item(ItemKind::Subject, None),
            purpose: Purpose::Filter,
            version: 0,
            base: Subject::new(0, "", "", today),
            form: new_form("Filter the queue".into(), fields, values, today),
            then: Vec::new(),
            suggested: None,
        }
    }

    /// The export form for `subject`.
    pub fn export(subject: &Subject, today: chrono::NaiveDate) -> Self {
        let name = suggested_name(subject.id, KINDS[0].0, today);
        let file = export_dir().join(&name).display().to_string();
        let fields =
            vec![
            FieldSpec::new(
                "kind",
                "Document",
                FieldKind::Choice(KINDS.iter().map(|(k, l, _, _)| Choice::new(*k, *l)).collect()),
                true,
            )
            .with_help(
                "The plan for Niche, or a visit sheet (no victim details) for a visiting officer",
            ),
            FieldSpec::new("file", "File", FieldKind::Text, true).with_help(
                "A new file; its extension follows the document's format, and the name \
                 suggested follows the document until you type your own",
            ),
            FieldSpec::new("recipient", "Recipient", FieldKind::Text, true)
                .with_help("Who receives it (recorded in the audit log)"),
            FieldSpec::new("reason", "Reason", FieldKind::Text, true)
                .with_help("Why it is disclosed (recorded in the audit log)"),
        ];
        let values = vec![
            KINDS[0].0.to_string(),
            file.clone(),
            String::new(),
            String::new(),
        ];
        let title = format!("Export {}", crate::text::line(&subject.display_name()));
        Self {
            subject: Some(subject.id),
            target: Target::new_item(ItemKind::Subject, None),
            purpose: Purpose::Export,
            version: 0,
            base: subject.clone(),
            form: new_form(title, fields, values, today),
            then: Vec::new(),
            suggested: Some(name),
        }
    }

    /// The export form after a change: if the file field's name is still the one it
    /// suggested, it follows the document now chosen (stem and extension), in the directory the
    /// field names; a name the user typed is kept.
    fn follow_document(&mut self, today: chrono::NaiveDate) {
        let (Some(suggested), Some(id)) = (&self.suggested, self.subject) else {
            return;
        };
        let index = |key: &str| self.form.fields().iter().position(|f| f.spec.key == key);
        let (Some(kind), Some(file)) = (index("kind"), index("file")) else {
            return;
        };
        let values = self.form.values();
        let (Some(key), Some(current)) = (values.get(kind), values.get(file)) else {
            return;
        };
        let path = Path::new(current.trim());
        if path.file_name() != Some(std::ffi::OsStr::new(suggested)) {
            return;
        }
        let name = suggested_name(id, key, today);
        if name != *suggested {
            let next = path.with_file_name(&name).display().to_string();
            self.form.set_value(file, &next);
            self.suggested = Some(name);
        }
    }

    /// The key of this form's draft; the filter and export forms are never kept.
    pub fn draft_key(&self) -> Option<DraftKey> {
        match (&self.purpose, self.subject) {
            (Purpose::SignOff(target), Some(subject)) => Some(DraftKey::SignOff {
                subject,
                target: *target,
            }),
            (Purpose::Item, subject) => Some(DraftKey::Item {
                subject,
                target: self.target,
            }),
            (Purpose::SignOff(_) | Purpose::Filter | Purpose::Export | Purpose::Unit(_), _) => None,
        }
    }

    /// Remove this form's draft (after a save, or when it is discarded).
    fn drop_draft(&self, ctx: &mut Ctx<'_>) {
        *ctx.draft_pending = None;
        if let Some(key) = self.draft_key()
            && let Err(e) = ops::drafts::discard(ctx.store, &key)
        {
            ctx.say(format!("Could not remove the draft: {e}"));
        }
    }

    /// `esc`: close, asking first if anything was typed.
    fn cancel(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        if !self.form.is_dirty() {
            self.drop_draft(ctx);
            return Flow::Close;
        }
        Flow::Push(Box::new(Confirm::new(
            "Discard what you typed? It has not been saved.".into(),
            OnYes::Discard,
        )))
    }

    fn save(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        if !self.form.check() {
            ctx.say("Not saved: correct the fields marked !");
            return Flow::Stay;
        }
        let values = self.form.values();
        match self.purpose.clone() {
            Purpose::Filter => {
                let shown = ctx.main.set_filter(filter_of(&values));
                ctx.say(shown);
                Flow::Close
            }
            Purpose::Unit(which) => {
                let fields: Vec<_> = self.form.fields().iter().map(|f| f.spec.clone()).collect();
                match super::governance::save_form(ctx, which, &fields, &values) {
                    Ok(done) => {
                        ctx.say(done);
                        Flow::Return(Box::new(()))
                    }
                    Err(why) => {
                        ctx.say(format!("Not saved: {why}"));
                        Flow::Stay
                    }
                }
            }
            Purpose::Export => match self.export_now(ctx, &values) {
                Ok(done) => {
                    ctx.say(done);
                    Flow::Close
                }
                Err(why) => {
                    ctx.say(why);
                    Flow::Stay
                }
            },
            Purpose::SignOff(target) => {
                let decision = ops::sign_off::decision(&values);
                let at = chrono::Local::now().naive_local();
                let policy = ctx.policy().clone();
                let d = ops::sign_off::Decide {
                    base: &self.base,
                    version: self.version,
                    target,
                    decision,
                    at,
                };
                let result = ops::sign_off::decide(ctx.store, &policy, d);
                self.saved(ctx, result)
            }
            Purpose::Item if self.subject.is_none() => {
                match ops::item::create_subject(ctx.store, ctx.today(), &values) {
                    Ok(saved) => {
                        self.drop_draft(ctx);
                        // The user who created the record has it open (nothing to record).
                        ctx.main.consulted.insert(saved.subject.id);
                        let warning = ctx.main.identifier_warnings(&saved.subject);
                        ctx.say(match warning {
                            Some(w) => format!("Saved: {}. {w}", saved.summary),
                            None => format!("Saved: {}", saved.summary),
                        });
                        ctx.show_saved(saved.subject);
                        Flow::Close
                    }
                    Err(OpsError::Invalid(issues)) => self.faults(ctx, issues),
                    Err(e) => {
                        ctx.say(format!("Not saved (nothing was changed): {e}"));
                        Flow::Stay
                    }
                }
            }
            Purpose::Item => {
                let policy = ctx.policy().clone();
                let result = ops::item::save(
                    ctx.store,
                    &policy,
                    ctx.today(),
                    ops::item::SaveItem {
                        base: &self.base,
                        version: self.version,
                        target: self.target,
                        values: &values,
                    },
                );
                self.saved(ctx, result)
            }
        }
    }

    /// Show the faults at their fields; the form stays.
    fn faults(&mut self, ctx: &mut Ctx<'_>, issues: Vec<crate::edit::FieldIssue>) -> Flow {
        let n = issues.len();
        self.form.set_issues(issues);
        ctx.say(format!("Not saved: {n} problem(s) to correct"));
        Flow::Stay
    }

    /// After a save of an existing subject was tried.
    fn saved(&mut self, ctx: &mut Ctx<'_>, result: Result<ops::Saved, OpsError>) -> Flow {
        match result {
            Ok(saved) => {
                self.drop_draft(ctx);
                ctx.undo.record(&self.base, self.version, &saved);
                let warning = (self.target.kind == ItemKind::Subject)
                    .then(|| ctx.main.identifier_warnings(&saved.subject))
                    .flatten();
                ctx.say(match warning {
                    Some(w) => format!("{}. {w}", super::merge::saved_text(&saved)),
                    None => super::merge::saved_text(&saved),
                });
                ctx.show_saved(saved.subject);
                ctx.main.focus = Focus::Detail;
                let Some((next, rest)) = self.then.split_first() else {
                    return Flow::Close;
                };
                let target = Target::new_item(ItemKind::Breach, None);
                match FormDialog::item(ctx, self.subject, target, Some(next.clone())) {
                    Ok(mut f) => {
                        f.then = rest.to_vec();
                        Flow::Replace(Box::new(f))
                    }
                    Err(e) => {
                        ctx.say(e);
                        Flow::Close
                    }
                }
            }
            // Someone else changed the same fields: choose, side by side. The form keeps the
            // version it opened on, so saving it again merges again (never writes it whole).
            Err(OpsError::Merge(conflicts)) => {
                ctx.show_saved(conflicts.theirs.clone());
                ctx.say(
                    "Not saved yet: someone else changed the same field(s); choose which to keep",
                );
                Flow::Push(Box::new(super::merge::MergeDialog::new(*conflicts)))
            }
            Err(OpsError::Conflict { latest, .. }) => {
                ctx.show_saved(*latest);
                ctx.say(
                    "Not saved: someone else saved this subject meanwhile. Your form is kept; \
                     save again to merge it with theirs.",
                );
                Flow::Stay
            }
            Err(e @ (OpsError::Invalid(_) | OpsError::Rule(_))) => {
                let issues = e.into_issues();
                self.faults(ctx, issues)
            }
            Err(e) => {
                ctx.say(format!("Not saved (nothing was changed): {e}"));
                Flow::Stay
            }
        }
    }

    /// Make the document, record the disclosure, write the file. `Ok` is the message for the
    /// status bar; `Err` says why nothing was written (the form stays open).
    fn export_now(&self, ctx: &mut Ctx<'_>, values: &[String]) -> Result<String, String> {
        use ops::export::{Disclosure, DocumentRequest, Output, Which};
        let get = |i: usize| values.get(i).map(|v| v.trim()).unwrap_or_default();
        let (format, kind) = kind_of(get(0));
        let mut path = PathBuf::from(get(1));
        if path.as_os_str().is_empty() {
            return Err("Not exported: give a file name".into());
        }
        path.set_extension(extension(format));
        let req = DocumentRequest {
            which: Which::Subject(self.base.id),
            kind,
            format,
            generated: chrono::Local::now().naive_local(),
            today: ctx.today(),
        };
        let policy = ctx.policy().clone();
        let done = ops::export::documents(
            ctx.store,
            &policy,
            &req,
            &Disclosure {
                recipient: get(2),
                reason: get(3),
            },
            Output::File(&path, ops::files::Existing::Keep),
            &mut |_, _| {},
        )
        .map_err(|e| format!("Not exported: {e}"))?;
        Ok(format!(
            "Wrote {} ({}) to {}; recorded as a disclosure to {}",
            done.what,
            format.label(),
            crate::text::line(&path.display().to_string()),
            crate::text::line(get(2))
        ))
    }
}

impl Component for FormDialog {
    fn kind(&self) -> Kind {
        Kind::Form
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn captures(&self, event: &KeyEvent) -> bool {
        self.form.captures(event)
    }

    fn key(&mut self, event: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let used = field_key(&mut self.form, event, ctx);
        if used {
            self.follow_document(ctx.today());
        }
        used
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) -> bool {
        field_paste(&mut self.form, text, ctx);
        self.follow_document(ctx.today());
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::Save => self.save(ctx),
            Action::Cancel if self.form.escape() => Flow::Stay,
            Action::Cancel => self.cancel(ctx),
            a => {
                move_field(&mut self.form, a, ctx);
                self.follow_document(ctx.today());
                Flow::Stay
            }
        }
    }

    /// The merge dialog saved the fields as chosen: as after a save.
    fn resume(&mut self, value: Box<dyn Any>, ctx: &mut Ctx<'_>) -> Flow {
        match value.downcast::<ops::Saved>() {
            Ok(saved) => self.saved(ctx, Ok(*saved)),
            Err(_) => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        draw_form(frame, p, &self.form, false);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        vec![(hint_text(&form_hints(keymap, &self.form, false)), "")]
    }

    fn draft(&self) -> Option<(DraftKey, DraftData)> {
        if !self.form.is_dirty() {
            return None;
        }
        let key = self.draft_key()?;
        Some((
            key,
            DraftData {
                subject: self.subject,
                target: self.target,
                title: self.form.title().to_string(),
                values: self.form.values(),
                wizard: None,
                sign_off: match &self.purpose {
                    Purpose::SignOff(t) => Some(*t),
                    _ => None,
                },
            },
        ))
    }

    fn dirty(&self) -> bool {
        self.form.is_dirty()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The key of "any" in the filter's choices.
const ANY: &str = "any";

/// A risk level's key in the filter ("at least this level").
fn risk_key(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::Low => "low",
        RiskLevel::Medium => "medium",
        RiskLevel::High => "high",
        RiskLevel::VeryHigh => "very_high",
    }
}

fn risk_labels() -> Vec<Choice> {
    std::iter::once(Choice::new(ANY, "Any"))
        .chain(
            RiskLevel::ALL
                .iter()
                .map(|l| Choice::new(risk_key(*l), format!("{} or above", l.label()))),
        )
        .collect()
}

fn kind_labels() -> Vec<Choice> {
    std::iter::once(Choice::new(ANY, "Any"))
        .chain(
            OrderKind::BUILT_IN
                .iter()
                .map(|k| Choice::new(k.short().to_lowercase(), k.short())),
        )
        .collect()
}

/// The queue filter the filter form's values (keys) describe.
fn filter_of(values: &[String]) -> QueueFilter {
    let get = |i: usize| values.get(i).map(String::as_str).unwrap_or_default();
    QueueFilter {
        view: Default::default(),
        reasons: get(0)
            .lines()
            .filter_map(|l| ReasonKind::ALL.into_iter().find(|k| k.name() == l))
            .collect(),
        risk: RiskLevel::ALL.into_iter().find(|l| get(1) == risk_key(*l)),
        order_kind: OrderKind::BUILT_IN
            .into_iter()
            .find(|k| k.short().to_lowercase() == get(2)),
        officer: Some(get(3).trim().to_string()).filter(|o| !o.is_empty()),
    }
}

/// What `x` can write: the choice's key and label, the format, the kind of document.
pub const KINDS: [(&str, &str, crate::document::Format, ops::export::DocKind); 5] = [
    ("plan_pdf", "Plan (PDF)", Format::Pdf, DocKind::Plan),
    (
        "plan_md",
        "Plan (Markdown)",
        Format::Markdown,
        DocKind::Plan,
    ),
    ("plan_txt", "Plan (text)", Format::Text, DocKind::Plan),
    (
        "visit_pdf",
        "Visit sheet (PDF)",
        Format::Pdf,
        DocKind::VisitSheet,
    ),
    (
        "visit_txt",
        "Visit sheet (text)",
        Format::Text,
        DocKind::VisitSheet,
    ),
];

/// The format and the kind of document for a [`KINDS`] key.
fn kind_of(key: &str) -> (crate::document::Format, ops::export::DocKind) {
    let (_, _, format, kind) = KINDS
        .iter()
        .find(|(k, _, _, _)| *k == key)
        .copied()
        .unwrap_or(KINDS[0]);
    (format, kind)
}

fn extension(format: crate::document::Format) -> &'static str {
    use crate::document::Format;
    match format {
        Format::Pdf => "pdf",
        Format::Markdown => "md",
        Format::Text => "txt",
    }
}

/// The file name suggested for a document of the [`KINDS`] key `key` about subject `id`:
/// `spmp-subject-12-plan-20261123.pdf`, `spmp-subject-12-visit-sheet-20261123.txt`.
fn suggested_name(id: SubjectId, key: &str, today: chrono::NaiveDate) -> String {
    let (format, kind) = kind_of(key);
    let stem = match kind {
        DocKind::Plan => "plan",
        DocKind::VisitSheet => "visit-sheet",
    };
    format!(
        "spmp-subject-{id}-{stem}-{}.{}",
        today.format("%Y%m%d"),
        extension(format)
    )
}

/// Where exports go unless the user types another path: `$SPMP_EXPORT_DIR`, else the current
/// directory.
pub(crate) fn export_dir() -> PathBuf {
    std::env::var_os("SPMP_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}
