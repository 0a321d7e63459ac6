//! Tests of the editing model: parsing, forms of every kind, apply, delete and item lists.
//! Dates are fixed (`today` is Monday 15 June 2026, see [`crate::domain::testkit::today`]).
mod applying;
mod deleting;
mod forms;
mod forms_more;
mod listing;
mod parse;

use crate::domain::testkit::today;
use crate::domain::{ItemId, Subject};
use crate::domain::{ItemKind, Target};
use crate::edit::{FieldIssue, apply, fields, values};

/// The index of the field `key` in the form for `kind`.
fn field(subject: &Subject, kind: ItemKind, key: &str) -> usize {
    fields(kind, subject)
        .iter()
        .position(|f| f.key == key)
        .unwrap_or_else(|| panic!("{kind:?} has no field {key}"))
}

/// The form's initial values for `target` with `changes` typed over them.
fn filled(subject: &Subject, target: &Target, changes: &[(&str, &str)]) -> Vec<String> {
    let mut v = values(subject, target, today()).expect("values");
    for (key, value) in changes {
        v[field(subject, target.kind, key)] = (*value).to_string();
    }
    v
}

/// Apply the filled form; panics with the issues when refused.
fn save(subject: &Subject, target: &Target, changes: &[(&str, &str)]) -> (Subject, ItemId) {
    let v = filled(subject, target, changes);
    apply(subject, target, &v, today()).unwrap_or_else(|issues| panic!("refused: {issues:#?}"))
}

/// Apply the filled form expecting a refusal; returns the issues.
fn refuse(subject: &Subject, target: &Target, changes: &[(&str, &str)]) -> Vec<FieldIssue> {
    let v = filled(subject, target, changes);
    match apply(subject, target, &v, today()) {
        Ok((s, id)) => panic!("should be refused, created {id}: {s:#?}"),
        Err(issues) => issues,
    }
}

fn new(kind: ItemKind) -> Target {
    Target::new_item(kind, None)
}

fn new_in(kind: ItemKind, parent: ItemId) -> Target {
    Target::new_item(kind, Some(parent))
}
