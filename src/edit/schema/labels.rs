//! One-line labels of items, for lists and pickers (`Device: Phone, Samsung A54 (...)`).
use super::{condition_label, one_line, order_label, order_tag};
use crate::domain::{
    Address, Breach, Condition, Device, IndexOffence, Investigation, ItemId, Notification, Order,
    ProtectedPerson, Relationship, RiskAssessment, SafeguardingOption, SocialAccount, Strategy,
    Subject, TacticalOption, Variation, Vehicle, Visit, fmt_date, fmt_datetime,
};

/// "Order: SPO made 12 May 2025 (Harrowmere Magistrates' Court)".
pub(crate) fn order_item(o: &Order) -> String {
    format!("Order: {}", order_label(o))
}

/// "Risk assessment: 2 Oct 2025 by DS Khan, High".
pub(crate) fn assessment_item(a: &RiskAssessment) -> String {
    let level = a.highest().map_or("not rated", |l| l.label());
    format!(
        "Risk assessment: {} by {}, {level} [{}]",
        fmt_date(a.date),
        one_line(&a.assessor, 30),
        a.sign_off.status.label()
    )
}

pub(crate) fn review_item(r: &crate::domain::Review) -> String {
    format!(
        "Compliance review: {} by {} [{}]",
        fmt_date(r.date),
        one_line(&r.reviewer, 30),
        r.sign_off.status.label()
    )
}

/// " (a, b)" from the non-empty parts, or nothing.
fn paren(parts: &[String]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn date_or_empty(d: Option<chrono::NaiveDate>, prefix: &str) -> String {
    d.map(|d| format!("{prefix}{}", fmt_date(d)))
        .unwrap_or_default()
}

pub(crate) fn identity_label(s: &Subject) -> String {
    let pnc = s
        .pnc_id
        .as_deref()
        .map(|p| format!("PNC {p}"))
        .unwrap_or_default();
    format!("Subject: {}{}", s.display_name(), paren(&[pnc]))
}

pub(crate) fn text_label(what: &str, text: &str) -> String {
    if text.trim().is_empty() {
        format!("{what}: (empty)")
    } else {
        format!("{what}: {}", one_line(text, 60))
    }
}

pub(crate) fn address(a: &Address) -> String {
    let postcode = a.postcode.clone().unwrap_or_default();
    let when = match (a.from, a.to) {
        (Some(f), Some(t)) => format!("{} to {}", fmt_date(f), fmt_date(t)),
        (Some(f), None) => format!("from {}", fmt_date(f)),
        (None, Some(t)) => format!("to {}", fmt_date(t)),
        (None, None) => String::new(),
    };
    let place = one_line(&format!("{} {postcode}", a.lines), 60);
    format!("Address: {}, {place}{}", a.kind.label(), paren(&[when]))
}

pub(crate) fn variation(o: &Order, v: &Variation) -> String {
    let note = if v.note.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", one_line(&v.note, 50))
    };
    format!(
        "Variation: {} {} {}{note}",
        o.kind.short(),
        v.kind.label(),
        fmt_date(v.date)
    )
}

pub(crate) fn condition(o: &Order, c: &Condition) -> String {
    format!("Condition: {}, {}", c.kind.label(), condition_label(o, c))
}

pub(crate) fn notification(n: &Notification) -> String {
    let received = n.received.map_or_else(
        || "not received".to_string(),
        |d| format!("received {}", fmt_date(d)),
    );
    format!(
        "Notification: {}, triggered {}, {received}",
        n.kind.label(),
        fmt_date(n.trigger)
    )
}

pub(crate) fn person(p: &ProtectedPerson) -> String {
    let proxy = if p.by_proxy {
        "by proxy".to_string()
    } else {
        String::new()
    };
    format!(
        "Protected person: {}{}",
        one_line(&p.name, 40),
        paren(&[p.relationship.clone(), proxy])
    )
}

pub(crate) fn offence(x: &IndexOffence) -> String {
    let detail = [
        date_or_empty(x.date, ""),
        x.reference.clone().unwrap_or_default(),
    ];
    format!(
        "Index offence: {}{}",
        one_line(&x.offence, 50),
        paren(&detail)
    )
}

pub(crate) fn safeguarding(s: &Subject, x: &SafeguardingOption) -> String {
    let name = x
        .person
        .and_then(|p| s.protected_persons.iter().find(|pp| pp.id == p))
        .map(|pp| format!(" for {}", one_line(&pp.name, 30)))
        .unwrap_or_default();
    format!(
        "Safeguarding: {}{name} ({})",
        one_line(&x.option, 50),
        x.status.label()
    )
}

pub(crate) fn investigation(x: &Investigation) -> String {
    format!(
        "Investigation: {}, {}{}",
        x.reference,
        one_line(&x.offence, 40),
        paren(std::slice::from_ref(&x.status))
    )
}

pub(crate) fn device(x: &Device) -> String {
    let id = x
        .imei_serial
        .as_deref()
        .map(|i| format!("IMEI/serial {i}"))
        .unwrap_or_default();
    let what = [x.device_type.as_str(), x.make_model.as_str()]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "Device: {}{}, {}",
        one_line(&what, 50),
        paren(&[id]),
        x.status.label()
    )
}

