//! The three-way merge: each rule by example, then random edits on both sides (proptest).
use proptest::prelude::{ProptestConfig, any, prop_assert, prop_assert_eq, prop_oneof, proptest};
use proptest::strategy::Strategy as _;

use super::super::testkit::{d, dt, full_subject, review, subject, visit};
use super::super::*;

fn vehicle(id: ItemId, vrm: &str, colour: &str) -> Vehicle {
    Vehicle {
        id,
        vrm: vrm.to_string(),
        make: "Ford".to_string(),
        model: "Fiesta".to_string(),
        colour: colour.to_string(),
        markers: String::new(),
    }
}

fn device(id: ItemId, make_model: &str) -> Device {
    Device {
        id,
        device_type: "Phone".to_string(),
        make_model: make_model.to_string(),
        imei_serial: None,
        number: None,
        status: DeviceStatus::Declared,
        date: Some(d(2026, 1, 5)),
    }
}

fn base() -> Subject {
    let mut s = subject();
    s.section2.vehicles = vec![
        vehicle(1, "AB12 CDE", "white"),
        vehicle(2, "XY34 ZZZ", "grey"),
    ];
    s.section2.devices = vec![device(1, "Acme X")];
    s
}

fn merge(b: &Subject, m: &Subject, t: &Subject) -> Merged {
    merge3(b, m, t).expect("merges")
}

fn paths(m: &Merged) -> Vec<&str> {
    m.conflicts.iter().map(|c| c.path.as_str()).collect()
}

#[test]
fn nothing_changed_anywhere_is_the_base() {
    let b = base();
    let m = merge(&b, &b, &b);
    assert_eq!(m.subject, b);
    assert!(m.conflicts.is_empty() && m.notes.is_empty());
    assert_eq!(m.resolved().unwrap(), b);
}

#[test]
fn fields_changed_by_one_side_each_are_both_kept() {
    let b = base();
    let mut mine = b.clone();
    mine.family_name = "Smyth".to_string();
    mine.section2.vehicles[0].colour = "red".to_string();
    let mut theirs = b.clone();
    theirs.pnc_id = Some("26/999999Z".to_string());
    theirs.section2.vehicles[0].make = "Vauxhall".to_string();
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let s = m.resolved().unwrap();
    assert_eq!(s.family_name, "Smyth");
    assert_eq!(s.pnc_id.as_deref(), Some("26/999999Z"));
    assert_eq!(s.section2.vehicles[0].colour, "red");
    assert_eq!(s.section2.vehicles[0].make, "Vauxhall");
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let b = base();
    let mut mine = b.clone();
    mine.section2.vehicles[1].colour = "blue".to_string();
    let theirs = mine.clone();
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.subject, mine);
}

#[test]
fn one_field_changed_differently_is_a_conflict_named_in_words() {
    let b = base();
    let mut mine = b.clone();
    mine.section2.vehicles[0].colour = "red".to_string();
    mine.family_name = "Smyth".to_string();
    let mut theirs = b.clone();
    theirs.section2.vehicles[0].colour = "blue".to_string();
    let mut m = merge(&b, &mine, &theirs);
    assert_eq!(paths(&m), ["section2.vehicles[id 1].colour"]);
    let c = &m.conflicts[0];
    assert_eq!(c.label, "Vehicle AB12 CDE, colour");
    assert_eq!(
        (c.base.as_str(), c.mine.as_str(), c.theirs.as_str()),
        ("white", "red", "blue")
    );
    assert_eq!(c.kind, ConflictKind::BothChanged);
    assert!(!c.restricted && c.choice.is_none());
    // Until chosen, the result holds theirs; what only mine changed is applied.
    assert_eq!(m.subject.section2.vehicles[0].colour, "blue");
    assert_eq!(m.subject.family_name, "Smyth");
    assert_eq!(m.resolved(), Err(MergeError::Unresolved(1)));
    m.choose(0, Side::Mine).unwrap();
    assert_eq!(m.resolved().unwrap().section2.vehicles[0].colour, "red");
    m.choose(0, Side::Theirs).unwrap();
    let s = m.resolved().unwrap();
    assert_eq!(s.section2.vehicles[0].colour, "blue");
    assert_eq!(s.family_name, "Smyth");
}

