//! The victim's side of a synthetic subject: contacts, needs assessments, Victims' Code
//! records, referrals, meetings and orders considered. Drawn from a generator of its own (seeded
//! from the subject's id), so adding it left the rest of each seed's caseload as it was.
use chrono::NaiveDate;

use super::{SplitMix64, shift};
use crate::domain::*;

const SERVICES: [&str; 4] = ["IDVA", "ISAC", "Paladin", "Victim Support"];

const BY: [&str; 4] = [
    "PC A. Generated (0001)",
    "DC B. Synthetic (0002)",
    "PS C. Example (0003)",
    "IDVA D. Sample",
];

pub(super) fn victim_side(s: &mut Subject, seed: u64, today: NaiveDate) {
    let mut rng = SplitMix64::new(seed ^ 0x7669_6374_696d_7321);
    let Some(victim) = s
        .protected_persons
        .iter()
        .find(|p| !p.by_proxy)
        .map(|p| p.id)
    else {
        return;
    };
    let by = |rng: &mut SplitMix64| rng.pick(&BY).to_string();
    let start = s
        .orders
        .iter()
        .filter_map(|o| o.made)
        .min()
        .unwrap_or(s.opened);
    for o in s
        .orders
        .iter()
        .filter(|o| o.kind == OrderKind::Spo || o.kind == OrderKind::InterimSpo)
    {
        let date = o.applied.map_or(s.opened, |a| shift(a, -rng.range(1, 10)));
        let id = s.considerations.len() as u32 + 1;
        s.considerations.push(Consideration {
            id,
            date,
            by: by(&mut rng),
            kind: o.kind.clone(),
            decision: SpoDecision::Apply,
            reason: String::new(),
        });
    }
    if rng.chance(8) {
        let id = s.considerations.len() as u32 + 1;
        s.considerations.push(Consideration {
            id,
            date: s.opened,
            by: by(&mut rng),
            kind: OrderKind::Spo,
            decision: SpoDecision::NotAppropriate,
            reason: "Behaviour stopped after warning; keep under review.".to_string(),
        });
    }
    if rng.chance(88) {
        let date = shift(start, rng.range(0, 12)).min(today);
        s.needs_assessments.push(NeedsAssessment {
            id: 1,
            person: victim,
            date,
            by: by(&mut rng),
            needs: "Safety planning; updates by phone.".to_string(),
            outcome: "Safety plan agreed.".to_string(),
        });
        if rng.chance(90) {
            s.victims_code.push(VictimsCodeRecord {
                id: 1,
                person: victim,
                date,
                by: by(&mut rng),
                rights: vec![
                    CodeRight::Information,
                    CodeRight::Referral,
                    CodeRight::Updates,
                ],
                how: ContactMethod::InPerson,
                notes: String::new(),
            });
        }
    }
    // A contact after the latest event, most of the time within the week.
    let latest = victim_events(s)
        .into_iter()
        .map(|(d, _)| d)
        .filter(|d| *d <= today)
        .max();
    if let Some(latest) = latest {
        let days = if rng.chance(90) {
            rng.range(0, 6)
        } else {
            rng.range(8, 40)
        };
        let date = shift(latest, days).min(today);
        let contacted_after = date >= latest && (date - latest).num_days() <= 7 || date == today;
        let date = if contacted_after {
            date
        } else {
            shift(latest, -1)
        };
        s.victim_contacts.push(VictimContact {
            id: 1,
            person: victim,
            date,
            by: by(&mut rng),
            method: rng.pick(&[ContactMethod::Phone, ContactMethod::InPerson]),
            said: "Updated on the order and the plan.".to_string(),
            views: "Feels safer; worried about the court date.".to_string(),
        });
    }
    if rng.chance(60) {
        let date = shift(start, rng.range(0, 20)).min(today);
        let follow = shift(date, 14);
        let awaiting = follow >= shift(today, -30) || rng.chance(6);
        s.referrals.push(Referral {
            id: 1,
            person: Some(victim),
            service: rng.pick(&SERVICES).to_string(),
            date,
            consent: Consent::Given,
            outcome: if awaiting {
                ReferralOutcome::Awaiting
            } else {
                rng.pick(&[
                    ReferralOutcome::Accepted,
                    ReferralOutcome::Accepted,
                    ReferralOutcome::Declined,
                ])
            },
            follow_up: Some(follow),
            notes: String::new(),
        });
    }
    if rng.chance(25) {
        let date = shift(today, -rng.range(5, 120)).max(s.opened);
        let due = shift(date, rng.range(7, 60));
        let done = (due < today && rng.chance(85)).then(|| due.min(today));
        s.meetings.push(Meeting {
            id: 1,
            kind: rng.pick(&[MeetingKind::Marac, MeetingKind::Mappa, MeetingKind::Matac]),
            date,
            decisions: "Partners to share information; review safety plan.".to_string(),
            actions: vec![MeetingAction {
                id: 1,
                action: "Review the safety plan with the victim".to_string(),
                owner: "IDVA".to_string(),
                due: Some(due),
                done,
                tactical: rng.chance(30),
            }],
        });
    }
    if rng.chance(50) {
        let id = s.meetings.len() as u32 + 1;
        s.meetings.push(Meeting {
            id,
            kind: MeetingKind::Daily,
            date: shift(today, -rng.range(0, 90)).max(s.opened),
            decisions: "Screened: no change.".to_string(),
            actions: Vec::new(),
        });
    }
}
