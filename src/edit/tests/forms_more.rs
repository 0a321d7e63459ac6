//! Every kind (continued): Section 2, risk, visits and breaches.
use super::{new, new_in, save};
use crate::domain::ItemKind;
use crate::domain::testkit::{d, dt, full_subject, today};
use crate::domain::*;

#[test]
fn section2_lists() {
    let s = full_subject();
    let s2 = |out: Subject| out.section2;
    let (out, id) = save(
        &s,
        &new(ItemKind::Investigation),
        &[
            ("reference", "13/5/26"),
            ("offence", "Breach of SPO"),
            ("officer", "DC Ahmed"),
        ],
    );
    assert_eq!(id, 2);
    assert_eq!(
        s2(out).investigations[1],
        Investigation {
            id: 2,
            reference: "13/5/26".into(),
            offence: "Breach of SPO".into(),
            status: "open".into(),
            officer: Some("DC Ahmed".into()),
            opened: Some(today())
        }
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Device),
        &[
            ("device_type", "Phone"),
            ("make_model", "Samsung A54"),
            ("imei_serial", "356938035643810"),
            ("number", "07700 900456"),
            ("status", "Seized"),
            ("date", ""),
        ],
    );
    assert_eq!(
        s2(out).devices[1],
        Device {
            id: 2,
            device_type: "Phone".into(),
            make_model: "Samsung A54".into(),
            imei_serial: Some("356938035643810".into()),
            number: Some("07700 900456".into()),
            status: DeviceStatus::Seized,
            date: None
        }
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::SocialAccount),
        &[
            ("platform", "TikTok"),
            ("handle", "@js"),
            ("declared", "no"),
        ],
    );
    assert_eq!(
        s2(out).social_media[1],
        SocialAccount {
            id: 2,
            platform: "TikTok".into(),
            handle: "@js".into(),
            url: None,
            declared: false
        }
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Vehicle),
        &[
            ("vrm", "XY99 ZZZ"),
            ("make", "Vauxhall"),
            ("model", "Corsa"),
            ("colour", "Red"),
            ("markers", "ANPR"),
        ],
    );
    assert_eq!(
        s2(out).vehicles[1],
        Vehicle {
            id: 2,
            vrm: "XY99 ZZZ".into(),
            make: "Vauxhall".into(),
            model: "Corsa".into(),
            colour: "Red".into(),
            markers: "ANPR".into()
        }
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Relationship),
        &[
            ("partner", "Dana"),
            ("disclosure", "+2d"),
            ("checks", "PNC, PND"),
        ],
    );
    assert_eq!(
        s2(out).relationships[1],
        Relationship {
            id: 2,
            learned: today(),
            partner: "Dana".into(),
            disclosure: Some(d(2026, 6, 17)),
            checks: "PNC, PND".into(),
            decided: Some(d(2026, 6, 17)),
            decision: crate::domain::DisclosureDecision::Disclose,
            decision_reason: String::new(),
        }
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Strategy),
        &[("text", "Weekly checks"), ("owner", "PC Patel")],
    );
    assert_eq!(
        s2(out).strategies[1],
        Strategy {
            id: 2,
            text: "Weekly checks".into(),
            owner: Some("PC Patel".into()),
            status: ActionStatus::Proposed
        }
    );
}

