//! Rules every stored subject must satisfy. Import refuses a file with any fault; forms (later)
//! use the same checks, so a record the store holds always passes.
use std::collections::HashSet;

use super::{ItemId, OrderEnd, Subject};

/// One fault, named by its field path (`orders[0].conditions[2].text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    fn required(&mut self, field: impl Into<String>, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, "is required and may not be empty");
        }
    }

    fn unique_ids<'a>(&mut self, list: &str, ids: impl Iterator<Item = ItemId> + 'a) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                self.fail(
                    format!("{list}[{i}].id"),
                    format!("id {id} is used twice in {list}"),
                );
            }
        }
    }
}

/// Check `subject` and return every fault found (empty when valid).
pub fn validate_subject(subject: &Subject) -> Vec<FieldError> {
    let mut c = Checker { errors: Vec::new() };
    c.required("family_name", &subject.family_name);
    if let Some(level) = subject.flags.mappa_level
        && !(1..=3).contains(&level)
    {
        c.fail(
            "flags.mappa_level",
            format!("must be 1, 2 or 3, not {level}"),
        );
    }
    if let Some(dob) = subject.date_of_birth
        && dob > subject.opened
    {
        c.fail("date_of_birth", "is after the date the plan was opened");
    }
    c.unique_ids("addresses", subject.addresses.iter().map(|a| a.id));
    for (i, a) in subject.addresses.iter().enumerate() {
        c.required(format!("addresses[{i}].lines"), &a.lines);
        if let (Some(from), Some(to)) = (a.from, a.to)
            && to < from
        {
            c.fail(
                format!("addresses[{i}].to"),
                "is before the address's from date",
            );
        }
    }
    c.unique_ids("orders", subject.orders.iter().map(|o| o.id));
    for (i, o) in subject.orders.iter().enumerate() {
        let p = format!("orders[{i}]");
        c.required(format!("{p}.court"), &o.court);
        if let (Some(applied), Some(made)) = (o.applied, o.made)
            && made < applied
        {
            c.fail(format!("{p}.made"), "is before the date applied");
        }
        if let (Some(made), Some(served)) = (o.made, o.served)
            && served < made
        {
            c.fail(format!("{p}.served"), "is before the date made");
        }
        if o.served.is_some() && o.made.is_none() {
            c.fail(
                format!("{p}.made"),
                "is required when the order has been served",
            );
        }
        if let (Some(made), Some(discharged)) = (o.made, o.discharged)
            && discharged < made
        {
            c.fail(format!("{p}.discharged"), "is before the date made");
        }
        for (j, v) in o.variations.iter().enumerate() {
            if let Some(made) = o.made
                && v.date < made
            {
                c.fail(
                    format!("{p}.variations[{j}].date"),
                    "is before the date made",
                );
            }
        }
        if let (Some(made), OrderEnd::Fixed(end)) = (o.made, o.end)
            && end < made
        {
            c.fail(format!("{p}.end"), "is before the date made");
        }
        c.unique_ids(
            &format!("{p}.conditions"),
            o.conditions.iter().map(|x| x.id),
        );
        for (j, cond) in o.conditions.iter().enumerate() {
            c.required(format!("{p}.conditions[{j}].text"), &cond.text);
            c.required(format!("{p}.conditions[{j}].category"), &cond.category);
            if let (Some(s), Some(e)) = (cond.starts, cond.ends)
                && e < s
            {
                c.fail(format!("{p}.conditions[{j}].ends"), "is before its start");
            }
        }
        c.unique_ids(
            &format!("{p}.notifications"),
            o.notifications.iter().map(|x| x.id),
        );
        for (j, n) in o.notifications.iter().enumerate() {
            if let Some(r) = n.received
                && r < n.trigger
            {
                c.fail(
                    format!("{p}.notifications[{j}].received"),
                    "is before the trigger date",
                );
            }
        }
    }
    c.unique_ids(
        "protected_persons",
        subject.protected_persons.iter().map(|x| x.id),
    );
    for (i, pp) in subject.protected_persons.iter().enumerate() {
        c.required(format!("protected_persons[{i}].name"), &pp.name);
    }
    let s1 = &subject.section1;
    c.unique_ids(
        "section1.index_offences",
        s1.index_offences.iter().map(|x| x.id),
    );
    for (i, x) in s1.index_offences.iter().enumerate() {
        c.required(format!("section1.index_offences[{i}].offence"), &x.offence);
    }
    c.unique_ids(
        "section1.safeguarding",
        s1.safeguarding.iter().map(|x| x.id),
    );
    for (i, x) in s1.safeguarding.iter().enumerate() {
        c.required(format!("section1.safeguarding[{i}].option"), &x.option);
        if let Some(pid) = x.person
            && !subject.protected_persons.iter().any(|p| p.id == pid)
        {
            c.fail(
                format!("section1.safeguarding[{i}].person"),
                format!("names protected person {pid}, which does not exist"),
            );
        }
    }
    let s2 = &subject.section2;
    c.unique_ids(
        "section2.investigations",
        s2.investigations.iter().map(|x| x.id),
    );
    for (i, x) in s2.investigations.iter().enumerate() {
        c.required(
            format!("section2.investigations[{i}].reference"),
            &x.reference,
        );
    }
    c.unique_ids("section2.devices", s2.devices.iter().map(|x| x.id));
    for (i, x) in s2.devices.iter().enumerate() {
        c.required(format!("section2.devices[{i}].device_type"), &x.device_type);
    }
    c.unique_ids(
        "section2.social_media",
        s2.social_media.iter().map(|x| x.id),
    );
    for (i, x) in s2.social_media.iter().enumerate() {
        c.required(format!("section2.social_media[{i}].platform"), &x.platform);
        c.required(format!("section2.social_media[{i}].handle"), &x.handle);
    }
    c.unique_ids("section2.vehicles", s2.vehicles.iter().map(|x| x.id));
    for (i, x) in s2.vehicles.iter().enumerate() {
        c.required(format!("section2.vehicles[{i}].vrm"), &x.vrm);
    }
    c.unique_ids(
        "section2.relationships",
        s2.relationships.iter().map(|x| x.id),
    );
    for (i, x) in s2.relationships.iter().enumerate() {
        c.required(format!("section2.relationships[{i}].partner"), &x.partner);
        if let Some(d) = x.disclosure
            && d < x.learned
        {
            c.fail(
                format!("section2.relationships[{i}].disclosure"),
                "is before the date the relationship was learned of",
            );
        }
    }
    c.unique_ids("section2.strategies", s2.strategies.iter().map(|x| x.id));
    for (i, x) in s2.strategies.iter().enumerate() {
        c.required(format!("section2.strategies[{i}].text"), &x.text);
    }
    c.unique_ids("assessments", subject.assessments.iter().map(|x| x.id));
    for (i, a) in subject.assessments.iter().enumerate() {
        let p = format!("assessments[{i}]");
        c.required(format!("{p}.assessor"), &a.assessor);
        c.required(format!("{p}.rationale"), &a.rationale);
        if a.ratings.is_empty() {
            c.fail(format!("{p}.ratings"), "needs at least one group rated");
        }
        let mut groups = HashSet::new();
        for (j, r) in a.ratings.iter().enumerate() {
            if !groups.insert(&r.group) {
                c.fail(
                    format!("{p}.ratings[{j}].group"),
                    format!("{} is rated twice", r.group.label()),
                );
            }
        }
        c.unique_ids(
            &format!("{p}.tactical_options"),
            a.tactical_options.iter().map(|x| x.id),
        );
        for (j, t) in a.tactical_options.iter().enumerate() {
            c.required(format!("{p}.tactical_options[{j}].option"), &t.option);
        }
    }
    victim_side(subject, &mut c);
    c.unique_ids("visits", subject.visits.iter().map(|x| x.id));
    for (i, v) in subject.visits.iter().enumerate() {
        c.required(format!("visits[{i}].officer"), &v.officer);
    }
    c.unique_ids("reviews", subject.reviews.iter().map(|x| x.id));
    for (i, r) in subject.reviews.iter().enumerate() {
        let p = format!("reviews[{i}]");
        c.required(format!("{p}.reviewer"), &r.reviewer);
        if r.next_review < r.date {
            c.fail(format!("{p}.next_review"), "is before the review date");
        }
        if let Some(v) = r.visit
            && !subject.visits.iter().any(|x| x.id == v)
        {
            c.fail(
                format!("{p}.visit"),
                format!("names visit {v}, which does not exist"),
            );
        }
        for (j, o) in r.outcomes.iter().enumerate() {
            if subject
                .order(o.order)
                .and_then(|x| x.condition(o.condition))
                .is_none()
            {
                c.fail(
                    format!("{p}.outcomes[{j}]"),
                    format!(
                        "names condition {} of order {}, which does not exist",
                        o.condition, o.order
                    ),
                );
            }
        }
    }
    c.unique_ids("breaches", subject.breaches.iter().map(|x| x.id));
    for (i, b) in subject.breaches.iter().enumerate() {
        let p = format!("breaches[{i}]");
        c.required(format!("{p}.description"), &b.description);
        match subject.order(b.order) {
            None => c.fail(
                format!("{p}.order"),
                format!("names order {}, which does not exist", b.order),
            ),
            Some(order) => {
                for (j, cid) in b.conditions.iter().enumerate() {
                    if order.condition(*cid).is_none() {
                        c.fail(
                            format!("{p}.conditions[{j}]"),
                            format!(
                                "names condition {cid}, which order {} does not have",
                                b.order
                            ),
                        );
                    }
                }
            }
        }
    }
    c.errors
}