#[test]
fn plain_fields_and_lists_without_ids_are_compared_whole() {
    let b = base();
    let mut mine = b.clone();
    mine.aliases = vec!["JS".to_string()];
    mine.date_of_birth = Some(d(1980, 1, 2));
    let mut theirs = b.clone();
    theirs.aliases = vec!["Johnny".to_string()];
    theirs.date_of_birth = Some(d(1981, 3, 4));
    let m = merge(&b, &mine, &theirs);
    assert_eq!(paths(&m), ["aliases", "date_of_birth"]);
    assert_eq!(m.conflicts[0].label, "Aliases");
    assert_eq!(m.conflicts[0].base, "(empty)");
    assert_eq!(m.conflicts[1].label, "Date of birth");
    assert_eq!(m.conflicts[1].mine, "2 Jan 1980");
    assert_eq!(m.conflicts[1].theirs, "4 Mar 1981");
}

#[test]
fn deleted_on_one_side_and_unchanged_on_the_other_is_deleted() {
    let b = base();
    let mut mine = b.clone();
    mine.section2.vehicles.remove(1);
    let mut theirs = b.clone();
    theirs.section2.vehicles[0].colour = "blue".to_string();
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.subject.section2.vehicles.len(), 1);
    assert_eq!(m.subject.section2.vehicles[0].colour, "blue");
    // And the other way round.
    let m = merge(&b, &theirs, &mine);
    assert!(m.conflicts.is_empty());
    assert_eq!(
        m.subject.section2.vehicles,
        vec![vehicle(1, "AB12 CDE", "blue")]
    );
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let b = base();
    let mut deleted = b.clone();
    deleted.section2.vehicles.remove(0);
    let mut changed = b.clone();
    changed.section2.vehicles[0].colour = "red".to_string();

    let mut m = merge(&b, &deleted, &changed);
    assert_eq!(paths(&m), ["section2.vehicles[id 1]"]);
    let c = &m.conflicts[0];
    assert_eq!(c.kind, ConflictKind::DeletedByMe);
    assert_eq!(c.label, "Vehicle AB12 CDE");
    assert_eq!(c.mine, "(deleted)");
    assert_eq!(c.theirs, "changed: colour red");
    assert_eq!(
        c.base,
        "colour: white; make: Ford; markers: (empty); model: Fiesta; VRM: AB12 CDE"
    );
    assert_eq!(
        m.subject.section2.vehicles.len(),
        2,
        "theirs kept until chosen"
    );
    m.choose(0, Side::Mine).unwrap();
    assert_eq!(m.resolved().unwrap().section2.vehicles.len(), 1);

    let mut m = merge(&b, &changed, &deleted);
    assert_eq!(m.conflicts[0].kind, ConflictKind::DeletedByThem);
    assert_eq!(m.conflicts[0].theirs, "(deleted)");
    assert_eq!(m.subject.section2.vehicles.len(), 1);
    m.choose(0, Side::Mine).unwrap();
    let s = m.resolved().unwrap();
    assert!(
        s.section2
            .vehicles
            .iter()
            .any(|v| v.id == 1 && v.colour == "red")
    );
}

#[test]
fn items_added_by_each_side_are_kept() {
    let b = base();
    let mut mine = b.clone();
    mine.section2.vehicles.push(vehicle(3, "MI11 NES", "red"));
    let mut theirs = b.clone();
    theirs.section2.devices.push(device(2, "Theirs Phone"));
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    let s = m.resolved().unwrap();
    assert_eq!(s.section2.vehicles.len(), 3);
    assert_eq!(s.section2.devices.len(), 2);
}

