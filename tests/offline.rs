//! Offline review (issue 16): a working set checked out of the office store, worked on as a
//! store of its own, checked back in with the three-way field merge; every way a check-in must
//! be refused changes nothing in the office.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::cli::{demo_store, spmp_as, text};
use common::offline::{RITA, as_user, laptop, make, office, rows, today};
use common::store::tmp;
use spmp::domain::Side;
use spmp::ops::offline::check_in;
use spmp::store::testkit::edit;
use spmp::store::{Login, Store, testkit};

fn login(user: &str) -> Login {
    testkit::login(user)
}

#[test]
fn laptop_and_office_changes_meet_at_check_in_and_nothing_is_lost() {
    let (dir, office) = office();
    let ws_dir = dir.path().join("laptop");
    let mut rita = as_user(&office, RITA);
    let made = make(&mut rita, &[1, 2, 3], (today(), 7), &ws_dir).unwrap();
    assert_eq!(made.checkout.subjects.len(), 3);
    // The checkout is a disclosure to the laptop, one entry per subject.
    drop(rita);
    let admin = testkit::open(&office).unwrap();
    let log = admin.audit_log().unwrap();
    let disclosed: Vec<_> = log
        .iter()
        .filter(|e| {
            e.recipient
                .as_deref()
                .is_some_and(|r| r.contains(&made.checkout.id))
        })
        .collect();
    assert_eq!(disclosed.len(), 3, "{log:#?}");
    drop(admin);

    // Offline: the working set holds those three subjects only, and opens for rita only.
    let mut ws = laptop(&ws_dir, RITA);
    let mut ids: Vec<u64> = ws.load_all().unwrap().iter().map(|s| s.id).collect();
    ids.sort();
    assert_eq!(ids, [1, 2, 3]);
    assert!(Store::open_with(&ws_dir, &testkit::options(), &login("sam.supervisor")).is_err());
    edit(&mut ws, 1, |s| s.officer = Some("DC Laptop".into()));
    edit(&mut ws, 3, |s| {
        s.section1.narrative = "laptop's account".into()
    });
    drop(ws);

    // Meanwhile in the office: another field of subject 1, the same field of subject 3.
    let mut sam = as_user(&office, "sam.supervisor");
    edit(&mut sam, 1, |s| {
        s.section1.narrative = "office's account".into()
    });
    edit(&mut sam, 3, |s| {
        s.section1.narrative = "office's own words".into()
    });
    drop(sam);

    // A field both changed: listed, nothing written.
    let before = rows(&office);
    let mut rita = as_user(&office, RITA);
    let listed = check_in(&mut rita, &ws_dir, &login(RITA), None, &testkit::options()).unwrap();
    assert!(!listed.done);
    assert_eq!(listed.conflicts.len(), 1, "{:?}", listed.conflicts);
    assert_eq!(listed.conflicts[0].subject, 3);
    assert_eq!(listed.conflicts[0].conflict.mine, "laptop's account");
    assert_eq!(listed.conflicts[0].conflict.theirs, "office's own words");
    assert_eq!(rows(&office), before, "a listed check-in wrote nothing");

    // Keeping the laptop's value: both sides' other work stays.
    let keep_laptop = |store: &mut spmp::store::Store| {
        check_in(
            store,
            &ws_dir,
            &login(RITA),
            Some(Side::Mine),
            &testkit::options(),
        )
    };
    let done = keep_laptop(&mut rita).unwrap();
    assert!(done.done);
    assert_eq!(done.applied.len(), 2);
    let one = rita.load(1).unwrap().unwrap();
    assert_eq!(one.officer.as_deref(), Some("DC Laptop"));
    assert_eq!(one.section1.narrative, "office's account");
    let three = rita.load(3).unwrap().unwrap();
    assert_eq!(three.section1.narrative, "laptop's account");
    drop(rita);
    let admin = testkit::open(&office).unwrap();
    assert!(admin.verify_audit().unwrap().fault.is_none());
    let log = admin.audit_log().unwrap();
    assert!(
        log.iter()
            .any(|e| e.what.contains("offline") && e.what.contains(&made.checkout.id)),
        "the laptop's entries are in the office log"
    );
    drop(admin);

    // A working set checks in once.
    let before = rows(&office);
    let mut rita = as_user(&office, RITA);
    let again = keep_laptop(&mut rita).unwrap_err();
    assert!(again.to_string().contains("checked in already"), "{again}");
    drop(rita);
    assert_eq!(rows(&office), before);
}