pub(crate) fn account(x: &SocialAccount) -> String {
    let declared = if x.declared { "declared" } else { "undeclared" };
    format!(
        "Social-media account: {} {} ({declared})",
        x.platform,
        one_line(&x.handle, 40)
    )
}

pub(crate) fn vehicle(x: &Vehicle) -> String {
    let what = one_line(&format!("{} {} {}", x.colour, x.make, x.model), 50);
    if what.is_empty() {
        format!("Vehicle: {}", x.vrm)
    } else {
        format!("Vehicle: {}, {what}", x.vrm)
    }
}

pub(crate) fn relationship(x: &Relationship) -> String {
    let disclosure = date_or_empty(x.disclosure, "disclosure ");
    format!(
        "Relationship: {}, learned {}{}",
        one_line(&x.partner, 40),
        fmt_date(x.learned),
        if disclosure.is_empty() {
            String::new()
        } else {
            format!(", {disclosure}")
        }
    )
}

pub(crate) fn strategy(x: &Strategy) -> String {
    let owner = x.owner.clone().unwrap_or_default();
    format!(
        "Strategy: {}{}",
        one_line(&x.text, 50),
        paren(&[owner, x.status.label().to_string()])
    )
}

pub(crate) fn tactical(t: &TacticalOption) -> String {
    let detail = [
        t.owner.clone().unwrap_or_default(),
        date_or_empty(t.due, "due "),
        t.status.label().to_string(),
    ];
    format!(
        "Tactical option: {}{}",
        one_line(&t.option, 50),
        paren(&detail)
    )
}

pub(crate) fn visit(v: &Visit) -> String {
    format!(
        "Visit: {} by {}, {}",
        fmt_datetime(v.at),
        one_line(&v.officer, 30),
        v.outcome.label()
    )
}

pub(crate) fn breach(s: &Subject, b: &Breach) -> String {
    let order = s
        .order(b.order)
        .map_or_else(|| "order".to_string(), order_tag);
    format!(
        "Breach: {}, {order}, {}: {}",
        fmt_datetime(b.at),
        b.source.label(),
        one_line(&b.description, 50)
    )
}

/// The protected person's name as labels show it, or `(person 3)` when gone.
fn who(s: &Subject, id: ItemId) -> String {
    s.protected_persons
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| format!("(person {id})"), |p| one_line(&p.name, 30))
}

pub(crate) fn victim_contact(s: &Subject, c: &crate::domain::VictimContact) -> String {
    format!(
        "Contact: {} {} by {}, {}",
        fmt_date(c.date),
        who(s, c.person),
        one_line(&c.by, 30),
        c.method.label()
    )
}

pub(crate) fn needs_assessment(s: &Subject, n: &crate::domain::NeedsAssessment) -> String {
    format!(
        "Needs assessment: {} {} by {}",
        fmt_date(n.date),
        who(s, n.person),
        one_line(&n.by, 30)
    )
}

pub(crate) fn victims_code(s: &Subject, c: &crate::domain::VictimsCodeRecord) -> String {
    let rights: Vec<String> = c.rights.iter().map(|r| r.number().to_string()).collect();
    format!(
        "Victims' Code: {} {}, rights {}",
        fmt_date(c.date),
        who(s, c.person),
        rights.join(", ")
    )
}

pub(crate) fn referral(s: &Subject, r: &crate::domain::Referral) -> String {
    let to = r
        .person
        .map_or_else(|| "household".to_string(), |p| who(s, p));
    format!(
        "Referral: {} to {} for {}, {}",
        fmt_date(r.date),
        one_line(&r.service, 20),
        to,
        r.outcome.label()
    )
}

pub(crate) fn meeting(m: &crate::domain::Meeting) -> String {
    format!(
        "{}: {}{}",
        m.kind.label(),
        fmt_date(m.date),
        paren(&[if m.actions.is_empty() {
            String::new()
        } else {
            format!("{} actions", m.actions.len())
        }])
    )
}

pub(crate) fn meeting_action(a: &crate::domain::MeetingAction) -> String {
    let due = a
        .due
        .map(|d| format!("due {}", fmt_date(d)))
        .unwrap_or_default();
    let done = a
        .done
        .map(|d| format!("done {}", fmt_date(d)))
        .unwrap_or_default();
    format!(
        "Action: {} ({}){}",
        one_line(&a.action, 40),
        one_line(&a.owner, 20),
        paren(&[due, done])
    )
}

pub(crate) fn consideration(c: &crate::domain::Consideration) -> String {
    format!(
        "{} considered: {} by {}, {}",
        c.kind.short(),
        fmt_date(c.date),
        one_line(&c.by, 30),
        c.decision.label()
    )
}

pub(crate) fn screening(x: &crate::domain::Screening) -> String {
    let judged = if x.overridden() {
        format!(", judged {}", x.judgement.label())
    } else {
        String::new()
    };
    format!(
        "Screening: {} {} v{}, score {} {}{judged}",
        fmt_date(x.date),
        one_line(&x.instrument_name, 30),
        one_line(&x.instrument_version, 8),
        x.score,
        x.band.label()
    )
}