#[test]
fn both_adding_an_item_with_the_same_id_keeps_both() {
    let b = base();
    let mut mine = b.clone();
    mine.section2.devices.push(device(2, "Mine Phone"));
    let mut theirs = b.clone();
    theirs.section2.devices.push(device(2, "Theirs Phone"));
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.notes, ["You and they both added a device: both are kept"]);
    let s = m.resolved().unwrap();
    let got: Vec<(ItemId, &str)> = s
        .section2
        .devices
        .iter()
        .map(|x| (x.id, x.make_model.as_str()))
        .collect();
    assert_eq!(got, [(1, "Acme X"), (2, "Theirs Phone"), (3, "Mine Phone")]);
    // The very same item added by both is kept once.
    let m = merge(&b, &theirs, &theirs);
    assert_eq!(m.subject.section2.devices.len(), 2);
}

#[test]
fn references_follow_a_renumbered_item() {
    // Both recorded a review with a visit; each took visit 2 and review 2.
    let mut b = full_subject();
    b.next_review = None;
    let next = |s: &Subject| s.visits.iter().map(|v| v.id).max().unwrap_or(0) + 1;
    let add = |s: &mut Subject, day: u32, summary: &str| {
        let vid = next(s);
        s.visits.push(visit(vid, dt(2026, 6, day, 10, 0)));
        let mut r = review(
            s.reviews.iter().map(|r| r.id).max().unwrap_or(0) + 1,
            d(2026, 6, day),
        );
        r.visit = Some(vid);
        r.summary = summary.to_string();
        s.reviews.push(r);
    };
    let (mut mine, mut theirs) = (b.clone(), b.clone());
    add(&mut mine, 14, "mine");
    add(&mut theirs, 12, "theirs");
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let s = m.resolved().unwrap();
    assert_eq!(s.reviews.len(), b.reviews.len() + 2);
    for (summary, day) in [("mine", 14), ("theirs", 12)] {
        let r = s.reviews.iter().find(|r| r.summary == summary).unwrap();
        let v = s.visits.iter().find(|v| Some(v.id) == r.visit).unwrap();
        assert_eq!(
            v.at,
            dt(2026, 6, day, 10, 0),
            "{summary}'s review names its own visit"
        );
    }

    // Both added a condition to order 1 and a breach of it: the breach names mine's condition.
    let (mut mine, mut theirs) = (b.clone(), b.clone());
    for (s, text) in [(&mut mine, "Mine"), (&mut theirs, "Theirs")] {
        let o = &mut s.orders[0];
        let cid = o.conditions.iter().map(|c| c.id).max().unwrap_or(0) + 1;
        let mut c = super::super::testkit::condition(cid);
        c.text = text.to_string();
        o.conditions.push(c);
        let bid = s.breaches.iter().map(|x| x.id).max().unwrap_or(0) + 1;
        let mut br = super::super::testkit::breach(bid, dt(2026, 6, 1, 9, 0), 1);
        br.conditions = vec![cid];
        br.description = text.to_string();
        s.breaches.push(br);
    }
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let s = m.resolved().unwrap();
    for text in ["Mine", "Theirs"] {
        let br = s.breaches.iter().find(|x| x.description == text).unwrap();
        let c = s.orders[0].condition(br.conditions[0]).unwrap();
        assert_eq!(c.text, text);
    }
}

#[test]
fn due_dates_moved_by_both_keep_the_earlier() {
    let mut b = base();
    b.next_review = Some(d(2026, 7, 1));
    let mut mine = b.clone();
    mine.next_review = Some(d(2026, 6, 20));
    mine.reassessment_due = Some(d(2026, 6, 10));
    let mut theirs = b.clone();
    theirs.next_review = Some(d(2026, 6, 25));
    theirs.reassessment_due = Some(d(2026, 6, 12));
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.subject.next_review, Some(d(2026, 6, 20)));
    assert_eq!(m.subject.reassessment_due, Some(d(2026, 6, 10)));
    assert_eq!(m.notes.len(), 2);
    assert!(m.notes[0].contains("20 Jun 2026"), "{:?}", m.notes);
    // A date still due is kept over one cleared.
    let mut cleared = b.clone();
    cleared.reassessment_due = None;
    let mut b2 = b.clone();
    b2.reassessment_due = Some(d(2026, 6, 1));
    let m = merge(&b2, &cleared, &theirs);
    assert_eq!(m.subject.reassessment_due, Some(d(2026, 6, 12)));
}

