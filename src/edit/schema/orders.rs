//! Orders and what lives inside them: variations, conditions and notification clocks.
use super::{
    Ctx, Form, OTHER_KEY, Reader, choice, date, key_of, multiline, od, one_line, opt_date, options,
    os, text, with_other,
};
use crate::domain::{
    Condition, ConditionKind, ItemId, Notification, NotificationKind, Order, OrderEnd, OrderKind,
    Subject, Variation, VariationKind, fmt_date,
};
use crate::edit::parse::edit_date;
use crate::edit::spec::{Choice, FieldSpec};

pub(super) const ORDER_KINDS: [(OrderKind, &str, &str); 7] = [
    (OrderKind::Spo, "spo", "SPO (Stalking Protection Order)"),
    (
        OrderKind::InterimSpo,
        "ispo",
        "ISPO (interim Stalking Protection Order)",
    ),
    (
        OrderKind::Scpo,
        "scpo",
        "SCPO (Serious Crime Prevention Order)",
    ),
    (
        OrderKind::Fmpo,
        "fmpo",
        "FMPO (Forced Marriage Protection Order)",
    ),
    (OrderKind::Fgmpo, "fgmpo", "FGMPO (FGM Protection Order)"),
    (
        OrderKind::Stro,
        "stro",
        "STRO (Slavery and Trafficking Risk Order)",
    ),
    (
        OrderKind::Stpo,
        "stpo",
        "STPO (Slavery and Trafficking Prevention Order)",
    ),
];

/// The choices of how an order ends.
const FIXED: (&str, &str) = ("fixed", "Fixed date");
const UNTIL_FURTHER_ORDER: (&str, &str) = ("until_further_order", "Until further order");

const VARIATION_KINDS: [(VariationKind, &str, &str); 3] = [
    (VariationKind::Varied, "varied", "Varied"),
    (VariationKind::Renewed, "renewed", "Renewed"),
    (
        VariationKind::Appealed,
        "appealed",
        "Appealed to the Crown Court",
    ),
];

const CONDITION_KINDS: [(ConditionKind, &str, &str); 2] = [
    (ConditionKind::Prohibition, "prohibition", "Prohibition"),
    (ConditionKind::Requirement, "requirement", "Requirement"),
];

const NOTIFICATION_KINDS: [(NotificationKind, &str, &str); 3] = [
    (NotificationKind::Initial, "initial", "Initial notification"),
    (NotificationKind::NewName, "new_name", "New name"),
    (NotificationKind::NewAddress, "new_address", "New address"),
];

/// "SPO made 12 May 2025": the order's kind and its most telling date.
pub(crate) fn order_tag(o: &Order) -> String {
    // An "other" kind is typed by a user: keep it to one short line (labels are choices).
    let k = one_line(o.kind.short(), 40);
    match (o.made, o.applied) {
        (Some(d), _) => format!("{k} made {}", fmt_date(d)),
        (None, Some(d)) => format!("{k} applied {}", fmt_date(d)),
        (None, None) => k.to_string(),
    }
}

/// "SPO made 12 May 2025 (Harrowmere Magistrates' Court)".
pub(crate) fn order_label(o: &Order) -> String {
    format!("{} ({})", order_tag(o), one_line(&o.court, 60))
}

/// "SPO made 12 May 2025: contact - Not to contact...": a condition with its order.
pub(crate) fn condition_label(o: &Order, c: &Condition) -> String {
    format!(
        "{}: {} - {}",
        order_tag(o),
        one_line(&c.category, 30),
        one_line(&c.text, 50)
    )
}

