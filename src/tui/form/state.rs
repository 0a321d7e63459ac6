//! [`FormState`]: the fields, the focus, what changed and which faults are shown.
use std::cell::Cell;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::field::{Field, Preview};
use super::paste::Outcome;
use crate::edit::{FieldIssue, FieldKind, FieldSpec};

/// A form being filled in: one [`Field`] per [`FieldSpec`], a focused field, the values it was
/// opened with (for [`FormState::is_dirty`]) and the faults shown inline.
///
/// Faults come from two places. The per-field check (`edit::parse::check`, the same parser
/// `ops` applies the form with) runs on
/// the focused field as the user types, on a field the user leaves, and on every field in
/// [`FormState::check`]; an empty field is not complained about until it has been left or
/// checked. Issues given by [`FormState::set_issues`] (from `apply()`) stay until their field
/// is edited or new issues are set.
///
/// The focused one-line field has its text selected when it gains the focus (typing replaces
/// it, movement keys edit it in place); text typed on a choice only finds an option
/// ([`FormState::pending_find`]) until it is confirmed, and [`FormState::check`] refuses to go
/// on while one is pending, so a value never changes unless the user picked it.
#[derive(Debug, Clone)]
pub struct FormState {
    title: String,
    fields: Vec<Field>,
    initial: Vec<String>,
    focus: usize,
    today: NaiveDate,
    /// Fields the focus has left at least once.
    left: Vec<bool>,
    /// Whether [`FormState::check`] has run: from then on every fault is shown.
    checked: bool,
    /// The per-field check's fault for each field, when shown.
    local: Vec<Option<String>>,
    /// Issues set from outside, with out-of-range fields moved to the form as a whole.
    external: Vec<FieldIssue>,
    /// `local` and `external` together, in field order: what [`FormState::issues`] returns.
    shown: Vec<FieldIssue>,
    /// [`FormState::check`] found text typed on the focused choice and not yet picked: the
    /// field says so until the find is confirmed or dropped.
    held: bool,
    /// Read-only lines shown above the fields (e.g. the condition being reviewed).
    pub context: Vec<String>,
    /// The first field drawn; kept between frames so scrolling is steady.
    pub(super) scroll: Cell<usize>,
}

impl FormState {
    /// A form titled `title` with `fields`, holding `values` (missing values are empty, extra
    /// ones are dropped). `today` is what relative dates (`today`, `+14d`) are read against.
    pub fn new(
        title: String,
        fields: Vec<FieldSpec>,
        values: Vec<String>,
        today: NaiveDate,
    ) -> Self {
        let mut values = values.into_iter();
        let fields: Vec<Field> = fields
            .into_iter()
            .map(|spec| Field::new(spec, &values.next().unwrap_or_default()))
            .collect();
        let n = fields.len();
        let mut form = FormState {
            title,
            fields,
            initial: Vec::new(),
            focus: 0,
            today,
            left: vec![false; n],
            checked: false,
            local: vec![None; n],
            external: Vec::new(),
            shown: Vec::new(),
            held: false,
            context: Vec::new(),
            scroll: Cell::new(0),
        };
        form.initial = form.values();
        for i in 0..n {
            form.recheck(i);
        }
        if let Some(first) = form.fields.first_mut() {
            first.focused();
        }
        form.rebuild();
        form
    }

    /// Sets the read-only lines shown above the fields.
    pub fn with_context(mut self, context: Vec<String>) -> Self {
        self.context = context;
        self
    }

