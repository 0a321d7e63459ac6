//! No lost update, at the application layer: two users on one real store edit the same subject
//! in every combination, and nothing either of them saved is reverted. A save that meets a
//! newer version is merged field by field (`ops::merge`); the same field changed by both is
//! returned as a conflict to choose, and nothing is written until chosen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use spmp::domain::*;
use spmp::ops::{self, OpsError, Saved};
use spmp::store::{Store, testkit};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn vehicle(id: ItemId, vrm: &str) -> Vehicle {
    Vehicle {
        id,
        vrm: vrm.to_string(),
        make: "Ford".to_string(),
        model: "Fiesta".to_string(),
        colour: "white".to_string(),
        markers: String::new(),
    }
}

/// A subject with an SPO (one condition), two vehicles and an assessment awaiting sign-off.
fn seed() -> Subject {
    let mut s = Subject::new(0, "Doe", "Jane", d(2026, 1, 10));
    s.orders.push(Order {
        refused: None,
        id: 1,
        kind: OrderKind::Spo,
        court: "Leeds Magistrates' Court".to_string(),
        reference: Some("CRT/1".to_string()),
        applied: None,
        made: Some(d(2026, 1, 10)),
        served: None,
        end: OrderEnd::UntilFurtherOrder,
        discharged: None,
        variations: Vec::new(),
        conditions: vec![Condition {
            id: 1,
            kind: ConditionKind::Prohibition,
            category: "contact".to_string(),
            text: "No contact with the victim.".to_string(),
            area: None,
            starts: None,
            ends: None,
            check_method: String::new(),
        }],
        notifications: Vec::new(),
    });
    s.section2.vehicles = vec![vehicle(1, "AB12 CDE"), vehicle(2, "XY34 ZZZ")];
    s.assessments.push(RiskAssessment {
        id: 1,
        date: d(2026, 11, 1),
        assessor: "DS Khan".to_string(),
        harm: String::new(),
        ratings: vec![GroupRating {
            group: RiskGroup::NamedVictim,
            level: RiskLevel::High,
        }],
        risk_factors: Vec::new(),
        protective_factors: Vec::new(),
        rationale: "Fixated".to_string(),
        tactical_options: Vec::new(),
        sign_off: SignOff::default(),
        supersedes: None,
        breach_rationale: String::new(),
    });
    s
}

/// A store holding [`seed`], and two users on it: a reviewer (A) and a supervisor (B).
struct Two {
    _dir: tempfile::TempDir,
    a: Store,
    b: Store,
    id: SubjectId,
}

fn two() -> Two {
    let dir = tempfile::tempdir().unwrap();
    let mut admin = testkit::open(dir.path()).unwrap();
    let mut s = seed();
    admin.insert_new(&mut s, "Created the subject").unwrap();
    drop(admin);
    let a = testkit::open_as(dir.path(), "dc.adams", &[Role::Reviewer]).unwrap();
    let b = testkit::open_as(dir.path(), "ds.baker", &[Role::Supervisor]).unwrap();
    Two {
        _dir: dir,
        a,
        b,
        id: s.id,
    }
}

/// A form opened on the subject as stored now.
struct Form {
    base: Subject,
    version: u64,
    target: Target,
    keys: Vec<String>,
    values: Vec<String>,
}

fn open(store: &Store, id: SubjectId, target: Target) -> Form {
    let (base, version) = ops::item::load(store, id).unwrap();
    let form = ops::item::form(Some(&base), target, &Default::default(), today()).unwrap();
    Form {
        base,
        version,
        target,
        keys: form.fields.iter().map(|f| f.key.to_string()).collect(),
        values: form.values,
    }
}

impl Form {
    fn set(mut self, key: &str, value: &str) -> Self {
        let i = self
            .keys
            .iter()
            .position(|k| k == key)
            .unwrap_or_else(|| panic!("no field {key}"));
        self.values[i] = value.to_string();
        self
    }

