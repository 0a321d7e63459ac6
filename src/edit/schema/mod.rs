//! The form of every kind of item: its fields ([`fields`]), its initial values, and how the
//! typed values are read back into a domain value.
//!
//! Each kind implements [`Form`]; the singletons (subject identity, narrative, management notes)
//! have plain functions. Values are produced as `(key, value)` pairs and put in field order by
//! [`assemble`], so a form's fields and values can never drift apart.
use chrono::{NaiveDate, NaiveTime};

use super::parse::{self, DATE_HELP, TIME_HELP};
use super::spec::{Choice, FieldIssue, FieldKind, FieldSpec};
use crate::domain::ItemKind;
use crate::domain::{
    ActionStatus, Address, Breach, Condition, Device, IndexOffence, Investigation, ItemId,
    Notification, Order, ProtectedPerson, Relationship, RiskAssessment, SafeguardingOption,
    SocialAccount, Strategy, Subject, TacticalOption, Variation, Vehicle, Visit,
};
use crate::domain::{
    Consideration, Meeting, MeetingAction, NeedsAssessment, Referral, VictimContact,
    VictimsCodeRecord,
};

pub(crate) mod events;
mod identity;
pub(crate) mod labels;
mod orders;
mod paths;
mod risk;
mod section1;
mod section2;
mod victim;

pub(crate) use identity::{identity_fields, identity_values, read_identity};
pub(crate) use orders::{condition_label, order_label, order_tag};
pub(crate) use paths::map_faults;
pub(crate) use section1::narrative_fields;
pub(crate) use section2::notes_fields;

/// What a form is about, beyond its own values.
pub(crate) struct Ctx<'a> {
    /// The subject as it was before the edit.
    pub subject: &'a Subject,
    pub today: NaiveDate,
    /// The parent item (the order of a condition, the assessment of a tactical option).
    pub parent: Option<ItemId>,
}

/// A kind of item edited with a form.
pub(crate) trait Form: Sized {
    /// The form's fields; `subject` supplies choices (people, orders, conditions).
    fn fields(subject: &Subject) -> Vec<FieldSpec>;
    /// Initial values: `old`'s values for editing, or defaults for a new item.
    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)>;
    /// The item built from the form (`id` is its id). Faults go to `r`; the value returned
    /// alongside faults is discarded.
    fn read(r: &mut Reader, old: Option<&Self>, id: ItemId, cx: &Ctx) -> Self;
}

/// The fields of a form for `kind`. `subject` supplies the choices that depend on it (which
/// protected person a safeguarding option is for, which order a breach concerns).
pub fn fields(kind: ItemKind, subject: &Subject) -> Vec<FieldSpec> {
    match kind {
        ItemKind::Subject => identity_fields(),
        ItemKind::Address => Address::fields(subject),
        ItemKind::Narrative => narrative_fields(),
        ItemKind::Order => Order::fields(subject),
        ItemKind::Variation => Variation::fields(subject),
        ItemKind::Condition => Condition::fields(subject),
        ItemKind::Notification => Notification::fields(subject),
        ItemKind::ProtectedPerson => ProtectedPerson::fields(subject),
        ItemKind::IndexOffence => IndexOffence::fields(subject),
        ItemKind::Safeguarding => SafeguardingOption::fields(subject),
        ItemKind::Investigation => Investigation::fields(subject),
        ItemKind::Device => Device::fields(subject),
        ItemKind::SocialAccount => SocialAccount::fields(subject),
        ItemKind::Vehicle => Vehicle::fields(subject),
        ItemKind::Relationship => Relationship::fields(subject),
        ItemKind::Strategy => Strategy::fields(subject),
        ItemKind::ManagementNotes => notes_fields(),
        ItemKind::Assessment => RiskAssessment::fields(subject),
        ItemKind::TacticalOption => TacticalOption::fields(subject),
        ItemKind::Visit => Visit::fields(subject),
        ItemKind::Breach => Breach::fields(subject),
        ItemKind::VictimContact => VictimContact::fields(subject),
        ItemKind::NeedsAssessment => NeedsAssessment::fields(subject),
        ItemKind::VictimsCode => VictimsCodeRecord::fields(subject),
        ItemKind::Referral => Referral::fields(subject),
        ItemKind::Meeting => Meeting::fields(subject),
        ItemKind::MeetingAction => MeetingAction::fields(subject),
        ItemKind::Consideration => Consideration::fields(subject),
        // Reviews are recorded and revised in the review wizard, which has steps, not a form;
        // screenings on their instrument's form (`ops::screening`).
        ItemKind::Review | ItemKind::Screening => Vec::new(),
    }
}

