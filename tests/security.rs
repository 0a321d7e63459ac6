//! Security requirements (issue 5) on real stores in temporary directories: the role matrix,
//! logins and passphrases, no plaintext on disk, the tamper-evident audit log, consultation and
//! disclosure records, and the `spmp user` / `spmp audit` / `spmp export` commands (the real
//! binary). Stores made here use the cheap test key derivation (`testkit::options()`), except
//! those the binary creates itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use common::store::{full_subject, legacy_store, open_existing, tmp};
use rusqlite::Connection;
use spmp::domain::Subject;
use spmp::domain::{Permission, RESTRICTED, Role};
use spmp::store::{
    AuditKind, Commit, DB_FILE, Login, Passphrase, Store, StoreError, StoreStatus, testkit,
};

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).expect("raw connection")
}

/// Every row of every table, as text: what "nothing changed" is judged on (the SQLite file's
/// rows, or the server database's).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    common::raw::snapshot(dir)
}

fn audit_count(dir: &Path) -> i64 {
    common::raw::count(dir, "SELECT count(*) FROM audit")
}

fn login(user: &str, passphrase: &str) -> Login {
    Login::new(user, passphrase)
}

fn open_login(dir: &Path, user: &str, passphrase: &str) -> Result<Store, StoreError> {
    Store::open_with(
        &testkit::place(dir),
        &testkit::options(),
        &login(user, passphrase),
    )
}

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text)
}

// ---------------------------------------------------------------------------------------------
// Role matrix
// ---------------------------------------------------------------------------------------------

type Action = fn(&mut Store) -> Result<(), StoreError>;

/// Every store operation, the permission it needs, and whether it writes when allowed.
/// `s` with every review and assessment back to awaiting sign-off (what any editor may write).
fn awaiting(mut s: spmp::domain::Subject) -> spmp::domain::Subject {
    for r in &mut s.reviews {
        r.sign_off = Default::default();
    }
    for a in &mut s.assessments {
        a.sign_off = Default::default();
    }
    s
}

fn actions() -> Vec<(&'static str, Permission, bool, Action)> {
    use Permission as P;
    vec![
        ("load_all", P::View, false, |s| s.load_all().map(drop)),
        ("load", P::View, false, |s| s.load(1).map(drop)),
        ("history", P::View, false, |s| s.history(1).map(drop)),
        ("verify", P::View, false, |s| s.verify().map(drop)),
        ("record_consultation", P::View, true, |s| {
            s.record_consultation(1, "matrix check")
        }),
        ("save", P::Edit, true, |s| {
            s.save(&full_subject(1, "saved in the matrix"), "matrix save")
        }),
        ("save_all", P::Edit, true, |s| {
            s.save_all(&[awaiting(full_subject(7, "seven"))], "matrix save_all")
        }),
        // A record whose reviews and assessments carry decided sign-offs: a supervisor's.
        ("save_all with decided sign-offs", P::SignOff, true, |s| {
            s.save_all(&[full_subject(8, "eight")], "matrix import")
        }),
        ("commit", P::Edit, true, |s| {
            let v = s.version(1)?;
            s.commit(&Commit {
                subject: &full_subject(1, "committed in the matrix"),
                expected_version: v,
                summary: "matrix commit",
            })
            .map(drop)
        }),
        ("insert_new", P::Edit, true, |s| {
            s.insert_new(&mut awaiting(full_subject(0, "new")), "matrix insert")
                .map(drop)
        }),
        ("put_draft", P::Edit, true, |s| {
            s.put_draft(&spmp::domain::DraftKey::Review { subject: 1 }, b"typed")
        }),
        ("record_disclosure", P::Disclose, true, |s| {
            s.record_disclosure(Some(1), "Exported the plan", "Testford IDVA", "safety plan")
        }),
        ("verify_audit", P::ViewAudit, false, |s| {
            s.verify_audit().map(drop)
        }),
        ("audit_log", P::ViewAudit, false, |s| {
            s.audit_log().map(drop)
        }),
        ("audit_trail", P::ViewAudit, false, |s| {
            s.audit_trail(1).map(drop)
        }),
        ("users", P::ManageUsers, false, |s| s.users().map(drop)),
        ("add_user", P::ManageUsers, true, |s| {
            s.add_user("added.user", &pass(testkit::PASSPHRASE), &[Role::Viewer])
        }),
        (
            "set_passphrase of another user",
            P::ManageUsers,
            true,
            |s| s.set_passphrase("other.user", &pass("another passphrase 567")),
        ),
        ("disable_user", P::ManageUsers, true, |s| {
            s.disable_user("victim.user")
        }),
    ]
}

/// A store holding subject 1 (with a protected person whose address and notes were changed
/// once, so the history holds restricted values) and two spare viewer accounts; returns the
/// store dir and the store opened as a user holding only `role`.
fn matrix_store(role: Role) -> (tempfile::TempDir, Store) {
    let dir = tmp();
    let mut admin = testkit::open(dir.path()).unwrap();
    admin.save(&full_subject(1, "matrix"), "create").unwrap();
    let mut moved = full_subject(1, "matrix");
    moved.protected_persons[0].address = Some("Secret 3".into());
    moved.protected_persons[0].notes = "Landline only".into();
    moved.protected_persons[0].contact_preferences = "Secret pref: texts after 6".into();
    moved.protected_persons[0].safe_contact = "Secret safe 01632 960777".into();
    moved.victim_contacts.push(spmp::domain::VictimContact {
        id: 1,
        person: moved.protected_persons[0].id,
        date: moved.opened,
        by: "PC Open Name".into(),
        method: spmp::domain::ContactMethod::Phone,
        said: "Open update given".into(),
        views: "Secret views: scared at the bus stop".into(),
    });
    moved.needs_assessments.push(spmp::domain::NeedsAssessment {
        id: 1,
        person: moved.protected_persons[0].id,
        date: moved.opened,
        by: "PC Open Name".into(),
        needs: "Secret needs: counselling".into(),
        outcome: "Secret outcome: referred to GP".into(),
    });
    admin
        .commit(&Commit {
            subject: &moved,
            expected_version: Some(1),
            summary: "Victim moved",
        })
        .unwrap();
    for name in ["other.user", "victim.user"] {
        admin
            .add_user(name, &pass(testkit::PASSPHRASE), &[Role::Viewer])
            .unwrap();
    }
    drop(admin);
    let name = format!("as.{}", role.label().to_lowercase());
    let store = testkit::open_as(dir.path(), &name, &[role]).unwrap();
    assert_eq!(store.actor().roles, vec![role]);
    (dir, store)
}

#[test]
fn every_role_may_do_exactly_what_its_grants_allow_and_a_denial_changes_nothing() {
    for role in Role::ALL {
        let (dir, mut store) = matrix_store(role);
        for (name, permission, writes, action) in actions() {
            let before = snapshot(dir.path());
            let result = action(&mut store);
            let after = snapshot(dir.path());
            if role.grants(permission) {
                assert!(
                    result.is_ok(),
                    "{role:?} may {name} but got {:?}",
                    result.err()
                );
                assert_eq!(
                    before != after,
                    writes,
                    "{role:?} {name}: wrote {}",
                    if writes { "nothing" } else { "something" }
                );
            } else {
                match result {
                    Err(StoreError::Denied { message }) => {
                        // A sign-off written through a save is refused for want of the edit
                        // permission first when the role lacks that too.
                        assert!(
                            message.contains(permission.action())
                                || message.contains(Permission::Edit.action()),
                            "{role:?} {name}: {message}"
                        );
                    }
                    other => panic!("{role:?} must not {name}: got {other:?}"),
                }
                assert!(before == after, "{role:?} {name}: a denied action wrote");
            }
        }
        // A user who may not edit has no drafts (and is not refused for asking).
        if !role.grants(Permission::Edit) {
            assert!(store.drafts().unwrap().is_empty(), "{role:?}");
        }
    }
}

