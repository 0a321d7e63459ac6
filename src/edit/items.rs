//! Listing what can be edited: the items each part of the plan shows ([`items`]), the kinds
//! that can be added there ([`addable`]), candidate parents ([`parents`]) and kind names.
use super::schema::labels::*;
use super::spec::ItemRef;
use crate::domain::{
    Breach, ItemId, Order, Review, RiskAssessment, Subject, Visit, fmt_date, fmt_datetime, heads,
};
use crate::domain::{ItemKind, PlanPart, Target};

/// What staff call each kind of item ("Device", "Social-media account").
pub fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Subject => "Subject details",
        ItemKind::Address => "Address",
        ItemKind::Narrative => "Offending narrative",
        ItemKind::Order => "Order",
        ItemKind::Variation => "Variation",
        ItemKind::Condition => "Condition",
        ItemKind::Notification => "Notification",
        ItemKind::ProtectedPerson => "Protected person",
        ItemKind::IndexOffence => "Index offence",
        ItemKind::Safeguarding => "Safeguarding option",
        ItemKind::Investigation => "Investigation",
        ItemKind::Device => "Device",
        ItemKind::SocialAccount => "Social-media account",
        ItemKind::Vehicle => "Vehicle",
        ItemKind::Relationship => "Relationship",
        ItemKind::Strategy => "Management strategy",
        ItemKind::ManagementNotes => "Management notes",
        ItemKind::Assessment => "Risk assessment",
        ItemKind::TacticalOption => "Tactical option",
        ItemKind::Visit => "Visit",
        ItemKind::Breach => "Breach",
        ItemKind::Review => "Compliance review",
        ItemKind::VictimContact => "Victim contact",
        ItemKind::NeedsAssessment => "Needs assessment",
        ItemKind::VictimsCode => "Victims' Code record",
        ItemKind::Referral => "Referral",
        ItemKind::Meeting => "Meeting",
        ItemKind::MeetingAction => "Meeting action",
        ItemKind::Consideration => "Order considered",
        ItemKind::Screening => "Risk screening",
    }
}

/// The kinds that can be added in `part`. Kinds that live inside another item (variations,
/// conditions and notifications in an order; tactical options in an assessment) are listed
/// too: pick their parent with [`parents`].
pub fn addable(part: PlanPart) -> Vec<ItemKind> {
    match part {
        PlanPart::Section1 => vec![
            ItemKind::Address,
            ItemKind::Order,
            ItemKind::Variation,
            ItemKind::Condition,
            ItemKind::Notification,
            ItemKind::ProtectedPerson,
            ItemKind::IndexOffence,
            ItemKind::Safeguarding,
            ItemKind::Consideration,
        ],
        PlanPart::Section2 => vec![
            ItemKind::Investigation,
            ItemKind::Device,
            ItemKind::SocialAccount,
            ItemKind::Vehicle,
            ItemKind::Relationship,
            ItemKind::Strategy,
        ],
        PlanPart::Risk => vec![
            ItemKind::Assessment,
            ItemKind::TacticalOption,
            ItemKind::Screening,
        ],
        PlanPart::Timeline => vec![ItemKind::Breach, ItemKind::Visit],
        PlanPart::Reviews => vec![ItemKind::Visit],
        PlanPart::Victim => vec![
            ItemKind::VictimContact,
            ItemKind::NeedsAssessment,
            ItemKind::VictimsCode,
            ItemKind::Referral,
            ItemKind::Meeting,
            ItemKind::MeetingAction,
        ],
    }
}