#[test]
fn a_breach_recorded_meanwhile_keeps_re_assessment_due() {
    let mut b = full_subject();
    b.reassessment_due = Some(d(2026, 5, 1));
    // Mine answers the breach that raised it; theirs records another, later one.
    let mut mine = b.clone();
    mine.reassessment_due = None;
    let mut theirs = b.clone();
    let mut br = super::super::testkit::breach(9, dt(2026, 6, 10, 21, 0), 1);
    br.conditions = vec![1];
    theirs.breaches.push(br);
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.subject.reassessment_due, Some(d(2026, 6, 10)));
    assert_eq!(m.notes.len(), 1, "{:?}", m.notes);
    // Without a new breach, answering it clears it.
    let m = merge(&b, &mine, &b);
    assert_eq!(m.subject.reassessment_due, None);
}

fn approved(by: &str) -> SignOff {
    SignOff {
        status: SignOffStatus::Approved,
        by: Some(by.to_string()),
        at: Some(dt(2026, 6, 14, 14, 2)),
        comment: String::new(),
        signer: format!("DS {by}"),
        rank: None,
    }
}

fn with_awaiting_review() -> Subject {
    let mut b = base();
    b.reviews.push(review(1, d(2026, 6, 1)));
    b
}

#[test]
fn a_change_to_a_record_they_decided_is_locked_to_theirs() {
    let b = with_awaiting_review();
    let mut mine = b.clone();
    mine.reviews[0].summary = "Edited while awaiting".to_string();
    mine.family_name = "Smyth".to_string();
    let mut theirs = b.clone();
    theirs.reviews[0].sign_off = approved("Okafor");
    let mut m = merge(&b, &mine, &theirs);
    assert_eq!(paths(&m), ["reviews[id 1]"]);
    let c = &m.conflicts[0];
    assert!(c.locked(), "{c:?}");
    assert_eq!(c.label, "Compliance review of 1 Jun 2026");
    let ConflictKind::Locked(why) = &c.kind else {
        unreachable!()
    };
    assert!(
        why.contains("approved by DS Okafor") && why.contains("final"),
        "{why}"
    );
    assert_eq!(c.choice, Some(Side::Theirs), "only theirs can stand");
    assert!(matches!(
        m.choose(0, Side::Mine),
        Err(MergeError::Locked(_))
    ));
    assert_eq!(m.subject.reviews[0], theirs.reviews[0]);
    let s = m.resolved().unwrap();
    check_final(&theirs, &s).unwrap();
    assert_eq!(s.family_name, "Smyth", "mine's other changes still apply");

    // Deleting it is refused the same way.
    let mut deleted = b.clone();
    deleted.reviews.clear();
    let m = merge(&b, &deleted, &theirs);
    assert!(m.conflicts.iter().all(MergeConflict::locked));
    assert_eq!(m.resolved().unwrap().reviews, theirs.reviews);
}

#[test]
fn a_decision_on_something_changed_since_is_locked() {
    let b = with_awaiting_review();
    let mut mine = b.clone();
    mine.reviews[0].sign_off = approved("Okafor");
    // They edited the review: the approval was of what it said before.
    let mut theirs = b.clone();
    theirs.reviews[0].summary = "More found".to_string();
    let m = merge(&b, &mine, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    let ConflictKind::Locked(why) = &m.conflicts[0].kind else {
        panic!("{:?}", m.conflicts)
    };
    assert!(why.contains("changed by someone else"), "{why}");
    assert_eq!(m.subject.reviews[0], theirs.reviews[0]);
    // Two supervisors deciding at once: the first decision stands.
    let mut returned = b.clone();
    returned.reviews[0].sign_off = SignOff {
        status: SignOffStatus::Returned,
        comment: "Redo".to_string(),
        ..approved("Adeyemi")
    };
    let m = merge(&b, &mine, &returned);
    let ConflictKind::Locked(why) = &m.conflicts[0].kind else {
        panic!("{:?}", m.conflicts)
    };
    assert!(why.contains("returned by DS Adeyemi"), "{why}");
    assert_eq!(m.resolved().unwrap().reviews, returned.reviews);
    // A decision while something else of the subject changed is fine.
    let mut other = b.clone();
    other.family_name = "Smyth".to_string();
    let m = merge(&b, &mine, &other);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.subject.reviews[0].sign_off, approved("Okafor"));
}

