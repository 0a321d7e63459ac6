//! Pickers (which kind to add, which item to edit or delete) and confirmations.
use super::edit::needs_parent;
use super::{App, Confirm, FormPurpose, Overlay, Pending, Picker, PickerPurpose};
use crate::domain::SubjectId;
use crate::domain::{ItemKind, Target};
use crate::edit;
use crate::tui::action::Action;

impl App {
    pub(super) fn add_item(&mut self) {
        let Some(_) = self.need_subject() else { return };
        let kinds = edit::addable(self.tab);
        if let [kind] = kinds.as_slice() {
            return self.add_kind(*kind);
        }
        self.overlay = Overlay::Picker(Picker {
            title: format!("Add to {}", self.tab.title()),
            labels: kinds
                .iter()
                .map(|k| edit::kind_label(*k).to_string())
                .collect(),
            selected: 0,
            purpose: PickerPurpose::AddKind(kinds),
        });
    }

    fn add_kind(&mut self, kind: ItemKind) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        if !needs_parent(kind) {
            let target = Target::new_item(kind, None);
            return self.open_form(Some(subject.id), target, FormPurpose::Item, None);
        }
        let parents = edit::parents(&subject, kind);
        match parents.as_slice() {
            [] => {
                let what = if kind == ItemKind::TacticalOption {
                    "Record a risk assessment first"
                } else {
                    "Add an order first"
                };
                self.message = Some(format!(
                    "{what}: a {} belongs to one",
                    edit::kind_label(kind).to_lowercase()
                ));
            }
            [one] => {
                let target = Target::new_item(kind, one.target.id);
                self.open_form(Some(subject.id), target, FormPurpose::Item, None);
            }
            many => {
                self.overlay = Overlay::Picker(Picker {
                    title: format!("{}: which one does it belong to?", edit::kind_label(kind)),
                    labels: many
                        .iter()
                        .map(|p| crate::text::line(&p.label).into_owned())
                        .collect(),
                    selected: 0,
                    purpose: PickerPurpose::AddParent(
                        kind,
                        many.iter().map(|p| p.target).collect(),
                    ),
                });
            }
        }
    }

    fn pick_item(&mut self, verb: &str, delete: bool) {
        let Some(subject) = self.need_subject() else {
            return;
        };
        let items = edit::items(&subject, self.tab);
        if items.is_empty() {
            self.message = Some(format!("Nothing to {} on this tab", verb.to_lowercase()));
            return;
        }
        let targets = items.iter().map(|i| i.target).collect();
        self.overlay = Overlay::Picker(Picker {
            title: format!("{verb} which item?"),
            labels: items
                .iter()
                .map(|i| crate::text::line(&i.label).into_owned())
                .collect(),
            selected: 0,
            purpose: if delete {
                PickerPurpose::Delete(targets)
            } else {
                PickerPurpose::Edit(targets)
            },
        });
    }

    pub(super) fn edit_item(&mut self) {
        self.pick_item("Edit", false);
    }

    pub(super) fn delete_item(&mut self) {
        self.pick_item("Delete", true);
    }

    pub(super) fn dispatch_picker(&mut self, action: Action, mut p: Picker) {
        let n = p.labels.len().max(1);
        match action {
            Action::MoveDown => p.selected = (p.selected + 1) % n,
            Action::MoveUp => p.selected = (p.selected + n - 1) % n,
            Action::Top => p.selected = 0,
            Action::Bottom => p.selected = n - 1,
            Action::Cancel | Action::Back => return,
            Action::Open => return self.choose(p),
            _ => {}
        }
        self.overlay = Overlay::Picker(p);
    }

    fn choose(&mut self, p: Picker) {
        let i = p.selected;
        let subject = self.current().map(|s| s.id);
        match p.purpose {
            PickerPurpose::AddKind(kinds) => {
                if let Some(kind) = kinds.get(i) {
                    self.add_kind(*kind);
                }
            }
            PickerPurpose::AddParent(kind, parents) => {
                if let Some(parent) = parents.get(i) {
                    let target = Target::new_item(kind, parent.id);
                    self.open_form(subject, target, FormPurpose::Item, None);
                }
            }
            PickerPurpose::Edit(targets) => {
                if let Some(target) = targets.get(i) {
                    self.open_form(subject, *target, FormPurpose::Item, None);
                }
            }
            PickerPurpose::Delete(targets) => {
                if let (Some(target), Some(subject)) = (targets.get(i), subject) {
                    let label = p.labels.get(i).cloned().unwrap_or_default();
                    self.overlay = Overlay::Confirm(Confirm {
                        message: format!("Delete {label}? This is kept in the history."),
                        on_yes: Pending::Delete {
                            subject,
                            target: *target,
                            label,
                        },
                        back: Box::new(Overlay::None),
                    });
                }
            }
            PickerPurpose::SignOff(targets) => {
                if let Some(target) = targets.get(i) {
                    self.open_sign_off(*target);
                }
            }
        }
    }

    /// Answer the open confirmation.
    pub(super) fn confirm(&mut self, yes: bool) {
        let Overlay::Confirm(c) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        if !yes {
            self.overlay = *c.back;
            return;
        }
        match c.on_yes {
            Pending::Discard => {
                self.overlay = *c.back;
                self.close_form();
                self.message = Some("Discarded".into());
            }
            Pending::Delete {
                subject,
                target,
                label,
            } => self.delete_now(subject, target, &label),
        }
    }

    pub(super) fn delete_now(&mut self, id: SubjectId, target: Target, label: &str) {
        let (base, version) = match self.reload(id) {
            Ok(x) => x,
            Err(e) => return self.message = Some(e),
        };
        let changed = match edit::delete(&base, &target) {
            Ok(s) => s,
            Err(e) => return self.message = Some(format!("Not deleted: {e}")),
        };
        // Only the kind of item: the label may name a person, and the audit log outlives an
        // erased record.
        let summary = format!("Deleted {}", edit::kind_label(target.kind).to_lowercase());
        let _ = label;
        if let Err(e) = self.commit(&base, changed, Some(version), &summary) {
            self.message = Some(format!("Not deleted: {e}"));
        }
    }
}
