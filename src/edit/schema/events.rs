//! Events: visits and breaches.
use super::{
    Ctx, Form, OTHER_KEY, Reader, choice, key_of, multiline, options, os, text, time, unique,
    with_other,
};
use crate::domain::{Breach, BreachOutcome, BreachSource, ItemId, Subject, Visit, VisitOutcome};
use crate::edit::parse::{edit_date, edit_time};
use crate::edit::schema::date;
use crate::edit::schema::orders::{condition_label, order_label, order_tag};
use crate::edit::spec::{Choice, FieldKind, FieldSpec};

const VISIT_OUTCOMES: [(VisitOutcome, &str, &str); 3] = [
    (VisitOutcome::Seen, "seen", "Seen"),
    (VisitOutcome::NoAccess, "no_access", "No access"),
    (VisitOutcome::Moved, "moved", "Moved"),
];

const SOURCES: [(BreachSource, &str, &str); 5] = [
    (BreachSource::VictimReport, "victim_report", "Victim report"),
    (BreachSource::Visit, "visit", "Visit"),
    (BreachSource::Intelligence, "intelligence", "Intelligence"),
    (BreachSource::Anpr, "anpr", "ANPR"),
    (BreachSource::ThirdParty, "third_party", "Third party"),
];

const OUTCOMES: [(BreachOutcome, &str, &str); 6] = [
    (BreachOutcome::Pending, "pending", "Pending"),
    (BreachOutcome::Arrest, "arrest", "Arrest"),
    (BreachOutcome::Charge, "charged", "Charged"),
    (BreachOutcome::Caution, "caution", "Caution"),
    (BreachOutcome::Nfa, "nfa", "NFA"),
    (BreachOutcome::Conviction, "convicted", "Convicted"),
];

/// The subject's orders as choices, keyed by order id (`3`), labels unique.
fn order_choices(subject: &Subject) -> Vec<(ItemId, Choice)> {
    let keyed = subject
        .orders
        .iter()
        .map(|o| (o.id.to_string(), order_label(o)))
        .collect();
    subject
        .orders
        .iter()
        .map(|o| o.id)
        .zip(unique(keyed))
        .collect()
}

/// Every condition of every order as choices, keyed `order.condition` (`3.2`).
fn condition_choices(subject: &Subject) -> Vec<((ItemId, ItemId), Choice)> {
    let all: Vec<_> = subject
        .orders
        .iter()
        .flat_map(|o| o.conditions.iter().map(move |c| (o, c)))
        .collect();
    let keyed = all
        .iter()
        .map(|(o, c)| (format!("{}.{}", o.id, c.id), condition_label(o, c)))
        .collect();
    all.iter()
        .map(|(o, c)| (o.id, c.id))
        .zip(unique(keyed))
        .collect()
}

/// The key of order `id` among the subject's order choices (empty if it has none).
fn order_key(orders: &[(ItemId, Choice)], id: ItemId) -> String {
    orders
        .iter()
        .find(|(o, _)| *o == id)
        .map(|(_, c)| c.key.clone())
        .unwrap_or_default()
}

