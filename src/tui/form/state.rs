//! [`FormState`]: the fields, the focus, what changed and which faults are shown.
use std::cell::Cell;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::field::Field;
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
            context: Vec::new(),
            scroll: Cell::new(0),
        };
        form.initial = form.values();
        for i in 0..n {
            form.recheck(i);
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
        self.rebuild();
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
        self.focus = target;
        self.rebuild();
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
        if field.value() != before {
            self.edited(focus);
        }
        used
    }

    /// Inserts pasted text into the focused field if it holds text. True if it changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let focus = self.focus;
        let changed = self.fields.get_mut(focus).is_some_and(|f| f.paste(text));
        if changed {
            self.edited(focus);
        }
        changed
    }

    /// The faults shown now, in field order (issues of the form as a whole first).
    pub fn issues(&self) -> &[FieldIssue] {
        &self.shown
    }

    /// Shows `issues` (from `apply()`) next to their fields; `None`, or a field the form does
    /// not have, is shown at the top of the form.
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
    }

    /// Runs the per-field check on every field and shows every fault, empty required fields
    /// included. Focuses the first faulty field. True when every field is fine.
    pub fn check(&mut self) -> bool {
        self.checked = true;
        for i in 0..self.fields.len() {
            self.recheck(i);
        }
        self.rebuild();
        match self.local.iter().position(Option::is_some) {
            Some(first) => {
                self.focus = first;
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
        for (i, fault) in self.local.iter().enumerate() {
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
