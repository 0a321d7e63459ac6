//! Section 1: the offending narrative, protected persons, index offences and safeguarding.
use super::{
    Ctx, Form, Reader, STATUS, choice, key_of, multiline, od, opt_date, options, os, text, unique,
    yes_no,
};
use crate::domain::{
    ActionStatus, IndexOffence, ItemId, ProtectedPerson, SafeguardingOption, Subject,
};
use crate::edit::parse::show_bool;
use crate::edit::spec::{Choice, FieldSpec};

/// The choice for a safeguarding option that is not for one person: `(key, label)`.
const NO_PERSON: (&str, &str) = ("none", "(none)");

/// The narrative form: one free-text field.
pub(crate) fn narrative_fields() -> Vec<FieldSpec> {
    vec![
        multiline("narrative", "Offending narrative", false)
            .with_help("The behaviour that led to the order"),
    ]
}

/// The protected persons as choices keyed by id, labels unique.
pub(super) fn people(subject: &Subject) -> Vec<(ItemId, Choice)> {
    let ids = subject.protected_persons.iter().map(|p| p.id);
    let named = subject
        .protected_persons
        .iter()
        .map(|p| (p.id.to_string(), p.name.trim().to_string()))
        .collect();
    ids.zip(unique(named)).collect()
}

impl Form for ProtectedPerson {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("name", "Name", true),
            text("relationship", "Relationship to the subject", false)
                .with_help("e.g. ex-partner, colleague, stranger"),
            yes_no("by_proxy", "Protected by proxy")
                .with_help("yes for family, friends or colleagues of the victim"),
            text("address", "Address", false)
                .with_help("Restricted: the most sensitive field in the plan"),
            multiline("notes", "Notes", false),
            text("contact_preferences", "Contact preferences", false)
                .with_help("How and when they want to be contacted; restricted"),
            text("safe_contact", "Safe contact details", false)
                .with_help("A number or address the subject does not know; restricted"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(p) = old else {
            return vec![("by_proxy", show_bool(false))];
        };
        vec![
            ("name", p.name.clone()),
            ("relationship", p.relationship.clone()),
            ("by_proxy", show_bool(p.by_proxy)),
            ("address", os(&p.address)),
            ("notes", p.notes.clone()),
            ("contact_preferences", p.contact_preferences.clone()),
            ("safe_contact", p.safe_contact.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        ProtectedPerson {
            contact_preferences: r.text("contact_preferences"),
            safe_contact: r.text("safe_contact"),
            id,
            name: r.text("name"),
            relationship: r.text("relationship"),
            by_proxy: r.flag("by_proxy"),
            address: r.opt_text("address"),
            notes: r.text("notes"),
        }
    }
}

impl Form for IndexOffence {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("offence", "Offence", true).with_help("e.g. Stalking, s.2A PHA 1997"),
            opt_date("date", "Date of offence"),
            text("reference", "Occurrence or crime reference", false),
            text("outcome", "Outcome", false).with_help("e.g. charged, convicted"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return Vec::new();
        };
        vec![
            ("offence", x.offence.clone()),
            ("date", od(x.date)),
            ("reference", os(&x.reference)),
            ("outcome", x.outcome.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        IndexOffence {
            id,
            offence: r.text("offence"),
            date: r.date("date"),
            reference: r.opt_text("reference"),
            outcome: r.text("outcome"),
        }
    }
}

impl Form for SafeguardingOption {
    fn fields(subject: &Subject) -> Vec<FieldSpec> {
        let mut persons = vec![Choice::new(NO_PERSON.0, NO_PERSON.1)];
        persons.extend(people(subject).into_iter().map(|(_, c)| c));
        vec![
            choice("person", "For", persons).with_help("The protected person it is for, if one"),
            text("option", "Option", true).with_help("e.g. panic alarm, Ring doorbell"),
            choice("status", "Status", options(&STATUS)),
            multiline("notes", "Notes", false),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let people = people(cx.subject);
        let person_label = |id: Option<ItemId>| {
            id.and_then(|id| people.iter().find(|(p, _)| *p == id))
                .map_or_else(|| NO_PERSON.0.to_string(), |(_, c)| c.key.clone())
        };
        let Some(x) = old else {
            // With one protected person, the option is most likely for them.
            let only = match cx.subject.protected_persons.as_slice() {
                [p] => Some(p.id),
                _ => None,
            };
            return vec![
                ("person", person_label(only)),
                ("status", key_of(&STATUS, &ActionStatus::Proposed)),
            ];
        };
        vec![
            ("person", person_label(x.person)),
            ("option", x.option.clone()),
            ("status", key_of(&STATUS, &x.status)),
            ("notes", x.notes.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        // Choice 0 is "(none)"; choice i is person i - 1.
        let person = r
            .choice("person")
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| people(cx.subject).get(i).map(|(id, _)| *id));
        SafeguardingOption {
            id,
            person,
            option: r.text("option"),
            status: r.pick("status", &STATUS).unwrap_or_default(),
            notes: r.text("notes"),
        }
    }
}