impl Form for Order {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            choice("kind", "Kind of order", with_other(&ORDER_KINDS)),
            text("kind_other", "Other kind", false)
                .with_help("Only when the kind is Other: the order's name"),
            text("court", "Court", true).with_help("e.g. Leeds Magistrates' Court"),
            text("reference", "Court reference", false),
            opt_date("applied", "Date applied"),
            opt_date("made", "Date made"),
            opt_date("served", "Date served"),
            choice(
                "end",
                "Ends",
                vec![
                    Choice::new(FIXED.0, FIXED.1),
                    Choice::new(UNTIL_FURTHER_ORDER.0, UNTIL_FURTHER_ORDER.1),
                ],
            ),
            opt_date("end_date", "End date")
                .with_help("The last day in force; required for a fixed end"),
            opt_date("discharged", "Date discharged"),
            opt_date("refused", "Date refused").with_help("When the court refused the application"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(o) = old else {
            return vec![
                ("kind", key_of(&ORDER_KINDS, &OrderKind::Spo)),
                ("end", UNTIL_FURTHER_ORDER.0.to_string()),
            ];
        };
        let (kind, other) = match &o.kind {
            OrderKind::Other(name) => (OTHER_KEY.to_string(), name.clone()),
            k => (key_of(&ORDER_KINDS, k), String::new()),
        };
        let (end, end_date) = match o.end {
            OrderEnd::Fixed(d) => (FIXED.0, edit_date(d)),
            OrderEnd::UntilFurtherOrder => (UNTIL_FURTHER_ORDER.0, String::new()),
        };
        vec![
            ("kind", kind),
            ("kind_other", other),
            ("court", o.court.clone()),
            ("reference", os(&o.reference)),
            ("applied", od(o.applied)),
            ("made", od(o.made)),
            ("served", od(o.served)),
            ("end", end.to_string()),
            ("end_date", end_date),
            ("discharged", od(o.discharged)),
            ("refused", od(o.refused)),
        ]
    }

    fn read(r: &mut Reader, old: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        let kind = match r.pick("kind", &ORDER_KINDS) {
            Some(k) => k,
            None => {
                let name = r.text("kind_other");
                if name.is_empty() && r.chosen("kind") == Some(OTHER_KEY) {
                    r.issue("kind_other", "Name the kind of order (the kind is Other)");
                }
                OrderKind::Other(name)
            }
        };
        let end_date = r.date("end_date");
        // Choice 0 is a fixed date, 1 until further order; the end date must agree with it.
        let end = match r.choice("end") {
            Some(0) => {
                if end_date.is_none() && !r.has_issue("end_date") {
                    r.issue("end_date", "End date is required for a fixed end");
                }
                OrderEnd::Fixed(end_date.unwrap_or(r.today()))
            }
            Some(_) if end_date.is_some() => {
                r.issue(
                    "end_date",
                    "Leave the end date empty for an order until further order",
                );
                OrderEnd::UntilFurtherOrder
            }
            _ => OrderEnd::UntilFurtherOrder,
        };
        Order {
            id,
            kind,
            court: r.text("court"),
            reference: r.opt_text("reference"),
            applied: r.date("applied"),
            made: r.date("made"),
            served: r.date("served"),
            end,
            discharged: r.date("discharged"),
            refused: r.date("refused"),
            variations: old.map(|o| o.variations.clone()).unwrap_or_default(),
            conditions: old.map(|o| o.conditions.clone()).unwrap_or_default(),
            notifications: old.map(|o| o.notifications.clone()).unwrap_or_default(),
        }
    }
}

impl Form for Variation {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            date("date", "Date"),
            choice("kind", "What happened", options(&VARIATION_KINDS)),
            multiline("note", "Note", false).with_help("e.g. exclusion zone widened"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        match old {
            Some(v) => vec![
                ("date", edit_date(v.date)),
                ("kind", key_of(&VARIATION_KINDS, &v.kind)),
                ("note", v.note.clone()),
            ],
            None => vec![
                ("date", edit_date(cx.today)),
                ("kind", key_of(&VARIATION_KINDS, &VariationKind::Varied)),
            ],
        }
    }