#[test]
fn an_assessment_decided_meanwhile_keeps_its_judgement_but_not_its_actions() {
    let mut b = base();
    let mut a = super::super::testkit::rated(1, d(2026, 6, 1), RiskLevel::High);
    a.tactical_options.push(TacticalOption {
        id: 1,
        option: "Marker".to_string(),
        owner: None,
        due: None,
        status: ActionStatus::Proposed,
    });
    b.assessments.push(a);
    let mut mine = b.clone();
    mine.assessments[0].tactical_options[0].status = ActionStatus::Done;
    let mut theirs = b.clone();
    theirs.assessments[0].sign_off = approved("Okafor");
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let s = m.resolved().unwrap();
    assert_eq!(
        s.assessments[0].tactical_options[0].status,
        ActionStatus::Done
    );
    assert_eq!(s.assessments[0].sign_off.status, SignOffStatus::Approved);
    // A change to the judgement is locked.
    let mut judged = b.clone();
    judged.assessments[0].rationale = "Lower".to_string();
    let m = merge(&b, &judged, &theirs);
    assert!(m.conflicts.iter().any(MergeConflict::locked));
    assert_eq!(m.resolved().unwrap().assessments[0], theirs.assessments[0]);
}

#[test]
fn a_change_to_a_plan_approved_meanwhile_awaits_sign_off_again() {
    let mut b = base();
    b.plan_sign_off = Some(SignOff::default());
    let mut mine = b.clone();
    mine.section2.vehicles[0].colour = "red".to_string();
    let mut theirs = b.clone();
    theirs.plan_sign_off = Some(approved("Okafor"));
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.notes.len(), 1, "{:?}", m.notes);
    let s = m.resolved().unwrap();
    assert_eq!(s.plan_sign_off, Some(SignOff::default()));
    assert_eq!(s.section2.vehicles[0].colour, "red");
    // Approving a plan that changed meanwhile is locked.
    let m = merge(&b, &theirs, &mine);
    assert!(m.conflicts.iter().all(MergeConflict::locked) && m.conflicts.len() == 1);
    assert_eq!(
        m.resolved().unwrap().plan_sign_off,
        Some(SignOff::default())
    );
}

#[test]
fn restricted_values_are_marked_by_the_redaction_not_the_path() {
    let mut b = base();
    b.protected_persons.push(ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "A. Victim".to_string(),
        relationship: "ex-partner".to_string(),
        by_proxy: false,
        address: Some("1 Secret Row".to_string()),
        notes: String::new(),
    });
    let (mut mine, mut theirs) = (b.clone(), b.clone());
    mine.protected_persons[0].address = Some("2 Secret Row".to_string());
    theirs.protected_persons[0].address = Some("3 Secret Row".to_string());
    mine.protected_persons[0].relationship = "former partner".to_string();
    theirs.protected_persons[0].relationship = "ex".to_string();
    let m = merge(&b, &mine, &theirs);
    let marks: Vec<(&str, bool)> = m
        .conflicts
        .iter()
        .map(|c| (c.label.as_str(), c.restricted))
        .collect();
    assert_eq!(
        marks,
        [
            ("Protected person A. Victim, address", true),
            ("Protected person A. Victim, relationship", false)
        ]
    );
}

#[test]
fn a_merge_that_breaks_a_rule_is_refused_when_resolved() {
    // Mine adds a safeguarding option for person 1; theirs deletes person 1.
    let mut b = base();
    b.protected_persons.push(ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "A. Victim".to_string(),
        relationship: String::new(),
        by_proxy: false,
        address: None,
        notes: String::new(),
    });
    let mut mine = b.clone();
    mine.section1.safeguarding.push(SafeguardingOption {
        id: 1,
        person: Some(1),
        option: "Alarm".to_string(),
        status: ActionStatus::Proposed,
        notes: String::new(),
    });
    let mut theirs = b.clone();
    theirs.protected_persons.clear();
    let m = merge(&b, &mine, &theirs);
    assert!(m.conflicts.is_empty());
    assert!(matches!(
        m.resolved(),
        Err(MergeError::Rule(RuleError::Invalid(_)))
    ));
}

