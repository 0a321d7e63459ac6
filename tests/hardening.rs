//! The hardening list of issue 12 (point 5): each item fed the exact input the issue names,
//! through the real binary on real temp-dir stores (and the library where that is the way in).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn spmp_cmd(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spmp"));
    cmd.args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", spmp::store::testkit::TESTER)
        .env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE);
    cmd
}

fn spmp(args: &[&str]) -> Output {
    spmp_cmd(args).output().expect("run spmp")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn make_store(dir: &Path) {
    drop(spmp::store::testkit::open(dir).expect("create test store"));
}

/// The demo file as JSON, to be altered by a test.
fn demo() -> Value {
    serde_json::from_str(spmp::interchange::DEMO_JSON).expect("demo json")
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, serde_json::to_string_pretty(value).expect("json")).expect("write");
    file
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// Nothing that moves the cursor, clears, links, writes the clipboard or reorders text.
fn assert_terminal_safe(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        assert!(
            c == '\n' || c == '\r' || !spmp::text::sanitize::needs_escape(c),
            "raw {c:?} reached the terminal in:\n{text}"
        );
    }
}

const HOSTILE: &str = "DAPO\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]8;;https://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{202e}gnp.exe\u{2028}x\u{2029}y\u{2066}\u{061c}";

// ---- a. one sanitiser for everything printed ----

#[test]
fn stats_prints_a_hostile_order_kind_label_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    let mut file = demo();
    let subjects = file["subjects"].as_array_mut().unwrap();
    for subject in subjects.iter_mut() {
        for order in subject["orders"].as_array_mut().unwrap() {
            order["kind"] = serde_json::json!({ "other": HOSTILE });
        }
    }
    let f = write_json(tmp.path(), "hostile.json", &file);
    let out = spmp(&["import", "--store", s(&store), s(&f)]);
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp(&["stats", "--store", s(&store), "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_terminal_safe(&out.stdout);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("DAPO^[[2J^[]52;c;cHduZWQ=^G^[]8;;https://evil.example/^[\\link")
            && shown.contains("<U+202E>gnp.exe<U+2028>x<U+2029>y<U+2066><U+061C>"),
        "{shown}"
    );
    // The queue's table too.
    let out = spmp(&["queue", "--store", s(&store), "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_terminal_safe(&out.stdout);
}

#[test]
fn a_keymap_error_never_echoes_a_raw_escape() {
    let tmp = tempfile::tempdir().unwrap();
    let km = tmp.path().join("keys\u{1b}[2J.toml");
    std::fs::write(&km, "[normal]\n\"\u{1b}[2J\" = \"fly\u{202e}\"\n").unwrap();
    let out = spmp(&["--demo", "--keymap", s(&km)]);
    assert!(!out.status.success());
    assert_terminal_safe(&out.stderr);
    assert!(text(&out).contains("^[[2J"), "{}", text(&out));
}

#[test]
fn user_add_never_echoes_a_raw_bidi_override() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    let pass = tmp.path().join("pass");
    std::fs::write(&pass, "a long enough passphrase\n").unwrap();
    let out = spmp(&[
        "user",
        "add",
        "ana\u{202e}nimda",
        "--role",
        "viewer",
        "--store",
        s(&store),
        "--new-passphrase-file",
        s(&pass),
    ]);
    assert_terminal_safe(&out.stdout);
    assert_terminal_safe(&out.stderr);
    assert!(text(&out).contains("<U+202E>"), "{}", text(&out));
}

// ---- f. a closed standard output never panics ----

/// Run spmp with standard output a pipe whose reader is already gone.
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = spmp_cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take()); // the reader closes before spmp writes a byte
    child.wait_with_output().expect("wait")
}

#[test]
fn a_closed_stdout_never_panics_any_command() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    let demo = tmp.path().join("demo.json");
    std::fs::write(&demo, spmp::interchange::DEMO_JSON).unwrap();
    assert!(
        spmp(&["import", "--store", s(&store), s(&demo)])
            .status
            .success()
    );
    let st = s(&store);
    for args in [
        vec!["verify", "--store", st],
        vec!["audit", "verify", "--store", st],
        vec!["queue", "--store", st],
        vec!["queue", "--store", st, "--format", "csv"],
        vec!["stats", "--store", st],
        vec!["user", "list", "--store", st],
        vec!["archived", "--store", st],
        vec![
            "export",
            "--store",
            st,
            "--format",
            "json",
            "--recipient",
            "CPS",
            "--reason",
            "case",
        ],
    ] {
        let out = with_closed_stdout(&args);
        let code = out.status.code();
        assert_ne!(code, Some(101), "{args:?} panicked: {}", text(&out));
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{args:?}: {}",
            text(&out)
        );
        assert!(
            matches!(code, Some(0 | 141)),
            "{args:?} exited {code:?}: {}",
            text(&out)
        );
    }
    // And through a real shell pipe, as a user would.
    let sh = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "\"{}\" verify --store \"{st}\" | true; echo \"status ${{PIPESTATUS:-?}}\"",
            env!("CARGO_BIN_EXE_spmp")
        ))
        .env("SPMP_USER", spmp::store::testkit::TESTER)
        .env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&sh.stderr).contains("panicked"),
        "{}",
        text(&sh)
    );
}