#[test]
fn restricted_fields_show_as_restricted_to_roles_without_view_restricted() {
    for role in Role::ALL {
        let (_dir, store) = matrix_store(role);
        let sees = role.grants(Permission::ViewRestricted);
        let one = store.load(1).unwrap().unwrap();
        let all = store.load_all().unwrap();
        assert_eq!(all, vec![one.clone()], "{role:?}");
        let person = &one.protected_persons[0];
        // The name and relationship are open to every role; address and notes are not.
        assert_eq!(person.name, "A. Victim", "{role:?}");
        assert_eq!(person.relationship, "ex-partner", "{role:?}");
        if sees {
            assert_eq!(person.address.as_deref(), Some("Secret 3"), "{role:?}");
            assert_eq!(person.notes, "Landline only", "{role:?}");
            assert_eq!(person.safe_contact, "Secret safe 01632 960777", "{role:?}");
            assert_eq!(
                one.victim_contacts[0].views,
                "Secret views: scared at the bus stop"
            );
            assert_eq!(one.needs_assessments[0].needs, "Secret needs: counselling");
        } else {
            assert_eq!(person.address.as_deref(), Some(RESTRICTED), "{role:?}");
            assert_eq!(person.notes, RESTRICTED, "{role:?}");
            assert_eq!(person.contact_preferences, RESTRICTED, "{role:?}");
            assert_eq!(person.safe_contact, RESTRICTED, "{role:?}");
            // That a contact or an assessment was made, when and by whom, is open.
            let c = &one.victim_contacts[0];
            assert_eq!(
                (c.by.as_str(), c.said.as_str()),
                ("PC Open Name", "Open update given")
            );
            assert_eq!(c.views, RESTRICTED, "{role:?}");
            assert_eq!(one.needs_assessments[0].needs, RESTRICTED, "{role:?}");
            assert_eq!(one.needs_assessments[0].outcome, RESTRICTED, "{role:?}");
        }

        let history = store.history(1).unwrap();
        let newest = &history[0];
        assert_eq!(newest.summary, "Victim moved");
        let address = newest
            .changes
            .iter()
            .find(|c| c.path.starts_with("protected_persons") && c.path.ends_with(".address"))
            .unwrap_or_else(|| panic!("no address change: {:?}", newest.changes));
        if sees {
            assert_eq!(
                (address.from.as_str(), address.to.as_str()),
                ("Secret 2", "Secret 3")
            );
        } else {
            assert_eq!(
                (address.from.as_str(), address.to.as_str()),
                (RESTRICTED, RESTRICTED)
            );
            let shown = format!("{one:?} {history:?}");
            for secret in [
                "Secret 2",
                "Secret 3",
                "Landline only",
                "Use mobile only",
                "Secret pref",
                "Secret safe",
                "Secret views",
                "Secret needs",
                "Secret outcome",
            ] {
                assert!(!shown.contains(secret), "{role:?} sees {secret:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Logins and passphrases
// ---------------------------------------------------------------------------------------------

/// Every file in `dir`: name -> (bytes, modification time).
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let meta = e.metadata().expect("metadata");
            (
                e.file_name().to_string_lossy().into_owned(),
                (
                    fs::read(e.path()).expect("read file"),
                    meta.modified().expect("mtime"),
                ),
            )
        })
        .collect()
}

#[test]
fn a_wrong_passphrase_or_unknown_user_is_bad_login_and_touches_nothing() {
    let dir = tmp();
    {
        let mut store = testkit::open(dir.path()).unwrap();
        store.save(&full_subject(1, "x"), "create").unwrap();
    }
    // On the server the logins are still refused and counted; the files and the rows compared
    // are the SQLite store's.
    let file = !common::store::sqlite_only(
        "a_wrong_passphrase_or_unknown_user_is_bad_login_and_touches_nothing (the store's files \
         and the SQLite file's rows read with rusqlite)",
    );
    let before = file.then(|| files(dir.path()));
    if let Some(before) = &before {
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            [DB_FILE],
            "a closed store is one file"
        );
    }
    let rows_before = file.then(|| rows_but_login_failures(dir.path()));

    let wrong = open_login(dir.path(), testkit::TESTER, "not the passphrase at all").unwrap_err();
    assert!(matches!(wrong, StoreError::BadLogin), "{wrong:?}");
    let unknown = open_login(dir.path(), "nobody.here", testkit::PASSPHRASE).unwrap_err();
    assert!(matches!(unknown, StoreError::BadLogin), "{unknown:?}");
    // The same words: the message does not tell which names exist.
    assert_eq!(wrong.to_string(), unknown.to_string());
    let empty = open_login(dir.path(), testkit::TESTER, "").unwrap_err();
    assert!(matches!(empty, StoreError::BadLogin), "{empty:?}");

    // Nothing changed but the failed-login count (issue 12: failed logins are counted for the
    // delay and the audit log): every row of every table is as it was.
    if let (Some(before), Some(rows_before)) = (before, rows_before) {
        let after = files(dir.path());
        assert_eq!(after.keys().next(), before.keys().next());
        assert_eq!(rows_but_login_failures(dir.path()), rows_before);
    }
    let place = testkit::place(dir.path());
    assert_eq!(
        Store::failed_logins(&place, testkit::TESTER, &Default::default())
            .unwrap()
            .0,
        2,
        "the wrong and the empty passphrase are counted; the unknown name is not"
    );
    assert_eq!(
        Store::failed_logins(&place, "nobody.here", &Default::default())
            .unwrap()
            .0,
        0
    );
    assert!(testkit::open(dir.path()).is_ok());
}

/// Every row of every table, as text, but the failed-login counts in `meta`.
fn rows_but_login_failures(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.extend(
            rows.into_iter()
                .filter(|r| !r.contains("login_failures/"))
                .map(|r| format!("{t}: {r}")),
        );
    }
    out
}

