//! The governance report, the action plan and training records (issue 13, points 5 and 6):
//! the figures equal hand counts over the demo caseload; the PDF's text layer shows each
//! recommendation with its RAG and no personal data; the report is a recorded disclosure; only
//! supervisors and administrators change the action plan, whose updates are all kept; the TUI's
//! view adds a line.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::cli::{demo_store, spmp_as, text};

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use spmp::domain::{
    MeasureValue, Rag, RecommendationRow, ReportPeriod, SpoDecision, Subject, governance_rows,
};
use spmp::store::testkit;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn measure<'a>(rows: &'a [RecommendationRow], id: &str, label: &str) -> &'a MeasureValue {
    let row = rows.iter().find(|r| r.id == id).unwrap();
    &row.measures
        .iter()
        .find(|m| m.label.starts_with(label))
        .unwrap_or_else(|| panic!("{id}: no measure {label:?} in {:?}", row.measures))
        .value
}

fn spo(s: &Subject, id: u32) -> bool {
    s.order(id).is_some_and(|o| {
        matches!(
            o.kind,
            spmp::domain::OrderKind::Spo | spmp::domain::OrderKind::InterimSpo
        )
    })
}

#[test]
fn the_figures_equal_hand_counts_over_the_demo_caseload() {
    let subjects = spmp::interchange::demo_subjects().unwrap();
    let policy = spmp::config::default_policy();
    let p = ReportPeriod::parse("2026-Q4").unwrap();
    assert_eq!((p.start, p.end), (d(2026, 10, 1), d(2026, 12, 31)));
    let rows = governance_rows(&subjects, &Default::default(), &[], &policy, &p);
    let ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
    for want in [
        "11.2", "12.3", "12.4", "13", "14.1", "14.2", "14.4", "14.5", "25", "10", "13.1",
    ] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
    let inq = |day: NaiveDate| day >= p.start && day <= p.end;
    // SPOs considered in the quarter, by hand.
    let mut considered = 0;
    let mut not_appropriate = 0;
    for s in &subjects {
        for c in &s.considerations {
            if inq(c.date) {
                considered += 1;
                if c.decision == SpoDecision::NotAppropriate {
                    not_appropriate += 1;
                }
            }
        }
    }
    assert!(
        not_appropriate >= 1,
        "the demo holds a considered-but-not-applied SPO"
    );
    assert_eq!(
        measure(&rows, "11.2", "SPOs considered"),
        &MeasureValue::Count(considered)
    );
    assert_eq!(
        measure(&rows, "11.2", "considered not appropriate"),
        &MeasureValue::Count(not_appropriate)
    );
    // Breaches of SPOs in the quarter, and those re-assessed within 7 days.
    let mut breaches = 0;
    let mut within = 0;
    for s in &subjects {
        for b in &s.breaches {
            let day = b.at.date();
            if !inq(day) || !spo(s, b.order) {
                continue;
            }
            breaches += 1;
            if s.assessments
                .iter()
                .any(|a| a.date >= day && (a.date - day).num_days() <= 7)
            {
                within += 1;
            }
        }
    }
    assert!(breaches > 0);
    assert_eq!(
        measure(&rows, "12.3", "Breaches re-assessed"),
        &MeasureValue::Share {
            of: within,
            total: breaches
        }
    );
    assert_eq!(
        measure(&rows, "13", "SPO breaches"),
        &MeasureValue::Count(breaches)
    );
    // Referrals made and accepted in the quarter.
    let made: Vec<_> = subjects
        .iter()
        .flat_map(|s| &s.referrals)
        .filter(|r| inq(r.date))
        .collect();
    let accepted = made
        .iter()
        .filter(|r| r.outcome == spmp::domain::ReferralOutcome::Accepted)
        .count();
    assert_eq!(
        measure(&rows, "14.5", "referrals made"),
        &MeasureValue::Count(made.len())
    );
    assert_eq!(
        measure(&rows, "14.5", "referrals accepted"),
        &MeasureValue::Count(accepted)
    );
    // Named victims of subjects with an order in force in the quarter, and those assessed.
    let mut victims = 0;
    let mut assessed = 0;
    for s in &subjects {
        let active = s.orders.iter().any(|o| {
            o.made.is_some_and(|m| m <= p.end) && o.last_day().is_none_or(|l| l >= p.start)
        });
        if !active {
            continue;
        }
        for v in s.protected_persons.iter().filter(|v| !v.by_proxy) {
            victims += 1;
            if s.needs_assessments
                .iter()
                .any(|n| n.person == v.id && n.date <= p.end)
            {
                assessed += 1;
            }
        }
    }
    assert!(
        assessed < victims,
        "the demo leaves one victim without a needs assessment"
    );
    assert_eq!(
        measure(&rows, "14.1", "Named victims with a needs assessment"),
        &MeasureValue::Share {
            of: assessed,
            total: victims
        }
    );
    // The RAG follows the thresholds: 90% and over GREEN, 70% AMBER, below RED.
    let pct = (assessed * 100 / victims) as u32;
    let row = rows.iter().find(|r| r.id == "14.1").unwrap();
    assert_eq!(row.rag, Some(Rag::of(pct, &policy.governance)));
    assert_eq!(Rag::of(90, &policy.governance), Rag::Green);
    assert_eq!(Rag::of(89, &policy.governance), Rag::Amber);
    assert_eq!(Rag::of(69, &policy.governance), Rag::Red);
    // Bad periods are refused in words.
    for bad in ["2026-Q5", "26-Q1", "2026-13", "soon"] {
        assert!(ReportPeriod::parse(bad).is_err(), "{bad}");
    }
}