    /// Replace the current values (a restored draft, a pre-filled breach) keeping the values
    /// the form was opened with, so the form counts as changed.
    pub fn set_values(&mut self, values: Vec<String>) {
        let mut values = values.into_iter();
        for i in 0..self.fields.len() {
            let spec = self.fields[i].spec.clone();
            self.fields[i] = Field::new(spec, &values.next().unwrap_or_default());
            self.recheck(i);
        }
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.focused();
        }
        self.held = false;
        self.rebuild();
    }

    /// Replace the value of field `i` alone (a suggestion that follows another field, such as
    /// an export's file name following the document chosen).
    pub fn set_value(&mut self, i: usize, value: &str) {
        let Some(field) = self.fields.get_mut(i) else {
            return;
        };
        *field = Field::new(field.spec.clone(), value);
        if i == self.focus {
            field.focused();
        }
        self.edited(i);
    }

    /// The title given to [`FormState::new`].
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The fields, in order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The current values, one per field; text areas and multiple choices joined with `\n`.
    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(Field::value).collect()
    }

    /// Whether any value differs from the one the form was opened with.
    pub fn is_dirty(&self) -> bool {
        self.values() != self.initial
    }

    /// The index of the focused field (0 for a form without fields).
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// The spec of the focused field, if the form has any.
    pub fn focused_spec(&self) -> Option<&FieldSpec> {
        self.fields.get(self.focus).map(|f| &f.spec)
    }

    /// Focuses field `i` (clamped to the last field). The field left behind is checked.
    pub fn set_focus(&mut self, i: usize) {
        let target = i.min(self.fields.len().saturating_sub(1));
        if target == self.focus {
            return;
        }
        if let Some(left) = self.left.get_mut(self.focus) {
            *left = true;
        }
        self.recheck(self.focus);
        self.move_focus(target);
        self.rebuild();
    }

    /// The focus moves to `target`: the field left drops what was pending (a find, a
    /// selection), the field gained selects its text.
    fn move_focus(&mut self, target: usize) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.blurred();
        }
        self.focus = target;
        self.held = false;
        if let Some(field) = self.fields.get_mut(target) {
            field.focused();
        }
    }

    /// Focuses the next field, wrapping from the last to the first.
    pub fn next_field(&mut self) {
        let n = self.fields.len();
        if n > 0 {
            self.set_focus((self.focus + 1) % n);
        }
    }

    /// Focuses the previous field, wrapping from the first to the last.
    pub fn prev_field(&mut self) {
        let n = self.fields.len();
        if n > 0 {
            self.set_focus((self.focus + n - 1) % n);
        }
    }

    /// Whether the focused field uses `key` itself even though a keymap may bind it: enter,
    /// up, down, page up and page down in a text area. The app offers such keys to the form
    /// before its keymap.
    pub fn captures(&self, key: &KeyEvent) -> bool {
        self.fields.get(self.focus).is_some_and(Field::is_area)
            && matches!(
                key.code,
                KeyCode::Enter | KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
            )
    }

    /// Edits the focused field with a key the keymap did not claim. Returns true if the form
    /// changed (its value, or what it shows, such as the cursor); key releases are ignored.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else {
            return false;
        };
        let before = field.value();
        let used = field.handle_key(&key);
        if field.preview().is_none() {
            // A find that ended answers the hold: the next one starts unheld.
            self.held = false;
        }
        if field.value() != before {
            self.edited(focus);
        } else if used {
            self.rebuild();
        }
        used
    }

    /// Pastes into the focused field: text fields take it (one line or several, see
    /// [`super::paste`]); a choice refuses it. Nothing ever goes to another field.
    pub fn paste(&mut self, text: &str) -> Outcome {
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else {
            return Outcome::Refused("Not pasted: the form has no fields".into());
        };
        let outcome = field.paste(text);
        if outcome.changed() {
            self.edited(focus);
        }
        outcome
    }

    /// The focused field's pending find: text typed on a choice that has not picked anything.
    pub fn pending_find(&self) -> Option<Preview> {
        self.fields.get(self.focus).and_then(Field::preview)
    }

    /// Whether the focused field is one line of text with its text selected (typing replaces
    /// it).
    pub fn replaces(&self) -> bool {
        self.fields.get(self.focus).is_some_and(Field::replaces)
    }

    /// Whether the focused field holds one line of text.
    pub fn focus_is_line(&self) -> bool {
        self.fields.get(self.focus).is_some_and(Field::is_line)
    }

    /// `cancel` on the form: drops a pending find first. True if there was one (the form
    /// stays open).
    pub fn escape(&mut self) -> bool {
        let dropped = self
            .fields
            .get_mut(self.focus)
            .is_some_and(Field::drop_find);
        if dropped {
            self.held = false;
            self.rebuild();
        }
        dropped
    }

    /// Confirm a pending find (the keymap's `open`, whatever key it is on). True if one was
    /// pending.
    pub fn confirm_find(&mut self) -> bool {
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else {
            return false;
        };
        let before = field.value();
        if !field.confirm_find() {
            return false;
        }
        if field.preview().is_none() {
            self.held = false;
        }
        if field.value() != before {
            self.edited(focus);
        } else {
            self.rebuild();
        }
        true
    }

    /// Empty the focused field if it holds text (the `clear_field` action). True if it changed.
    pub fn clear_focused(&mut self) -> bool {
        let focus = self.focus;
        let Some(field) = self.fields.get(focus) else {
            return false;
        };
        if !matches!(
            field.spec.kind,
            FieldKind::Text
                | FieldKind::Date
                | FieldKind::OptDate
                | FieldKind::Time
                | FieldKind::Number { .. }
                | FieldKind::Multiline
                | FieldKind::Lines
        ) || field.value().is_empty()
        {
            return false;
        }
        self.set_value(focus, "");
        true
    }

    /// The faults shown now, in field order (issues of the form as a whole first).
    pub fn issues(&self) -> &[FieldIssue] {
        &self.shown
    }

    /// Shows `issues` (from `apply()`) next to their fields; `None`, or a field the form does
    /// not have, is shown at the top of the form.
    /// Shows faults found when saving, against their fields, and focuses the first field at
    /// fault (so the user types the correction where it is asked for).
    pub fn set_issues(&mut self, issues: Vec<FieldIssue>) {
        let n = self.fields.len();
        self.external = issues
            .into_iter()
            .map(|issue| FieldIssue {
                field: issue.field.filter(|&i| i < n),
                message: issue.message,
            })
            .collect();
        self.rebuild();
        if let Some(first) = self.external.iter().filter_map(|i| i.field).min()
            && first != self.focus
        {
            self.move_focus(first);
        }
    }

    /// Runs the per-field check on every field and shows every fault, empty required fields
    /// included. Focuses the first faulty field. True when every field is fine.
    pub fn check(&mut self) -> bool {
        self.checked = true;
        for i in 0..self.fields.len() {
            self.recheck(i);
        }
        self.held = self.pending_find().is_some();
        self.rebuild();
        if self.held {
            return false;
        }
        match self.local.iter().position(Option::is_some) {
            Some(first) => {
                if first != self.focus {
                    self.move_focus(first);
                }
                false
            }
            None => true,
        }
    }

    /// How the date in field `i` was read (`23 Nov 2026`), for a date field whose value passes
    /// the check; `None` otherwise.
    pub fn date_preview(&self, i: usize) -> Option<String> {
        let field = self.fields.get(i)?;
        if !matches!(field.spec.kind, FieldKind::Date | FieldKind::OptDate) {
            return None;
        }
        let value = field.value();
        if value.trim().is_empty() || self.run_check(i).is_err() {
            return None;
        }
        crate::edit::parse::parse_date(&value, self.today)
            .ok()
            .map(crate::edit::parse::show_date)
    }

    /// The one place the checker is called.
    fn run_check(&self, i: usize) -> Result<(), String> {
        match self.fields.get(i) {
            Some(field) => crate::edit::parse::check(&field.spec, &field.value(), self.today),
            None => Ok(()),
        }
    }

    /// Re-runs the check on field `i`, keeping quiet about an empty field not yet left.
    fn recheck(&mut self, i: usize) {
        let quiet = !self.checked
            && !self.left.get(i).copied().unwrap_or(false)
            && self
                .fields
                .get(i)
                .is_some_and(|f| f.value().trim().is_empty());
        let fault = if quiet { None } else { self.run_check(i).err() };
        if let Some(slot) = self.local.get_mut(i) {
            *slot = fault;
        }
    }

    /// Field `i` was edited: its outside issues are answered, its check runs again.
    fn edited(&mut self, i: usize) {
        self.external.retain(|issue| issue.field != Some(i));
        self.recheck(i);
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let mut shown: Vec<FieldIssue> = self
            .external
            .iter()
            .filter(|issue| issue.field.is_none())
            .cloned()
            .collect();
        let held = self
            .pending_find()
            .filter(|_| self.held)
            .map(|p| not_picked(&p));
        for (i, fault) in self.local.iter().enumerate() {
            if i == self.focus
                && let Some(message) = &held
            {
                shown.push(FieldIssue {
                    field: Some(i),
                    message: message.clone(),
                });
            }
            if let Some(message) = fault {
                shown.push(FieldIssue {
                    field: Some(i),
                    message: message.clone(),
                });
            }
            for issue in self.external.iter().filter(|x| x.field == Some(i)) {
                if fault.as_ref() != Some(&issue.message) {
                    shown.push(issue.clone());
                }
            }
        }
        self.shown = shown;
    }
}

/// Why a form does not go on while text typed on a choice is not picked.
fn not_picked(p: &Preview) -> String {
    let typed = crate::text::line(&p.text);
    match &p.pick {
        Some((_, label)) => format!(
            "\"{typed}\" was typed here but nothing is picked yet: pick {} or clear what was typed",
            crate::text::line(label)
        ),
        None => format!("\"{typed}\" was typed here and matches nothing: clear what was typed"),
    }
}
