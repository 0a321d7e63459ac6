//! Importing a unit's tracker spreadsheet (CSV + mapping): the real binary on real files, and
//! the reader's rules. All or nothing; errors name the row and the column.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use spmp::domain::{ConditionKind, OrderEnd, OrderKind};
use spmp::store::testkit;
use spmp::tracker;

const DEMO_CSV: &str = include_str!("../demo-data/tracker.csv");
const DEMO_MAPPING: &str = include_str!("../demo-data/tracker-mapping.toml");

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn spmp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", testkit::TESTER)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .expect("run spmp")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf8")
}

struct Fixture {
    _tmp: tempfile::TempDir,
    store: PathBuf,
    mapping: PathBuf,
    dir: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_path_buf();
    // Where the binary's --store finds it: the dir, or its database on the test server.
    let store = testkit::place(&dir.join("store"));
    drop(testkit::open(&store).expect("store"));
    let mapping = dir.join("mapping.toml");
    std::fs::write(&mapping, DEMO_MAPPING).expect("write mapping");
    Fixture {
        _tmp: tmp,
        store,
        mapping,
        dir,
    }
}

fn import(f: &Fixture, csv: &str, extra: &[&str]) -> Output {
    let file = f.dir.join("tracker.csv");
    std::fs::write(&file, csv).expect("write csv");
    let mut args = vec![
        "--store",
        p(&f.store),
        "--today",
        "2026-11-23",
        "import",
        "--format",
        "csv",
        "--mapping",
        p(&f.mapping),
        p(&file),
    ];
    args.extend_from_slice(extra);
    spmp(&args)
}

fn audit_entries(store: &Path) -> usize {
    testkit::open(store)
        .expect("open")
        .audit_log()
        .expect("log")
        .len()
}

#[test]
fn the_demo_tracker_imports_one_subject_per_nominal_with_its_orders() {
    let mapping = tracker::mapping::parse(DEMO_MAPPING).expect("mapping");
    let subjects = tracker::read(DEMO_CSV, &mapping, today()).expect("reads");
    assert_eq!(subjects.len(), 5);
    let two = subjects
        .iter()
        .find(|i| i.subject.family_name == "Ashgrove-Penn")
        .expect("grouped subject");
    assert_eq!(two.rows, vec![4, 5]);
    let s = &two.subject;
    assert_eq!(s.orders.len(), 2);
    assert_eq!(s.orders[0].kind, OrderKind::Spo);
    assert_eq!(s.orders[0].end, OrderEnd::UntilFurtherOrder);
    assert_eq!(s.orders[1].kind, OrderKind::Scpo);
    assert_eq!(s.orders[1].end, OrderEnd::Fixed(date(2029, 1, 17)));
    assert_eq!(s.orders[0].made, Some(date(2025, 6, 30)));
    assert_eq!(s.date_of_birth, Some(date(1995, 12, 11)));
    assert_eq!(s.opened, date(2024, 1, 18), "opened at the earliest order");
    let kinds: Vec<ConditionKind> = s.orders[0].conditions.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ConditionKind::Prohibition,
            ConditionKind::Prohibition,
            ConditionKind::Requirement
        ]
    );
    // Condition ids are unique across the subject's orders.
    let mut ids: Vec<u32> = s
        .orders
        .iter()
        .flat_map(|o| o.conditions.iter().map(|c| c.id))
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
    let full = subjects
        .iter()
        .find(|i| i.subject.family_name == "Quillon")
        .expect("Quillon");
    assert_eq!(
        full.subject.orders[0].kind,
        OrderKind::Spo,
        "mapped by [order_kinds]"
    );
    assert_eq!(
        full.subject.addresses[0].postcode.as_deref(),
        Some("ZZ3 1AA")
    );
    assert_eq!(full.subject.next_review, Some(date(2026, 12, 1)));
}