impl Form for Visit {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            date("date", "Date of visit"),
            time("time", "Time"),
            text("officer", "Officer", true).with_help("e.g. PC Patel"),
            choice("outcome", "Outcome", options(&VISIT_OUTCOMES)),
            multiline("findings", "Findings", false),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(v) = old else {
            return vec![
                ("date", edit_date(cx.today)),
                ("officer", os(&cx.subject.officer)),
                ("outcome", key_of(&VISIT_OUTCOMES, &VisitOutcome::Seen)),
            ];
        };
        vec![
            ("date", edit_date(v.at.date())),
            ("time", edit_time(v.at.time())),
            ("officer", v.officer.clone()),
            ("outcome", key_of(&VISIT_OUTCOMES, &v.outcome)),
            ("findings", v.findings.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        let day = r.date("date").unwrap_or(r.today());
        Visit {
            id,
            at: day.and_time(r.time("time").unwrap_or_default()),
            officer: r.text("officer"),
            outcome: r
                .pick("outcome", &VISIT_OUTCOMES)
                .unwrap_or(VisitOutcome::Seen),
            findings: r.text("findings"),
        }
    }
}

impl Form for Breach {
    fn fields(subject: &Subject) -> Vec<FieldSpec> {
        let orders = order_choices(subject).into_iter().map(|(_, c)| c).collect();
        let conditions = condition_choices(subject)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        let order_help = if subject.orders.is_empty() {
            "The subject has no orders: add the order first"
        } else {
            "The order breached"
        };
        vec![
            date("date", "Date of breach"),
            time("time", "Time"),
            choice("order", "Order", orders).with_help(order_help),
            FieldSpec::new(
                "conditions",
                "Conditions breached",
                FieldKind::MultiChoice(conditions),
                false,
            )
            .with_help("Conditions of the chosen order"),
            choice("source", "Source", with_other(&SOURCES)),
            text("source_other", "Other source", false)
                .with_help("Only when the source is Other: where it came from"),
            text("reference", "Occurrence or crime reference", false),
            multiline("description", "What happened", true),
            text("action", "Action taken", false),
            choice("outcome", "Outcome", with_other(&OUTCOMES)),
            text("outcome_other", "Other outcome", false)
                .with_help("Only when the outcome is Other"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let orders = order_choices(cx.subject);
        let Some(b) = old else {
            // The first order in force is the likeliest to have been breached.
            let order = cx
                .subject
                .orders
                .iter()
                .find(|o| o.is_active(cx.today))
                .or(cx.subject.orders.first());
            return vec![
                ("date", edit_date(cx.today)),
                (
                    "order",
                    order.map(|o| order_key(&orders, o.id)).unwrap_or_default(),
                ),
                ("source", key_of(&SOURCES, &BreachSource::VictimReport)),
                ("outcome", key_of(&OUTCOMES, &BreachOutcome::Pending)),
            ];
        };
        let conditions = condition_choices(cx.subject);
        let chosen: Vec<String> = b
            .conditions
            .iter()
            .filter_map(|cid| conditions.iter().find(|(k, _)| *k == (b.order, *cid)))
            .map(|(_, c)| c.key.clone())
            .collect();
        let (source, source_other) = match &b.source {
            BreachSource::Other(s) => (OTHER_KEY.to_string(), s.clone()),
            s => (key_of(&SOURCES, s), String::new()),
        };
        let (outcome, outcome_other) = match &b.outcome {
            BreachOutcome::Other(s) => (OTHER_KEY.to_string(), s.clone()),
            o => (key_of(&OUTCOMES, o), String::new()),
        };
        vec![
            ("date", edit_date(b.at.date())),
            ("time", edit_time(b.at.time())),
            ("order", order_key(&orders, b.order)),
            ("conditions", chosen.join("\n")),
            ("source", source),
            ("source_other", source_other),
            ("reference", os(&b.reference)),
            ("description", b.description.clone()),
            ("action", b.action.clone()),
            ("outcome", outcome),
            ("outcome_other", outcome_other),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        let orders = order_choices(cx.subject);
        if orders.is_empty() {
            r.set_issue("order", "The subject has no orders: add the order first");
        }
        let order = r
            .choice("order")
            .and_then(|i| orders.get(i))
            .map(|(id, _)| *id);
        let choices = condition_choices(cx.subject);
        let mut conditions = Vec::new();
        for i in r.multi("conditions") {
            let Some(((oid, cid), choice)) = choices.get(i) else {
                continue;
            };
            let label = &choice.label;
            match order {
                Some(chosen) if *oid == chosen => conditions.push(*cid),
                Some(chosen) => {
                    let other = cx.subject.order(*oid).map(order_tag).unwrap_or_default();
                    let this = cx.subject.order(chosen).map(order_tag).unwrap_or_default();
                    r.issue(
                        "conditions",
                        format!(
                            "'{label}' is a condition of {other}, not of the chosen order \
                             ({this})"
                        ),
                    );
                }
                None => {}
            }
        }
        let source = r.pick("source", &SOURCES).unwrap_or_else(|| {
            other_label(r, "source", "source_other", "Say where it came from")
                .map_or(BreachSource::VictimReport, BreachSource::Other)
        });
        let outcome = r.pick("outcome", &OUTCOMES).unwrap_or_else(|| {
            other_label(r, "outcome", "outcome_other", "Say what the outcome was")
                .map_or(BreachOutcome::Pending, BreachOutcome::Other)
        });
        let day = r.date("date").unwrap_or(r.today());
        Breach {
            id,
            at: day.and_time(r.time("time").unwrap_or_default()),
            order: order.unwrap_or_default(),
            conditions,
            source,
            reference: r.opt_text("reference"),
            description: r.text("description"),
            action: r.text("action"),
            outcome,
        }
    }
}

/// The label typed in `other_key` when `key` is "Other" (a fault when it is empty).
fn other_label(r: &mut Reader, key: &str, other_key: &str, missing: &str) -> Option<String> {
    if r.chosen(key) != Some(OTHER_KEY) {
        return None;
    }
    let label = r.text(other_key);
    if label.is_empty() {
        r.issue(other_key, format!("{missing} (the choice is Other)"));
        return None;
    }
    Some(label)
}

/// Values for a new breach form pre-filled with `order` and its `conditions` (those a review
/// marked breached), dated `today`, source "Visit".
pub fn breach_prefill(
    subject: &Subject,
    order: ItemId,
    conditions: &[ItemId],
    today: chrono::NaiveDate,
) -> Vec<String> {
    let order_key = order_key(&order_choices(subject), order);
    let chosen: Vec<String> = condition_choices(subject)
        .into_iter()
        .filter(|((o, c), _)| *o == order && conditions.contains(c))
        .map(|(_, c)| c.key)
        .collect();
    let specs = Breach::fields(subject);
    super::assemble(
        &specs,
        vec![
            ("date", edit_date(today)),
            ("order", order_key),
            ("conditions", chosen.join("\n")),
            ("source", key_of(&SOURCES, &BreachSource::Visit)),
            ("outcome", key_of(&OUTCOMES, &BreachOutcome::Pending)),
        ],
    )
}