fn pdftotext(file: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(file)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) if std::env::var_os("CI").is_some() => panic!("pdftotext is missing"),
        Err(_) => None,
    }
}

#[test]
fn the_report_leaves_as_a_recorded_disclosure_with_each_recommendation_rated_and_no_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let pdf = tmp.path().join("governance.pdf");
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "governance",
            "--period",
            "2026-Q4",
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
            "--recipient",
            "Force governance board",
            "--reason",
            "Quarterly return",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let subjects = spmp::interchange::demo_subjects().unwrap();
    if let Some(t) = pdftotext(&pdf) {
        assert!(t.contains("OFFICIAL"), "{t}");
        for id in [
            "11.2", "12.3", "12.4", "14.1", "14.2", "14.4", "14.5", "25", "13.1",
        ] {
            let line = t
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{id} ")));
            let line = line.unwrap_or_else(|| panic!("{id} not in the report:\n{t}"));
            assert!(
                ["RED", "AMBER", "GREEN", "NO DATA"]
                    .iter()
                    .any(|r| line.contains(r)),
                "{id} has no RAG on its line: {line}"
            );
        }
        for s in &subjects {
            assert!(
                !t.contains(&s.family_name),
                "{} named in the report",
                s.family_name
            );
            for p in &s.protected_persons {
                assert!(!t.contains(&p.name), "{} named in the report", p.name);
            }
        }
    }
    // The report is in the audit log as a disclosure, with its recipient.
    let store = testkit::open(&dir).unwrap();
    let log = store.audit_log().unwrap();
    let entry = log
        .iter()
        .find(|e| e.what.contains("governance report"))
        .expect("the disclosure is recorded");
    assert_eq!(entry.recipient.as_deref(), Some("Force governance board"));
    // CSV: one row per measure, formula-safe.
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "governance",
            "--period",
            "2026-Q4",
            "--format",
            "csv",
            "--recipient",
            "Board",
            "--reason",
            "Return",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("period,recommendation,title,measure,value,rag,status"),
        "{csv}"
    );
    assert!(csv.contains("2026-Q4,14.1,"), "{csv}");
    // A bad period is refused before anything is recorded.
    let before = store.audit_log().unwrap().len();
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "governance",
            "--period",
            "2026-Q9",
            "--format",
            "csv",
            "--recipient",
            "B",
            "--reason",
            "R",
        ],
    );
    assert!(
        !out.status.success() && text(&out).contains("not a period"),
        "{}",
        text(&out)
    );
    assert_eq!(store.audit_log().unwrap().len(), before);
}

#[test]
fn only_supervisors_change_the_action_plan_and_every_update_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let add = [
        "action-plan",
        "add",
        "--recommendation",
        "14.1",
        "--action",
        "Needs assessment at first contact",
        "--owner",
        "Public Protection Unit",
        "--due",
        "2027-03-31",
        "--update",
        "Form agreed",
        "--rag",
        "amber",
        "--status",
        "on-track",
    ];
    let out = spmp_as("rita.reviewer", &dir, &add);
    assert!(!out.status.success(), "{}", text(&out));
    let out = spmp_as("sam.supervisor", &dir, &add);
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "action-plan",
            "update",
            "1",
            "--update",
            "All officers briefed",
            "--rag",
            "green",
            "--status",
            "complete",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let store = testkit::open(&dir).unwrap();
    let (unit, version) = store.unit_records().unwrap();
    assert_eq!(version, 2);
    let line = &unit.action_plan[0];
    assert_eq!(line.updates.len(), 2, "the first update is kept");
    assert_eq!(line.updates[0].update, "Form agreed");
    assert_eq!(
        line.current().unwrap().status,
        spmp::domain::PlanStatus::Complete
    );
    // The plan's status shows in the report's row.
    let policy = spmp::config::default_policy();
    let rows =
        spmp::ops::governance::rows(&store, &policy, &ReportPeriod::parse("2026-Q4").unwrap())
            .unwrap();
    let row = rows.iter().find(|r| r.id == "14.1").unwrap();
    assert_eq!(row.status, spmp::domain::PlanStatus::Complete);
    // An unknown recommendation is refused.
    let mut bad = add.to_vec();
    bad[3] = "99.9";
    let out = spmp_as("sam.supervisor", &dir, &bad);
    assert!(
        !out.status.success() && text(&out).contains("99.9"),
        "{}",
        text(&out)
    );
    let out = spmp_as("rita.reviewer", &dir, &["action-plan", "list"]);
    assert!(
        text(&out).contains("All officers briefed") && text(&out).contains("Form agreed"),
        "{}",
        text(&out)
    );
}