/// The victim's side: ids unique, people named exist, required texts present, dates in order,
/// a decision not to apply has its reason, a screening's rationale where the judgement differs.
fn victim_side(subject: &Subject, c: &mut Checker) {
    let person_exists = |id: ItemId| subject.protected_persons.iter().any(|p| p.id == id);
    let person = |c: &mut Checker, path: String, id: Option<ItemId>| {
        if let Some(id) = id
            && !person_exists(id)
        {
            c.fail(
                path,
                format!("names protected person {id}, which does not exist"),
            );
        }
    };
    c.unique_ids(
        "victim_contacts",
        subject.victim_contacts.iter().map(|x| x.id),
    );
    for (i, x) in subject.victim_contacts.iter().enumerate() {
        person(c, format!("victim_contacts[{i}].person"), Some(x.person));
        c.required(format!("victim_contacts[{i}].by"), &x.by);
    }
    c.unique_ids(
        "needs_assessments",
        subject.needs_assessments.iter().map(|x| x.id),
    );
    for (i, x) in subject.needs_assessments.iter().enumerate() {
        person(c, format!("needs_assessments[{i}].person"), Some(x.person));
        c.required(format!("needs_assessments[{i}].by"), &x.by);
        c.required(format!("needs_assessments[{i}].needs"), &x.needs);
    }
    c.unique_ids("victims_code", subject.victims_code.iter().map(|x| x.id));
    for (i, x) in subject.victims_code.iter().enumerate() {
        person(c, format!("victims_code[{i}].person"), Some(x.person));
        c.required(format!("victims_code[{i}].by"), &x.by);
        if x.rights.is_empty() {
            c.fail(format!("victims_code[{i}].rights"), "names no right");
        }
    }
    c.unique_ids("referrals", subject.referrals.iter().map(|x| x.id));
    for (i, x) in subject.referrals.iter().enumerate() {
        person(c, format!("referrals[{i}].person"), x.person);
        c.required(format!("referrals[{i}].service"), &x.service);
        if x.follow_up.is_some_and(|f| f < x.date) {
            c.fail(
                format!("referrals[{i}].follow_up"),
                "is before the referral",
            );
        }
    }
    c.unique_ids("meetings", subject.meetings.iter().map(|x| x.id));
    for (i, m) in subject.meetings.iter().enumerate() {
        c.unique_ids(
            &format!("meetings[{i}].actions"),
            m.actions.iter().map(|x| x.id),
        );
        for (j, a) in m.actions.iter().enumerate() {
            c.required(format!("meetings[{i}].actions[{j}].action"), &a.action);
            c.required(format!("meetings[{i}].actions[{j}].owner"), &a.owner);
        }
    }
    c.unique_ids(
        "considerations",
        subject.considerations.iter().map(|x| x.id),
    );
    for (i, x) in subject.considerations.iter().enumerate() {
        c.required(format!("considerations[{i}].by"), &x.by);
        if x.decision == super::SpoDecision::NotAppropriate {
            c.required(format!("considerations[{i}].reason"), &x.reason);
        }
    }
    c.unique_ids("screenings", subject.screenings.iter().map(|x| x.id));
    for (i, x) in subject.screenings.iter().enumerate() {
        c.required(format!("screenings[{i}].by"), &x.by);
        if x.overridden() {
            c.required(format!("screenings[{i}].rationale"), &x.rationale);
        }
    }
}
