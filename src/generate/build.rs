//! One synthetic subject, built in date order so every rule of `validate_subject` holds.
use chrono::NaiveDate;

use super::words::*;
use super::{SplitMix64, at, sections, shift};
use crate::domain::*;

const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

pub(super) fn letter(rng: &mut SplitMix64) -> char {
    char::from(rng.pick(LETTERS))
}

/// Days of the review cadence for a level (the default policy, approximately).
fn cadence_days(level: RiskLevel) -> i64 {
    match level {
        RiskLevel::VeryHigh => 14,
        RiskLevel::High => 28,
        RiskLevel::Medium => 91,
        RiskLevel::Low => 182,
    }
}

fn level(rng: &mut SplitMix64) -> RiskLevel {
    match rng.below(100) {
        0..8 => RiskLevel::VeryHigh,
        8..35 => RiskLevel::High,
        35..75 => RiskLevel::Medium,
        _ => RiskLevel::Low,
    }
}

pub(super) fn person(rng: &mut SplitMix64) -> String {
    format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY))
}

/// Lower-case ASCII letters of `text`, for handles.
pub(super) fn ascii(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A date between `from` and `to` inclusive (`from` if the range is empty).
pub(super) fn between(rng: &mut SplitMix64, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    shift(from, rng.range(0, (to - from).num_days()))
}

pub(super) fn subject(id: u64, rng: &mut SplitMix64, today: NaiveDate) -> Subject {
    let family = rng.pick(FAMILY);
    let given = rng.pick(GIVEN);
    let opened = shift(today, -rng.range(20, 1400));
    let mut s = Subject::new(id, family, given, opened);
    if rng.chance(30) {
        s.given_names = format!("{given} {}", rng.pick(GIVEN));
    }
    for _ in 0..rng.below(3) {
        s.aliases.push(format!("{} {family}", rng.pick(GIVEN)));
    }
    s.date_of_birth = Some(shift(opened, -rng.range(18 * 365, 65 * 365)));
    s.pnc_id = Some(format!("00/{:06}{}", id % 1_000_000, letter(rng)));
    s.niche_ref = Some(format!("GEN-NOM-{id:07}"));
    s.officer = (!rng.chance(3)).then(|| rng.pick(OFFICERS).to_string());
    s.flags = Flags {
        rso: rng.chance(5),
        mappa_level: rng.chance(20).then(|| 1 + rng.below(3) as u8),
        iom: rng.chance(10),
        other: if rng.chance(5) {
            vec!["Violent".to_string()]
        } else {
            Vec::new()
        },
    };
    sections::addresses(&mut s, rng);
    let victim = person(rng);
    s.protected_persons.push(ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: victim.clone(),
        relationship: rng.pick(RELATIONSHIPS).to_string(),
        by_proxy: false,
        address: rng.chance(70).then(|| {
            format!(
                "{} {}, {}",
                rng.range(1, 120),
                rng.pick(STREETS),
                rng.pick(TOWNS)
            )
        }),
        notes: String::new(),
    });
    if rng.chance(30) {
        s.protected_persons.push(ProtectedPerson {
            contact_preferences: String::new(),
            safe_contact: String::new(),
            id: 2,
            name: person(rng),
            relationship: rng.pick(PROXIES).to_string(),
            by_proxy: true,
            address: None,
            notes: String::new(),
        });
    }
    orders(&mut s, rng, today, &victim);
    sections::section1(&mut s, rng);
    sections::section2(&mut s, rng, today);
    let level = assessments(&mut s, rng, today);
    reviews(&mut s, rng, today, level);
    breaches(&mut s, rng, today);
    loose_ends(&mut s, id, today);
    super::victim::victim_side(&mut s, id, today);
    s
}

