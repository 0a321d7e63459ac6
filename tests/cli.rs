//! The command line, driven as a user would: the real binary on real files in a temp dir.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::{Command, Output};

fn spmp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", spmp::store::testkit::TESTER)
        .env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE)
        .output()
        .expect("run spmp")
}

/// Create an empty store in `dir` with the test user (cheap key derivation), so the binary can
/// log in as `tester` (SPMP_USER/SPMP_PASSPHRASE below). The binary itself never creates a
/// store except through `spmp user add`.
fn make_store(dir: &Path) {
    drop(spmp::store::testkit::open(dir).expect("create test store"));
}

/// What the binary's `--store` is given for the store the test keeps in `dir` (the dir itself,
/// or its database on the test server with `SPMP_TEST_STORE=server`).
fn store_arg(dir: &Path) -> String {
    spmp::store::testkit::place(dir)
        .to_str()
        .expect("utf8")
        .to_string()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn write_demo(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("demo.json");
    std::fs::write(&file, spmp::interchange::DEMO_JSON).expect("write demo file");
    file
}

#[test]
fn import_export_round_trip_is_identical() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = write_demo(tmp.path());
    let a = tmp.path().join("a");
    make_store(&a);
    let out = spmp(&[
        "import",
        "--store",
        &store_arg(&a),
        file.to_str().expect("utf8"),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Imported"), "{}", text(&out));
    let export_a = tmp.path().join("a.json");
    let out = spmp(&[
        "export",
        "--store",
        &store_arg(&a),
        "--format",
        "json",
        "--out",
        export_a.to_str().expect("utf8"),
        "--recipient",
        "Testford MAPPA coordinator",
        "--reason",
        "round trip test",
    ]);
    assert!(out.status.success(), "{}", text(&out));

    let b = tmp.path().join("b");
    make_store(&b);
    let out = spmp(&[
        "import",
        "--store",
        &store_arg(&b),
        export_a.to_str().expect("utf8"),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp(&[
        "export",
        "--store",
        &store_arg(&b),
        "--format",
        "json",
        "--recipient",
        "Testford MAPPA coordinator",
        "--reason",
        "round trip test",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let first = std::fs::read_to_string(&export_a).expect("read export");
    assert_eq!(
        first,
        String::from_utf8_lossy(&out.stdout),
        "export of an import differs"
    );
    // The streamed export (each subject's text made on the decoding threads) is the file the
    // whole-file writer makes of the same subjects.
    let stored = spmp::store::testkit::open(&a)
        .expect("open a")
        .load_all()
        .expect("load a");
    assert_eq!(
        first,
        spmp::interchange::to_json(&stored).expect("to_json"),
        "the streamed export differs from the whole-file export"
    );
    let demo = spmp::interchange::demo_subjects().expect("demo");
    assert_eq!(
        spmp::interchange::parse(&first)
            .expect("export parses")
            .len(),
        demo.len()
    );
}

#[test]
fn import_with_one_bad_record_imports_nothing_and_names_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut value: serde_json::Value =
        serde_json::from_str(spmp::interchange::DEMO_JSON).expect("demo json");
    let subjects = value["subjects"].as_array_mut().expect("subjects array");
    let bad_id = subjects[3]["id"].clone();
    subjects[3]["family_name"] = serde_json::Value::String("  ".into());
    let file = tmp.path().join("bad.json");
    std::fs::write(&file, value.to_string()).expect("write");
    let store = tmp.path().join("s");
    make_store(&store);
    let out = spmp(&[
        "import",
        "--store",
        &store_arg(&store),
        file.to_str().expect("utf8"),
    ]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(msg.contains("family_name"), "{msg}");
    assert!(
        msg.contains(&bad_id.to_string()),
        "error names the record id {bad_id}: {msg}"
    );
    assert!(msg.contains("nothing was imported"), "{msg}");
    let out = spmp(&[
        "export",
        "--store",
        &store_arg(&store),
        "--recipient",
        "auditor",
        "--reason",
        "check nothing was imported",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let exported = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        spmp::interchange::parse(&exported).expect("parses").len(),
        0
    );
}

#[test]
fn verify_reports_counts_and_exit_codes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = write_demo(tmp.path());
    let store = tmp.path().join("s");
    make_store(&store);
    let s = &store_arg(&store);
    assert!(
        spmp(&["import", "--store", s, file.to_str().expect("utf8")])
            .status
            .success()
    );
    let out = spmp(&["verify", "--store", s]);
    assert!(out.status.success(), "{}", text(&out));
    let n = spmp::interchange::demo_subjects().expect("demo").len();
    assert!(text(&out).contains(&format!("{n}")), "{}", text(&out));
    assert!(text(&out).contains("OK"), "{}", text(&out));

    if spmp::store::testkit::sqlite_only(
        "verify_reports_counts_and_exit_codes, its corrupted row (written into spmp.db)",
    ) {
        return;
    }
    let conn = rusqlite::Connection::open(store.join("spmp.db")).expect("open db");
    conn.execute(
        "UPDATE subjects SET payload = x'0100ffffffff' WHERE id = (SELECT min(id) FROM subjects)",
        [],
    )
    .expect("corrupt one row");
    drop(conn);
    let out = spmp(&["verify", "--store", s]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("FAULT"), "{}", text(&out));
}

#[test]
fn not_a_store_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("notes.txt"), "hello").expect("write");
    let out = spmp(&["verify", "--store", tmp.path().to_str().expect("utf8")]);
    assert!(!out.status.success());
    assert!(
        text(&out).to_lowercase().contains("not an spmp store"),
        "{}",
        text(&out)
    );
    let missing = tmp.path().join("nowhere");
    let out = spmp(&[
        "export",
        "--store",
        missing.to_str().expect("utf8"),
        "--recipient",
        "x",
        "--reason",
        "y",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no spmp store") && text(&out).contains("user add"),
        "{}",
        text(&out)
    );
    assert!(!missing.exists(), "export must not create a store");
}

#[test]
fn bad_keymap_refuses_to_start_naming_file_and_key() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let km = tmp.path().join("mykeys.toml");
    std::fs::write(&km, "[normal]\nx = \"fly\"\n").expect("write");
    let out = spmp(&["--demo", "--keymap", km.to_str().expect("utf8")]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(
        msg.contains("mykeys.toml") && msg.contains("\"x\"") && msg.contains("fly"),
        "{msg}"
    );
}

#[test]
fn bad_config_and_bad_import_file_are_clear_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = tmp.path().join("config.toml");
    std::fs::write(&cfg, "[cadence]\nvery_high = \"soon\"\n").expect("write");
    let out = spmp(&["--demo", "--config", cfg.to_str().expect("utf8")]);
    assert!(!out.status.success());
    assert!(text(&out).contains("config.toml"), "{}", text(&out));

    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "{ not json").expect("write");
    let store = tmp.path().join("s");
    make_store(&store);
    let out = spmp(&[
        "import",
        "--store",
        &store_arg(&store),
        junk.to_str().expect("utf8"),
    ]);
    assert!(!out.status.success());
    assert!(text(&out).contains("line 1"), "{}", text(&out));
}

#[test]
fn importing_ids_already_in_the_store_is_refused_without_replace() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = write_demo(tmp.path());
    let store = tmp.path().join("s");
    make_store(&store);
    let s = &store_arg(&store);
    let f = file.to_str().expect("utf8");
    assert!(spmp(&["import", "--store", s, f]).status.success());
    let out = spmp(&["import", "--store", s, f]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(
        msg.contains("already in the store") && msg.contains("--replace"),
        "{msg}"
    );
    assert!(msg.contains("nothing was imported"), "{msg}");
    let out = spmp(&["import", "--store", s, f, "--replace"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn completions_for_every_shell_and_a_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = spmp(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["spmp", "import", "queue", "verify", "--store"] {
            assert!(script.contains(word), "{shell} completions name {word}");
        }
    }
    // The bash script is bash.
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("spmp.bash");
    std::fs::write(&file, spmp(&["completions", "bash"]).stdout).expect("write");
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .expect("bash");
    assert!(checked.success(), "bash -n accepts the completions");

    let out = spmp(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH spmp 1"), "{page}");
    assert!(
        page.contains("queue") && page.contains("SPMP_STORE"),
        "{page}"
    );

    let out = spmp(&["completions", "tcsh"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("possible values"), "{}", text(&out));
}