// ---- b. Argon2 parameters bounded before any work ----

#[test]
fn a_tampered_wrap_header_asking_4_gib_and_64_passes_is_refused_at_once() {
    if common::store::sqlite_only(
        "a_tampered_wrap_header_asking_4_gib_and_64_passes_is_refused_at_once: alters the \
         user's wrap in the SQLite file with rusqlite",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    {
        let conn = rusqlite::Connection::open(store.join(spmp::store::DB_FILE)).unwrap();
        let mut wrap: Vec<u8> = conn
            .query_row(
                "SELECT wrap FROM users WHERE name = ?1",
                [spmp::store::testkit::TESTER],
                |r| r.get(0),
            )
            .unwrap();
        wrap[4..8].copy_from_slice(&(4u32 * 1024 * 1024).to_le_bytes());
        wrap[8..12].copy_from_slice(&64u32.to_le_bytes());
        conn.execute(
            "UPDATE users SET wrap = ?1 WHERE name = ?2",
            rusqlite::params![wrap, spmp::store::testkit::TESTER],
        )
        .unwrap();
    }
    let started = std::time::Instant::now();
    let out = spmp(&["verify", "--store", s(&store)]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("4096 MiB, 64 passes") && msg.contains("beyond the bounds"),
        "{msg}"
    );
}

// ---- c. sign-off times and authors come from the signing session, never from a file ----

fn seeded_demo(dir: &Path) {
    let mut admin = spmp::store::testkit::open(dir).expect("store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data");
    admin.save_all(&subjects, "seed").expect("seed");
}

fn load(dir: &Path, id: u64) -> (spmp::domain::Subject, u64) {
    let store = spmp::store::testkit::open(dir).expect("store");
    store.load_versioned(id).expect("load").expect("there")
}

fn one_subject(dir: &Path, id: u64, change: impl FnOnce(&mut Value)) -> PathBuf {
    let mut file = demo();
    let subjects = file["subjects"].as_array_mut().unwrap();
    subjects.retain(|s| s["id"] == id);
    change(&mut subjects[0]);
    write_json(dir, &format!("subject-{id}.json"), &file)
}

#[test]
fn import_replace_cannot_back_date_a_sign_off() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    seeded_demo(&store);
    let (before, version) = load(&store, 4);
    let approved = before.current_assessment().unwrap().clone();
    assert_eq!(
        approved.sign_off.status,
        spmp::domain::SignOffStatus::Approved
    );

    // The approved assessment's time moved back a year in the file.
    let f = one_subject(tmp.path(), 4, |s| {
        for a in s["assessments"].as_array_mut().unwrap() {
            if a["id"] == approved.id {
                a["sign_off"]["at"] = "2025-01-01T09:00:00".into();
            }
        }
    });
    let out = spmp(&["import", "--replace", "--store", s(&store), s(&f)]);
    assert!(!out.status.success(), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("sign-off decisions the store does not hold")
            && msg.contains(&format!("subject 4: risk assessment {}", approved.id)),
        "{msg}"
    );
    assert_eq!(load(&store, 4), (before, version), "nothing changed");

    // A plan awaiting sign-off, approved in the file in the importer's own name, back-dated.
    let (plan_before, plan_version) = load(&store, 11);
    let f = one_subject(tmp.path(), 11, |s| {
        s["plan_sign_off"] = serde_json::json!({
            "status": "approved", "by": spmp::store::testkit::TESTER,
            "at": "2020-01-01T09:00:00", "comment": "", "signer": "", "rank": null
        });
    });
    let out = spmp(&["import", "--replace", "--store", s(&store), s(&f)]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("subject 11: plan"), "{}", text(&out));
    assert_eq!(load(&store, 11), (plan_before, plan_version));

    // The file as exported (sign-offs unchanged) still replaces.
    let f = one_subject(tmp.path(), 4, |s| {
        s["officer"] = "DC Replaced".into();
    });
    let out = spmp(&["import", "--replace", "--store", s(&store), s(&f)]);
    assert!(out.status.success(), "{}", text(&out));
}