    fn save(&self, store: &mut Store) -> Result<Saved, OpsError> {
        ops::item::save(
            store,
            &Policy::default(),
            today(),
            ops::item::SaveItem {
                base: &self.base,
                version: self.version,
                target: self.target,
                values: &self.values,
            },
        )
    }
}

fn vehicle_form(store: &Store, id: SubjectId, v: ItemId) -> Form {
    open(store, id, Target::existing(ItemKind::Vehicle, v, None))
}

fn stored(store: &Store, id: SubjectId) -> (Subject, u64) {
    store.load_versioned(id).unwrap().unwrap()
}

fn car(s: &Subject, id: ItemId) -> Option<&Vehicle> {
    s.section2.vehicles.iter().find(|v| v.id == id)
}

fn conflicts(r: Result<Saved, OpsError>) -> Box<ops::merge::Conflicts> {
    match r {
        Err(OpsError::Merge(c)) => c,
        other => panic!("expected conflicts, got {other:?}"),
    }
}

#[test]
fn the_same_item_different_fields_keeps_both() {
    let mut t = two();
    let a = vehicle_form(&t.a, t.id, 1).set("colour", "red");
    vehicle_form(&t.b, t.id, 1)
        .set("make", "Vauxhall")
        .save(&mut t.b)
        .unwrap();
    let saved = a.save(&mut t.a).unwrap();
    let note = &saved.merged.as_ref().expect("merged").note;
    assert!(note.contains("kept 1 change made by ds.baker"), "{note}");
    let (s, version) = stored(&t.a, t.id);
    assert_eq!(version, saved.version);
    let v = car(&s, 1).unwrap();
    assert_eq!((v.colour.as_str(), v.make.as_str()), ("red", "Vauxhall"));
    // The bug this fixes: saving again must not write the whole form back over B's change.
    assert_eq!(s, saved.subject);
}

#[test]
fn the_same_field_is_a_conflict_and_nothing_is_written_until_chosen() {
    for side in [Side::Mine, Side::Theirs] {
        let mut t = two();
        let a = vehicle_form(&t.a, t.id, 1)
            .set("colour", "red")
            .set("model", "Focus");
        vehicle_form(&t.b, t.id, 1)
            .set("colour", "blue")
            .save(&mut t.b)
            .unwrap();
        let (before, version) = stored(&t.a, t.id);
        let mut c = conflicts(a.save(&mut t.a));
        assert_eq!(stored(&t.a, t.id), (before, version), "nothing written");
        assert_eq!(c.merged.conflicts.len(), 1);
        let x = &c.merged.conflicts[0];
        assert_eq!(x.label, "Vehicle AB12 CDE, colour");
        assert_eq!(
            (x.base.as_str(), x.mine.as_str(), x.theirs.as_str()),
            ("white", "red", "blue")
        );
        assert!(c.by[0].starts_with("ds.baker at "), "{:?}", c.by);
        assert_eq!(c.version, version);
        // Saving without choosing is refused.
        assert!(ops::merge::save_resolved(&mut t.a, &c).is_err());
        c.merged.choose(0, side).unwrap();
        let saved = ops::merge::save_resolved(&mut t.a, &c).unwrap();
        let (s, _) = stored(&t.a, t.id);
        let v = car(&s, 1).unwrap();
        let want = if side == Side::Mine { "red" } else { "blue" };
        assert_eq!(v.colour, want);
        assert_eq!(v.model, "Focus", "A's other field is applied either way");
        // Undoing A's resolved save goes back to B's version, not to where A began.
        let mut session = ops::undo::Session::default();
        session.record(&a.base, a.version, &saved);
        ops::undo::undo(&mut t.a, &mut session).unwrap();
        let (s, _) = stored(&t.a, t.id);
        assert_eq!(car(&s, 1).unwrap().colour, "blue");
        assert_eq!(car(&s, 1).unwrap().model, "Fiesta");
    }
}