/// The items a new item of `kind` could belong to: the orders for variations, conditions and
/// notifications; the current assessment for tactical options; nothing for other kinds.
pub fn parents(subject: &Subject, kind: ItemKind) -> Vec<ItemRef> {
    match kind {
        ItemKind::Variation | ItemKind::Condition | ItemKind::Notification => {
            subject.orders.iter().map(order_ref).collect()
        }
        ItemKind::TacticalOption => subject
            .current_assessment()
            .map(assessment_ref)
            .into_iter()
            .collect(),
        ItemKind::MeetingAction => {
            let mut m: Vec<_> = subject.meetings.iter().collect();
            m.sort_by_key(|m| std::cmp::Reverse((m.date, m.id)));
            m.into_iter()
                .map(|m| entry(ItemKind::Meeting, m.id, None, meeting(m)))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Every editable item shown in `part`, in display order, each with a one-line label.
///
/// The identity, narrative and management notes have id 0. Variations have no stored id: a
/// variation's id is its position in its order, from 1 (it changes when an earlier one is
/// deleted, so list again after a delete).
pub fn items(subject: &Subject, part: PlanPart) -> Vec<ItemRef> {
    let mut out = Vec::new();
    let s1 = &subject.section1;
    let s2 = &subject.section2;
    match part {
        PlanPart::Section1 => {
            out.push(single(ItemKind::Subject, identity_label(subject)));
            out.extend(
                subject
                    .addresses
                    .iter()
                    .map(|x| entry(ItemKind::Address, x.id, None, address(x))),
            );
            out.push(single(
                ItemKind::Narrative,
                text_label("Narrative", &s1.narrative),
            ));
            for o in &subject.orders {
                out.push(order_ref(o));
                let p = Some(o.id);
                out.extend(
                    o.variations
                        .iter()
                        .zip(1..)
                        .map(|(v, n)| entry(ItemKind::Variation, n, p, variation(o, v))),
                );
                out.extend(
                    o.conditions
                        .iter()
                        .map(|c| entry(ItemKind::Condition, c.id, p, condition(o, c))),
                );
                out.extend(
                    o.notifications
                        .iter()
                        .map(|n| entry(ItemKind::Notification, n.id, p, notification(n))),
                );
            }
            out.extend(
                subject
                    .protected_persons
                    .iter()
                    .map(|x| entry(ItemKind::ProtectedPerson, x.id, None, person(x))),
            );
            out.extend(
                s1.index_offences
                    .iter()
                    .map(|x| entry(ItemKind::IndexOffence, x.id, None, offence(x))),
            );
            out.extend(
                s1.safeguarding
                    .iter()
                    .map(|x| entry(ItemKind::Safeguarding, x.id, None, safeguarding(subject, x))),
            );
            out.extend(
                subject
                    .considerations
                    .iter()
                    .map(|x| entry(ItemKind::Consideration, x.id, None, consideration(x))),
            );
        }
        PlanPart::Section2 => {
            out.extend(
                s2.investigations
                    .iter()
                    .map(|x| entry(ItemKind::Investigation, x.id, None, investigation(x))),
            );
            out.extend(
                s2.devices
                    .iter()
                    .map(|x| entry(ItemKind::Device, x.id, None, device(x))),
            );
            out.extend(
                s2.social_media
                    .iter()
                    .map(|x| entry(ItemKind::SocialAccount, x.id, None, account(x))),
            );
            out.extend(
                s2.vehicles
                    .iter()
                    .map(|x| entry(ItemKind::Vehicle, x.id, None, vehicle(x))),
            );
            out.extend(
                s2.relationships
                    .iter()
                    .map(|x| entry(ItemKind::Relationship, x.id, None, relationship(x))),
            );
            out.extend(
                s2.strategies
                    .iter()
                    .map(|x| entry(ItemKind::Strategy, x.id, None, strategy(x))),
            );
            out.push(single(
                ItemKind::ManagementNotes,
                text_label("Management notes", &s2.notes),
            ));
        }
        PlanPart::Risk => {
            // A revision awaiting sign-off (or returned) first: that is the version to edit.
            if let (Some(head), Some(current)) =
                (subject.latest_assessment(), subject.current_assessment())
                && head.id != current.id
            {
                out.push(assessment_ref(head));
            }
            if let Some(a) = subject.current_assessment() {
                out.push(assessment_ref(a));
                out.extend(
                    a.tactical_options
                        .iter()
                        .map(|t| entry(ItemKind::TacticalOption, t.id, Some(a.id), tactical(t))),
                );
            }
            let mut screenings: Vec<_> = subject.screenings.iter().collect();
            screenings.sort_by_key(|x| std::cmp::Reverse((x.date, x.id)));
            out.extend(
                screenings
                    .into_iter()
                    .map(|x| entry(ItemKind::Screening, x.id, None, screening(x))),
            );
        }
        PlanPart::Timeline => {
            let mut events: Vec<(chrono::NaiveDateTime, ItemRef)> = Vec::new();
            events.extend(subject.breaches.iter().map(|b| {
                (
                    b.at,
                    entry(ItemKind::Breach, b.id, None, breach(subject, b)),
                )
            }));
            events.extend(
                subject
                    .visits
                    .iter()
                    .map(|v| (v.at, entry(ItemKind::Visit, v.id, None, visit(v)))),
            );
            events.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
            out.extend(events.into_iter().map(|(_, r)| r));
        }
        PlanPart::Reviews => {
            // The newest version of each review, newest first, then the visits.
            let mut reviews: Vec<&Review> = heads(&subject.reviews).collect();
            reviews.sort_by_key(|r| std::cmp::Reverse((r.date, r.id)));
            out.extend(
                reviews
                    .into_iter()
                    .map(|r| entry(ItemKind::Review, r.id, None, review_item(r))),
            );
            let mut visits: Vec<&Visit> = subject.visits.iter().collect();
            visits.sort_by_key(|v| std::cmp::Reverse(v.at));
            out.extend(
                visits
                    .into_iter()
                    .map(|v| entry(ItemKind::Visit, v.id, None, visit(v))),
            );
        }
        PlanPart::Victim => victim_items(subject, &mut out),
    }
    out
}

/// The victim's side: for each protected person their contacts, needs assessments and
/// Victims' Code records (newest first), then referrals, then meetings with their actions.
fn victim_items(subject: &Subject, out: &mut Vec<ItemRef>) {
    for p in &subject.protected_persons {
        let mut rows: Vec<(chrono::NaiveDate, ItemRef)> = Vec::new();
        let s = subject;
        rows.extend(
            s.victim_contacts
                .iter()
                .filter(|x| x.person == p.id)
                .map(|x| {
                    let e = entry(ItemKind::VictimContact, x.id, None, victim_contact(s, x));
                    (x.date, e)
                }),
        );
        rows.extend(
            s.needs_assessments
                .iter()
                .filter(|x| x.person == p.id)
                .map(|x| {
                    let e = entry(
                        ItemKind::NeedsAssessment,
                        x.id,
                        None,
                        needs_assessment(s, x),
                    );
                    (x.date, e)
                }),
        );
        rows.extend(s.victims_code.iter().filter(|x| x.person == p.id).map(|x| {
            let e = entry(ItemKind::VictimsCode, x.id, None, victims_code(s, x));
            (x.date, e)
        }));
        rows.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
        out.extend(rows.into_iter().map(|(_, r)| r));
    }
    let mut referrals: Vec<_> = subject.referrals.iter().collect();
    referrals.sort_by_key(|x| std::cmp::Reverse((x.date, x.id)));
    out.extend(
        referrals
            .into_iter()
            .map(|x| entry(ItemKind::Referral, x.id, None, referral(subject, x))),
    );
    let mut meetings: Vec<_> = subject.meetings.iter().collect();
    meetings.sort_by_key(|m| std::cmp::Reverse((m.date, m.id)));
    for m in meetings {
        out.push(entry(ItemKind::Meeting, m.id, None, meeting(m)));
        out.extend(
            m.actions
                .iter()
                .map(|a| entry(ItemKind::MeetingAction, a.id, Some(m.id), meeting_action(a))),
        );
    }
}

/// The one-line label of the item `target` names; `None` when it is not in the subject.
pub(crate) fn item_label(subject: &Subject, target: &Target) -> Option<String> {
    let id = target.id.unwrap_or_default();
    let s1 = &subject.section1;
    let s2 = &subject.section2;
    let order = || target.parent.and_then(|p| subject.order(p));
    let label = match target.kind {
        ItemKind::Subject => identity_label(subject),
        ItemKind::Narrative => text_label("Narrative", &s1.narrative),
        ItemKind::ManagementNotes => text_label("Management notes", &s2.notes),
        ItemKind::Address => address(subject.addresses.iter().find(|x| x.id == id)?),
        ItemKind::Order => order_ref(subject.order(id)?).label,
        ItemKind::Variation => {
            let o = order()?;
            let i = usize::try_from(id).ok()?.checked_sub(1)?;
            variation(o, o.variations.get(i)?)
        }
        ItemKind::Condition => {
            let o = order()?;
            condition(o, o.condition(id)?)
        }
        ItemKind::Notification => notification(order()?.notifications.iter().find(|x| x.id == id)?),
        ItemKind::ProtectedPerson => person(subject.protected_persons.iter().find(|x| x.id == id)?),
        ItemKind::IndexOffence => offence(s1.index_offences.iter().find(|x| x.id == id)?),
        ItemKind::Safeguarding => {
            safeguarding(subject, s1.safeguarding.iter().find(|x| x.id == id)?)
        }
        ItemKind::Investigation => investigation(s2.investigations.iter().find(|x| x.id == id)?),
        ItemKind::Device => device(s2.devices.iter().find(|x| x.id == id)?),
        ItemKind::SocialAccount => account(s2.social_media.iter().find(|x| x.id == id)?),
        ItemKind::Vehicle => vehicle(s2.vehicles.iter().find(|x| x.id == id)?),
        ItemKind::Relationship => relationship(s2.relationships.iter().find(|x| x.id == id)?),
        ItemKind::Strategy => strategy(s2.strategies.iter().find(|x| x.id == id)?),
        ItemKind::Assessment => {
            assessment_ref(subject.assessments.iter().find(|x| x.id == id)?).label
        }
        ItemKind::TacticalOption => {
            let a = match target.parent {
                Some(p) => subject.assessments.iter().find(|a| a.id == p)?,
                None => subject.current_assessment()?,
            };
            tactical(a.tactical_options.iter().find(|x| x.id == id)?)
        }
        ItemKind::Visit => visit(subject.visits.iter().find(|x| x.id == id)?),
        ItemKind::Breach => breach(subject, subject.breaches.iter().find(|x| x.id == id)?),
        ItemKind::Review => review_item(subject.reviews.iter().find(|x| x.id == id)?),
        ItemKind::VictimContact => victim_contact(
            subject,
            subject.victim_contacts.iter().find(|x| x.id == id)?,
        ),
        ItemKind::NeedsAssessment => needs_assessment(
            subject,
            subject.needs_assessments.iter().find(|x| x.id == id)?,
        ),
        ItemKind::VictimsCode => {
            victims_code(subject, subject.victims_code.iter().find(|x| x.id == id)?)
        }
        ItemKind::Referral => referral(subject, subject.referrals.iter().find(|x| x.id == id)?),
        ItemKind::Meeting => meeting(subject.meetings.iter().find(|x| x.id == id)?),
        ItemKind::MeetingAction => {
            let m = subject
                .meetings
                .iter()
                .find(|m| Some(m.id) == target.parent)?;
            meeting_action(m.actions.iter().find(|x| x.id == id)?)
        }
        ItemKind::Consideration => {
            consideration(subject.considerations.iter().find(|x| x.id == id)?)
        }
        ItemKind::Screening => screening(subject.screenings.iter().find(|x| x.id == id)?),
    };
    Some(label)
}

fn entry(kind: ItemKind, id: ItemId, parent: Option<ItemId>, label: String) -> ItemRef {
    ItemRef {
        target: Target::existing(kind, id, parent),
        label,
    }
}

/// The identity, narrative and notes: one per subject, id 0.
fn single(kind: ItemKind, label: String) -> ItemRef {
    entry(kind, 0, None, label)
}

fn order_ref(o: &Order) -> ItemRef {
    entry(ItemKind::Order, o.id, None, order_item(o))
}

fn assessment_ref(a: &RiskAssessment) -> ItemRef {
    entry(ItemKind::Assessment, a.id, None, assessment_item(a))
}

/// What refers to the item: "the breach on 1 Oct 2025 21:15", "the review on 1 May 2025".
pub(crate) fn references(subject: &Subject, target: &Target, id: ItemId) -> Vec<String> {
    let breach = |b: &Breach| format!("the breach on {}", fmt_datetime(b.at));
    let review = |r: &Review| format!("the review on {}", fmt_date(r.date));
    let mut refs: Vec<String> = match target.kind {
        ItemKind::Order => {
            let mut v: Vec<String> = subject
                .breaches
                .iter()
                .filter(|b| b.order == id)
                .map(breach)
                .collect();
            v.extend(
                subject
                    .reviews
                    .iter()
                    .filter(|r| r.outcomes.iter().any(|o| o.order == id))
                    .map(review),
            );
            v
        }
        ItemKind::Condition => {
            let order = target.parent;
            let mut v: Vec<String> = subject
                .breaches
                .iter()
                .filter(|b| Some(b.order) == order && b.conditions.contains(&id))
                .map(breach)
                .collect();
            v.extend(
                subject
                    .reviews
                    .iter()
                    .filter(|r| {
                        r.outcomes
                            .iter()
                            .any(|o| Some(o.order) == order && o.condition == id)
                    })
                    .map(review),
            );
            v
        }
        ItemKind::ProtectedPerson => {
            let mut v: Vec<String> = subject
                .section1
                .safeguarding
                .iter()
                .filter(|x| x.person == Some(id))
                .map(|x| format!("the safeguarding option '{}'", x.option))
                .collect();
            let dated = |what: &str, d: chrono::NaiveDate| format!("the {what} on {}", fmt_date(d));
            v.extend(
                subject
                    .victim_contacts
                    .iter()
                    .filter(|x| x.person == id)
                    .map(|x| dated("contact", x.date)),
            );
            v.extend(
                subject
                    .needs_assessments
                    .iter()
                    .filter(|x| x.person == id)
                    .map(|x| dated("needs assessment", x.date)),
            );
            v.extend(
                subject
                    .victims_code
                    .iter()
                    .filter(|x| x.person == id)
                    .map(|x| dated("Victims' Code record", x.date)),
            );
            v.extend(
                subject
                    .referrals
                    .iter()
                    .filter(|x| x.person == Some(id))
                    .map(|x| dated("referral", x.date)),
            );
            v
        }
        ItemKind::Visit => subject
            .reviews
            .iter()
            .filter(|r| r.visit == Some(id))
            .map(review)
            .collect(),
        _ => Vec::new(),
    };
    refs.dedup();
    refs
}

/// "a", "a and b", "a, b and c".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