// ---- d. dates in a documented range, read one way ----

#[test]
fn import_refuses_dates_out_of_range_with_spaces_or_leap_seconds_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    for (bad, field, what) in [
        ("0000-01-01", "opened", "date"),
        ("-0001-01-01", "opened", "date"),
        ("+10000-01-01", "opened", "date"),
        (" 2026-11-23", "opened", "date"),
        ("2026-11-23 ", "date_of_birth", "date"),
        ("1899-12-31", "date_of_birth", "date"),
        ("2026-12-31T23:59:60", "reviews[0].sign_off.at", "date-time"),
    ] {
        let f = one_subject(tmp.path(), 1, |s| {
            if field.starts_with("reviews") {
                s["reviews"][0]["sign_off"]["at"] = bad.into();
            } else {
                s[field] = bad.into();
            }
        });
        let out = spmp(&["import", "--store", s(&store), s(&f)]);
        assert!(!out.status.success(), "{bad} accepted: {}", text(&out));
        let msg = text(&out);
        assert!(
            msg.contains(&format!("{field}: invalid {what} {bad:?}"))
                && msg.contains("nothing was imported"),
            "{bad}: {msg}"
        );
    }
    // The forms and the tracker keep to the same years.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert!(spmp::edit::parse::parse_date("01/01/1899", today).is_err());
    assert!(spmp::edit::parse::parse_date("+200y", today).is_err());
    assert!(spmp::tracker::parse_uk_date("01/01/2200").is_err());
    // And --today.
    let out = spmp(&["queue", "--today", "+10000-01-01", "--store", s(&store)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("invalid date"), "{}", text(&out));
}

// ---- e. one person, one record: duplicate PNC ID or Niche reference ----

#[test]
fn a_duplicate_pnc_id_or_niche_reference_in_one_json_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    let mut file = demo();
    let subjects = file["subjects"].as_array_mut().unwrap();
    let pnc = subjects[0]["pnc_id"].as_str().unwrap().to_lowercase();
    subjects[1]["pnc_id"] = format!(" {pnc}").into();
    subjects[2]["niche_ref"] = subjects[0]["niche_ref"].clone();
    let f = write_json(tmp.path(), "dups.json", &file);
    let out = spmp(&["import", "--store", s(&store), s(&f)]);
    assert!(!out.status.success(), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("pnc_id: PNC ID") && msg.contains("is already used by subject 1"),
        "{msg}"
    );
    assert!(msg.contains("niche_ref: Niche reference"), "{msg}");
    assert_eq!(
        spmp::store::testkit::open(&store).unwrap().count().unwrap(),
        0
    );
}

