//! Keys follow roles on a store made before they did (issue 12, point 1): a fixture store of
//! schema 4 (one data key in every wrap, made by the previous release with the demo caseload,
//! an administrator, a reviewer, a viewer and a supervisor; all fictional) is split at the
//! first login, whoever it is; each user's wrap is then replaced at their own login by one
//! holding what their role may hold; the copy of the restricted key kept for them is deleted
//! once the last of them has logged in.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;

use spmp::domain::Subject;
use spmp::store::{Login, Store, testkit};

const FIXTURE: &str = "tests/fixtures/store-schema4.db";
const USERS: [(&str, &str); 4] = [
    ("vic", "fixture-view-1"),
    ("rita", "fixture-rev-1"),
    ("sam", "fixture-sup-1"),
    ("admin", "fixture-admin-1"),
];

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE),
        dir.path().join(spmp::store::DB_FILE),
    )
    .unwrap();
    dir
}

fn login(dir: &Path, (user, pass): (&str, &str)) -> Store {
    Store::open_with(dir, &testkit::options(), &Login::new(user, pass)).unwrap()
}

fn magic(dir: &Path, user: &str) -> String {
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).unwrap();
    let wrap: Vec<u8> = conn
        .query_row("SELECT wrap FROM users WHERE name = ?1", [user], |r| {
            r.get(0)
        })
        .unwrap();
    String::from_utf8_lossy(&wrap[..4]).into_owned()
}

fn kept_key(dir: &Path) -> bool {
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).unwrap();
    conn.query_row(
        "SELECT count(*) FROM meta WHERE key = 'restricted_pending'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

fn addresses(subjects: &[Subject]) -> Vec<Option<String>> {
    subjects
        .iter()
        .flat_map(|s| &s.protected_persons)
        .map(|p| p.address.clone())
        .collect()
}

/// Every protected person's address is absent or shown as restricted.
fn hidden(subjects: &[Subject]) -> bool {
    addresses(subjects)
        .iter()
        .all(|a| a.as_deref().is_none_or(|a| a == spmp::domain::RESTRICTED))
}

#[test]
fn an_old_store_is_split_at_the_first_login_and_each_wrap_follows_its_role() {
    let dir = fixture();
    let demo = spmp::interchange::demo_subjects().unwrap();
    for (user, _) in USERS {
        assert_eq!(magic(dir.path(), user), "SPW1");
    }
    // The administrator's list names who is still to log in (read from a copy, so this login
    // does not upgrade the real one).
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join(spmp::store::DB_FILE),
        copy.path().join(spmp::store::DB_FILE),
    )
    .unwrap();
    let pending: Vec<String> = login(copy.path(), USERS[3])
        .users()
        .unwrap()
        .into_iter()
        .filter(|u| u.keys_pending)
        .map(|u| u.name)
        .collect();
    assert_eq!(pending, ["rita", "sam", "vic"]);

    // The viewer logs in first: the store is split, their wrap holds the general key only, and
    // the restricted key is kept for the three others until they log in.
    let viewer = login(dir.path(), USERS[0]);
    let seen = viewer.load_all().unwrap();
    assert_eq!(seen.len(), demo.len());
    assert!(hidden(&seen), "a viewer sees no address");
    drop(viewer);
    assert_eq!(magic(dir.path(), "vic"), "SPW2");
    assert!(kept_key(dir.path()));

    // The reviewer gets the restricted key from the kept copy and reads every address.
    let reviewer = login(dir.path(), USERS[1]);
    let full = reviewer.load_all().unwrap();
    assert_eq!(addresses(&full), addresses(&demo));
    assert!(addresses(&full).iter().any(Option::is_some));
    drop(reviewer);
    assert_eq!(magic(dir.path(), "rita"), "SPW2");
    assert!(kept_key(dir.path()), "two more users still need it");

    drop(login(dir.path(), USERS[2]));
    assert!(kept_key(dir.path()), "the administrator still needs it");
    let admin = login(dir.path(), USERS[3]);
    assert!(
        !kept_key(dir.path()),
        "deleted once the last holder logged in"
    );
    // The administrator's login also began signing: their wrap holds the root signing key.
    for (user, _) in USERS {
        let want = if user == USERS[3].0 { "SPW3" } else { "SPW2" };
        assert_eq!(magic(dir.path(), user), want, "{user}");
    }
    assert!(admin.users().unwrap().iter().all(|u| !u.keys_pending));
    // Every record, history entry and audit entry still checks out.
    let report = admin.verify().unwrap();
    assert!(report.is_ok(), "{report}");
    assert!(admin.verify_audit().unwrap().is_ok());
    drop(admin);

    // Logging in again changes nothing; the viewer still sees no address.
    let viewer = login(dir.path(), USERS[0]);
    assert!(hidden(&viewer.load_all().unwrap()));
    let history = viewer.history(demo[0].id).unwrap();
    assert!(!history.is_empty());
}

fn cli(dir: &Path, (user, pass): (&str, &str), args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(dir)
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", user)
        .env("SPMP_PASSPHRASE", pass)
        .output()
        .unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn signing_begins_at_the_administrators_login_and_later_keys_wait_for_certification() {
    let dir = fixture();
    // Before any administrator logs in, the upgraded store does not sign yet.
    let out = cli(dir.path(), USERS[1], &["user", "key"]);
    assert!(stdout(&out).contains("no signing key yet"), "{out:?}");
    // The administrator's login makes the root key; their entries are signed from then on.
    let out = cli(dir.path(), USERS[3], &["user", "key"]);
    assert!(stdout(&out).contains("Your signing key"), "{out:?}");
    // The reviewer's next login makes their key, which awaits certification: verify passes
    // (entries from before signing began keep their MACs) and names it.
    let out = cli(dir.path(), USERS[1], &["user", "key"]);
    let text = stdout(&out);
    let fp = text
        .lines()
        .find_map(|l| l.strip_prefix("Your signing key (rita): "))
        .unwrap_or_else(|| panic!("{text}"))
        .trim()
        .to_string();
    assert_eq!(magic(dir.path(), "rita"), "SPW3");
    let out = cli(dir.path(), USERS[2], &["audit", "verify"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{out:?}");
    assert!(
        text.contains(&format!(
            "entries by rita are signed with a key no administrator has certified yet ({fp})"
        )),
        "{text}"
    );
    let keys = cli(dir.path(), USERS[3], &["user", "keys"]);
    assert!(stdout(&keys).contains("awaiting certification"), "{keys:?}");
    assert!(
        stdout(&keys).contains("root (certifies itself)"),
        "{keys:?}"
    );

    // Only an administrator certifies, and only the fingerprint the user reads out.
    let out = cli(dir.path(), USERS[2], &["user", "certify", "rita", &fp]);
    assert!(!out.status.success());
    let out = cli(
        dir.path(),
        USERS[3],
        &["user", "certify", "rita", "0000-0000-0000-0000"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no signing key with the fingerprint"));
    let out = cli(dir.path(), USERS[3], &["user", "certify", "rita", &fp]);
    assert!(out.status.success(), "{out:?}");
    let out = cli(dir.path(), USERS[2], &["audit", "verify"]);
    assert!(out.status.success(), "{out:?}");
    // (sam's own key, made as they ran verify, now waits in turn.)
    assert!(!stdout(&out).contains("entries by rita"), "{out:?}");
    let keys = cli(dir.path(), USERS[3], &["user", "keys"]);
    assert!(stdout(&keys).contains("certified by admin"), "{keys:?}");
}
