//! The unit's figures against numbers worked out by hand on a small fixture, and `spmp stats`
//! through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::collections::BTreeMap;
use std::process::Command;

use serde_json::json;
use spmp::domain::Policy;
use spmp::domain::{Stats, stats};
use spmp::store::testkit;

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn today() -> chrono::NaiveDate {
    date(2026, 11, 23)
}

fn order(
    id: u32,
    kind: &str,
    made: &str,
    end: serde_json::Value,
    conditions: serde_json::Value,
) -> serde_json::Value {
    json!({"id": id, "kind": kind, "court": "Fictional Magistrates' Court", "reference": null,
           "applied": null, "made": made, "served": null, "end": end, "discharged": null,
           "conditions": conditions})
}

fn cond(id: u32, category: &str) -> serde_json::Value {
    json!({"id": id, "kind": "prohibition", "category": category, "text": "Must not do a thing.",
           "area": null, "starts": null, "ends": null})
}

fn assessment(id: u32, date: &str, level: &str) -> serde_json::Value {
    json!({"id": id, "date": date, "assessor": "DC One", "harm": "", "ratings": [{"group": "named_victim", "level": level}],
           "rationale": "r", "sign_off": {"status": "approved", "by": "DI X", "at": format!("{date}T10:00:00"), "comment": ""}})
}

fn breach(id: u32, at: &str, order: u32, conditions: &[u32]) -> serde_json::Value {
    json!({"id": id, "at": at, "order": order, "conditions": conditions, "source": "victim_report",
           "reference": null, "description": "d", "action": "a", "outcome": "nfa"})
}

fn review(id: u32, date: &str, next: &str) -> serde_json::Value {
    json!({"id": id, "date": date, "reviewer": "DC One", "outcomes": [], "notifications_note": "",
           "risk_reassessed": false, "next_review": next, "summary": "s",
           "sign_off": {"status": "approved", "by": "DI X", "at": format!("{date}T12:00:00"), "comment": ""}})
}

fn subject(id: u64, officer: Option<&str>, opened: &str) -> serde_json::Value {
    json!({"id": id, "family_name": format!("Fixture{id}"), "given_names": "Fictional", "aliases": [],
           "date_of_birth": null, "pnc_id": null, "niche_ref": null, "addresses": [],
           "flags": {"rso": false, "mappa_level": null, "iom": false, "other": []},
           "officer": officer, "opened": opened, "orders": [], "protected_persons": [],
           "section1": {"narrative": "", "index_offences": [], "safeguarding": []},
           "assessments": [], "reviews": [], "breaches": [], "visits": [],
           "next_review": null})
}

/// Three subjects; the expected figures are worked out in the comments of
/// `figures_match_the_hand_computed_ones`.
fn fixture() -> Vec<spmp::domain::Subject> {
    let mut a = subject(1, Some("DC One"), "2026-01-01");
    a["orders"] = json!([
        order(
            1,
            "spo",
            "2026-01-10",
            json!("until_further_order"),
            json!([cond(1, "contact"), cond(2, "exclusion zone")])
        ),
        order(
            2,
            "interim_spo",
            "2026-01-05",
            json!({"fixed": "2026-12-10"}),
            json!([])
        ),
    ]);
    a["breaches"] = json!([
        breach(1, "2026-09-05T20:00:00", 1, &[1, 2]),
        breach(2, "2026-11-01T09:00:00", 2, &[]),
        breach(3, "2026-05-01T12:00:00", 1, &[1]),
    ]);
    a["assessments"] = json!([
        assessment(1, "2026-01-10", "high"),
        assessment(2, "2026-09-15", "very_high")
    ]);
    a["reviews"] = json!([
        review(1, "2026-08-01", "2026-09-01"),
        review(2, "2026-09-10", "2026-10-10"),
        review(3, "2026-10-05", "2026-11-05"),
    ]);
    let mut b = subject(2, Some("DC Two"), "2025-01-01");
    let mut discharged = order(
        2,
        "spo",
        "2025-01-01",
        json!("until_further_order"),
        json!([]),
    );
    discharged["discharged"] = json!("2026-03-01");
    b["orders"] = json!([
        order(
            1,
            "scpo",
            "2025-02-01",
            json!({"fixed": "2027-02-01"}),
            json!([])
        ),
        discharged,
    ]);
    b["assessments"] = json!([assessment(1, "2026-06-01", "low")]);
    b["next_review"] = json!("2027-01-01");
    let mut c = subject(3, None, "2026-02-01");
    c["next_review"] = json!("2026-11-01");
    let file = json!({"format": "spmp-interchange", "version": 1, "fictional": true, "subjects": [a, b, c]});
    spmp::interchange::parse(&file.to_string()).expect("fixture parses")
}

fn figures() -> Stats {
    stats(fixture(), &Policy::default(), today(), 3)
}