#[test]
fn a_pnc_id_already_in_the_store_is_refused_on_import() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    seeded_demo(&store);
    let before = spmp::store::testkit::open(&store).unwrap().count().unwrap();
    let f = one_subject(tmp.path(), 1, |s| {
        s["id"] = 9001.into();
        s["family_name"] = "Otherperson".into();
        s["niche_ref"] = Value::Null;
    });
    let out = spmp(&["import", "--store", s(&store), s(&f)]);
    assert!(!out.status.success(), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("subject 9001: PNC ID 00/000001A is also subject 1's"),
        "{msg}"
    );
    assert_eq!(
        spmp::store::testkit::open(&store).unwrap().count().unwrap(),
        before
    );
    // Replacing subject 1 itself (as exported) with its own PNC ID is no clash.
    let f = one_subject(tmp.path(), 1, |_| {});
    let out = spmp(&["import", "--replace", "--store", s(&store), s(&f)]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_duplicate_pnc_id_in_one_tracker_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo-data");
    let csv = std::fs::read_to_string(root.join("tracker.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    // Row 3 (TRK-02) takes TRK-01's PNC ID: a different nominal with the same PNC ID.
    lines[2] = lines[2].replace("00/000102X", "00/000101x");
    let f = tmp.path().join("tracker.csv");
    std::fs::write(&f, lines.join("\n") + "\n").unwrap();
    let mapping = root.join("tracker-mapping.toml");
    let out = spmp(&[
        "import",
        "--store",
        s(&store),
        "--format",
        "csv",
        "--mapping",
        s(&mapping),
        s(&f),
        "--today",
        "2026-11-23",
    ]);
    assert!(!out.status.success(), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("row 3") && msg.contains("is already row 2's"),
        "{msg}"
    );
}

#[test]
fn the_identity_form_warns_of_a_pnc_id_already_used_on_the_cli_and_in_the_tui() {
    // The command line: saved, with a warning.
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    seeded_demo(&store);
    let out = spmp(&[
        "item",
        "edit",
        "--store",
        s(&store),
        "--subject",
        "2",
        "--kind",
        "subject",
        "--id",
        "0",
        "--set",
        "pnc_id=00/000001a",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Warning: PNC ID 00/000001a is also subject 1's"),
        "{}",
        text(&out)
    );
    assert_eq!(load(&store, 2).0.pnc_id.as_deref(), Some("00/000001a"));

    // The TUI: a new subject with subject 1's PNC ID is saved, and the status line warns.
    let mut t = common::app::demo_app_as(spmp::store::testkit::TESTER);
    let app = &mut t.app;
    common::app::keys(app, "n");
    common::forms::set(app, "family_name", "Tench");
    common::forms::set(app, "given_names", "Oliver");
    common::forms::set(app, "pnc_id", "00/000001A");
    common::app::keys(app, "<c-s>");
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Saved")
            && message.contains("Warning: PNC ID 00/000001A is also subject 1's"),
        "{message}"
    );
}

// ---- g. user names: a safe charset, unique ignoring case and look-alikes ----

fn user_add(store: &Path, pass: &Path, name: &str) -> Output {
    spmp(&[
        "user",
        "add",
        name,
        "--role",
        "viewer",
        "--store",
        s(store),
        "--new-passphrase-file",
        s(pass),
    ])
}

#[test]
fn look_alike_user_names_are_refused_on_the_command_line_and_in_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&store);
    let pass = tmp.path().join("pass");
    std::fs::write(&pass, "a long enough passphrase\n").unwrap();
    let out = user_add(&store, &pass, "admin");
    assert!(out.status.success(), "{}", text(&out));
    for (name, says) in [
        ("Admin", "too like the existing user \"admin\""),
        ("ADM1N", "too like the existing user \"admin\""),
        ("\u{0430}dmin", "U+0430"),
        ("adm\u{202e}in", "U+202E"),
        ("ad\u{2028}min", "U+2028"),
    ] {
        let out = user_add(&store, &pass, name);
        assert!(!out.status.success(), "{name:?} accepted: {}", text(&out));
        assert!(text(&out).contains(says), "{name:?}: {}", text(&out));
        assert_terminal_safe(&out.stderr);
    }
    // The library refuses the same, whichever screen calls it (the TUI's user forms, scripts).
    let mut admin = spmp::store::testkit::open(&store).unwrap();
    let err = admin
        .add_user(
            "ADMIN",
            &spmp::store::Passphrase::new("a long enough passphrase"),
            &[spmp::domain::Role::Viewer],
        )
        .unwrap_err();
    assert!(err.to_string().contains("too like"), "{err}");
    // A new store's first administrator too.
    let fresh = spmp::store::testkit::place(&tmp.path().join("fresh"));
    let out = spmp_cmd(&[
        "user",
        "add",
        "\u{0430}dmin",
        "--role",
        "administrator",
        "--store",
        s(&fresh),
        "--new-passphrase-file",
        s(&pass),
    ])
    .output()
    .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("U+0430"), "{}", text(&out));
}