    fn read(r: &mut Reader, _: Option<&Self>, _: ItemId, _: &Ctx) -> Self {
        Variation {
            date: r.date("date").unwrap_or(r.today()),
            kind: r
                .pick("kind", &VARIATION_KINDS)
                .unwrap_or(VariationKind::Varied),
            note: r.text("note"),
        }
    }
}

impl Form for Condition {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            choice(
                "kind",
                "Prohibition or requirement",
                options(&CONDITION_KINDS),
            ),
            text("category", "Category", true)
                .with_help("e.g. contact, exclusion zone, social media, programme, devices"),
            multiline("text", "Wording", true).with_help("The condition as the order words it"),
            text("area", "Area or place", false).with_help("e.g. the exclusion zone"),
            opt_date("starts", "Starts").with_help("Leave empty when it runs with the order"),
            opt_date("ends", "Ends").with_help("Leave empty when it runs with the order"),
            text("check_method", "How compliance is checked", false)
                .with_help("e.g. victim contact, device examination, visit"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(c) = old else {
            return vec![(
                "kind",
                key_of(&CONDITION_KINDS, &ConditionKind::Prohibition),
            )];
        };
        vec![
            ("kind", key_of(&CONDITION_KINDS, &c.kind)),
            ("category", c.category.clone()),
            ("text", c.text.clone()),
            ("area", os(&c.area)),
            ("starts", od(c.starts)),
            ("ends", od(c.ends)),
            ("check_method", c.check_method.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        Condition {
            id,
            kind: r
                .pick("kind", &CONDITION_KINDS)
                .unwrap_or(ConditionKind::Prohibition),
            category: r.text("category"),
            text: r.text("text"),
            area: r.opt_text("area"),
            starts: r.date("starts"),
            ends: r.date("ends"),
            check_method: r.text("check_method"),
        }
    }
}

impl Form for Notification {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            choice("kind", "What is notified", with_other(&NOTIFICATION_KINDS)),
            text("kind_other", "Other", false).with_help("Only when Other: what is notified"),
            date("trigger", "Trigger date")
                .with_help("Service of the order, or the date of the change; e.g. 23/11/2026"),
            opt_date("received", "Date received"),
            text("station", "Station", false).with_help("Where it was notified in person"),
            text("reference", "Reference", false),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(n) = old else {
            // The first clock of a served order is the initial notification after service.
            let order = cx.parent.and_then(|id| cx.subject.order(id));
            let (kind, trigger) = match order {
                Some(o) if o.notifications.is_empty() && o.served.is_some() => {
                    (NotificationKind::Initial, o.served.unwrap_or(cx.today))
                }
                Some(o) if o.notifications.is_empty() => (NotificationKind::Initial, cx.today),
                _ => (NotificationKind::NewAddress, cx.today),
            };
            return vec![
                ("kind", key_of(&NOTIFICATION_KINDS, &kind)),
                ("trigger", edit_date(trigger)),
            ];
        };
        let (kind, other) = match &n.kind {
            NotificationKind::Other(s) => (OTHER_KEY.to_string(), s.clone()),
            k => (key_of(&NOTIFICATION_KINDS, k), String::new()),
        };
        vec![
            ("kind", kind),
            ("kind_other", other),
            ("trigger", edit_date(n.trigger)),
            ("received", od(n.received)),
            ("station", os(&n.station)),
            ("reference", os(&n.reference)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        let kind = match r.pick("kind", &NOTIFICATION_KINDS) {
            Some(k) => k,
            None => {
                let name = r.text("kind_other");
                if name.is_empty() && r.chosen("kind") == Some(OTHER_KEY) {
                    r.issue("kind_other", "Say what is notified (the kind is Other)");
                }
                NotificationKind::Other(name)
            }
        };
        Notification {
            id,
            kind,
            trigger: r.date("trigger").unwrap_or(r.today()),
            received: r.date("received"),
            station: r.opt_text("station"),
            reference: r.opt_text("reference"),
        }
    }
}