// ---- Random edits on both sides. ----

/// One edit a user could make.
#[derive(Debug, Clone)]
enum Edit {
    Family(u8),
    Pnc(Option<u8>),
    Notes(u8),
    Rso(bool),
    Aliases(Vec<u8>),
    Colour(ItemId, u8),
    Make(ItemId, u8),
    Delete(ItemId),
    Add(u8),
}

fn word(n: u8) -> String {
    ["red", "blue", "green"][usize::from(n % 3)].to_string()
}

fn apply(s: &mut Subject, e: &Edit) {
    match e {
        Edit::Family(n) => s.family_name = format!("Smith-{}", word(*n)),
        Edit::Pnc(n) => s.pnc_id = n.map(word),
        Edit::Notes(n) => s.section2.notes = word(*n),
        Edit::Rso(b) => s.flags.rso = *b,
        Edit::Aliases(a) => s.aliases = a.iter().copied().map(word).collect(),
        Edit::Colour(id, n) => {
            if let Some(v) = s.section2.vehicles.iter_mut().find(|v| v.id == *id) {
                v.colour = word(*n);
            }
        }
        Edit::Make(id, n) => {
            if let Some(v) = s.section2.vehicles.iter_mut().find(|v| v.id == *id) {
                v.make = word(*n);
            }
        }
        Edit::Delete(id) => s.section2.vehicles.retain(|v| v.id != *id),
        Edit::Add(n) => {
            let id = next_id(s.section2.vehicles.iter().map(|v| v.id));
            s.section2
                .vehicles
                .push(vehicle(id, &format!("NEW {}", word(*n)), &word(*n)));
        }
    }
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    prop_oneof![
        (0..3u8).prop_map(Edit::Family),
        proptest::option::of(0..3u8).prop_map(Edit::Pnc),
        (0..3u8).prop_map(Edit::Notes),
        any::<bool>().prop_map(Edit::Rso),
        proptest::collection::vec(0..3u8, 0..3).prop_map(Edit::Aliases),
        (1..=3u32, 0..3u8).prop_map(|(i, n)| Edit::Colour(i, n)),
        (1..=3u32, 0..3u8).prop_map(|(i, n)| Edit::Make(i, n)),
        (1..=3u32).prop_map(Edit::Delete),
        (0..3u8).prop_map(Edit::Add),
    ]
}

fn random_base() -> Subject {
    let mut s = subject();
    s.section2.vehicles = (1..=3)
        .map(|i| vehicle(i, &format!("V{i}"), "white"))
        .collect();
    s
}

/// The plain fields the edits touch, as (history path, text of the value).
fn fields(s: &Subject) -> Vec<(String, String)> {
    let mut out = vec![
        ("family_name".to_string(), s.family_name.clone()),
        ("pnc_id".to_string(), format!("{:?}", s.pnc_id)),
        ("section2.notes".to_string(), s.section2.notes.clone()),
        ("flags.rso".to_string(), s.flags.rso.to_string()),
        ("aliases".to_string(), format!("{:?}", s.aliases)),
    ];
    for v in &s.section2.vehicles {
        let p = format!("section2.vehicles[id {}]", v.id);
        out.push((format!("{p}.colour"), v.colour.clone()));
        out.push((format!("{p}.make"), v.make.clone()));
    }
    out
}

fn value(s: &Subject, path: &str) -> Option<String> {
    fields(s)
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, v)| v)
}

/// Vehicles added on a side: those not in the base, without their ids.
fn added(base: &Subject, side: &Subject) -> Vec<Vehicle> {
    side.section2
        .vehicles
        .iter()
        .filter(|v| v.id > 3 || !base.section2.vehicles.iter().any(|b| b.id == v.id))
        .cloned()
        .collect()
}