// ---- h. failed logins: recorded in the audit log, slowed per user ----

#[test]
fn failed_logins_are_slowed_per_user_and_recorded_in_the_audit_log() {
    use spmp::store::{LoginDelay, Store, StoreError, testkit};
    let tmp = tempfile::tempdir().unwrap();
    let dir = spmp::store::testkit::place(&tmp.path().join("s"));
    make_store(&dir);
    drop(testkit::open_as(&dir, "rita", &[spmp::domain::Role::Reviewer]).unwrap());
    let opts = testkit::options();
    let wrong = |user: &str| {
        let err = Store::open_with(
            &dir,
            &opts,
            &spmp::store::Login::new(user, "not the passphrase"),
        )
        .unwrap_err();
        assert!(matches!(err, StoreError::BadLogin), "{err}");
    };
    let real = LoginDelay::default();
    assert_eq!(Store::failed_logins(&dir, "rita", &real).unwrap().0, 0);
    for n in 1..=3 {
        wrong("rita");
        let (count, wait) = Store::failed_logins(&dir, "rita", &real).unwrap();
        assert_eq!(count, n);
        // The app's own delay: 0.5 s, 1 s, 2 s (tests run with milliseconds).
        assert_eq!(wait, real.after(n));
    }
    assert_eq!(
        Store::failed_logins(&dir, "rita", &real).unwrap().1,
        std::time::Duration::from_secs(2)
    );
    // Per user: the tester's next login is not slowed.
    assert_eq!(Store::failed_logins(&dir, "tester", &real).unwrap().0, 0);

    // The next successful login of anyone writes them into the audit log, by that user...
    let admin = testkit::open(&dir).unwrap();
    let log = admin.audit_log().unwrap();
    let entry = log.last().unwrap();
    assert_eq!(entry.kind, spmp::store::AuditKind::Account);
    assert!(
        entry.what.starts_with("3 failed logins as rita"),
        "{}",
        entry.what
    );
    drop(admin);
    // ...once: rita still waits (her count is hers), but a second login logs nothing new.
    assert_eq!(Store::failed_logins(&dir, "rita", &real).unwrap().0, 3);
    let again = testkit::open(&dir).unwrap();
    assert_eq!(again.audit_log().unwrap().len(), log.len());
    drop(again);
    // Her own successful login starts her count again.
    drop(testkit::open_as(&dir, "rita", &[spmp::domain::Role::Reviewer]).unwrap());
    assert_eq!(Store::failed_logins(&dir, "rita", &real).unwrap().0, 0);

    // Through the binary, with the app's real delay: the third attempt waits a second first.
    for _ in 0..2 {
        let out = spmp_cmd(&["verify", "--store", s(&dir)])
            .env("SPMP_PASSPHRASE", "not the passphrase")
            .output()
            .unwrap();
        assert!(
            text(&out).contains("wrong user name or passphrase"),
            "{}",
            text(&out)
        );
    }
    let started = std::time::Instant::now();
    let out = spmp(&["verify", "--store", s(&dir)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    let store = testkit::open(&dir).unwrap();
    let last = store.audit_log().unwrap().pop().unwrap();
    assert!(
        last.what.starts_with("2 failed logins as tester"),
        "{}",
        last.what
    );
}

// ---- i. a record past the size limit: "too large", in plain words ----

#[test]
fn a_record_past_the_configured_limit_is_refused_as_too_large() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = spmp::store::testkit::place(&tmp.path().join("s"));
    // The library, with a small configured limit: nothing written.
    let opts = spmp::store::StoreOptions {
        max_record_bytes: 64 * 1024,
        ..spmp::store::testkit::options()
    };
    let mut store = spmp::store::testkit::open_with(&dir, &opts).unwrap();
    let mut big = spmp::domain::Subject::new(
        5,
        "Large",
        "Record",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
    );
    big.aliases.push("x".repeat(100 * 1024));
    let err = store.save(&big, "create").unwrap_err();
    assert!(
        err.to_string().starts_with(
            "subject 5 is too large to save: its record is 101 KB and a record may hold at most 64 KB"
        ),
        "{err}"
    );
    assert_eq!(store.count().unwrap(), 0);
    drop(store);

    // The binary, with the default limit (16 MB): an import of a 17 MB record.
    let f = one_subject(tmp.path(), 1, |s| {
        s["aliases"] = serde_json::json!(["y".repeat(17 * 1024 * 1024)]);
    });
    let out = spmp(&["import", "--store", s(&dir), s(&f)]);
    assert!(!out.status.success(), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("subject 1 is too large to save: its record is 17.0 MB")
            && msg.contains("at most 16.0 MB")
            && !msg.contains("LimitExceeded"),
        "{}",
        &msg[..msg.len().min(600)]
    );
}

// ---- j. an output path that is not a regular file is written through or refused ----

#[test]
fn export_writes_through_a_device_or_fifo_and_never_replaces_one() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().unwrap();
    let store = spmp::store::testkit::place(&tmp.path().join("s"));
    seeded_demo(&store);
    let export = |out: &Path, force: bool| {
        let mut args = vec![
            "export",
            "--store",
            s(&store),
            "--format",
            "json",
            "--out",
            s(out),
            "--recipient",
            "CPS",
            "--reason",
            "case file",
        ];
        if force {
            args.push("--force");
        }
        spmp(&args)
    };
    let log_before = spmp::store::testkit::open(&store)
        .unwrap()
        .audit_log()
        .unwrap()
        .len();
    // /dev/null with --force: written through, still the character device.
    let out = export(Path::new("/dev/null"), true);
    assert!(out.status.success(), "{}", text(&out));
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");

    // A FIFO: the reader gets the whole export; the FIFO stays a FIFO.
    let fifo = tmp.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = export(&fifo, true);
    assert!(out.status.success(), "{}", text(&out));
    let got = reader.join().unwrap();
    assert!(
        got.contains("\"spmp-interchange\""),
        "{}",
        &got[..got.len().min(200)]
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    // A directory and a symbolic link are refused, nothing written or recorded.
    let dir = tmp.path().join("a-dir");
    std::fs::create_dir(&dir).unwrap();
    let out = export(&dir, true);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("is a directory"), "{}", text(&out));
    let real = tmp.path().join("real.json");
    std::fs::write(&real, "kept").unwrap();
    let link = tmp.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = export(&link, true);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("is a symbolic link"), "{}", text(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "kept");
    assert_eq!(
        spmp::store::testkit::open(&store)
            .unwrap()
            .audit_log()
            .unwrap()
            .len(),
        log_before + 2,
        "two exports written through (two disclosures), nothing for the refused ones"
    );
}