#[test]
fn one_edits_while_the_other_adds_and_deletes_items() {
    let mut t = two();
    let a = vehicle_form(&t.a, t.id, 1).set("colour", "red");
    // B adds a device and deletes vehicle 2.
    open(&t.b, t.id, Target::new_item(ItemKind::Device, None))
        .set("device_type", "Phone")
        .set("make_model", "Acme X")
        .save(&mut t.b)
        .unwrap();
    let (base, version) = stored(&t.b, t.id);
    ops::item::delete(
        &mut t.b,
        &base,
        version,
        &Target::existing(ItemKind::Vehicle, 2, None),
    )
    .unwrap();
    a.save(&mut t.a).unwrap();
    let (s, _) = stored(&t.a, t.id);
    assert_eq!(car(&s, 1).unwrap().colour, "red");
    assert!(car(&s, 2).is_none(), "B's deletion stands");
    assert_eq!(s.section2.devices.len(), 1, "B's device stands");
}

#[test]
fn an_edit_of_an_item_deleted_meanwhile_is_a_conflict_both_ways() {
    // A edits vehicle 1; B deletes it first.
    let mut t = two();
    let a = vehicle_form(&t.a, t.id, 1).set("colour", "red");
    let (base, version) = stored(&t.b, t.id);
    let gone = Target::existing(ItemKind::Vehicle, 1, None);
    ops::item::delete(&mut t.b, &base, version, &gone).unwrap();
    let mut c = conflicts(a.save(&mut t.a));
    assert_eq!(c.merged.conflicts[0].kind, ConflictKind::DeletedByThem);
    assert_eq!(c.merged.conflicts[0].label, "Vehicle AB12 CDE");
    c.merged.choose(0, Side::Mine).unwrap();
    ops::merge::save_resolved(&mut t.a, &c).unwrap();
    assert_eq!(car(&stored(&t.a, t.id).0, 1).unwrap().colour, "red");

    // A deletes vehicle 2 on a stale base; B changed it first.
    let mut t = two();
    let (stale, version) = stored(&t.a, t.id);
    vehicle_form(&t.b, t.id, 2)
        .set("markers", "ANPR")
        .save(&mut t.b)
        .unwrap();
    let gone = Target::existing(ItemKind::Vehicle, 2, None);
    let mut c = conflicts(ops::item::delete(&mut t.a, &stale, version, &gone));
    assert_eq!(c.merged.conflicts[0].kind, ConflictKind::DeletedByMe);
    c.merged.choose(0, Side::Theirs).unwrap();
    ops::merge::save_resolved(&mut t.a, &c).unwrap();
    assert_eq!(car(&stored(&t.a, t.id).0, 2).unwrap().markers, "ANPR");
}

#[test]
fn both_add_an_item_of_the_same_kind_and_both_are_kept() {
    let mut t = two();
    let a = open(&t.a, t.id, Target::new_item(ItemKind::Vehicle, None)).set("vrm", "AA11 AAA");
    open(&t.b, t.id, Target::new_item(ItemKind::Vehicle, None))
        .set("vrm", "BB22 BBB")
        .save(&mut t.b)
        .unwrap();
    let saved = a.save(&mut t.a).unwrap();
    assert!(
        saved.merged.as_ref().unwrap().note.contains("both added"),
        "{:?}",
        saved.merged
    );
    let (s, _) = stored(&t.a, t.id);
    let vrms: Vec<(ItemId, &str)> = s
        .section2
        .vehicles
        .iter()
        .map(|v| (v.id, v.vrm.as_str()))
        .collect();
    assert_eq!(
        vrms,
        [
            (1, "AB12 CDE"),
            (2, "XY34 ZZZ"),
            (3, "BB22 BBB"),
            (4, "AA11 AAA")
        ]
    );
}

fn breach_form(store: &Store, id: SubjectId, description: &str) -> Form {
    open(store, id, Target::new_item(ItemKind::Breach, None))
        .set("date", "20/11/2026")
        .set("time", "21:40")
        .set("description", description)
}

