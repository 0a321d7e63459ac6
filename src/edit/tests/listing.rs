//! Items per part of the plan, in display order with one-line labels; addable kinds; parents.
use crate::domain::testkit::{dt, full_subject, visit};
use crate::domain::{ItemKind, PlanPart, Target};
use crate::edit::{addable, items, kind_label, parents};

fn labels(part: PlanPart) -> Vec<String> {
    items(&full_subject(), part)
        .into_iter()
        .map(|r| r.label)
        .collect()
}

#[test]
fn section1_lists_identity_addresses_narrative_orders_people_offences_safeguarding() {
    let s = full_subject();
    let refs = items(&s, PlanPart::Section1);
    let kinds: Vec<ItemKind> = refs.iter().map(|r| r.target.kind).collect();
    use ItemKind::*;
    assert_eq!(
        kinds,
        vec![
            Subject,
            Address,
            Address,
            Narrative,
            Order,
            Variation,
            Condition,
            Condition,
            Notification,
            Order,
            ProtectedPerson,
            IndexOffence,
            Safeguarding
        ]
    );
    assert_eq!(refs[0].label, "Subject: SMITH, John (PNC 26/123456X)");
    assert_eq!(
        refs[2].label,
        "Address: Home, 2 Acacia Avenue, Leeds LS1 1AA (from 1 Jan 2025)"
    );
    assert_eq!(refs[3].label, "Narrative: Repeated unwanted contact");
    assert_eq!(
        refs[4].label,
        "Order: SPO made 3 Feb 2025 (Leeds Magistrates' Court)"
    );
    assert_eq!(
        refs[5].label,
        "Variation: SPO varied 1 Sep 2025: exclusion zone widened"
    );
    assert_eq!(refs[5].target, Target::existing(Variation, 1, Some(1)));
    assert_eq!(
        refs[7].label,
        "Condition: Prohibition, SPO made 3 Feb 2025: exclusion zone - Not to enter the exclusion zone"
    );
    assert_eq!(
        refs[8].label,
        "Notification: initial notification, triggered 4 Feb 2025, received 6 Feb 2025"
    );
    assert_eq!(refs[10].label, "Protected person: Alice Brown (ex-partner)");
    assert_eq!(
        refs[12].label,
        "Safeguarding: Panic alarm for Alice Brown (done)"
    );
}

#[test]
fn section2_risk_timeline_and_reviews() {
    assert_eq!(
        labels(PlanPart::Section2),
        vec![
            "Investigation: 13/999/25, Harassment (open)",
            "Device: Phone, Pixel 8 (IMEI/serial 356938035643809), declared",
            "Social-media account: Instagram @jsmith (declared)",
            "Vehicle: AB12 CDE, Blue Ford Focus",
            "Relationship: Jane Doe, learned 1 Jul 2025, disclosure 10 Jul 2025",
            "Strategy: Monthly home visits (PC Patel, in progress)",
            "Management notes: (empty)",
        ]
    );
    assert_eq!(
        labels(PlanPart::Risk),
        vec!["Risk assessment: 2 Oct 2025 by DS Khan, High [awaiting sign-off]"]
    );
    let mut s = full_subject();
    s.visits.push(visit(2, dt(2026, 1, 5, 9, 0)));
    let timeline: Vec<String> = items(&s, PlanPart::Timeline)
        .into_iter()
        .map(|r| r.label)
        .collect();
    assert_eq!(
        timeline,
        vec![
            "Visit: 5 Jan 2026 09:00 by PC Patel, seen",
            "Breach: 1 Oct 2025 21:15, SPO made 3 Feb 2025, victim report: Sent messages",
            "Visit: 1 May 2025 18:30 by PC Patel, seen",
        ]
    );
    let reviews: Vec<Target> = items(&s, PlanPart::Reviews)
        .into_iter()
        .map(|r| r.target)
        .collect();
    assert_eq!(
        reviews,
        vec![
            Target::existing(ItemKind::Review, 1, None),
            Target::existing(ItemKind::Visit, 2, None),
            Target::existing(ItemKind::Visit, 1, None)
        ]
    );
}

#[test]
fn risk_lists_the_current_assessments_tactical_options() {
    let mut s = full_subject();
    s.assessments.swap(0, 1);
    s.assessments[1].date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let refs = items(&s, PlanPart::Risk);
    assert_eq!(refs.len(), 2);
    assert_eq!(
        refs[1].target,
        Target::existing(ItemKind::TacticalOption, 1, Some(1))
    );
    assert_eq!(
        refs[1].label,
        "Tactical option: Marker on address (PC Patel, due 1 Mar 2025, done)"
    );
}

#[test]
fn what_can_be_added_where_and_under_which_parent() {
    assert!(addable(PlanPart::Section1).contains(&ItemKind::Condition));
    assert!(!addable(PlanPart::Section1).contains(&ItemKind::Subject));
    assert_eq!(
        addable(PlanPart::Risk),
        vec![
            ItemKind::Assessment,
            ItemKind::TacticalOption,
            ItemKind::Screening
        ]
    );
    assert_eq!(
        addable(PlanPart::Timeline),
        vec![ItemKind::Breach, ItemKind::Visit]
    );
    assert_eq!(addable(PlanPart::Reviews), vec![ItemKind::Visit]);
    assert_eq!(addable(PlanPart::Section2).len(), 6);
    let s = full_subject();
    let orders: Vec<Target> = parents(&s, ItemKind::Condition)
        .into_iter()
        .map(|r| r.target)
        .collect();
    assert_eq!(
        orders,
        vec![
            Target::existing(ItemKind::Order, 1, None),
            Target::existing(ItemKind::Order, 2, None)
        ]
    );
    let assessments = parents(&s, ItemKind::TacticalOption);
    assert_eq!(assessments.len(), 1);
    assert_eq!(
        assessments[0].target,
        Target::existing(ItemKind::Assessment, 2, None)
    );
    assert!(parents(&s, ItemKind::Device).is_empty());
    assert_eq!(kind_label(ItemKind::SocialAccount), "Social-media account");
    assert_eq!(kind_label(ItemKind::Device), "Device");
}