#[test]
fn figures_match_the_hand_computed_ones() {
    let s = figures();
    assert_eq!(s.subjects, 3);
    // Live: A's SPO and ISPO, B's SCPO (B's SPO was discharged); ties by label.
    assert_eq!(
        s.live_orders,
        vec![
            ("ISPO".to_string(), 1),
            ("SCPO".to_string(), 1),
            ("SPO".to_string(), 1)
        ]
    );
    // ISPO ends 10 Dec (17 days); SCPO 1 Feb 2027 (70 days); the SPO runs until further order.
    assert_eq!(s.ending_within, vec![(30, 1), (60, 1), (90, 2)]);
    // Three months: Sep (A's breach 1 of the SPO, two categories), Oct (none), Nov (breach 2 of
    // the ISPO, no condition named). Breach 3 (May) is outside the window.
    let months: Vec<(chrono::NaiveDate, u32)> = s
        .breaches_by_month
        .iter()
        .map(|m| (m.month, m.total))
        .collect();
    assert_eq!(
        months,
        vec![
            (date(2026, 9, 1), 1),
            (date(2026, 10, 1), 0),
            (date(2026, 11, 1), 1)
        ]
    );
    let sep = &s.breaches_by_month[0];
    assert_eq!(sep.by_order_kind, BTreeMap::from([("SPO".to_string(), 1)]));
    assert_eq!(
        sep.by_category,
        BTreeMap::from([
            ("contact".to_string(), 1),
            ("exclusion zone".to_string(), 1)
        ])
    );
    let nov = &s.breaches_by_month[2];
    assert_eq!(nov.by_order_kind, BTreeMap::from([("ISPO".to_string(), 1)]));
    assert_eq!(
        nov.by_category,
        BTreeMap::from([("unspecified".to_string(), 1)])
    );
    // A's reviews: the first has no due date on record; 10 Sep was due 1 Sep (late); 5 Oct was
    // due 10 Oct (on time).
    assert_eq!((s.reviews_on_time, s.reviews_late), (1, 1));
    assert_eq!(
        s.subjects_by_risk,
        vec![
            ("Very High".to_string(), 1),
            ("Low".to_string(), 1),
            ("Not assessed".to_string(), 1)
        ]
    );
    // A: review overdue (Very High cadence, 2 weeks after 5 Oct) and breach 2 not re-assessed;
    // C: review overdue (1 Nov); B: nothing overdue.
    let officers: Vec<(String, u32, u32, u32)> = s
        .overdue_by_officer
        .iter()
        .map(|w| {
            (
                w.officer.clone(),
                w.subjects,
                w.reviews_overdue,
                w.breaches_not_reassessed,
            )
        })
        .collect();
    assert_eq!(
        officers,
        vec![
            ("(no officer)".to_string(), 1, 1, 0),
            ("DC One".to_string(), 1, 1, 1)
        ]
    );
    // Breach 1 (5 Sep) -> assessment 15 Sep: 10 days; breach 3 (1 May) -> 15 Sep: 137 days;
    // breach 2 (1 Nov) has none yet.
    assert_eq!(s.breach_to_reassessment_days, Some(73.5));
    assert_eq!(
        (s.breaches_reassessed, s.breaches_awaiting_reassessment),
        (2, 1)
    );
}

#[test]
fn table_csv_and_json_carry_the_same_figures() {
    let s = figures();
    let table = spmp::report::stats::table(&s);
    assert!(
        table.contains("Unit figures on 23 Nov 2026 (3 subjects)"),
        "{table}"
    );
    assert!(
        table.contains("average 73.5 days over 2 breaches"),
        "{table}"
    );
    assert!(table.contains("Sep 2026    1 "), "{table}");
    let csv = spmp::report::stats::csv(&s);
    assert!(
        csv.starts_with("section,item,value\r\n"),
        "RFC 4180 rows, like every CSV"
    );
    for row in [
        "live_orders,SCPO,1",
        "ending_within_days,90,2",
        "breaches_by_month,2026-09,1",
        "breaches_by_month_and_category,2026-09 exclusion zone,1",
        "reviews,late,1",
        "subjects_by_risk,Not assessed,1",
        "overdue_subjects_by_officer,DC One,1",
        "breach_to_reassessment,average_days,73.5",
    ] {
        assert!(csv.lines().any(|l| l == row), "{row} missing from\n{csv}");
    }
    let value: serde_json::Value =
        serde_json::from_str(&spmp::report::stats::json(&s)).expect("json");
    assert_eq!(value["reviews_on_time"], 1);
    assert_eq!(value["breaches_by_month"][2]["by_order_kind"]["ISPO"], 1);
}

#[test]
fn spmp_stats_prints_the_figures_of_the_store() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    let mut store = testkit::open(&dir).expect("store");
    store.save_all(&fixture(), "fixture").expect("save");
    drop(store);
    let place = testkit::place(&dir);
    for (format, needle) in [
        ("table", "average 73.5 days over 2 breaches"),
        ("csv", "ending_within_days,90,2"),
        ("json", "\"reviews_late\": 1"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_spmp"))
            .args([
                "--store",
                place.to_str().expect("utf8"),
                "--today",
                "2026-11-23",
                "stats",
                "--months",
                "3",
                "--format",
                format,
            ])
            .env("SPMP_USER", testkit::TESTER)
            .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
            .env("HOME", "/nonexistent-spmp-test")
            .env("XDG_CONFIG_HOME", "/nonexistent-spmp-test")
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(needle), "{format}: {text}");
    }
}