#[test]
fn a_check_in_for_someone_else_from_another_store_revoked_tampered_or_expired_is_refused() {
    let (dir, office) = office();
    let out = |name: &str| dir.path().join(name);
    let mut rita = as_user(&office, RITA);
    let mut make =
        |name: &str, day: NaiveDate| make(&mut rita, &[2], (day, 7), &out(name)).unwrap();
    let kept = make("kept", today());
    let revoked = make("revoked", today());
    make("tampered", today());
    make("expired", today() - chrono::Days::new(30));
    make("crowded", today());
    drop(rita);
    let before = rows(&office);
    let refused = |user: &str, ws: &str, office: &Path| {
        let mut store = as_user(office, user);
        check_in(
            &mut store,
            &out(ws),
            &login(user),
            Some(Side::Mine),
            &testkit::options(),
        )
        .unwrap_err()
        .to_string()
    };

    // Someone else: it does not open for them.
    let e = refused("sam.supervisor", "kept", &office);
    assert!(e.contains("does not open for sam.supervisor"), "{e}");
    // Another store.
    let other = out("other-office");
    demo_store(&other);
    drop(testkit::open_as(&other, RITA, &[spmp::domain::Role::Reviewer]).unwrap());
    let e = refused(RITA, "kept", &other);
    assert!(e.contains("another store"), "{e}");
    // Revoked by a supervisor (a lost laptop); a reviewer may not revoke.
    let mut rita = as_user(&office, RITA);
    assert!(
        rita.set_checkout_state(
            &revoked.checkout.id,
            spmp::store::CheckoutState::Revoked,
            "x"
        )
        .is_err()
    );
    drop(rita);
    let mut sam = as_user(&office, "sam.supervisor");
    sam.set_checkout_state(
        &revoked.checkout.id,
        spmp::store::CheckoutState::Revoked,
        "Revoked: laptop lost",
    )
    .unwrap();
    drop(sam);
    let before_revoked = rows(&office);
    let e = refused(RITA, "revoked", &office);
    assert!(e.contains("revoked"), "{e}");
    assert_eq!(rows(&office), before_revoked);
    // Tampered: a record of the working set changed outside spmp.
    // (A working set is always a SQLite store on the laptop, whatever the office's is.)
    rusqlite::Connection::open(out("tampered").join(spmp::store::DB_FILE))
        .unwrap()
        .execute(
            "UPDATE subjects SET payload = x'0100deadbeef' WHERE id = 2",
            [],
        )
        .unwrap();
    let e = refused(RITA, "tampered", &office);
    assert!(
        e.contains("changed outside spmp") || e.contains("decrypt"),
        "{e}"
    );
    // An account added on the laptop (its entries could not be checked in the office).
    let mut ws = Store::open_with(&out("crowded"), &testkit::options(), &login(RITA)).unwrap();
    ws.add_user(
        "laptop.friend",
        &spmp::store::Passphrase::new("another long passphrase"),
        &[spmp::domain::Role::Reviewer],
    )
    .unwrap();
    drop(ws);
    let e = refused(RITA, "crowded", &office);
    assert!(
        e.contains("account added on the laptop (laptop.friend)"),
        "{e}"
    );
    // Expired: it no longer opens, and cannot be checked in.
    let e = Store::open_with(&out("expired"), &testkit::options(), &login(RITA)).unwrap_err();
    assert!(e.to_string().contains("expired"), "{e}");
    let e = refused(RITA, "expired", &office);
    assert!(e.contains("expired"), "{e}");
    // None of these changed the office beyond the revocation itself.
    let now = rows(&office);
    assert_eq!(now, before_revoked);
    assert_ne!(now, before);
    // The one left still checks in.
    let mut rita = as_user(&office, RITA);
    let done = check_in(
        &mut rita,
        &out("kept"),
        &login(RITA),
        None,
        &testkit::options(),
    )
    .unwrap();
    assert!(done.done);
    assert_eq!(done.applied.len(), 0);
    assert_eq!(kept.checkout.subjects.len(), 1);
}