// ---- a and g through the TUI ----

#[test]
fn the_tui_shows_bidi_controls_and_separators_in_data_escaped() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = spmp::store::testkit::open(dir.path()).unwrap();
        let mut s = spmp::domain::Subject::new(
            1,
            "Evil\u{202e}gnp",
            "A\u{2028}B\u{2066}C\u{1b}[2J",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        );
        s.officer = Some("DC \u{200f}Mark".into());
        store.save(&s, "create").unwrap();
    }
    let mut t = common::app::open_as(dir, spmp::store::testkit::TESTER);
    common::app::keys(&mut t.app, "<enter>");
    let screen = common::app::render(&mut t.app, 120, 40);
    assert_terminal_safe(screen.as_bytes());
    assert!(screen.contains("EVIL<U+202E>GNP"), "{screen}");
}

#[test]
fn the_first_run_screen_refuses_a_look_alike_administrator_name() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use spmp::tui::login::{LoginScreen, LoginStep};
    let tmp = tempfile::tempdir().unwrap();
    let dir = spmp::store::testkit::place(&tmp.path().join("store"));
    let status = spmp::store::Store::status(&dir).unwrap();
    let mut screen =
        LoginScreen::new(&dir, status, None, false).with_options(spmp::store::testkit::options());
    let mut step = LoginStep::Continue;
    for c in "\u{0430}dmin\ncorrect horse battery\ncorrect horse battery\n".chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        step = screen.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    assert_eq!(step, LoginStep::Submit);
    assert!(screen.submit().is_none(), "a store was made");
    let error = screen.error.clone().unwrap_or_default();
    assert!(
        error.contains("U+0430") && error.contains("Nothing was created"),
        "{error}"
    );
    assert_eq!(
        spmp::store::Store::status(&dir).unwrap(),
        spmp::store::StoreStatus::Absent
    );
}