#[test]
fn training_records_count_towards_coverage() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "training",
            "add",
            "--officer",
            "rita.reviewer",
            "--course",
            "Basket weaving",
            "--completed",
            "2026-01-10",
        ],
    );
    assert!(
        !out.status.success() && text(&out).contains("not one of the unit's courses"),
        "{}",
        text(&out)
    );
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "training",
            "add",
            "--officer",
            "nobody",
            "--course",
            "Stalking e-learning",
            "--completed",
            "2026-01-10",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    let policy = spmp::config::default_policy();
    let p = ReportPeriod::parse("2026-Q4").unwrap();
    let trained = |dir: &Path| {
        let store = testkit::open(dir).unwrap();
        let rows = spmp::ops::governance::rows(&store, &policy, &p).unwrap();
        measure(&rows, "10", "Staff with current").clone()
    };
    let MeasureValue::Share { of: before, total } = trained(&dir) else {
        panic!()
    };
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "training",
            "add",
            "--officer",
            "rita.reviewer",
            "--course",
            "stalking e-learning",
            "--completed",
            "2026-01-10",
            "--expires",
            "2028-01-10",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        trained(&dir),
        MeasureValue::Share {
            of: before + 1,
            total
        }
    );
    let out = spmp_as("rita.reviewer", &dir, &["training", "list"]);
    assert!(
        text(&out).contains("rita.reviewer: Stalking e-learning"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_tui_governance_view_adds_an_action_plan_line() {
    use common::app::{demo_app_as, keys, render};
    use common::forms::{is_form_open, set};
    let mut t = demo_app_as("DS Lena Marsh");
    let app = &mut t.app;
    keys(app, "R");
    for (w, h) in [(20, 5), (40, 10), (80, 24)] {
        let _ = render(app, w, h);
    }
    let screen = render(app, 120, 40);
    assert!(
        screen.contains("14.1") && screen.contains("Governance"),
        "{screen}"
    );
    keys(app, "a");
    assert!(is_form_open(app), "{:?}", app.message);
    set(app, "recommendation", "25");
    set(app, "action", "Invite the IDVA to the daily meeting");
    set(app, "owner", "Unit inspector");
    set(app, "update", "Agreed with the IDVA service");
    set(app, "rag", "green");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let view = app
        .top_as::<spmp::tui::dialogs::governance::Governance>()
        .expect("the view is back on top");
    assert!(
        view.page
            .lines
            .iter()
            .any(|l| l.contains("Invite the IDVA")),
        "{:?}",
        view.page.lines
    );
    let (unit, _) = app.store.unit_records().unwrap();
    assert_eq!(unit.action_plan[0].recommendation, "25");
    // A training record from the same view.
    keys(app, "n");
    assert!(is_form_open(app), "{:?}", app.message);
    let login = app.store.actor().name.clone();
    set(app, "officer", &login);
    set(app, "course", "Stalking e-learning");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let (unit, _) = app.store.unit_records().unwrap();
    assert_eq!(unit.training.len(), 1);
    assert_eq!(unit.training[0].user, login);
    let view = app
        .top_as::<spmp::tui::dialogs::governance::Governance>()
        .expect("the view is back on top");
    assert!(
        view.page
            .lines
            .iter()
            .any(|l| l.contains("Stalking e-learning completed"))
    );
}

#[test]
fn the_unit_records_moved_or_altered_in_the_file_do_not_open_and_verify_names_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "action-plan",
            "add",
            "--recommendation",
            "25",
            "--action",
            "Invite partners",
            "--owner",
            "Unit inspector",
            "--update",
            "Started",
            "--rag",
            "amber",
            "--status",
            "on-track",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    {
        let store = testkit::open(&dir).unwrap();
        assert!(store.verify().unwrap().is_ok());
    }
    if common::store::sqlite_only(
        "the_unit_records_moved_or_altered_in_the_file_do_not_open_and_verify_names_them: a row \
         of spmp.db altered",
    ) {
        return;
    }
    // An insider puts the revision back without the payload: the seal names the revision.
    let conn = rusqlite::Connection::open(dir.join("spmp.db")).unwrap();
    conn.execute("UPDATE unit SET version = version + 1", [])
        .unwrap();
    drop(conn);
    let store = testkit::open(&dir).unwrap();
    let e = store.unit_records().unwrap_err().to_string();
    assert!(e.contains("the unit's records cannot be read"), "{e}");
    let report = store.verify().unwrap();
    assert!(
        report
            .faults
            .iter()
            .any(|f| f.message.contains("the unit's records")),
        "{report}"
    );
    // Nothing can be saved over records that do not open.
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &[
            "action-plan",
            "update",
            "1",
            "--update",
            "More",
            "--rag",
            "green",
            "--status",
            "complete",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
}