/// A few subjects in the states the queue must surface that the draws above do not make: no
/// risk assessment yet, an order served before its clock was started, a clock running now, an
/// application waiting long for its hearing. Chosen by id, not by the generator, so the rest
/// of the caseload stays as it was for a seed.
fn loose_ends(s: &mut Subject, id: u64, today: NaiveDate) {
    if id.is_multiple_of(53) {
        s.assessments.clear();
        s.reassessment_due = None;
        s.breaches.clear();
    }
    if id.is_multiple_of(61)
        && let Some(o) = s.orders.first_mut()
    {
        o.notifications.clear();
    }
    if id.is_multiple_of(67)
        && let Some(o) = s.orders.first_mut()
        && o.served.is_some()
    {
        let trigger = shift(today, -((id % 3) as i64));
        let id = next_id(o.notifications.iter().map(|n| n.id));
        o.notifications.push(Notification {
            id,
            kind: NotificationKind::NewAddress,
            trigger,
            received: None,
            station: None,
            reference: None,
        });
    }
    if id.is_multiple_of(71) {
        let applied = shift(today, -(40 + (id % 60) as i64));
        let order_id = next_id(s.orders.iter().map(|o| o.id));
        s.orders.push(Order {
            refused: None,
            id: order_id,
            kind: OrderKind::Spo,
            court: "Fictional Magistrates' Court".to_string(),
            reference: Some(format!("GEN/SPO/APP/{id:06}")),
            applied: Some(applied),
            made: None,
            served: None,
            end: OrderEnd::UntilFurtherOrder,
            discharged: None,
            variations: Vec::new(),
            conditions: Vec::new(),
            notifications: Vec::new(),
        });
    }
}

fn conditions(rng: &mut SplitMix64, spo: bool, victim: &str) -> Vec<Condition> {
    let (list, count) = if spo {
        (SPO_CONDITIONS, rng.range(2, 5))
    } else {
        (OTHER_CONDITIONS, rng.range(1, 3))
    };
    let first = rng.below(list.len() as u64) as usize;
    (0..count as usize)
        .map(|i| {
            let (requirement, category, text, check) = list[(first + i) % list.len()];
            Condition {
                id: i as u32 + 1,
                kind: if requirement {
                    ConditionKind::Requirement
                } else {
                    ConditionKind::Prohibition
                },
                category: category.to_string(),
                text: text.replace("{v}", victim),
                area: (category == "exclusion zone")
                    .then(|| format!("{} town centre", rng.pick(TOWNS))),
                starts: None,
                ends: None,
                check_method: check.to_string(),
            }
        })
        .collect()
}

/// An order made on `made` (or only applied for when `None`), served unless `unserved`.
fn order(
    id: u32,
    kind: OrderKind,
    rng: &mut SplitMix64,
    today: NaiveDate,
    made: Option<NaiveDate>,
) -> Order {
    let applied = made.map_or(shift(today, -rng.range(1, 20)), |m| {
        shift(m, -rng.range(3, 40))
    });
    let served = match made {
        Some(m) if !rng.chance(4) => Some(shift(m, rng.range(0, 3)).min(today).max(m)),
        _ => None,
    };
    let year = made.unwrap_or(applied).format("%Y");
    Order {
        refused: None,
        id,
        reference: Some(format!(
            "GEN/{}/{year}/{:05}",
            kind.short(),
            rng.below(100_000)
        )),
        kind,
        court: rng.pick(COURTS).to_string(),
        applied: Some(applied),
        made,
        served,
        end: OrderEnd::UntilFurtherOrder,
        discharged: None,
        variations: Vec::new(),
        conditions: Vec::new(),
        notifications: Vec::new(),
    }
}

fn orders(s: &mut Subject, rng: &mut SplitMix64, today: NaiveDate, victim: &str) {
    let made = (!rng.chance(2)).then(|| shift(s.opened, rng.range(0, 5)).min(today));
    let interim = rng.chance(20);
    let kind = if interim {
        OrderKind::InterimSpo
    } else {
        OrderKind::Spo
    };
    let mut first = order(1, kind, rng, today, made);
    first.conditions = conditions(rng, true, victim);
    if let Some(m) = made {
        first.end = if interim {
            OrderEnd::Fixed(shift(m, rng.range(60, 240)))
        } else if rng.chance(8) {
            OrderEnd::Fixed(shift(today, rng.range(0, 75)).max(m))
        } else if rng.chance(50) {
            OrderEnd::UntilFurtherOrder
        } else {
            OrderEnd::Fixed(shift(m, rng.range(730, 1800)))
        };
        if rng.chance(10) {
            first.variations.push(Variation {
                date: between(rng, m, today),
                kind: VariationKind::Varied,
                note: "Exclusion zone extended.".to_string(),
            });
        }
    }
    notifications(&mut first, rng, today);
    s.orders.push(first);
    // Half the interim orders have had their full hearing: a full SPO replaced them.
    if interim
        && let Some(m) = made
        && rng.chance(50)
    {
        let full_made = shift(m, rng.range(20, 120));
        if full_made <= today {
            s.orders[0].discharged = Some(full_made);
            let mut full = order(2, OrderKind::Spo, rng, today, Some(full_made));
            full.conditions = conditions(rng, true, victim);
            notifications(&mut full, rng, today);
            s.orders.push(full);
        }
    }
    let others = [
        OrderKind::Scpo,
        OrderKind::Fmpo,
        OrderKind::Fgmpo,
        OrderKind::Stro,
        OrderKind::Stpo,
    ];
    while s.orders.len() < 3 && rng.chance(25) {
        let made = between(rng, s.opened, today);
        let id = s.orders.len() as u32 + 1;
        let mut o = order(id, rng.pick(&others), rng, today, Some(made));
        o.end = OrderEnd::Fixed(shift(made, rng.range(365, 1825)));
        o.conditions = conditions(rng, false, victim);
        if rng.chance(5) {
            o.discharged = Some(between(rng, made, today));
        }
        s.orders.push(o);
    }
}