// ---- k (part). profile sizes padded; a store made before opens and is upgraded ----

/// A copy of the store made by spmp before padding (schema 4: `tester` with every role, the
/// viewer `vic`, `sam.supervisor`; demo subjects 1 and 2; a draft of tester's review of 1).
fn fixture_store() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-schema4/spmp.db");
    std::fs::copy(from, tmp.path().join(spmp::store::DB_FILE)).unwrap();
    tmp
}

fn profile_lengths(dir: &Path) -> Vec<(String, usize)> {
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, length(profile) FROM users ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn profiles_are_padded_so_their_size_does_not_tell_a_role_and_old_stores_are_upgraded() {
    if common::store::sqlite_only(
        "profiles_are_padded_so_their_size_does_not_tell_a_role_and_old_stores_are_upgraded: a \
         SQLite store of schema 4 as the fixture, profile sizes read with rusqlite",
    ) {
        return;
    }
    let tmp = fixture_store();
    let before = profile_lengths(tmp.path());
    let sizes: std::collections::BTreeSet<usize> = before.iter().map(|(_, n)| *n).collect();
    assert!(
        sizes.len() > 1,
        "the fixture's profiles differ in size: {before:?}"
    );

    // The first login pads every profile; contents and roles unchanged.
    let store = spmp::store::testkit::open(tmp.path()).unwrap();
    let users = store.users().unwrap();
    drop(store);
    let after = profile_lengths(tmp.path());
    let sizes: std::collections::BTreeSet<usize> = after.iter().map(|(_, n)| *n).collect();
    assert_eq!(sizes.len(), 1, "{after:?}");
    let vic = users.iter().find(|u| u.name == "vic").unwrap();
    assert_eq!(vic.roles, vec![spmp::domain::Role::Viewer]);
    let tester = users.iter().find(|u| u.name == "tester").unwrap();
    assert!(tester.roles.contains(&spmp::domain::Role::Administrator));

    // Everything else still opens and checks out (the fixture's drafts hold test bytes, not a
    // form, which verify names).
    let out = spmp(&["verify", "--store", s(tmp.path())]);
    assert!(only_test_drafts_fault(&out), "{}", text(&out));
    let out = spmp(&["audit", "verify", "--store", s(tmp.path())]);
    assert!(out.status.success(), "{}", text(&out));
    let store = spmp::store::testkit::open(tmp.path()).unwrap();
    assert_eq!(store.count().unwrap(), 2);
    assert_eq!(store.drafts().unwrap().len(), 1);
    drop(store);
    // A new user's profile is padded the same.
    drop(
        spmp::store::testkit::open_as(
            tmp.path(),
            "a.new.administrator",
            &[
                spmp::domain::Role::Administrator,
                spmp::domain::Role::Supervisor,
            ],
        )
        .unwrap(),
    );
    let sizes: std::collections::BTreeSet<usize> = profile_lengths(tmp.path())
        .iter()
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(sizes.len(), 1);
}

// ---- k (part). draft keys are keyed references, not names ----

fn draft_row_keys(dir: &Path) -> Vec<(String, Option<i64>)> {
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).unwrap();
    let mut stmt = conn
        .prepare("SELECT key, subject_id FROM drafts ORDER BY key")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn draft_keys_name_no_user_subject_or_form_and_old_drafts_are_converted() {
    use spmp::domain::{DraftKey, ItemKind, Target};
    if common::store::sqlite_only(
        "draft_keys_name_no_user_subject_or_form_and_old_drafts_are_converted: a SQLite store of \
         schema 4 as the fixture, draft rows read with rusqlite",
    ) {
        return;
    }
    let tmp = fixture_store();
    // Written before: the key names the user, the form and the subject.
    let before = draft_row_keys(tmp.path());
    assert_eq!(before, vec![("tester\u{1f}review:1".to_string(), Some(1))]);

    // The first login converts it; the draft reads back as it was.
    let mut store = spmp::store::testkit::open(tmp.path()).unwrap();
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].key, DraftKey::Review { subject: 1 });
    assert_eq!(drafts[0].payload, b"typed before the upgrade");
    // A new draft is written keyed too.
    let item = DraftKey::Item {
        subject: Some(2),
        target: Target::new_item(ItemKind::Device, None),
    };
    store.put_draft(&item, b"a device").unwrap();
    let rows = draft_row_keys(tmp.path());
    assert_eq!(rows.len(), 2);
    for (key, subject) in &rows {
        assert!(key.starts_with("h:"), "{key}");
        assert!(
            !key.contains("tester") && !key.contains("review") && !key.contains("form"),
            "{key}"
        );
        assert_eq!(*subject, None, "no subject id beside a draft");
    }
    // Another user sees none of them; the owner sees both, and deletes one by its key.
    drop(store);
    let vic =
        spmp::store::testkit::open_as(tmp.path(), "rita", &[spmp::domain::Role::Reviewer]).unwrap();
    assert!(vic.drafts().unwrap().is_empty());
    drop(vic);
    let mut store = spmp::store::testkit::open(tmp.path()).unwrap();
    assert_eq!(store.drafts().unwrap().len(), 2);
    store.delete_draft(&item).unwrap();
    assert_eq!(store.drafts().unwrap().len(), 1);
    // verify and audit verify still pass (but for the test bytes in the fixture's drafts).
    drop(store);
    let out = spmp(&["verify", "--store", s(tmp.path())]);
    assert!(only_test_drafts_fault(&out), "{}", text(&out));
}

/// `spmp verify` passed, or its only faults are drafts whose bytes are not a form (the
/// fixture's drafts hold test bytes).
fn only_test_drafts_fault(out: &std::process::Output) -> bool {
    let report = String::from_utf8_lossy(&out.stdout);
    out.status.success()
        || report
            .lines()
            .filter(|l| l.starts_with("  "))
            .all(|l| l.contains("draft") && l.contains("its form cannot be read"))
}
