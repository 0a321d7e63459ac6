//! `spmp queue` and `spmp generate`, driven as a user would: the real binary on a temp store.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use spmp::domain::Policy;
use spmp::domain::{QueueFilter, QueueView, queue};

const TODAY: &str = "2026-11-23";

fn spmp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", spmp::store::testkit::TESTER)
        .env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE)
        .env("COLUMNS", "120")
        // No user config file may change the cadences under test.
        .env("XDG_CONFIG_HOME", "/nonexistent-spmp-test")
        .env("HOME", "/nonexistent-spmp-test")
        .output()
        .expect("run spmp")
}

/// Create an empty store in `dir` with the test user (cheap key derivation), so the binary can
/// log in as `tester` (SPMP_USER/SPMP_PASSPHRASE below). The binary itself never creates a
/// store except through `spmp user add`.
fn make_store(dir: &Path) {
    drop(spmp::store::testkit::open(dir).expect("create test store"));
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// What the binary's `--store` is given for the store the test keeps in `dir` (the dir itself,
/// or its database on the test server with `SPMP_TEST_STORE=server`).
fn store_arg(dir: &Path) -> String {
    path(&spmp::store::testkit::place(dir)).to_string()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// A temp dir with the demo file imported into `store`.
fn demo_store() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("demo.json");
    std::fs::write(&file, spmp::interchange::DEMO_JSON).expect("write demo");
    let store = tmp.path().join("store");
    make_store(&store);
    let out = spmp(&["import", "--store", &store_arg(&store), path(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    (tmp, store)
}

fn today() -> chrono::NaiveDate {
    TODAY.parse().expect("date")
}

fn library_queue(filter: &QueueFilter) -> Vec<spmp::domain::QueueEntry> {
    let subjects = spmp::interchange::demo_subjects().expect("demo");
    queue(&subjects, &Policy::default(), today(), filter)
}

fn json_ids(stdout: &[u8]) -> Vec<u64> {
    let value: serde_json::Value = serde_json::from_slice(stdout).expect("json output");
    value["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["subject"].as_u64().expect("id"))
        .collect()
}

#[test]
fn json_queue_matches_the_library_order_and_reasons() {
    let (_tmp, store) = demo_store();
    let out = spmp(&[
        "queue",
        "--store",
        &store_arg(&store),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let expected = library_queue(&QueueFilter::default());
    assert!(!expected.is_empty());
    let ids: Vec<u64> = expected.iter().map(|e| e.subject).collect();
    assert_eq!(json_ids(&out.stdout), ids);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for (i, e) in expected.iter().enumerate() {
        let texts: Vec<String> = e.reasons.iter().map(|r| r.text()).collect();
        let got: Vec<String> = value["entries"][i]["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .map(|r| r["text"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(got, texts);
    }
}

#[test]
fn csv_and_table_list_the_same_order() {
    let (_tmp, store) = demo_store();
    let expected = library_queue(&QueueFilter::default());
    let out = spmp(&[
        "queue",
        "--store",
        &store_arg(&store),
        "--today",
        TODAY,
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "rank,subject_id,name,pnc,officer,risk,next_review,reasons"
    );
    assert_eq!(lines.len(), expected.len() + 1);
    for (line, e) in lines[1..].iter().zip(&expected) {
        let id = line.split(',').nth(1).expect("id field");
        assert_eq!(id, e.subject.to_string(), "{line}");
    }

    let out = spmp(&["queue", "--store", &store_arg(&store), "--today", TODAY]);
    assert!(out.status.success(), "{}", text(&out));
    let table = String::from_utf8_lossy(&out.stdout).to_string();
    let rows: Vec<&str> = table.lines().collect();
    assert!(
        rows[0].starts_with(" #  Name") || rows[0].starts_with("#  Name"),
        "{table}"
    );
    assert_eq!(rows.len(), expected.len() + 1, "{table}");
    for (row, e) in rows[1..].iter().zip(&expected) {
        let family = e.name.split(',').next().expect("family");
        assert!(row.contains(family), "{row} should name {family}");
        assert!(char_count(row) <= 120, "{row}");
    }
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn due7_view_and_filters_match_the_library() {
    let (_tmp, store) = demo_store();
    let out = spmp(&[
        "queue",
        "--store",
        &store_arg(&store),
        "--today",
        TODAY,
        "--format",
        "json",
        "--view",
        "due7",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let expected = library_queue(&QueueFilter {
        view: QueueView::DueIn7Days,
        ..Default::default()
    });
    let ids: Vec<u64> = expected.iter().map(|e| e.subject).collect();
    assert!(!ids.is_empty());
    assert_eq!(json_ids(&out.stdout), ids);

    let out = spmp(&[
        "queue",
        "--store",
        &store_arg(&store),
        "--today",
        TODAY,
        "--format",
        "json",
        "--risk",
        "high",
        "--reason",
        "review_overdue",
        "--reason",
        "very_high_risk",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let expected = library_queue(&QueueFilter {
        risk: Some(spmp::domain::RiskLevel::High),
        reasons: vec![
            spmp::domain::ReasonKind::ReviewOverdue,
            spmp::domain::ReasonKind::VeryHighRisk,
        ],
        ..Default::default()
    });
    let ids: Vec<u64> = expected.iter().map(|e| e.subject).collect();
    assert_eq!(json_ids(&out.stdout), ids);
}

#[test]
fn mine_view_uses_the_officer_named() {
    let (_tmp, store) = demo_store();
    let all = library_queue(&QueueFilter::default());
    let officer = all
        .iter()
        .find_map(|e| e.officer.clone())
        .expect("an officer in the demo queue");
    let out = spmp(&[
        "queue",
        "--store",
        &store_arg(&store),
        "--today",
        TODAY,
        "--format",
        "json",
        "--view",
        "mine",
        "--officer",
        &officer,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let ids = json_ids(&out.stdout);
    assert!(!ids.is_empty());
    let expected: Vec<u64> = all
        .iter()
        .filter(|e| e.officer.as_deref() == Some(officer.as_str()))
        .map(|e| e.subject)
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn a_bad_format_or_reason_is_a_clear_error() {
    let (_tmp, store) = demo_store();
    let out = spmp(&["queue", "--store", &store_arg(&store), "--format", "xml"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(
        msg.contains("xml") && msg.contains("table") && msg.contains("csv"),
        "{msg}"
    );
    let out = spmp(&["queue", "--store", &store_arg(&store), "--reason", "soon"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("review_overdue"), "{}", text(&out));
    let missing = _tmp.path().join("no-store-here");
    let out = spmp(&["queue", "--store", path(&missing)]);
    assert!(!out.status.success());
    assert!(text(&out).contains("no spmp store"), "{}", text(&out));
    assert!(!missing.exists(), "queue must not create a store");
}

#[test]
fn generated_caseload_imports_and_verifies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("gen.json");
    let out = spmp(&[
        "generate",
        "--subjects",
        "200",
        "--out",
        path(&file),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("SYNTHETIC, FICTIONAL"),
        "{}",
        text(&out)
    );
    let first = std::fs::read(&file).expect("read");
    let again = tmp.path().join("again.json");
    let out = spmp(&[
        "generate",
        "--subjects",
        "200",
        "--out",
        path(&again),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read(&again).expect("read"),
        first,
        "same seed, same file"
    );

    let store = tmp.path().join("store");
    make_store(&store);
    let out = spmp(&["import", "--store", &store_arg(&store), path(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Imported 200"), "{}", text(&out));
    let out = spmp(&["verify", "--store", &store_arg(&store)]);
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp(&[
        "queue",
        "--store",
        &store_arg(&store),
        "--today",
        TODAY,
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 20);
}