fn notifications(o: &mut Order, rng: &mut SplitMix64, today: NaiveDate) {
    let Some(served) = o.served else { return };
    let clock =
        |id: u32, kind: NotificationKind, trigger: NaiveDate, rng: &mut SplitMix64| Notification {
            id,
            kind,
            trigger,
            received: (!rng.chance(5))
                .then(|| shift(trigger, rng.range(0, 4)).min(today).max(trigger)),
            station: Some(format!("{} Police Station", rng.pick(TOWNS))),
            reference: Some(format!("GEN-NOT-{:06}", rng.below(1_000_000))),
        };
    o.notifications
        .push(clock(1, NotificationKind::Initial, served, rng));
    if rng.chance(20) {
        let trigger = between(rng, served, today);
        o.notifications
            .push(clock(2, NotificationKind::NewAddress, trigger, rng));
    }
}

fn rating(group: RiskGroup, level: RiskLevel) -> GroupRating {
    GroupRating { group, level }
}

fn risk_assessment(
    id: u32,
    date: NaiveDate,
    level: RiskLevel,
    rng: &mut SplitMix64,
) -> RiskAssessment {
    let mut ratings = vec![rating(RiskGroup::NamedVictim, level)];
    if rng.chance(50) {
        ratings.push(rating(
            RiskGroup::FuturePartners,
            level.min(RiskLevel::High),
        ));
    }
    if rng.chance(20) {
        ratings.push(rating(RiskGroup::Public, RiskLevel::Low));
    }
    RiskAssessment {
        id,
        date,
        assessor: "DS Ifeoma Kell".to_string(),
        harm: "Fear of violence; distress.".to_string(),
        ratings,
        risk_factors: vec![rng.pick(RISK_FACTORS).to_string()],
        protective_factors: vec![rng.pick(PROTECTIVE_FACTORS).to_string()],
        rationale: format!("{} indicators present; see risk factors.", level.label()),
        tactical_options: Vec::new(),
        sign_off: SignOff {
            status: SignOffStatus::Approved,
            ..SignOff::default()
        },
        supersedes: None,
        breach_rationale: String::new(),
    }
}

/// 1-3 assessments, the latest with tactical options; returns the current level.
fn assessments(s: &mut Subject, rng: &mut SplitMix64, today: NaiveDate) -> RiskLevel {
    let count = rng.range(1, 3);
    let mut current = RiskLevel::Medium;
    for i in 0..count {
        let date = between(
            rng,
            shift(s.opened, (today - s.opened).num_days() * i / count),
            today,
        );
        current = level(rng);
        s.assessments
            .push(risk_assessment(i as u32 + 1, date, current, rng));
    }
    s.assessments.sort_by_key(|a| a.date);
    for (i, a) in s.assessments.iter_mut().enumerate() {
        a.id = i as u32 + 1;
    }
    if let Some(last) = s.assessments.last_mut() {
        for id in 1..=rng.below(4) as u32 {
            last.tactical_options.push(TacticalOption {
                id,
                option: rng.pick(TACTICS).to_string(),
                owner: s.officer.clone(),
                due: Some(shift(today, rng.range(-30, 60))),
                status: rng.pick(&[
                    ActionStatus::Done,
                    ActionStatus::Done,
                    ActionStatus::Proposed,
                    ActionStatus::InProgress,
                ]),
            });
        }
        last.sign_off.status = match rng.below(100) {
            0..9 => SignOffStatus::Awaiting,
            9..12 => SignOffStatus::Returned,
            _ => SignOffStatus::Approved,
        };
    }
    current
}