#[test]
fn a_new_assessment_starts_from_the_current_one_and_clears_reassessment() {
    let mut s = full_subject();
    s.reassessment_due = Some(d(2026, 6, 1));
    s.assessments[1].tactical_options = vec![
        TacticalOption {
            id: 4,
            option: "Covert checks".into(),
            owner: None,
            due: None,
            status: ActionStatus::InProgress,
        },
        TacticalOption {
            id: 5,
            option: "Old marker".into(),
            owner: None,
            due: None,
            status: ActionStatus::Done,
        },
    ];
    let (out, id) = save(
        &s,
        &new(ItemKind::Assessment),
        &[
            // The assessor is not carried over: whoever assesses types their name.
            ("assessor", "DC Lee"),
            ("public", "Medium"),
            ("risk_factors", "fixation\n\n  escalation  \n"),
        ],
    );
    assert_eq!(id, 3);
    assert_eq!(out.reassessment_due, None);
    let a = out.current_assessment().expect("current");
    assert_eq!((a.id, a.date, a.assessor.as_str()), (3, today(), "DC Lee"));
    assert_eq!(
        a.level_for(&RiskGroup::NamedVictim),
        Some(RiskLevel::High),
        "carried over"
    );
    assert_eq!(a.level_for(&RiskGroup::Public), Some(RiskLevel::Medium));
    assert_eq!(a.ratings.len(), 2);
    assert_eq!(a.rationale, "Fixated, recent escalation");
    assert_eq!(a.risk_factors, vec!["fixation", "escalation"]);
    assert_eq!(a.sign_off, SignOff::default());
    let open: Vec<ItemId> = a.tactical_options.iter().map(|t| t.id).collect();
    assert_eq!(
        open,
        vec![4],
        "open tactical options carry over, finished ones do not"
    );
    assert_eq!(out.assessments.len(), 3, "earlier assessments are kept");
}

#[test]
fn tactical_option_goes_into_the_current_assessment() {
    let s = full_subject();
    let (out, id) = save(
        &s,
        &new(ItemKind::TacticalOption),
        &[
            ("option", "MARAC referral"),
            ("owner", "DS Khan"),
            ("due", "+2w"),
            ("status", "Proposed"),
        ],
    );
    assert_eq!(id, 1);
    assert_eq!(
        out.assessments[1].tactical_options,
        vec![TacticalOption {
            id: 1,
            option: "MARAC referral".into(),
            owner: Some("DS Khan".into()),
            due: Some(d(2026, 6, 29)),
            status: ActionStatus::Proposed
        }]
    );
    let (out, id) = save(
        &s,
        &new_in(ItemKind::TacticalOption, 1),
        &[("option", "Disclosure")],
    );
    assert_eq!((id, out.assessments[0].tactical_options.len()), (2, 2));
}

#[test]
fn visit_and_breach() {
    let s = full_subject();
    let (out, id) = save(
        &s,
        &new(ItemKind::Visit),
        &[
            ("time", "1405"),
            ("outcome", "No access"),
            ("findings", "Curtains drawn"),
        ],
    );
    assert_eq!(id, 2);
    assert_eq!(
        out.visits[1],
        Visit {
            id: 2,
            at: dt(2026, 6, 15, 14, 5),
            officer: "DC Jones".into(),
            outcome: VisitOutcome::NoAccess,
            findings: "Curtains drawn".into()
        }
    );

    let (out, id) = save(
        &s,
        &new(ItemKind::Breach),
        &[
            ("date", "yesterday"),
            ("time", "21:15"),
            ("order", "SPO made 3 Feb 2025 (Leeds Magistrates' Court)"),
            (
                "conditions",
                "SPO made 3 Feb 2025: exclusion zone - Not to enter the exclusion zone",
            ),
            ("source", "Other"),
            ("source_other", "CCTV"),
            ("reference", "13/77/26"),
            ("description", "Seen in Headingley"),
            ("action", "Arrested"),
            ("outcome", "Charged"),
        ],
    );
    assert_eq!(id, 2);
    assert_eq!(
        out.breaches[1],
        Breach {
            id: 2,
            at: dt(2026, 6, 14, 21, 15),
            order: 1,
            conditions: vec![2],
            source: BreachSource::Other("CCTV".into()),
            reference: Some("13/77/26".into()),
            description: "Seen in Headingley".into(),
            action: "Arrested".into(),
            outcome: BreachOutcome::Charge,
        }
    );
    assert_eq!(
        out.next_review, s.next_review,
        "workflow rules are not applied here"
    );
}