#[test]
fn one_edits_identity_while_the_other_records_a_breach() {
    for a_first in [false, true] {
        let mut t = two();
        let a = open(&t.a, t.id, Target::existing(ItemKind::Subject, 0, None))
            .set("family_name", "Doe-Smith")
            .set("pnc_id", "26/123456X");
        let b = breach_form(&t.b, t.id, "Seen outside the victim's home");
        if a_first {
            a.save(&mut t.a).unwrap();
            b.save(&mut t.b).unwrap();
        } else {
            b.save(&mut t.b).unwrap();
            a.save(&mut t.a).unwrap();
        }
        let (s, _) = stored(&t.a, t.id);
        assert_eq!(s.family_name, "Doe-Smith");
        assert_eq!(s.pnc_id.as_deref(), Some("26/123456X"));
        assert_eq!(s.breaches.len(), 1);
        assert_eq!(
            s.reassessment_due,
            Some(d(2026, 11, 20)),
            "the breach rule stands"
        );
        assert!(s.next_review.is_some());
    }
}

#[test]
fn both_record_breaches_and_the_earlier_review_date_is_kept() {
    let mut t = two();
    let a = breach_form(&t.a, t.id, "A's breach").set("date", "18/11/2026");
    breach_form(&t.b, t.id, "B's breach")
        .save(&mut t.b)
        .unwrap();
    let saved = a.save(&mut t.a).unwrap();
    let (s, _) = stored(&t.a, t.id);
    let mut got: Vec<(ItemId, &str)> = s
        .breaches
        .iter()
        .map(|b| (b.id, b.description.as_str()))
        .collect();
    got.sort();
    assert_eq!(got, [(1, "B's breach"), (2, "A's breach")]);
    assert_eq!(
        s.reassessment_due,
        Some(d(2026, 11, 18)),
        "the earlier breach"
    );
    assert_eq!(saved.subject, s);
}

fn assessment_form(store: &Store, id: SubjectId) -> Form {
    open(store, id, Target::existing(ItemKind::Assessment, 1, None))
}

fn approve(store: &mut Store, base: &Subject, version: u64) -> Result<Saved, OpsError> {
    ops::sign_off::decide(
        store,
        &Policy::default(),
        ops::sign_off::Decide {
            base,
            version,
            target: SignTarget::Assessment(1),
            decision: Decision::Approve,
            at: today().and_hms_opt(14, 2, 0).unwrap(),
        },
    )
}

#[test]
fn an_edit_of_an_assessment_approved_meanwhile_is_refused_and_the_approval_stands() {
    let mut t = two();
    let a = assessment_form(&t.a, t.id).set("rationale", "Escalating");
    let (base, version) = stored(&t.b, t.id);
    approve(&mut t.b, &base, version).unwrap();
    let e = a.save(&mut t.a).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("approved by") && text.contains("final"),
        "{text}"
    );
    let (s, _) = stored(&t.a, t.id);
    assert_eq!(s.assessments[0].sign_off.status, SignOffStatus::Approved);
    assert_eq!(s.assessments[0].rationale, "Fixated");
}