fn same_content(a: &Vehicle, b: &Vehicle) -> bool {
    Vehicle { id: 0, ..a.clone() } == Vehicle { id: 0, ..b.clone() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_change_lands_where_the_rules_say(
        mine_edits in proptest::collection::vec(edit(), 0..6),
        their_edits in proptest::collection::vec(edit(), 0..6),
    ) {
        let b = random_base();
        let (mut mine, mut theirs) = (b.clone(), b.clone());
        mine_edits.iter().for_each(|e| apply(&mut mine, e));
        their_edits.iter().for_each(|e| apply(&mut theirs, e));
        let merged = merge3(&b, &mine, &theirs).unwrap();
        let conflict = |p: &str| merged.conflicts.iter().any(|c| c.path == p);
        prop_assert!(merged.conflicts.iter().all(|c| !c.locked()));

        // Fields of items every side still has, and the subject's own fields.
        for (path, bv) in fields(&b) {
            let (Some(mv), Some(tv)) = (value(&mine, &path), value(&theirs, &path)) else {
                continue;
            };
            let got = value(&merged.subject, &path);
            if mv == tv {
                prop_assert_eq!(got, Some(mv), "{} both same", path);
                prop_assert!(!conflict(&path));
            } else if mv == bv {
                prop_assert_eq!(got, Some(tv), "{} only theirs", path);
                prop_assert!(!conflict(&path));
            } else if tv == bv {
                prop_assert_eq!(got, Some(mv), "{} only mine", path);
                prop_assert!(!conflict(&path));
            } else {
                prop_assert!(conflict(&path), "{} both changed: {:?}", path, merged.conflicts);
                prop_assert_eq!(got, Some(tv), "{} theirs until chosen", path);
            }
        }
        // Base vehicles deleted on a side.
        for v in &b.section2.vehicles {
            let item = format!("section2.vehicles[id {}]", v.id);
            let find = |s: &Subject| s.section2.vehicles.iter().find(|x| x.id == v.id).cloned();
            let (m, t, r) = (find(&mine), find(&theirs), find(&merged.subject));
            match (&m, &t) {
                (None, None) => prop_assert!(r.is_none()),
                (None, Some(t)) if t == v => prop_assert!(r.is_none(), "{} deleted by mine", item),
                (Some(m), None) if m == v => prop_assert!(r.is_none(), "{} deleted by theirs", item),
                (None, Some(_)) | (Some(_), None) => {
                    prop_assert!(conflict(&item), "{} deleted and changed", item);
                    prop_assert_eq!(r, t, "{} theirs until chosen", item);
                }
                (Some(_), Some(_)) => prop_assert!(r.is_some()),
            }
        }
        // Every vehicle either side added is there: theirs with its id, mine perhaps renumbered.
        let result = &merged.subject.section2.vehicles;
        for t in added(&b, &theirs) {
            prop_assert!(result.contains(&t), "theirs' {:?} kept", t);
        }
        for m in added(&b, &mine) {
            prop_assert!(result.iter().any(|r| same_content(r, &m)), "mine's {:?} kept", m);
        }
        let ids: Vec<ItemId> = result.iter().map(|v| v.id).collect();
        prop_assert!(ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id)), "ids unique: {:?}", ids);

        // Choosing every conflict one way gives that side's value there.
        for side in [Side::Mine, Side::Theirs] {
            let mut m = merged.clone();
            for i in 0..m.conflicts.len() {
                m.choose(i, side).unwrap();
            }
            let s = m.resolved().unwrap();
            let want = if side == Side::Mine { &mine } else { &theirs };
            for c in &merged.conflicts {
                if c.path.ends_with(']') {
                    let id = c.path.trim_end_matches(']').rsplit(' ').next().and_then(|n| n.parse::<ItemId>().ok());
                    let has = |x: &Subject| x.section2.vehicles.iter().find(|v| Some(v.id) == id).cloned();
                    prop_assert_eq!(has(&s), has(want), "{} as {:?}", c.path, side);
                } else {
                    prop_assert_eq!(value(&s, &c.path), value(want, &c.path), "{} as {:?}", c.path, side);
                }
            }
        }
    }
}