#[test]
fn changing_a_passphrase_rewraps_one_key_and_re_encrypts_nothing() {
    let dir = tmp();
    let subjects: Vec<Subject> = (1..=3).map(|id| full_subject(id, "kept")).collect();
    {
        let mut admin = testkit::open(dir.path()).unwrap();
        admin.save_all(&subjects, "import").unwrap();
        admin
            .put_draft(&spmp::domain::DraftKey::Review { subject: 1 }, b"draft")
            .unwrap();
        admin
            .add_user("pc.change", &pass(testkit::PASSPHRASE), &[Role::Reviewer])
            .unwrap();
    }
    let before = snapshot(dir.path());
    let mut me = open_login(dir.path(), "pc.change", testkit::PASSPHRASE).unwrap();
    me.set_passphrase("pc.change", &pass("a brand new passphrase"))
        .unwrap();
    drop(me);
    let after = snapshot(dir.path());

    for table in ["subjects", "history", "drafts"] {
        assert!(before[table] == after[table], "{table} changed");
    }
    let user_row = |snap: &BTreeMap<String, Vec<Vec<String>>>, name: &str| {
        snap["users"]
            .iter()
            .find(|r| r[0].contains(&format!("\"{name}\"")))
            .cloned()
            .unwrap_or_else(|| panic!("no user {name}"))
    };
    assert_ne!(
        user_row(&before, "pc.change"),
        user_row(&after, "pc.change")
    );
    assert_eq!(
        user_row(&before, testkit::TESTER),
        user_row(&after, testkit::TESTER)
    );
    assert_eq!(before["users"].len(), after["users"].len());
    // The audit log gained exactly one entry (the change itself); the others are untouched.
    assert_eq!(after["audit"].len(), before["audit"].len() + 1);
    assert!(after["audit"].starts_with(&before["audit"]));

    assert!(matches!(
        open_login(dir.path(), "pc.change", testkit::PASSPHRASE),
        Err(StoreError::BadLogin)
    ));
    let me = open_login(dir.path(), "pc.change", "a brand new passphrase").unwrap();
    assert_eq!(me.load_all().unwrap(), subjects);
    let admin = testkit::open(dir.path()).unwrap();
    assert_eq!(admin.load_all().unwrap(), subjects);
    let last = admin.audit_log().unwrap().pop().unwrap();
    assert_eq!(
        (last.kind, last.actor.as_str()),
        (AuditKind::Account, "pc.change")
    );
    assert!(admin.verify().unwrap().is_ok());
}