/// Put `(key, value)` pairs in the order of `specs`; a field without a pair is empty.
pub(crate) fn assemble(specs: &[FieldSpec], pairs: Vec<(&'static str, String)>) -> Vec<String> {
    specs
        .iter()
        .map(|s| {
            pairs
                .iter()
                .find(|(k, _)| *k == s.key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect()
}

// ---- field constructors ----

pub(crate) fn text(key: &'static str, label: &str, required: bool) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Text, required)
}

pub(crate) fn multiline(key: &'static str, label: &str, required: bool) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Multiline, required)
}

pub(crate) fn list(key: &'static str, label: &str) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Lines, false).with_help("One per line")
}

pub(crate) fn date(key: &'static str, label: &str) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Date, true).with_help(DATE_HELP)
}

pub(crate) fn opt_date(key: &'static str, label: &str) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::OptDate, false)
        .with_help(&format!("{DATE_HELP}; leave empty if none"))
}

pub(crate) fn time(key: &'static str, label: &str) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Time, true).with_help(TIME_HELP)
}

pub(crate) fn yes_no(key: &'static str, label: &str) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Bool, false).with_help("yes or no")
}

pub(crate) fn choice(key: &'static str, label: &str, choices: Vec<Choice>) -> FieldSpec {
    FieldSpec::new(key, label, FieldKind::Choice(choices), true)
}

/// The choices of a table of `(value, key, label)`.
pub(crate) fn options<T>(table: &[(T, &str, &str)]) -> Vec<Choice> {
    Choice::table(table)
}

/// The key of `value` in `table` (empty when absent): what the form's value holds.
pub(crate) fn key_of<T: PartialEq>(table: &[(T, &str, &str)], value: &T) -> String {
    table
        .iter()
        .find(|(v, _, _)| v == value)
        .map(|(_, k, _)| k.to_string())
        .unwrap_or_default()
}

/// Choices keyed by `(key, label)`, labels made unique: a label that repeats gets its key added
/// (`label [key]`).
pub(crate) fn unique(items: Vec<(String, String)>) -> Vec<Choice> {
    let repeats = |label: &str| items.iter().filter(|(_, l)| l == label).count() > 1;
    items
        .iter()
        .map(|(key, l)| {
            let label = if repeats(l) {
                format!("{l} [{key}]")
            } else {
                l.clone()
            };
            Choice::new(key.clone(), label)
        })
        .collect()
}

/// The "other" choice of a kind list; what it is goes in a text field of its own.
pub(crate) fn other() -> Choice {
    Choice::new(OTHER_KEY, "Other")
}

/// The key of [`other`].
pub(crate) const OTHER_KEY: &str = "other";

/// A table's choices followed by "Other".
pub(crate) fn with_other<T>(table: &[(T, &str, &str)]) -> Vec<Choice> {
    let mut c = options(table);
    c.push(other());
    c
}

/// One line of at most `max` characters (newlines become spaces, `...` marks a cut).
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let head: String = flat.chars().take(max.saturating_sub(3)).collect();
        format!("{}...", head.trim_end())
    } else {
        flat
    }
}

/// Status of an action item, as the form shows it.
pub(crate) const STATUS: [(ActionStatus, &str, &str); 4] = [
    (ActionStatus::Proposed, "proposed", "Proposed"),
    (ActionStatus::InProgress, "in_progress", "In progress"),
    (ActionStatus::Done, "done", "Done"),
    (ActionStatus::Declined, "declined", "Declined"),
];

// ---- value formatting ----

pub(crate) fn od(date: Option<NaiveDate>) -> String {
    date.map(parse::edit_date).unwrap_or_default()
}

pub(crate) fn os(text: &Option<String>) -> String {
    text.clone().unwrap_or_default()
}

/// Reads a form's values back, collecting every fault against its field.
pub(crate) struct Reader<'a> {
    specs: &'a [FieldSpec],
    values: &'a [String],
    today: NaiveDate,
    issues: Vec<FieldIssue>,
}

impl<'a> Reader<'a> {
    /// A reader over `values` (one per spec); runs [`parse::check`] on every field first.
    pub(crate) fn new(specs: &'a [FieldSpec], values: &'a [String], today: NaiveDate) -> Self {
        let mut issues = Vec::new();
        for (i, (spec, value)) in specs.iter().zip(values).enumerate() {
            if let Err(message) = parse::check(spec, value, today) {
                issues.push(FieldIssue {
                    field: Some(i),
                    message,
                });
            }
        }
        Self {
            specs,
            values,
            today,
            issues,
        }
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.today
    }

    pub(crate) fn into_issues(self) -> Vec<FieldIssue> {
        self.issues
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.key == key)
    }

    fn raw(&self, key: &str) -> &str {
        self.index(key)
            .and_then(|i| self.values.get(i))
            .map_or("", String::as_str)
    }

    /// Record a fault against the field `key` (form-level when no such field); a field keeps
    /// only its first fault, the one to fix first.
    pub(crate) fn issue(&mut self, key: &str, message: impl Into<String>) {
        let field = self.index(key);
        if field.is_some() && self.issues.iter().any(|i| i.field == field) {
            return;
        }
        self.issues.push(FieldIssue {
            field,
            message: message.into(),
        });
    }

    /// Record a fault against the field `key`, in place of any fault it already has (for a
    /// message clearer than the generic one).
    pub(crate) fn set_issue(&mut self, key: &str, message: impl Into<String>) {
        let field = self.index(key);
        if field.is_some() {
            self.issues.retain(|i| i.field != field);
        }
        self.issue(key, message);
    }

    /// Whether the field `key` already has a fault.
    pub(crate) fn has_issue(&self, key: &str) -> bool {
        let field = self.index(key);
        field.is_some() && self.issues.iter().any(|i| i.field == field)
    }

    /// The field's text, trimmed.
    pub(crate) fn text(&self, key: &str) -> String {
        self.raw(key).trim().to_string()
    }

    /// The field's text, trimmed; `None` when empty.
    pub(crate) fn opt_text(&self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|t| !t.is_empty())
    }

    /// The field's entries, one per line, trimmed, blank lines dropped.
    pub(crate) fn lines(&self, key: &str) -> Vec<String> {
        parse::lines(self.raw(key))
    }

    /// The field's date; `None` when empty or invalid (the fault is already recorded).
    pub(crate) fn date(&self, key: &str) -> Option<NaiveDate> {
        let raw = self.raw(key);
        if raw.trim().is_empty() {
            return None;
        }
        parse::parse_date(raw, self.today).ok()
    }

    /// The field's time; `None` when empty or invalid.
    pub(crate) fn time(&self, key: &str) -> Option<NaiveTime> {
        parse::parse_time(self.raw(key)).ok()
    }

    /// The field's yes/no; empty or invalid reads as no.
    pub(crate) fn flag(&self, key: &str) -> bool {
        parse::parse_bool(self.raw(key)).unwrap_or(false)
    }

    /// The index of the chosen option; `None` when empty or not a choice.
    pub(crate) fn choice(&self, key: &str) -> Option<usize> {
        match self.index(key).map(|i| &self.specs[i].kind) {
            Some(FieldKind::Choice(choices)) => parse::choice_index(choices, self.raw(key)),
            _ => None,
        }
    }

    /// The key of the chosen option; `None` when empty or not a choice.
    pub(crate) fn chosen(&self, key: &str) -> Option<&str> {
        let i = self.choice(key)?;
        match self.index(key).map(|f| &self.specs[f].kind) {
            Some(FieldKind::Choice(choices)) => choices.get(i).map(|c| c.key.as_str()),
            _ => None,
        }
    }

    /// The indexes of the chosen options, in the order typed, without repeats.
    pub(crate) fn multi(&self, key: &str) -> Vec<usize> {
        let Some(FieldKind::MultiChoice(choices)) = self.index(key).map(|i| &self.specs[i].kind)
        else {
            return Vec::new();
        };
        let mut chosen: Vec<usize> = Vec::new();
        for i in parse::lines(self.raw(key))
            .iter()
            .filter_map(|v| parse::choice_index(choices, v))
        {
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen
    }

    /// The value of the chosen option of a table-driven choice (the choice lists the table's
    /// entries in order, perhaps followed by "Other").
    pub(crate) fn pick<T: Clone>(&self, key: &str, table: &[(T, &str, &str)]) -> Option<T> {
        let i = self.choice(key)?;
        table.get(i).map(|(v, _, _)| v.clone())
    }
}
