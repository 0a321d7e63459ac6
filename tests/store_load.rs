//! Loading many records: decoded on several threads, returned in id order, any fault reported.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

fn caseload(n: usize) -> Vec<spmp::domain::Subject> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    spmp::generate::caseload(n, 7, today)
}

#[test]
fn load_all_returns_every_record_in_id_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = spmp::store::testkit::open(dir.path()).expect("open");
    let subjects = caseload(1_300);
    store.save_all(&subjects, "seed").expect("save");
    let loaded = store.load_all().expect("load");
    let mut expected = subjects.clone();
    expected.sort_by_key(|s| s.id);
    assert_eq!(loaded, expected);
}

#[test]
fn a_corrupt_record_among_many_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = spmp::store::testkit::open(dir.path()).expect("open");
    let subjects = caseload(700);
    store.save_all(&subjects, "seed").expect("save");
    let victim = subjects[450].id;
    common::raw::damage(dir.path(), "subjects", &format!("id = {victim}"));
    let err = store.load_all().expect_err("corrupt record");
    assert!(err.to_string().contains(&victim.to_string()), "{err}");
}