/// Reviews on the risk cadence, the last setting a next review spread around `today`.
fn reviews(s: &mut Subject, rng: &mut SplitMix64, today: NaiveDate, level: RiskLevel) {
    let cadence = cadence_days(level);
    let offset = match rng.below(100) {
        0..16 => -rng.range(1, 60),
        16..30 => rng.range(0, 7),
        _ => rng.range(8, cadence.max(8)),
    };
    let next = shift(today, offset);
    s.next_review = Some(next);
    let mut date = shift(next, -cadence).min(today);
    let mut set = next;
    let mut list = Vec::new();
    while date >= s.opened && list.len() < 2 {
        list.push((date, set));
        set = date;
        date = shift(date, -cadence);
    }
    list.reverse();
    let first_order = s.orders.first().map(|o| (o.id, o.conditions.len() as u32));
    let latest = list.len();
    for (i, (date, next_review)) in list.into_iter().enumerate() {
        let id = i as u32 + 1;
        let visit = rng.chance(50).then(|| {
            s.visits.push(Visit {
                id,
                at: at(date, rng.range(8, 20) as u32, rng.range(0, 59) as u32),
                officer: s
                    .officer
                    .clone()
                    .unwrap_or_else(|| "PC Lena Marsh".to_string()),
                outcome: rng.pick(&[
                    VisitOutcome::Seen,
                    VisitOutcome::Seen,
                    VisitOutcome::NoAccess,
                ]),
                findings: "Subject spoken to; no concerns raised.".to_string(),
            });
            id
        });
        let outcomes = match first_order {
            Some((order, n)) if i + 1 == latest => (1..=n)
                .map(|condition| ConditionOutcome {
                    order,
                    condition,
                    outcome: ComplianceOutcome::Complied,
                    note: String::new(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let awaiting = i + 1 == latest && rng.chance(10);
        s.reviews.push(Review {
            id,
            date,
            reviewer: "DC Ruth Calloway".to_string(),
            outcomes,
            notifications_note: String::new(),
            visit,
            risk_reassessed: false,
            next_review,
            summary: "Conditions checked; plan remains appropriate.".to_string(),
            sign_off: SignOff {
                status: if awaiting {
                    SignOffStatus::Awaiting
                } else {
                    SignOffStatus::Approved
                },
                ..SignOff::default()
            },
            supersedes: None,
            late_reason: String::new(),
        });
    }
}

/// 0-3 breaches of the first order over the last 18 months; most re-assessed, some not yet.
fn breaches(s: &mut Subject, rng: &mut SplitMix64, today: NaiveDate) {
    let Some((order, made, n)) = s
        .orders
        .first()
        .and_then(|o| Some((o.id, o.made?, o.conditions.len())))
    else {
        return;
    };
    let count = match rng.below(100) {
        0..55 => 0,
        55..80 => 1,
        80..92 => 2,
        _ => 3,
    };
    let from = made.max(shift(today, -540));
    for id in 1..=count {
        let when = at(
            between(rng, from, today),
            rng.range(7, 23) as u32,
            rng.range(0, 59) as u32,
        );
        s.breaches.push(Breach {
            id,
            at: when,
            order,
            conditions: vec![rng.range(1, n as i64) as u32],
            source: rng.pick(&[
                BreachSource::VictimReport,
                BreachSource::Visit,
                BreachSource::Anpr,
                BreachSource::Intelligence,
            ]),
            reference: Some(format!("GEN/OCC/{:06}", rng.below(1_000_000))),
            description: "Contact with the protected person in breach of the order.".to_string(),
            action: "Arrested and interviewed".to_string(),
            outcome: rng.pick(&[
                BreachOutcome::Charge,
                BreachOutcome::Pending,
                BreachOutcome::Caution,
                BreachOutcome::Nfa,
            ]),
        });
    }
    let Some(latest) = s.breaches.iter().map(|b| b.at.date()).max() else {
        return;
    };
    let assessed = s.assessments.last().map(|a| a.date);
    if assessed.is_some_and(|d| d >= latest) {
        return;
    }
    let reassess = shift(latest, rng.range(1, 6));
    if reassess <= today && rng.chance(60) {
        let id = s.assessments.len() as u32 + 1;
        let lvl = level(rng).max(RiskLevel::High);
        s.assessments.push(risk_assessment(id, reassess, lvl, rng));
    } else {
        // Raised for re-assessment, and the review brought forward.
        let within = shift(latest, 7);
        s.reassessment_due = Some(within);
        s.next_review = s.next_review.map(|d| d.min(within));
    }
}