#[test]
fn dry_run_lists_what_would_be_created_and_changes_nothing_then_import_adds_them() {
    let f = fixture();
    let before = audit_entries(&f.store);
    let out = import(&f, DEMO_CSV, &["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("Dry run: 5 subject(s)"), "{t}");
    assert!(
        t.contains("ASHGROVE-PENN, Rufus [rows 4, 5]: SPO (3 conditions); SCPO (2 conditions)"),
        "{t}"
    );
    assert_eq!(audit_entries(&f.store), before, "a dry run writes nothing");
    assert!(
        testkit::open(&f.store)
            .expect("open")
            .load_all()
            .expect("load")
            .is_empty()
    );

    let out = import(&f, DEMO_CSV, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let store = testkit::open(&f.store).expect("open");
    let all = store.load_all().expect("load");
    assert_eq!(all.len(), 5);
    assert!(store.verify().expect("verify").is_ok());
    drop(store);

    // The same tracker again: every subject is already there; nothing is doubled.
    let out = import(&f, DEMO_CSV, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("row 2: QUILLON, Marten Abel is already in the store"),
        "{}",
        text(&out)
    );
    assert_eq!(
        testkit::open(&f.store)
            .expect("open")
            .load_all()
            .expect("load")
            .len(),
        5
    );
}

#[test]
fn each_kind_of_bad_row_is_named_by_row_and_column_and_nothing_is_imported() {
    let header = DEMO_CSV.lines().next().expect("header");
    let good = DEMO_CSV.lines().nth(1).expect("row");
    let cases: Vec<(String, &str)> = vec![
        (
            good.replace("14/02/2026", "02/14/2026"),
            "row 3, column \"Date made\": \"02/14/2026\" is not a UK date",
        ),
        (
            good.replace("Full SPO", "ASBO"),
            "row 3, column \"Order type\": \"ASBO\" is not an order kind",
        ),
        (
            good.replace("TRK-01,Quillon", "TRK-09,"),
            "row 3, column \"Surname\": is empty",
        ),
        (
            "TRK-09,Short,Row".to_string(),
            "row 3: has 3 fields but the header has 18",
        ),
        (
            good.replace("Quillon,Marten Abel", "Quillon,Martin Abel"),
            "row 3, column \"Forenames\": \"Martin Abel\" differs from \"Marten Abel\" on row 2",
        ),
        (
            good.replace("DC Hollis Brae", "DC \u{1b}[31mRed"),
            "row 3, column \"OIC\": holds control characters",
        ),
        (good.replace("13/02/2028", "13/02/2025"), "row 3"),
    ];
    for (bad, expected) in cases {
        let f = fixture();
        let before = audit_entries(&f.store);
        let csv = format!("{header}\n{good}\n{bad}\n");
        let out = import(&f, &csv, &[]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {t}");
        assert!(t.contains("nothing was imported"), "{t}");
        assert!(t.contains(expected), "expected {expected:?} in:\n{t}");
        assert!(
            !t.contains('\u{1b}'),
            "control characters are escaped: {t:?}"
        );
        assert_eq!(audit_entries(&f.store), before, "nothing written for {bad}");
    }
}

#[test]
fn a_mapping_naming_missing_columns_or_unknown_fields_is_refused() {
    let f = fixture();
    std::fs::write(&f.mapping, "[columns]\nfamily_name = \"Last name\"\n").expect("write");
    let out = import(&f, DEMO_CSV, &[]);
    assert!(
        text(&out).contains("\"Last name\" (for family_name)"),
        "{}",
        text(&out)
    );
    std::fs::write(
        &f.mapping,
        "[columns]\nfamily_name = \"Surname\"\nfavourite_colour = \"X\"\n",
    )
    .expect("write");
    let out = import(&f, DEMO_CSV, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("favourite_colour"), "{}", text(&out));
    // Without --mapping, a CSV import is refused with the way to fix it.
    let out = spmp(&[
        "--store",
        p(&f.store),
        "import",
        "--format",
        "csv",
        p(&f.mapping),
    ]);
    assert!(text(&out).contains("--mapping <FILE>"), "{}", text(&out));
}

#[test]
fn a_viewer_cannot_import() {
    let f = fixture();
    drop(testkit::open_as(&f.store, "vera", &[spmp::domain::Role::Viewer]).expect("viewer"));
    let file = f.dir.join("t.csv");
    std::fs::write(&file, DEMO_CSV).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args([
            "--store",
            p(&f.store),
            "import",
            "--format",
            "csv",
            "--mapping",
            p(&f.mapping),
            p(&file),
        ])
        .env("SPMP_USER", "vera")
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("may not change plans"),
        "{}",
        text(&out)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_csv_never_panics_the_reader(text in "\\PC{0,300}") {
        let mapping = tracker::mapping::parse(DEMO_MAPPING).expect("mapping");
        let _ = tracker::read(&text, &mapping, today());
    }

    #[test]
    fn damaged_demo_trackers_read_or_fail_cleanly(cut in 0usize..4000, flips in proptest::collection::vec((0usize..4000, 32u8..127), 0..5)) {
        let mapping = tracker::mapping::parse(DEMO_MAPPING).expect("mapping");
        let mut bytes = DEMO_CSV.as_bytes().to_vec();
        for (at, b) in flips {
            let at = at % bytes.len();
            bytes[at] = b;
        }
        bytes.truncate(cut.max(1).min(bytes.len()));
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(subjects) = tracker::read(&text, &mapping, today()) {
            for s in subjects {
                prop_assert!(spmp::domain::validate_subject(&s.subject).is_empty());
            }
        }
    }

    #[test]
    fn arbitrary_mapping_text_never_panics(text in "\\PC{0,200}") {
        let _ = tracker::mapping::parse(&text);
    }
}
