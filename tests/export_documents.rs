//! `spmp export --subject` and `--visits-due`: documents are disclosures. The real binary on a
//! store seeded with the demo caseload.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::{Command, Output};

use spmp::domain::Role;
use spmp::store::testkit;
use spmp::store::{AuditEntry, AuditKind};

fn seeded(dir: &Path) {
    let mut store = testkit::open(dir).expect("open store");
    let subjects = spmp::interchange::demo_subjects().expect("demo");
    store.save_all(&subjects, "Imported demo").expect("seed");
}

fn spmp_as(user: &str, store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(testkit::place(store))
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", user)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .expect("run spmp")
}

fn spmp(store: &Path, args: &[&str]) -> Output {
    spmp_as(testkit::TESTER, store, args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn disclosures(store: &Path) -> Vec<AuditEntry> {
    testkit::open(store)
        .expect("open")
        .audit_log()
        .expect("audit log")
        .into_iter()
        .filter(|e| e.kind == AuditKind::Disclosure)
        .collect()
}

#[test]
fn without_recipient_and_reason_nothing_is_written_or_recorded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("store");
    seeded(&store);
    for (format, file) in [
        ("pdf", "plan.pdf"),
        ("md", "plan.md"),
        ("visit-sheet", "v.pdf"),
    ] {
        let path = tmp.path().join(file);
        let p = path.to_str().expect("utf8");
        let out = spmp(
            &store,
            &[
                "export",
                "--subject",
                "1",
                "--format",
                format,
                "--output",
                p,
            ],
        );
        assert!(!out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("--recipient WHO is required"),
            "{}",
            text(&out)
        );
        let out = spmp(
            &store,
            &[
                "export",
                "--subject",
                "1",
                "--format",
                format,
                "--output",
                p,
                "--recipient",
                "Niche",
            ],
        );
        assert!(!out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("--reason TEXT is required"),
            "{}",
            text(&out)
        );
        assert!(!path.exists(), "{format}: a file was written");
    }
    assert!(disclosures(&store).is_empty());
}

#[test]
fn a_plan_export_is_recorded_as_a_disclosure_before_it_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("store");
    seeded(&store);
    let pdf = tmp.path().join("plan.pdf");
    let out = spmp(
        &store,
        &[
            "export",
            "--subject",
            "1",
            "--format",
            "pdf",
            "--output",
            pdf.to_str().expect("utf8"),
            "--recipient",
            "Niche records",
            "--reason",
            "Quarterly plan upload",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let bytes = std::fs::read(&pdf).expect("pdf written");
    assert!(bytes.starts_with(b"%PDF-"));
    let d = disclosures(&store);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].subject, Some(1));
    assert_eq!(d[0].recipient.as_deref(), Some("Niche records"));
    assert_eq!(d[0].justification.as_deref(), Some("Quarterly plan upload"));
    assert!(d[0].what.contains("plan of subject 1"), "{}", d[0].what);
    assert!(d[0].what.contains("PDF"), "{}", d[0].what);

    // Text on standard output, with the --out spelling.
    let out = spmp(
        &store,
        &[
            "export",
            "--subject",
            "1",
            "--format",
            "txt",
            "--recipient",
            "Niche",
            "--reason",
            "upload",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("OFFICIAL-SENSITIVE"), "{stdout}");
    assert!(stdout.contains("SUBJECT PROFILE MANAGEMENT PLAN"));
    assert_eq!(disclosures(&store).len(), 2);
}

#[test]
fn an_unknown_subject_or_a_pdf_without_a_file_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("store");
    seeded(&store);
    let path = tmp.path().join("x.md");
    let out = spmp(
        &store,
        &[
            "export",
            "--subject",
            "999",
            "--format",
            "md",
            "--out",
            path.to_str().expect("utf8"),
            "--recipient",
            "a",
            "--reason",
            "b",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("no subject 999"), "{}", text(&out));
    let out = spmp(
        &store,
        &[
            "export",
            "--subject",
            "1",
            "--format",
            "pdf",
            "--recipient",
            "a",
            "--reason",
            "b",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("--output FILE"), "{}", text(&out));
    assert!(!path.exists());
    assert!(disclosures(&store).is_empty());
}

#[test]
fn a_viewer_may_not_export_a_plan() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("store");
    seeded(&store);
    drop(testkit::open_as(&store, "vic", &[Role::Viewer]).expect("viewer"));
    let path = tmp.path().join("plan.pdf");
    let out = spmp_as(
        "vic",
        &store,
        &[
            "export",
            "--subject",
            "1",
            "--format",
            "pdf",
            "--output",
            path.to_str().expect("utf8"),
            "--recipient",
            "a",
            "--reason",
            "b",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(!path.exists());
    assert!(disclosures(&store).is_empty());
}

#[test]
fn visits_due_makes_one_sheet_and_one_disclosure_per_subject() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("store");
    seeded(&store);
    let path = tmp.path().join("visits.txt");
    let out = spmp(
        &store,
        &[
            "export",
            "--visits-due",
            "14",
            "--format",
            "visit-sheet",
            "--output",
            path.to_str().expect("utf8"),
            "--recipient",
            "Fenbridge neighbourhood team",
            "--reason",
            "Visits this fortnight",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let sheets = std::fs::read_to_string(&path).expect("written");
    let n = sheets.matches("VISIT SHEET").count();
    assert!(n >= 2, "{sheets}");
    let d = disclosures(&store);
    assert_eq!(d.len(), n, "{d:?}");
    assert!(
        d.iter()
            .all(|e| e.subject.is_some() && e.what.contains("visit sheet"))
    );
    // The whole-store JSON export is unchanged and still takes --out.
    let json = tmp.path().join("all.json");
    let out = spmp(
        &store,
        &[
            "export",
            "--format",
            "json",
            "--out",
            json.to_str().expect("utf8"),
            "--recipient",
            "a",
            "--reason",
            "b",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(&json)
            .expect("json")
            .contains("\"subjects\"")
    );
}

#[test]
fn an_export_never_replaces_a_file_unless_forced_and_records_nothing_when_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("store");
    seeded(&store);
    let file = tmp.path().join("plan.md");
    std::fs::write(&file, "someone's notes").expect("write");
    let before = disclosures(&store).len();
    let args = [
        "export",
        "--subject",
        "1",
        "--format",
        "md",
        "--output",
        file.to_str().expect("utf8"),
        "--recipient",
        "Niche",
        "--reason",
        "filing",
    ];
    let out = spmp(&store, &args);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("already exists"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "someone's notes"
    );
    assert_eq!(
        disclosures(&store).len(),
        before,
        "a refused export records nothing"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = spmp(&store, &forced);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("OFFICIAL-SENSITIVE")
    );
    assert_eq!(disclosures(&store).len(), before + 1);
}
