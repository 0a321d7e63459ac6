//! The victim's side and partners: contact log entries, needs assessments, Victims' Code
//! records, referrals, meetings and their actions, and orders considered.
use super::section1::people;
use super::{
    Ctx, Form, Reader, choice, date, key_of, multiline, od, opt_date, options, text, yes_no,
};
use crate::domain::{
    CodeRight, Consent, Consideration, ContactMethod, ItemId, Meeting, MeetingAction, MeetingKind,
    NeedsAssessment, OrderKind, Referral, ReferralOutcome, SpoDecision, Subject, VictimContact,
    VictimsCodeRecord,
};
use crate::edit::parse::{edit_date, show_bool};
use crate::edit::spec::{Choice, FieldKind, FieldSpec};

/// The choice for a referral that is not for one person: `(key, label)`.
const HOUSEHOLD: (&str, &str) = ("household", "(the household)");

fn table<T: Copy, const N: usize>(
    all: [T; N],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(T, &'static str, &'static str)> {
    all.iter().map(|v| (*v, key(*v), label(*v))).collect()
}

fn methods() -> Vec<(ContactMethod, &'static str, &'static str)> {
    table(ContactMethod::ALL, ContactMethod::key, ContactMethod::label)
}

fn consents() -> Vec<(Consent, &'static str, &'static str)> {
    table(Consent::ALL, Consent::key, Consent::label)
}

fn outcomes() -> Vec<(ReferralOutcome, &'static str, &'static str)> {
    table(
        ReferralOutcome::ALL,
        ReferralOutcome::key,
        ReferralOutcome::label,
    )
}

fn meeting_kinds() -> Vec<(MeetingKind, &'static str, &'static str)> {
    table(MeetingKind::ALL, MeetingKind::key, MeetingKind::label)
}

fn decisions() -> Vec<(SpoDecision, &'static str, &'static str)> {
    table(
        [SpoDecision::Apply, SpoDecision::NotAppropriate],
        SpoDecision::key,
        SpoDecision::label,
    )
}

/// The named protected persons (not those protected by proxy first; all of them), as the
/// required "who" of a victim record.
fn person_field(subject: &Subject) -> FieldSpec {
    let choices: Vec<Choice> = people(subject).into_iter().map(|(_, c)| c).collect();
    choice("person", "Protected person", choices)
}

fn person_key(cx: &Ctx, id: Option<ItemId>) -> String {
    let people = people(cx.subject);
    let only = match cx.subject.protected_persons.as_slice() {
        [p] => Some(p.id),
        _ => None,
    };
    let id = id.or(only);
    id.and_then(|id| people.iter().find(|(p, _)| *p == id))
        .map(|(_, c)| c.key.clone())
        .unwrap_or_default()
}

/// The chosen person; a fault on the field when there is none.
fn read_person(r: &mut Reader, cx: &Ctx) -> ItemId {
    let found = r
        .choice("person")
        .and_then(|i| people(cx.subject).get(i).map(|(id, _)| *id));
    match found {
        Some(id) => id,
        None => {
            if !r.has_issue("person") {
                r.issue(
                    "person",
                    "Choose the protected person (add one in Section 1 first)",
                );
            }
            0
        }
    }
}

fn by_field() -> FieldSpec {
    text("by", "By", true).with_help("Officer or worker, rank name and number")
}

impl Form for VictimContact {
    fn fields(subject: &Subject) -> Vec<FieldSpec> {
        vec![
            person_field(subject),
            date("date", "Date"),
            by_field(),
            choice("method", "How", options(&methods())),
            multiline("said", "What was said", false)
                .with_help("Updates given, advice, what happens next"),
            multiline("views", "Their views and concerns", false)
                .with_help("In their words where possible; restricted"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("person", person_key(cx, None)),
                ("date", edit_date(cx.today)),
                ("method", key_of(&methods(), &ContactMethod::Phone)),
            ];
        };
        vec![
            ("person", person_key(cx, Some(x.person))),
            ("date", edit_date(x.date)),
            ("by", x.by.clone()),
            ("method", key_of(&methods(), &x.method)),
            ("said", x.said.clone()),
            ("views", x.views.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        VictimContact {
            id,
            person: read_person(r, cx),
            date: r.date("date").unwrap_or(cx.today),
            by: r.text("by"),
            method: r.pick("method", &methods()).unwrap_or_default(),
            said: r.text("said"),
            views: r.text("views"),
        }
    }
}

impl Form for NeedsAssessment {
    fn fields(subject: &Subject) -> Vec<FieldSpec> {
        vec![
            person_field(subject),
            date("date", "Date"),
            by_field(),
            multiline("needs", "Needs found", true).with_help("Restricted"),
            multiline("outcome", "Outcome", false)
                .with_help("What was done about each need; restricted"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("person", person_key(cx, None)),
                ("date", edit_date(cx.today)),
            ];
        };
        vec![
            ("person", person_key(cx, Some(x.person))),
            ("date", edit_date(x.date)),
            ("by", x.by.clone()),
            ("needs", x.needs.clone()),
            ("outcome", x.outcome.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        NeedsAssessment {
            id,
            person: read_person(r, cx),
            date: r.date("date").unwrap_or(cx.today),
            by: r.text("by"),
            needs: r.text("needs"),
            outcome: r.text("outcome"),
        }
    }
}

fn rights() -> Vec<(CodeRight, &'static str, &'static str)> {
    table(CodeRight::ALL, CodeRight::key, CodeRight::label)
}

impl Form for VictimsCodeRecord {
    fn fields(subject: &Subject) -> Vec<FieldSpec> {
        vec![
            person_field(subject),
            date("date", "Date"),
            by_field(),
            FieldSpec::new(
                "rights",
                "Rights explained",
                FieldKind::MultiChoice(options(&rights())),
                true,
            )
            .with_help("The Victims' Code rights explained, one per line"),
            choice("how", "How", options(&methods())),
            multiline("notes", "Notes", false),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("person", person_key(cx, None)),
                ("date", edit_date(cx.today)),
                ("how", key_of(&methods(), &ContactMethod::InPerson)),
            ];
        };
        let chosen: Vec<String> = x.rights.iter().map(|r| r.key().to_string()).collect();
        vec![
            ("person", person_key(cx, Some(x.person))),
            ("date", edit_date(x.date)),
            ("by", x.by.clone()),
            ("rights", chosen.join("\n")),
            ("how", key_of(&methods(), &x.how)),
            ("notes", x.notes.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        let all = rights();
        let chosen: Vec<CodeRight> = r
            .multi("rights")
            .into_iter()
            .filter_map(|i| all.get(i).map(|(v, _, _)| *v))
            .collect();
        if chosen.is_empty() && !r.has_issue("rights") {
            r.issue("rights", "Name at least one right that was explained");
        }
        VictimsCodeRecord {
            id,
            person: read_person(r, cx),
            date: r.date("date").unwrap_or(cx.today),
            by: r.text("by"),
            rights: chosen,
            how: r.pick("how", &methods()).unwrap_or_default(),
            notes: r.text("notes"),
        }
    }
}

impl Form for Referral {
    fn fields(subject: &Subject) -> Vec<FieldSpec> {
        let mut persons = vec![Choice::new(HOUSEHOLD.0, HOUSEHOLD.1)];
        persons.extend(people(subject).into_iter().map(|(_, c)| c));
        vec![
            choice("person", "For", persons),
            // The services are force policy's list; the form's help names them and the save
            // checks the value against it (`ops::item`).
            text("service", "Service", true).with_help("e.g. ISAC, Paladin, IDVA, Victim Support"),
            date("date", "Date referred"),
            choice("consent", "Consent", options(&consents())),
            choice("outcome", "Outcome", options(&outcomes())),
            opt_date("follow_up", "Follow up by"),
            multiline("notes", "Notes", false),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let people = people(cx.subject);
        let person_key = |id: Option<ItemId>| {
            id.and_then(|id| people.iter().find(|(p, _)| *p == id))
                .map_or_else(|| HOUSEHOLD.0.to_string(), |(_, c)| c.key.clone())
        };
        let Some(x) = old else {
            let only = match cx.subject.protected_persons.as_slice() {
                [p] => Some(p.id),
                _ => None,
            };
            let follow = cx.today.checked_add_days(chrono::Days::new(14));
            return vec![
                ("person", person_key(only)),
                ("date", edit_date(cx.today)),
                ("consent", key_of(&consents(), &Consent::Given)),
                ("outcome", key_of(&outcomes(), &ReferralOutcome::Awaiting)),
                ("follow_up", od(follow)),
            ];
        };
        vec![
            ("person", person_key(x.person)),
            ("service", x.service.clone()),
            ("date", edit_date(x.date)),
            ("consent", key_of(&consents(), &x.consent)),
            ("outcome", key_of(&outcomes(), &x.outcome)),
            ("follow_up", od(x.follow_up)),
            ("notes", x.notes.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        let person = r
            .choice("person")
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| people(cx.subject).get(i).map(|(id, _)| *id));
        Referral {
            id,
            person,
            service: r.text("service"),
            date: r.date("date").unwrap_or(cx.today),
            consent: r.pick("consent", &consents()).unwrap_or_default(),
            outcome: r.pick("outcome", &outcomes()).unwrap_or_default(),
            follow_up: r.date("follow_up"),
            notes: r.text("notes"),
        }
    }
}

impl Form for Meeting {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            choice("kind", "Meeting", options(&meeting_kinds())),
            date("date", "Date"),
            multiline("decisions", "Decisions", false)
                .with_help("Add its actions afterwards: each with an owner and a due date"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("kind", key_of(&meeting_kinds(), &MeetingKind::Marac)),
                ("date", edit_date(cx.today)),
            ];
        };
        vec![
            ("kind", key_of(&meeting_kinds(), &x.kind)),
            ("date", edit_date(x.date)),
            ("decisions", x.decisions.clone()),
        ]
    }

    fn read(r: &mut Reader, old: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        Meeting {
            id,
            kind: r.pick("kind", &meeting_kinds()).unwrap_or_default(),
            date: r.date("date").unwrap_or(cx.today),
            decisions: r.text("decisions"),
            actions: old.map(|o| o.actions.clone()).unwrap_or_default(),
        }
    }
}

impl Form for MeetingAction {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("action", "Action", true),
            text("owner", "Owner", true).with_help("Who does it: an officer or an agency"),
            opt_date("due", "Due"),
            opt_date("done", "Done on"),
            yes_no("tactical", "A tactical option")
                .with_help("yes: it is one of the plan's tactical options (Section 3)"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![("tactical", show_bool(false))];
        };
        vec![
            ("action", x.action.clone()),
            ("owner", x.owner.clone()),
            ("due", od(x.due)),
            ("done", od(x.done)),
            ("tactical", show_bool(x.tactical)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        MeetingAction {
            id,
            action: r.text("action"),
            owner: r.text("owner"),
            due: r.date("due"),
            done: r.date("done"),
            tactical: r.flag("tactical"),
        }
    }
}

impl Form for Consideration {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            date("date", "Date"),
            by_field(),
            choice(
                "kind",
                "Order considered",
                options(&super::orders::ORDER_KINDS),
            ),
            choice("decision", "Decision", options(&decisions())),
            multiline("reason", "Reason", false)
                .with_help("Required when an order is not appropriate"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let kinds = &super::orders::ORDER_KINDS;
        let Some(x) = old else {
            return vec![
                ("date", edit_date(cx.today)),
                ("kind", key_of(kinds, &OrderKind::Spo)),
                ("decision", key_of(&decisions(), &SpoDecision::Apply)),
            ];
        };
        vec![
            ("date", edit_date(x.date)),
            ("by", x.by.clone()),
            ("kind", key_of(kinds, &x.kind)),
            ("decision", key_of(&decisions(), &x.decision)),
            ("reason", x.reason.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        let decision = r.pick("decision", &decisions()).unwrap_or_default();
        let reason = r.text("reason");
        if decision == SpoDecision::NotAppropriate && reason.trim().is_empty() {
            r.issue("reason", "Say why an order is not appropriate");
        }
        Consideration {
            id,
            date: r.date("date").unwrap_or(cx.today),
            by: r.text("by"),
            kind: r
                .pick("kind", &super::orders::ORDER_KINDS)
                .unwrap_or(OrderKind::Spo),
            decision,
            reason,
        }
    }
}