#[test]
fn approving_an_assessment_changed_meanwhile_is_refused() {
    let mut t = two();
    let (stale, version) = stored(&t.b, t.id);
    assessment_form(&t.a, t.id)
        .set("rationale", "Escalating")
        .save(&mut t.a)
        .unwrap();
    let e = approve(&mut t.b, &stale, version).unwrap_err();
    assert!(
        e.to_string().contains("check it again before deciding"),
        "{e}"
    );
    let (s, _) = stored(&t.a, t.id);
    assert_eq!(s.assessments[0].sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(s.assessments[0].rationale, "Escalating");
    // An approval while only something else changed is merged.
    let (stale, version) = stored(&t.b, t.id);
    vehicle_form(&t.a, t.id, 1)
        .set("colour", "red")
        .save(&mut t.a)
        .unwrap();
    approve(&mut t.b, &stale, version).unwrap();
    let (s, _) = stored(&t.a, t.id);
    assert_eq!(s.assessments[0].sign_off.status, SignOffStatus::Approved);
    assert_eq!(car(&s, 1).unwrap().colour, "red");
}

#[test]
fn three_saves_in_a_row_are_all_kept() {
    // A and B both have forms open while a third user saves twice.
    let mut t = two();
    let dir = t._dir.path().to_path_buf();
    let mut c = testkit::open_as(&dir, "pc.cole", &[Role::Reviewer]).unwrap();
    let a = vehicle_form(&t.a, t.id, 1).set("colour", "red");
    let b = vehicle_form(&t.b, t.id, 2).set("colour", "green");
    vehicle_form(&c, t.id, 1)
        .set("markers", "PNC")
        .save(&mut c)
        .unwrap();
    open(&c, t.id, Target::existing(ItemKind::Subject, 0, None))
        .set("given_names", "Janet")
        .save(&mut c)
        .unwrap();
    b.save(&mut t.b).unwrap();
    let saved = a.save(&mut t.a).unwrap();
    let note = &saved.merged.as_ref().unwrap().note;
    assert!(note.contains("pc.cole and ds.baker"), "{note}");
    let (s, _) = stored(&t.a, t.id);
    assert_eq!(car(&s, 1).unwrap().colour, "red");
    assert_eq!(car(&s, 1).unwrap().markers, "PNC");
    assert_eq!(car(&s, 2).unwrap().colour, "green");
    assert_eq!(s.given_names, "Janet");
}

/// A review of the subject as stored now by `officer`, every condition complied, with a visit
/// at `time`, driven through the wizard to its last step (not yet recorded).
fn review_by(store: &Store, id: SubjectId, officer: &str, time: &str) -> ops::review::Started {
    let loaded = ops::item::load(store, id).unwrap();
    let mut started = ops::review::start(store, &Policy::default(), today(), loaded, 0, Vec::new());
    let w = &mut started.wizard;
    loop {
        let values: Option<Vec<&str>> = match w.step().kind {
            spmp::edit::review::StepKind::Condition { .. } => Some(vec!["Complied", ""]),
            spmp::edit::review::StepKind::Visit => Some(vec![
                "visit",
                "23/11/2026",
                time,
                officer,
                "seen",
                "Seen at home",
            ]),
            _ => None,
        };
        if let Some(v) = values {
            w.set_values(v.into_iter().map(String::from).collect())
                .unwrap();
        }
        if !w.next() {
            break;
        }
    }
    started
}

#[test]
fn both_record_a_review_with_a_visit_and_each_review_keeps_its_own_visit() {
    let mut t = two();
    let a = review_by(&t.a, t.id, "PC Adams", "10:00");
    let b = review_by(&t.b, t.id, "PC Baker", "15:30");
    ops::review::record(&mut t.b, today(), &b.base, b.version, &b.wizard).unwrap();
    // Meanwhile B also edits a vehicle.
    vehicle_form(&t.b, t.id, 1)
        .set("colour", "blue")
        .save(&mut t.b)
        .unwrap();
    let recorded = ops::review::record(&mut t.a, today(), &a.base, a.version, &a.wizard).unwrap();
    assert!(recorded.saved.merged.is_some());
    let (s, _) = stored(&t.a, t.id);
    assert_eq!(s.reviews.len(), 2, "{:?}", s.reviews);
    assert_eq!(s.visits.len(), 2);
    for (reviewer, officer) in [("dc.adams", "PC Adams"), ("ds.baker", "PC Baker")] {
        let r = s.reviews.iter().find(|r| r.reviewer.contains(reviewer));
        let r = r.unwrap_or_else(|| panic!("{reviewer}'s review: {:?}", s.reviews));
        let v = s.visits.iter().find(|v| Some(v.id) == r.visit).unwrap();
        assert_eq!(
            v.officer, officer,
            "{reviewer}'s review names their own visit"
        );
    }
    assert_eq!(car(&s, 1).unwrap().colour, "blue");
}