#[test]
fn a_viewer_cannot_check_out_and_the_command_line_does_the_whole_round() {
    let (dir, office) = office();
    let mut vic = as_user(&office, "vic.viewer");
    let e = make(&mut vic, &[1], (today(), 7), &dir.path().join("v")).unwrap_err();
    assert!(
        e.to_string().contains("not permitted") || e.to_string().contains("may not"),
        "{e}"
    );
    assert!(!dir.path().join("v").exists());
    drop(vic);

    let ws = dir.path().join("laptop");
    let ws_arg = ws.to_str().unwrap();
    let out = spmp_as(
        RITA,
        &office,
        &["checkout", "make", "--subjects", "4,5", "--out", ws_arg],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Checked out 2 subject(s)"),
        "{}",
        text(&out)
    );
    let out = spmp_as(RITA, &office, &["checkout", "list"]);
    assert!(text(&out).contains("checked out"), "{}", text(&out));
    // Work on the laptop through the command line: the working set is a store.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(["--store", ws_arg, "queue"])
        .env("SPMP_USER", RITA)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .env_remove("SPMP_STORE")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_as(RITA, &office, &["checkin", ws_arg]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Checked in"), "{}", text(&out));
    let out = spmp_as(RITA, &office, &["checkin", ws_arg]);
    assert!(!out.status.success());
    assert!(text(&out).contains("checked in already"), "{}", text(&out));
    // By what is due rather than by id: the visit sheets' rule; an empty choice is refused.
    let due = dir.path().join("due");
    let out = spmp_as(
        RITA,
        &office,
        &[
            "checkout",
            "make",
            "--visits-due",
            "30",
            "--out",
            due.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Checked out "), "{}", text(&out));
    let out = spmp_as(
        RITA,
        &office,
        &[
            "checkout",
            "make",
            "--mine",
            "--out",
            dir.path().join("mine").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no subject has you as officer in charge"),
        "{}",
        text(&out)
    );
    assert!(!dir.path().join("mine").exists());
    // A supervisor revokes from the command line; a reviewer may not.
    let id = text(&spmp_as(RITA, &office, &["checkout", "list"]))
        .lines()
        .find(|l| l.contains("checked out"))
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap();
    let out = spmp_as(
        RITA,
        &office,
        &["checkout", "revoke", &id, "--reason", "lost"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    let out = spmp_as(
        "sam.supervisor",
        &office,
        &["checkout", "revoke", &id, "--reason", "lost"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_as(RITA, &office, &["checkin", due.to_str().unwrap()]);
    assert!(text(&out).contains("revoked"), "{}", text(&out));
}

#[test]
fn the_office_list_and_header_say_what_is_out_on_a_laptop() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(dir.path());
    let mut rita = as_user(dir.path(), RITA);
    let ws = tmp();
    make(&mut rita, &[1], (today(), 7), &ws.path().join("ws")).unwrap();
    drop(rita);
    let mut t =
        common::app::open_with_roles(dir, "sam.supervisor", &[spmp::domain::Role::Supervisor]);
    let said = t.app.main.checked_out.get(&1).cloned().unwrap_or_default();
    assert!(
        said.starts_with("checked out to rita.reviewer until "),
        "{said}"
    );
    assert_eq!(t.app.main.checked_out.len(), 1);
    // In whichever view lists subject 1, its row says so.
    let one = t.app.store.load(1).unwrap().unwrap().display_name();
    let mut seen = false;
    for _ in 0..4 {
        let screen = common::app::render(&mut t.app, 120, 40);
        if let Some(row) = screen.lines().find(|l| l.contains(&one)) {
            assert!(row.contains(&format!("[out] {one}")), "{row}");
            assert_eq!(screen.matches("[out]").count(), 1, "{screen}");
            seen = true;
            break;
        }
        common::app::keys(&mut t.app, "v");
    }
    assert!(seen, "subject 1 ({one}) is in a view");
}

#[test]
fn what_is_done_only_in_the_office_is_refused_whole_and_changes_nothing() {
    use spmp::domain::Decision;
    let (dir, office) = office();
    let policy = spmp::config::default_policy();
    // A subject with something awaiting the tester's sign-off (the tester is a supervisor).
    let admin = testkit::open(&office).unwrap();
    let (waiting, target) = admin
        .load_all()
        .unwrap()
        .iter()
        .find_map(|s| {
            spmp::ops::sign_off::waiting(&admin, s)
                .ok()?
                .first()
                .map(|(t, _)| (s.id, *t))
        })
        .expect("the demo has work awaiting sign-off");
    let other = if waiting == 1 { 2 } else { 1 };
    drop(admin);
    let tester = testkit::TESTER;
    let mut office_store = testkit::open(&office).unwrap();
    for name in ["decided", "deleted", "gone"] {
        make(
            &mut office_store,
            &[waiting, other],
            (today(), 7),
            &dir.path().join(name),
        )
        .unwrap();
    }
    drop(office_store);
    let ws = |name: &str| {
        Store::open_with(&dir.path().join(name), &testkit::options(), &login(tester)).unwrap()
    };
    // A decision made on the laptop, beside an ordinary edit (the user, administrator of their
    // working set, first gives themselves a rank there).
    let mut w = ws("decided");
    edit(&mut w, other, |s| s.officer = Some("DC Laptop".into()));
    w.set_officer(
        tester,
        &testkit::officer_for(tester, &[spmp::domain::Role::Supervisor]),
    )
    .unwrap();
    drop(w);
    let mut w = ws("decided");
    spmp::ops::sign_off::decide_now(
        &mut w,
        &policy,
        waiting,
        target,
        Decision::Approve,
        chrono::Local::now().naive_local(),
    )
    .unwrap();
    drop(w);
    // A subject deleted on the laptop (it was "created" there at the checkout).
    let mut w = ws("deleted");
    edit(&mut w, other, |s| s.officer = Some("DC Laptop".into()));
    w.delete_subject(waiting, "created in error").unwrap();
    drop(w);
    // A subject merged away in the office meanwhile.
    let mut w = ws("gone");
    edit(&mut w, waiting, |s| s.officer = Some("DC Laptop".into()));
    edit(&mut w, other, |s| s.officer = Some("DC Laptop".into()));
    drop(w);

    let before = rows(&office);
    let refused = |name: &str| {
        let mut store = testkit::open(&office).unwrap();
        check_in(
            &mut store,
            &dir.path().join(name),
            &login(tester),
            Some(Side::Mine),
            &testkit::options(),
        )
        .unwrap_err()
        .to_string()
    };
    let e = refused("decided");
    assert!(e.contains("decided on the laptop"), "{e}");
    let e = refused("deleted");
    assert!(e.contains("added, deleted, archived or merged"), "{e}");
    assert_eq!(rows(&office), before, "nothing of either was written");
    let mut admin = testkit::open(&office).unwrap();
    admin
        .merge_subjects(other, waiting, "the same person")
        .unwrap();
    drop(admin);
    let before = rows(&office);
    let e = refused("gone");
    assert!(e.contains("no longer in this store"), "{e}");
    assert_eq!(
        rows(&office),
        before,
        "the other subject's edit was not written either"
    );
}

/// A check-in is bound to the audit log as well as to the checkout's sealed record: with the
/// record put back as it was before the check-in (an older copy of that `meta` row, as a DBA
/// or a restored file could), a second check-in is still refused and writes nothing.
#[test]
fn a_checkout_record_rolled_back_does_not_open_a_second_check_in() {
    let (dir, office) = office();
    let ws_dir = dir.path().join("laptop");
    let mut rita = as_user(&office, RITA);
    let made = make(&mut rita, &[5], (today(), 7), &ws_dir).unwrap();
    // The checkout's record kept aside as it is now, and put back later, by raw SQL.
    let keep = |id: &str| {
        let mut raw = common::raw::Raw::open(&office);
        raw.execute("DELETE FROM meta WHERE key = 'kept'", &[]);
        raw.execute(
            &format!(
                "INSERT INTO meta (key, value) SELECT 'kept', value FROM meta \
                 WHERE key = 'checkout/{id}'"
            ),
            &[],
        );
    };
    let put_back = |id: &str| {
        common::raw::Raw::open(&office).execute(
            &format!(
                "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'kept') \
                 WHERE key = 'checkout/{id}'"
            ),
            &[],
        );
    };
    keep(&made.checkout.id);
    let mut ws = laptop(&ws_dir, RITA);
    edit(&mut ws, 5, |s| {
        s.section1.narrative = "from the laptop".into()
    });
    drop(ws);
    check_in(&mut rita, &ws_dir, &login(RITA), None, &testkit::options()).unwrap();

    put_back(&made.checkout.id);
    let before = rows(&office);
    let e = check_in(&mut rita, &ws_dir, &login(RITA), None, &testkit::options()).unwrap_err();
    assert!(e.to_string().contains("audit log records"), "{e}");
    assert_eq!(rows(&office), before);

    // The same for a revoked one (a lost laptop) whose record is put back as open.
    let lost = dir.path().join("lost");
    let made = make(&mut rita, &[6], (today(), 7), &lost).unwrap();
    keep(&made.checkout.id);
    let mut sam = as_user(&office, "sam.supervisor");
    spmp::ops::offline::revoke(&mut sam, &made.checkout.id, "laptop lost").unwrap();
    drop(sam);
    put_back(&made.checkout.id);
    let before = rows(&office);
    let e = check_in(&mut rita, &lost, &login(RITA), None, &testkit::options()).unwrap_err();
    assert!(e.to_string().contains("audit log records"), "{e}");
    assert_eq!(rows(&office), before);
}

/// The issue's own walk-through, on the command line: check out; on the laptop a review, a
/// breach and an edited vehicle; in the office the same vehicle's colour and other fields
/// changed; check-in lists the one field both changed and writes nothing, then keeps the
/// laptop's value with everything else of both sides; the office's audit log verifies.
#[test]
fn a_review_a_breach_and_a_vehicle_edited_offline_meet_the_offices_edits() {
    let (dir, office) = office();
    let ws = dir.path().join("laptop");
    let ws_arg = ws.to_str().unwrap();
    let out = spmp_as(
        RITA,
        &office,
        &["checkout", "make", "--subjects", "5", "--out", ws_arg],
    );
    assert!(out.status.success(), "{}", text(&out));

    // On the laptop: the command line on the working set, and a review recorded there.
    let on_laptop = |args: &[&str]| {
        let out = common::cli::spmp_at(RITA, &ws, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    };
    let five = as_user(&office, RITA).load(5).unwrap().unwrap();
    let (order, condition) = (five.orders[0].id, five.orders[0].conditions[0].id);
    let set = |kv: &str| kv.to_string();
    let breach = [
        set("date=22/11/2026"),
        set("time=21:15"),
        format!("order={order}"),
        format!("conditions={order}.{condition}"),
        set("source=Victim report"),
        set("description=Seen at the victim's gym (fictional)"),
    ];
    let mut args = vec!["item", "add", "--subject", "5", "--kind", "breach"];
    for kv in &breach {
        args.extend(["--set", kv.as_str()]);
    }
    on_laptop(&args);
    on_laptop(&[
        "item",
        "edit",
        "--subject",
        "5",
        "--kind",
        "vehicle",
        "--id",
        "1",
        "--set",
        "colour=Silver (laptop)",
    ]);
    let mut laptop = laptop(&ws, RITA);
    edit(&mut laptop, 5, |s| {
        s.reviews.push(spmp::domain::Review {
            id: 900,
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            reviewer: RITA.to_string(),
            outcomes: Vec::new(),
            notifications_note: String::new(),
            visit: None,
            risk_reassessed: false,
            next_review: NaiveDate::from_ymd_opt(2026, 12, 22).unwrap(),
            summary: "Reviewed at the visit (fictional)".to_string(),
            sign_off: Default::default(),
            late_reason: String::new(),
            supersedes: None,
        })
    });
    drop(laptop);

    // In the office meanwhile: the same vehicle's colour and make, the other vehicle.
    for (id, kv) in [
        ("1", "colour=Black (office)"),
        ("1", "make=Skoda"),
        ("2", "markers=Roof box"),
    ] {
        let out = spmp_as(
            "sam.supervisor",
            &office,
            &[
                "item",
                "edit",
                "--subject",
                "5",
                "--kind",
                "vehicle",
                "--id",
                id,
                "--set",
                kv,
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
    }

    let before = rows(&office);
    let out = spmp_as(RITA, &office, &["checkin", ws_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("1 field(s) were changed both"), "{said}");
    assert!(
        said.contains("Silver (laptop)") && said.contains("Black (office)"),
        "{said}"
    );
    assert_eq!(
        rows(&office),
        before,
        "nothing written while a conflict is open"
    );

    let out = spmp_as(RITA, &office, &["checkin", ws_arg, "--keep", "laptop"]);
    assert!(out.status.success(), "{}", text(&out));
    let now = as_user(&office, RITA).load(5).unwrap().unwrap();
    let v1 = &now.section2.vehicles[0];
    assert_eq!(
        (v1.colour.as_str(), v1.make.as_str()),
        ("Silver (laptop)", "Skoda")
    );
    assert_eq!(now.section2.vehicles[1].markers, "Roof box");
    assert!(
        now.breaches
            .iter()
            .any(|b| b.description.contains("victim's gym"))
    );
    assert!(
        now.reviews
            .iter()
            .any(|r| r.summary.contains("at the visit"))
    );
    let out = spmp_as("sam.supervisor", &office, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}