#[test]
fn a_passphrase_that_is_too_short_is_refused_and_changes_nothing() {
    let dir = tmp();
    let mut admin = testkit::open(dir.path()).unwrap();
    let before = snapshot(dir.path());
    for short in ["", "short", "123456789"] {
        let err = admin
            .add_user("pc.short", &pass(short), &[Role::Viewer])
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
        let err = admin
            .set_passphrase(testkit::TESTER, &pass(short))
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    }
    assert!(before == snapshot(dir.path()));
    drop(admin);
    assert!(testkit::open(dir.path()).is_ok());

    // Creating a store with a short passphrase creates nothing at all.
    let fresh = dir.path().join("fresh");
    let err = Store::create_with(
        &testkit::place(&fresh),
        &testkit::options(),
        &login("boss", "short"),
        &[Role::Administrator],
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    assert!(!fresh.exists(), "a refused creation made the directory");
}

#[test]
fn a_disabled_user_cannot_log_in_until_an_administrator_sets_a_new_passphrase() {
    let dir = tmp();
    let mut admin = testkit::open(dir.path()).unwrap();
    admin
        .add_user("pc.gone", &pass(testkit::PASSPHRASE), &[Role::Reviewer])
        .unwrap();
    assert!(open_login(dir.path(), "pc.gone", testkit::PASSPHRASE).is_ok());
    admin.disable_user("pc.gone").unwrap();
    let err = open_login(dir.path(), "pc.gone", testkit::PASSPHRASE).unwrap_err();
    assert!(
        matches!(err, StoreError::Disabled { ref user } if user == "pc.gone"),
        "{err:?}"
    );
    // The wrapped key is gone: the passphrase opens nothing, even to a modified program.
    if !common::store::sqlite_only(
        "a_disabled_user_cannot_log_in_until_an_administrator_sets_a_new_passphrase (the wrap \
         row read with rusqlite)",
    ) {
        let wrap: Option<Vec<u8>> = raw(dir.path())
            .query_row("SELECT wrap FROM users WHERE name = 'pc.gone'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(wrap, None);
    }
    let listed = admin.users().unwrap();
    assert!(listed.iter().any(|u| u.name == "pc.gone" && u.disabled));

    admin
        .set_passphrase("pc.gone", &pass("back again passphrase"))
        .unwrap();
    assert!(matches!(
        open_login(dir.path(), "pc.gone", testkit::PASSPHRASE),
        Err(StoreError::BadLogin)
    ));
    let back = open_login(dir.path(), "pc.gone", "back again passphrase").unwrap();
    assert_eq!(back.actor().roles, vec![Role::Reviewer]);
    assert!(
        admin
            .users()
            .unwrap()
            .iter()
            .any(|u| u.name == "pc.gone" && !u.disabled)
    );
}

#[test]
fn the_last_administrator_cannot_be_disabled() {
    let dir = tmp();
    let mut admin = testkit::open(dir.path()).unwrap();
    let before = snapshot(dir.path());
    let err = admin.disable_user(testkit::TESTER).unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    assert!(err.to_string().contains("last administrator"), "{err}");
    assert!(before == snapshot(dir.path()));
    assert!(testkit::open(dir.path()).is_ok());

    // With a second administrator, the first can go; then the second is the last.
    admin
        .add_user(
            "admin.two",
            &pass(testkit::PASSPHRASE),
            &[Role::Administrator],
        )
        .unwrap();
    drop(admin);
    let mut two = open_login(dir.path(), "admin.two", testkit::PASSPHRASE).unwrap();
    two.disable_user(testkit::TESTER).unwrap();
    assert!(matches!(
        open_existing(dir.path()),
        Err(StoreError::Disabled { .. })
    ));
    let err = two.disable_user("admin.two").unwrap_err();
    assert!(err.to_string().contains("last administrator"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// No plaintext on disk
// ---------------------------------------------------------------------------------------------

const MARK: &str = "ZQXMARKER";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Every (file, marker, encoding) found in any file of `dir`, reading every byte.
fn markers_on_disk(dir: &Path, markers: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let bytes = fs::read(&path).expect("read file");
        for m in markers {
            for (enc, needle) in [
                ("utf-8", m.as_bytes().to_vec()),
                ("utf-16le", utf16(m, false)),
                ("utf-16be", utf16(m, true)),
            ] {
                if contains(&bytes, &needle) {
                    found.push(format!("{}: {m:?} ({enc})", path.display()));
                }
            }
        }
    }
    found
}

fn marked_subject(id: u64) -> Subject {
    let mut s = full_subject(id, &format!("{MARK}-NARRATIVE Ŝiobhán followed the victim"));
    s.family_name = format!("{MARK}-FAMILY");
    s.given_names = format!("{MARK}-GIVEN Siân");
    s.aliases = vec![format!("{MARK}-ALIAS")];
    s.pnc_id = Some(format!("{MARK}-PNC-26/123456X"));
    s.addresses[0].lines = format!("{MARK}-ADDRESS 1 Example Row");
    s.addresses[0].postcode = Some(format!("{MARK}-POSTCODE"));
    s.protected_persons[0].name = format!("{MARK}-VICTIM-NAME");
    s.protected_persons[0].address = Some(format!("{MARK}-VICTIM-ADDRESS"));
    s.protected_persons[0].notes = format!("{MARK}-VICTIM-NOTES");
    s.section2.devices[0].imei_serial = Some(format!("{MARK}-IMEI"));
    let person = s.protected_persons[0].id;
    s.protected_persons[0].contact_preferences = format!("{MARK}-PREFERENCES");
    s.protected_persons[0].safe_contact = format!("{MARK}-SAFE-CONTACT");
    s.victim_contacts.push(spmp::domain::VictimContact {
        id: 1,
        person,
        date: s.opened,
        by: format!("{MARK}-CONTACT-BY"),
        method: spmp::domain::ContactMethod::Phone,
        said: format!("{MARK}-SAID"),
        views: format!("{MARK}-VIEWS"),
    });
    s.needs_assessments.push(spmp::domain::NeedsAssessment {
        id: 1,
        person,
        date: s.opened,
        by: format!("{MARK}-NEEDS-BY"),
        needs: format!("{MARK}-NEEDS"),
        outcome: format!("{MARK}-NEEDS-OUTCOME"),
    });
    s.referrals.push(spmp::domain::Referral {
        id: 1,
        person: Some(person),
        service: "IDVA".into(),
        date: s.opened,
        consent: spmp::domain::Consent::Given,
        outcome: spmp::domain::ReferralOutcome::Awaiting,
        follow_up: None,
        notes: format!("{MARK}-REFERRAL-NOTES"),
    });
    s.meetings.push(spmp::domain::Meeting {
        id: 1,
        kind: spmp::domain::MeetingKind::Marac,
        date: s.opened,
        decisions: format!("{MARK}-MARAC-DECISIONS"),
        actions: vec![spmp::domain::MeetingAction {
            id: 1,
            action: format!("{MARK}-MARAC-ACTION"),
            owner: "IDVA".into(),
            due: None,
            done: None,
            tactical: false,
        }],
    });
    s.considerations.push(spmp::domain::Consideration {
        id: 1,
        date: s.opened,
        by: "DS Open".into(),
        kind: spmp::domain::OrderKind::Spo,
        decision: spmp::domain::SpoDecision::NotAppropriate,
        reason: format!("{MARK}-NOT-APPROPRIATE"),
    });
    s
}

/// Fill a store with markers in every place personal data goes.
fn write_markers(store: &mut Store) {
    store
        .save(&marked_subject(1), &format!("{MARK}-SUMMARY import"))
        .unwrap();
    let mut edited = marked_subject(1);
    edited.section1.narrative = format!("{MARK}-REVISED narrative");
    edited.protected_persons[0].address = Some(format!("{MARK}-VICTIM-MOVED"));
    store
        .commit(&Commit {
            subject: &edited,
            expected_version: Some(1),
            summary: &format!("{MARK}-COMMIT-SUMMARY"),
        })
        .unwrap();
    store
        .insert_new(&mut marked_subject(0), "Added subject")
        .unwrap();
    store
        .put_draft(
            &spmp::domain::DraftKey::Review { subject: 1 },
            format!("{MARK}-DRAFT text").as_bytes(),
        )
        .unwrap();
    store
        .put_draft(
            &spmp::domain::DraftKey::Review { subject: 2 },
            &utf16(&format!("{MARK}-DRAFT16"), false),
        )
        .unwrap();
    store
        .record_consultation(1, &format!("{MARK}-JUSTIFICATION scheduled review"))
        .unwrap();
    store
        .record_disclosure(
            Some(1),
            "Exported the plan",
            &format!("{MARK}-RECIPIENT IDVA"),
            &format!("{MARK}-REASON safety planning"),
        )
        .unwrap();
    // The unit's records: an action plan line and a training record.
    let unit = spmp::domain::UnitRecords {
        action_plan: vec![spmp::domain::ActionPlanEntry {
            id: 1,
            recommendation: "14.1".into(),
            action: format!("{MARK}-PLAN-ACTION"),
            owner: format!("{MARK}-PLAN-OWNER"),
            due: None,
            updates: vec![spmp::domain::PlanUpdate {
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                by: "admin".into(),
                update: format!("{MARK}-PLAN-UPDATE"),
                rag: spmp::domain::Rag::Amber,
                status: spmp::domain::PlanStatus::OnTrack,
            }],
        }],
        training: vec![spmp::domain::TrainingRecord {
            id: 1,
            user: format!("{MARK}-TRAINEE"),
            course: "Stalking e-learning".into(),
            completed: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            expires: None,
        }],
    };
    store
        .save_unit_records(&unit, 0, "Saved the unit's records")
        .unwrap();
    // A user whose passphrase is a marker: neither it nor the profile is stored in clear.
    store
        .add_user(
            "pc.marker",
            &pass(&format!("{MARK}-PASSPHRASE words")),
            &[Role::Supervisor],
        )
        .unwrap();
}

/// What must not be found in clear: the markers, non-ASCII names (in case only ASCII were
/// caught), and the role names that user profiles hold (profiles are sealed too).
const CLEAR_TEXT: &[&str] = &[MARK, "Ŝiobhán", "Siân", "supervisor", "reviewer"];

#[test]
fn no_personal_data_or_secret_is_in_any_file_of_the_store() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    write_markers(&mut store);
    // A second handle (another process) keeps the WAL alive; it reads everything back.
    let other = open_existing(dir.path()).unwrap();
    assert_eq!(other.load_all().unwrap().len(), 2);
    assert!(
        other
            .load(1)
            .unwrap()
            .unwrap()
            .family_name
            .starts_with(MARK),
        "the markers were really written"
    );
    // On the server the markers are still written and read back; the bytes searched are the
    // SQLite store's files.
    let file = !common::store::sqlite_only(
        "no_personal_data_or_secret_is_in_any_file_of_the_store (every byte of the SQLite \
         store's files searched)",
    );
    if file {
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let wal = dir.path().join(format!("{DB_FILE}-wal"));
        assert!(
            wal.exists() && fs::metadata(&wal).unwrap().len() > 0,
            "the WAL holds the writes: {names:?}"
        );
        let found = markers_on_disk(dir.path(), CLEAR_TEXT);
        assert!(found.is_empty(), "with the WAL present: {found:?}");
    }

    drop(other);
    drop(store);
    if file {
        let found = markers_on_disk(dir.path(), CLEAR_TEXT);
        assert!(found.is_empty(), "after close: {found:?}");
    }
    // Everything is still there for those holding a passphrase.
    let me = open_login(dir.path(), "pc.marker", &format!("{MARK}-PASSPHRASE words")).unwrap();
    let trail = me.audit_trail(1).unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.recipient.as_deref() == Some(&format!("{MARK}-RECIPIENT IDVA")[..]))
    );
}

#[test]
fn the_search_finds_plaintext_and_upgrading_an_old_store_leaves_none_behind() {
    if common::store::sqlite_only(
        "the_search_finds_plaintext_and_upgrading_an_old_store_leaves_none_behind: a legacy \
         SQLite store written with rusqlite, its files searched",
    ) {
        return;
    }
    let dir = tmp();
    let subject = marked_subject(1);
    {
        let conn = legacy_store(dir.path(), 2);
        conn.execute(
            "INSERT INTO subjects VALUES (1, 1, '2026-01-01T00:00:00.000Z', ?1)",
            [spmp::store::codec::encode_subject(&subject).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO history (subject_id, at, actor, summary, payload)
             VALUES (1, '2026-01-01T09:00:00.000', 'pc.old', ?1, x'00')",
            [format!("{MARK}-LEGACY-SUMMARY")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO audit (at, actor, action, subject_id)
             VALUES ('2026-01-01T09:00:00.000Z', 'pc.old', ?1, 1)",
            [format!("{MARK}-LEGACY-ACTION")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO drafts (key, updated, payload) VALUES ('k', '2026-01-01T09:00:00.000', ?1)",
            [format!("{MARK}-LEGACY-DRAFT").into_bytes()],
        )
        .unwrap();
    }
    // Positive control: the search sees plaintext where there is some.
    let found = markers_on_disk(dir.path(), &[MARK]);
    assert!(!found.is_empty(), "the search must find plaintext markers");

    let store = common::store::create(dir.path()).unwrap();
    assert_eq!(store.load(1).unwrap(), Some(subject));
    drop(store);
    let found = markers_on_disk(dir.path(), &[MARK, "Ŝiobhán", "Siân"]);
    assert!(found.is_empty(), "after the upgrade: {found:?}");
}

// ---------------------------------------------------------------------------------------------
// The audit chain
// ---------------------------------------------------------------------------------------------

/// A closed store with an audit log of 8 entries: creation, the tester's officer details,
/// three saves, a consultation, a disclosure and another consultation.
fn audited_store() -> tempfile::TempDir {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let batch: Vec<Subject> = (1..=3).map(|id| full_subject(id, "audited")).collect();
    store.save_all(&batch, "import").unwrap();
    store.record_consultation(2, "scheduled review").unwrap();
    store
        .record_disclosure(Some(2), "Exported the plan", "CPS", "charging decision")
        .unwrap();
    store.record_consultation(3, "breach report").unwrap();
    let report = store.verify_audit().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.entries, AUDITED_ENTRIES);
    drop(store);
    dir
}

const AUDITED_ENTRIES: u64 = 8;

fn copy_store(from: &Path) -> tempfile::TempDir {
    let to = tmp();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.path().join(path.file_name().unwrap())).unwrap();
    }
    to
}

fn audit_row(conn: &Connection, seq: i64) -> (Option<i64>, Vec<u8>, Vec<u8>) {
    conn.query_row(
        "SELECT subject_id, payload, mac FROM audit WHERE seq = ?1",
        [seq],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

fn spmp_bin(store: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spmp"));
    cmd.arg("--store")
        .arg(testkit::place(store))
        .env_remove("SPMP_STORE")
        .env_remove("SPMP_USER")
        .env_remove("SPMP_PASSPHRASE")
        .env_remove("SPMP_NEW_PASSPHRASE")
        .env("HOME", "/nonexistent-spmp-test")
        .env("XDG_CONFIG_HOME", "/nonexistent-spmp-test")
        .env("XDG_DATA_HOME", "/nonexistent-spmp-test");
    cmd
}

/// The binary, logged in as `user`.
fn spmp_as(store: &Path, user: &str, passphrase: &str, args: &[&str]) -> Output {
    spmp_bin(store)
        .env("SPMP_USER", user)
        .env("SPMP_PASSPHRASE", passphrase)
        .args(args)
        .output()
        .expect("run spmp")
}

fn spmp_tester(store: &Path, args: &[&str]) -> Output {
    spmp_as(store, testkit::TESTER, testkit::PASSPHRASE, args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn an_untouched_audit_log_verifies_with_its_entry_count() {
    let dir = audited_store();
    let out = spmp_tester(dir.path(), &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("OK: the audit log's {AUDITED_ENTRIES} entries")),
        "{}",
        text(&out)
    );
    // Only supervisors and administrators may check it.
    drop(testkit::open_as(dir.path(), "pc.reviewer", &[Role::Reviewer]).unwrap());
    let out = spmp_as(
        dir.path(),
        "pc.reviewer",
        testkit::PASSPHRASE,
        &["audit", "verify"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("may not read the audit log"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_store_whose_audit_head_was_altered_refuses_to_write_anything() {
    if common::store::sqlite_only(
        "a_store_whose_audit_head_was_altered_refuses_to_write_anything: alters the head in the \
         SQLite file and compares its rows, with rusqlite",
    ) {
        return;
    }
    let dir = audited_store();
    {
        let conn = raw(dir.path());
        let head: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(head.starts_with(&format!("{AUDITED_ENTRIES}:")), "{head}");
        // Claim the log ends one entry earlier, keeping the mac and tag.
        let forged = head.replacen(
            &AUDITED_ENTRIES.to_string(),
            &(AUDITED_ENTRIES - 1).to_string(),
            1,
        );
        conn.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'audit_head'",
            [forged],
        )
        .unwrap();
    }
    let mut store = open_existing(dir.path()).unwrap();
    let before = snapshot(dir.path());
    let err = store.save(&full_subject(1, "changed"), "edit").unwrap_err();
    assert!(matches!(err, StoreError::AuditTampered { .. }), "{err:?}");
    let err = store.record_consultation(1, "look").unwrap_err();
    assert!(matches!(err, StoreError::AuditTampered { .. }), "{err:?}");
    assert!(before == snapshot(dir.path()), "a write went through");
    assert_eq!(store.load(1).unwrap(), Some(full_subject(1, "audited")));
    let report = store.verify_audit().unwrap();
    assert!(report.fault.is_some(), "{report:?}");
}

#[test]
fn every_kind_of_tampering_with_the_audit_log_names_the_first_bad_entry() {
    if common::store::sqlite_only(
        "every_kind_of_tampering_with_the_audit_log_names_the_first_bad_entry: copies the SQLite \
         file and tampers with its rows with rusqlite",
    ) {
        return;
    }
    let base = audited_store();
    type Tamper = fn(&Connection);
    let cases: Vec<(&str, u64, Tamper)> = vec![
        ("one payload byte altered", 3, |c| {
            let (_, mut payload, _) = audit_row(c, 3);
            let i = payload.len() / 2;
            payload[i] ^= 0x01;
            c.execute("UPDATE audit SET payload = ?1 WHERE seq = 3", [payload])
                .unwrap();
        }),
        ("a middle entry deleted", 4, |c| {
            c.execute("DELETE FROM audit WHERE seq = 4", []).unwrap();
        }),
        ("the last entry deleted (tail truncation)", 8, |c| {
            c.execute("DELETE FROM audit WHERE seq = 8", []).unwrap();
        }),
        ("two entries swapped", 2, |c| {
            let (s2, p2, m2) = audit_row(c, 2);
            let (s5, p5, m5) = audit_row(c, 5);
            let set = "UPDATE audit SET subject_id = ?2, payload = ?3, mac = ?4 WHERE seq = ?1";
            c.execute(set, rusqlite::params![2, s5, p5, m5]).unwrap();
            c.execute(set, rusqlite::params![5, s2, p2, m2]).unwrap();
        }),
        ("a forged entry inserted (copy of another row)", 9, |c| {
            c.execute(
                "INSERT INTO audit (seq, subject_id, payload, mac)
                 SELECT 9, subject_id, payload, mac FROM audit WHERE seq = 5",
                [],
            )
            .unwrap();
        }),
        ("an entry moved to another subject", 5, |c| {
            c.execute("UPDATE audit SET subject_id = 1 WHERE seq = 5", [])
                .unwrap();
        }),
        (
            "the head record deleted with the last two entries",
            7,
            |c| {
                c.execute_batch(
                    "DELETE FROM audit WHERE seq >= 7; DELETE FROM meta WHERE key = 'audit_head';",
                )
                .unwrap();
            },
        ),
        ("the whole log and its head deleted", 1, |c| {
            c.execute_batch("DELETE FROM audit; DELETE FROM meta WHERE key = 'audit_head';")
                .unwrap();
        }),
    ];
    for (what, bad, tamper) in cases {
        let dir = copy_store(base.path());
        tamper(&raw(dir.path()));
        let store = open_existing(dir.path()).unwrap();
        let report = store.verify_audit().unwrap();
        let fault = report
            .fault
            .clone()
            .unwrap_or_else(|| panic!("{what}: not noticed ({report:?})"));
        assert_eq!(fault.seq, bad, "{what}: {fault}");
        assert_eq!(report.entries, bad - 1, "{what}: entries before the fault");
        drop(store);

        let out = spmp_tester(dir.path(), &["audit", "verify"]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(&out));
        assert!(
            text(&out).contains(&format!("audit entry {bad}:")),
            "{what}: {}",
            text(&out)
        );
        assert!(text(&out).contains("TAMPERED"), "{what}: {}", text(&out));
    }
}

// ---------------------------------------------------------------------------------------------
// Consultation and disclosure
// ---------------------------------------------------------------------------------------------

fn parse_utc(at: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(at)
        .unwrap_or_else(|e| panic!("bad time {at:?}: {e}"))
        .to_utc()
}

#[test]
fn a_consultation_is_recorded_with_its_justification_actor_and_time() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    store.save(&full_subject(1, "x"), "create").unwrap();
    let started = chrono::Utc::now() - chrono::Duration::seconds(2);
    store.record_consultation(1, "scheduled review").unwrap();
    let ended = chrono::Utc::now() + chrono::Duration::seconds(2);
    let trail = store.audit_trail(1).unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.kind, AuditKind::Consultation);
    assert_eq!(last.justification.as_deref(), Some("scheduled review"));
    assert_eq!(last.actor, testkit::TESTER);
    assert_eq!(last.subject, Some(1));
    assert_eq!(last.recipient, None);
    let at = parse_utc(&last.at);
    assert!(started <= at && at <= ended, "{}", last.at);

    let before = audit_count(dir.path());
    for empty in ["", "   ", "\t"] {
        let err = store.record_consultation(1, empty).unwrap_err();
        assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    }
    assert_eq!(
        audit_count(dir.path()),
        before,
        "a refused consultation wrote"
    );
    assert!(store.verify_audit().unwrap().is_ok());
}

#[test]
fn a_disclosure_is_recorded_with_its_recipient_and_reason() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    store.save(&full_subject(1, "x"), "create").unwrap();
    store
        .record_disclosure(
            Some(1),
            "Printed the visit sheet",
            "Testford IDVA service",
            "safety planning meeting",
        )
        .unwrap();
    let last = store.audit_trail(1).unwrap().pop().unwrap();
    assert_eq!(last.kind, AuditKind::Disclosure);
    assert_eq!(last.what, "Printed the visit sheet");
    assert_eq!(last.recipient.as_deref(), Some("Testford IDVA service"));
    assert_eq!(
        last.justification.as_deref(),
        Some("safety planning meeting")
    );
    assert_eq!(last.actor, testkit::TESTER);

    let before = audit_count(dir.path());
    for (recipient, reason) in [("", "why"), ("who", ""), ("  ", "  ")] {
        let err = store
            .record_disclosure(Some(1), "Exported", recipient, reason)
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    }
    assert_eq!(
        audit_count(dir.path()),
        before,
        "a refused disclosure wrote"
    );
}

#[test]
fn cli_export_needs_a_recipient_and_a_reason_and_records_the_disclosure() {
    let dir = tmp();
    let store_dir = dir.path().join("store");
    {
        let mut store = testkit::open(&store_dir).unwrap();
        store
            .save_all(&[full_subject(1, "a"), full_subject(2, "b")], "import")
            .unwrap();
    }
    let out_file = dir.path().join("export.json");
    let out_arg = out_file.to_str().unwrap();
    let before = audit_count(&store_dir);
    for args in [
        vec!["export", "--out", out_arg],
        vec!["export", "--out", out_arg, "--recipient", "CPS"],
        vec!["export", "--out", out_arg, "--reason", "charging decision"],
        vec![
            "export",
            "--out",
            out_arg,
            "--recipient",
            " ",
            "--reason",
            "x",
        ],
    ] {
        let out = spmp_tester(&store_dir, &args);
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("required"), "{args:?}: {}", text(&out));
        assert!(!out_file.exists(), "{args:?} wrote a file");
        assert_eq!(
            audit_count(&store_dir),
            before,
            "{args:?} wrote an audit entry"
        );
    }
    // Nothing on standard output either.
    let out = spmp_tester(&store_dir, &["export"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "{}", text(&out));

    let out = spmp_tester(
        &store_dir,
        &[
            "export",
            "--out",
            out_arg,
            "--recipient",
            "Crown Prosecution Service",
            "--reason",
            "charging decision",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let exported = fs::read_to_string(&out_file).unwrap();
    // (Both subjects share full_subject's PNC ID, which an import refuses: count them as JSON.)
    let exported: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(exported["subjects"].as_array().unwrap().len(), 2);
    assert_eq!(audit_count(&store_dir), before + 1);
    let store = open_existing(&store_dir).unwrap();
    let last = store.audit_log().unwrap().pop().unwrap();
    assert_eq!(last.kind, AuditKind::Disclosure);
    assert_eq!(last.recipient.as_deref(), Some("Crown Prosecution Service"));
    assert_eq!(last.justification.as_deref(), Some("charging decision"));
    assert_eq!(last.actor, testkit::TESTER);
    assert_eq!(last.subject, None, "the whole store");
    assert!(
        last.what.contains("Exported the whole store (2 subjects)"),
        "{}",
        last.what
    );
}

#[test]
fn cli_export_is_refused_to_a_viewer_without_writing_anything() {
    let dir = tmp();
    let store_dir = dir.path().join("store");
    drop(testkit::open_as(&store_dir, "pc.viewer", &[Role::Viewer]).unwrap());
    let out_file = dir.path().join("export.json");
    let before = audit_count(&store_dir);
    let out = spmp_as(
        &store_dir,
        "pc.viewer",
        testkit::PASSPHRASE,
        &[
            "export",
            "--out",
            out_file.to_str().unwrap(),
            "--recipient",
            "CPS",
            "--reason",
            "x",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("may not export"), "{}", text(&out));
    assert!(!out_file.exists());
    assert_eq!(audit_count(&store_dir), before);
}

// ---------------------------------------------------------------------------------------------
// spmp user / spmp audit export
// ---------------------------------------------------------------------------------------------

const ADMIN_PASS: &str = "correct horse battery";

fn user_add_first(store: &Path, name: &str) -> Output {
    spmp_bin(store)
        .env("SPMP_NEW_PASSPHRASE", ADMIN_PASS)
        .args(["user", "add", name, "--role", "administrator"])
        .output()
        .expect("run spmp")
}

#[test]
fn cli_user_add_creates_the_store_and_its_administrator_on_first_run() {
    let dir = tmp();
    let store_dir = testkit::place(&dir.path().join("store"));
    let out = user_add_first(&store_dir, "boss");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Created the store"), "{}", text(&out));
    assert_eq!(Store::status(&store_dir).unwrap(), StoreStatus::Ready);
    let boss = Store::open(&store_dir, &login("boss", ADMIN_PASS)).unwrap();
    assert!(boss.actor().roles.contains(&Role::Administrator));
    let log = boss.audit_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, AuditKind::Store);
    drop(boss);

    // Once the store has users, adding needs an administrator's login.
    let out = spmp_bin(&store_dir)
        .env("SPMP_NEW_PASSPHRASE", "pc jones passphrase")
        .args(["user", "add", "pc.jones", "--role", "reviewer"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("SPMP_USER"), "{}", text(&out));
    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "boss")
        .env("SPMP_PASSPHRASE", "a wrong passphrase")
        .env("SPMP_NEW_PASSPHRASE", "pc jones passphrase")
        .args(["user", "add", "pc.jones", "--role", "reviewer"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("wrong user name or passphrase"),
        "{}",
        text(&out)
    );
    assert!(matches!(
        Store::open(&store_dir, &login("pc.jones", "pc jones passphrase")),
        Err(StoreError::BadLogin)
    ));

    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "boss")
        .env("SPMP_PASSPHRASE", ADMIN_PASS)
        .env("SPMP_NEW_PASSPHRASE", "pc jones passphrase")
        .args(["user", "add", "pc.jones", "--role", "reviewer"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let jones = Store::open(&store_dir, &login("pc.jones", "pc jones passphrase")).unwrap();
    assert_eq!(jones.actor().roles, vec![Role::Reviewer]);
    drop(jones);

    // --new-passphrase-file (first line only), several roles.
    let file = dir.path().join("new-pass.txt");
    fs::write(&file, "ds brown passphrase\nsecond line ignored\n").unwrap();
    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "boss")
        .env("SPMP_PASSPHRASE", ADMIN_PASS)
        .args(["user", "add", "ds.brown", "--role", "reviewer,supervisor"])
        .arg("--new-passphrase-file")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let brown = Store::open(&store_dir, &login("ds.brown", "ds brown passphrase")).unwrap();
    assert_eq!(brown.actor().roles, vec![Role::Reviewer, Role::Supervisor]);
    drop(brown);

    // A reviewer may not add users.
    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "pc.jones")
        .env("SPMP_PASSPHRASE", "pc jones passphrase")
        .env("SPMP_NEW_PASSPHRASE", "intruder passphrase")
        .args(["user", "add", "intruder", "--role", "administrator"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("may not manage user accounts"),
        "{}",
        text(&out)
    );
    assert!(matches!(
        Store::open(&store_dir, &login("intruder", "intruder passphrase")),
        Err(StoreError::BadLogin)
    ));
}

#[test]
fn cli_user_add_refuses_a_short_passphrase() {
    let dir = tmp();
    let store_dir = dir.path().join("store");
    let store = testkit::place(&store_dir);
    // On the first run: no administrator and no usable store is made.
    let out = spmp_bin(&store)
        .env("SPMP_NEW_PASSPHRASE", "short")
        .args(["user", "add", "boss", "--role", "administrator"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("at least 10"), "{}", text(&out));
    assert_eq!(Store::status(&store).unwrap(), StoreStatus::Absent);
    assert!(!store_dir.exists(), "a refused first run created the store");

    let out = user_add_first(&store, "boss");
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_bin(&store)
        .env("SPMP_USER", "boss")
        .env("SPMP_PASSPHRASE", ADMIN_PASS)
        .env("SPMP_NEW_PASSPHRASE", "123456789")
        .args(["user", "add", "pc.short", "--role", "viewer"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("at least 10"), "{}", text(&out));
    let out = spmp_as(&store, "boss", ADMIN_PASS, &["user", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("pc.short"), "{}", text(&out));
}

/// A store with administrator `boss` and reviewer `pc.jones`, made through the library with the
/// cheap test key derivation so that logging in is fast (`spmp user add` itself is tested above).
fn cli_store(dir: &Path) -> PathBuf {
    let store_dir = testkit::place(&dir.join("store"));
    let mut boss = Store::create_with(
        &store_dir,
        &testkit::options(),
        &login("boss", ADMIN_PASS),
        &[Role::Administrator],
    )
    .unwrap();
    boss.add_user("pc.jones", &pass("pc jones passphrase"), &[Role::Reviewer])
        .unwrap();
    store_dir
}

#[test]
fn cli_user_list_is_for_administrators_only() {
    let dir = tmp();
    let store_dir = cli_store(dir.path());
    let out = spmp_as(&store_dir, "boss", ADMIN_PASS, &["user", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    let listing = String::from_utf8_lossy(&out.stdout).to_string();
    let line = |name: &str| {
        listing
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not listed: {listing}"))
            .to_string()
    };
    assert!(line("boss").contains("Administrator"), "{listing}");
    assert!(line("boss").contains("enabled"), "{listing}");
    assert!(line("pc.jones").contains("Reviewer"), "{listing}");
    assert!(line("pc.jones").contains("by boss"), "{listing}");
    assert!(!listing.contains(ADMIN_PASS), "{listing}");

    let out = spmp_as(
        &store_dir,
        "pc.jones",
        "pc jones passphrase",
        &["user", "list"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("may not manage user accounts"),
        "{}",
        text(&out)
    );
    assert!(out.stdout.is_empty(), "{}", text(&out));
}

#[test]
fn cli_user_passwd_changes_own_or_as_administrator_anyone() {
    let dir = tmp();
    let store_dir = cli_store(dir.path());
    // Own passphrase.
    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "pc.jones")
        .env("SPMP_PASSPHRASE", "pc jones passphrase")
        .env("SPMP_NEW_PASSPHRASE", "jones changed passphrase")
        .args(["user", "passwd"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(matches!(
        Store::open(&store_dir, &login("pc.jones", "pc jones passphrase")),
        Err(StoreError::BadLogin)
    ));
    assert!(Store::open(&store_dir, &login("pc.jones", "jones changed passphrase")).is_ok());

    // Someone else's, as a reviewer: refused.
    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "pc.jones")
        .env("SPMP_PASSPHRASE", "jones changed passphrase")
        .env("SPMP_NEW_PASSPHRASE", "taken over passphrase")
        .args(["user", "passwd", "boss"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(Store::open(&store_dir, &login("boss", ADMIN_PASS)).is_ok());

    // Anyone's, as the administrator (from a file).
    let file = dir.path().join("reset.txt");
    fs::write(&file, "reset by the admin\n").unwrap();
    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "boss")
        .env("SPMP_PASSPHRASE", ADMIN_PASS)
        .args(["user", "passwd", "pc.jones", "--new-passphrase-file"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(Store::open(&store_dir, &login("pc.jones", "reset by the admin")).is_ok());
}

#[test]
fn cli_user_disable_stops_the_login_and_passwd_re_enables() {
    let dir = tmp();
    let store_dir = cli_store(dir.path());
    let out = spmp_as(
        &store_dir,
        "boss",
        ADMIN_PASS,
        &["user", "disable", "pc.jones"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_as(&store_dir, "pc.jones", "pc jones passphrase", &["verify"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("disabled"), "{}", text(&out));
    let out = spmp_as(&store_dir, "boss", ADMIN_PASS, &["user", "list"]);
    assert!(
        text(&out)
            .lines()
            .any(|l| l.starts_with("pc.jones") && l.contains("disabled")),
        "{}",
        text(&out)
    );
    // The last administrator cannot disable themselves.
    let out = spmp_as(&store_dir, "boss", ADMIN_PASS, &["user", "disable", "boss"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("last administrator"), "{}", text(&out));

    let out = spmp_bin(&store_dir)
        .env("SPMP_USER", "boss")
        .env("SPMP_PASSPHRASE", ADMIN_PASS)
        .env("SPMP_NEW_PASSPHRASE", "welcome back jones")
        .args(["user", "passwd", "pc.jones"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_as(&store_dir, "pc.jones", "welcome back jones", &["verify"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn cli_audit_export_writes_csv_and_json_for_supervisors_and_administrators() {
    let dir = audited_store();
    // The export is a disclosure too: without a recipient and a reason nothing is written.
    let out = spmp_tester(dir.path(), &["audit", "export", "--format", "csv"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(out.stdout.is_empty(), "{}", text(&out));
    assert!(text(&out).contains("--recipient"), "{}", text(&out));
    let out = spmp_tester(
        dir.path(),
        &[
            "audit",
            "export",
            "--format",
            "csv",
            "--recipient",
            "ICO auditor",
            "--reason",
            "annual audit",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("seq,at_utc,user,kind,subject,what,justification,recipient")
    );
    let rows: Vec<&str> = lines.collect();
    // Every entry, and last the export's own.
    assert_eq!(rows.len() as u64, AUDITED_ENTRIES + 1, "{csv}");
    assert!(
        rows[rows.len() - 1]
            .contains(",disclosure,,Exported the audit log,annual audit,ICO auditor"),
        "{csv}"
    );
    assert!(rows[0].starts_with("1,"), "{csv}");
    assert!(
        rows.iter()
            .any(|r| r.contains(",consultation,2,") && r.contains("scheduled review")),
        "{csv}"
    );
    assert!(
        rows.iter().any(|r| r.contains(",disclosure,2,")
            && r.contains("charging decision")
            && r.ends_with(",CPS")),
        "{csv}"
    );

    let out_dir = tmp();
    let file = out_dir.path().join("audit.json");
    let out = spmp_tester(
        dir.path(),
        &[
            "audit",
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
            "--recipient",
            "ICO auditor",
            "--reason",
            "annual audit",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len() as u64, AUDITED_ENTRIES + 2);
    assert_eq!(entries[0]["seq"], 1);
    let disclosure = entries.iter().find(|e| e["kind"] == "Disclosure").unwrap();
    assert_eq!(disclosure["recipient"], "CPS");
    assert_eq!(disclosure["justification"], "charging decision");
    assert_eq!(disclosure["actor"], testkit::TESTER);
    assert_eq!(disclosure["subject"], 2);

    // A reviewer may not read the audit log.
    drop(testkit::open_as(dir.path(), "pc.reviewer", &[Role::Reviewer]).unwrap());
    let out = spmp_as(
        dir.path(),
        "pc.reviewer",
        testkit::PASSPHRASE,
        &[
            "audit",
            "export",
            "--format",
            "csv",
            "--recipient",
            "x",
            "--reason",
            "y",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(out.stdout.is_empty(), "{}", text(&out));
    assert!(
        text(&out).contains("may not read the audit log"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_batch_of_disclosures_is_recorded_all_or_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    let mut store = spmp::store::testkit::open(&dir).expect("store");
    let before = store.audit_log().expect("log").len();
    let items = vec![
        (Some(1), "Exported a visit sheet of subject 1".to_string()),
        (Some(2), "Exported a visit sheet of subject 2".to_string()),
    ];
    // A missing reason refuses the whole batch.
    assert!(
        store
            .record_disclosures(&items, "PC Response", " ")
            .is_err()
    );
    assert_eq!(store.audit_log().expect("log").len(), before);
    store
        .record_disclosures(&items, "PC Response", "Visits due this week")
        .expect("recorded");
    let log = store.audit_log().expect("log");
    assert_eq!(log.len(), before + 2);
    assert!(
        log[before..]
            .iter()
            .all(|e| e.kind == spmp::store::AuditKind::Disclosure
                && e.recipient.as_deref() == Some("PC Response")
                && e.justification.as_deref() == Some("Visits due this week"))
    );
    assert!(store.verify_audit().expect("verify").is_ok());
}

#[cfg(unix)]
#[test]
fn a_new_store_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    if common::store::sqlite_only(
        "a_new_store_is_readable_by_its_owner_only: the permissions of the SQLite store's \
         directory and files",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    let store = spmp::store::testkit::open(&dir).expect("store");
    let mode =
        |p: &std::path::Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for name in ["spmp.db", "spmp.db-wal", "spmp.db-shm"] {
        let p = dir.join(name);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{name}");
        }
    }
    drop(store);
}

#[test]
fn drafts_come_back_for_a_user_with_a_non_ascii_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut store =
        spmp::store::testkit::open_as(tmp.path(), "zoë.ødegård", &[Role::Reviewer]).expect("store");
    let key = spmp::domain::DraftKey::Review { subject: 1 };
    store.put_draft(&key, b"typed").expect("draft");
    let drafts = store.drafts().expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].key, key);
    assert_eq!(drafts[0].payload, b"typed");
}

#[test]
fn a_log_cut_back_with_an_older_head_put_back_is_caught_by_the_record_revisions() {
    // On the server only the untouched log's head (the end) is checked: the cut is made in the
    // SQLite file.
    if !common::store::sqlite_only(
        "a_log_cut_back_with_an_older_head_put_back_is_caught_by_the_record_revisions (the cut): \
         the log cut back and the head put back in the SQLite file with rusqlite",
    ) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("store");
        let mut store = spmp::store::testkit::open(&dir).expect("store");
        let mut s = full_subject(1, "first");
        store.save(&s, "create").expect("save");
        drop(store);
        let raw = rusqlite::Connection::open(dir.join("spmp.db")).expect("raw");
        let old_head: String = raw
            .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
                r.get(0)
            })
            .expect("head");
        let last: i64 = raw
            .query_row("SELECT max(seq) FROM audit", [], |r| r.get(0))
            .expect("last");
        drop(raw);
        let mut store = spmp::store::testkit::open(&dir).expect("store");
        s.section1.narrative = "second".into();
        store.save(&s, "edit").expect("save");
        drop(store);
        // Someone without the key cuts the log back and puts the older head back.
        let raw = rusqlite::Connection::open(dir.join("spmp.db")).expect("raw");
        raw.execute("DELETE FROM audit WHERE seq > ?1", [last])
            .expect("cut");
        raw.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'audit_head'",
            [&old_head],
        )
        .expect("old head");
        drop(raw);
        let store = spmp::store::testkit::open(&dir).expect("store");
        let report = store.verify_audit().expect("verify");
        let fault = report.fault.expect("caught");
        assert!(fault.problem.contains("revision 2"), "{fault}");
    }
    // An untouched log reports its head for the record.
    let tmp2 = tempfile::tempdir().expect("tempdir");
    let mut clean = spmp::store::testkit::open(tmp2.path()).expect("store");
    clean.save(&full_subject(1, "x"), "create").expect("save");
    let ok = clean.verify_audit().expect("verify");
    assert!(ok.is_ok());
    assert!(
        ok.head
            .is_some_and(|(seq, fp)| seq == ok.entries && fp.len() == 16)
    );
}
