//! The victim's side, partners and risk instruments (issue 13, points 1-4), each way in: the
//! real binary's `spmp item` on a demo store, and the TUI. Every test checks what was stored
//! and the queue reason it raises or clears.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::cli::{demo_store, spmp_as, text};
use std::path::Path;

use spmp::domain::{Policy, ReasonKind, Role, Subject, reasons};
use spmp::store::testkit;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn subject(dir: &Path, id: u64) -> (Subject, u64) {
    let store = testkit::open(dir).expect("store");
    store.load_versioned(id).expect("load").expect("there")
}

fn has(s: &Subject, kind: ReasonKind) -> bool {
    let policy = spmp::config::default_policy();
    reasons(s, &policy, today())
        .iter()
        .any(|r| r.kind() == kind)
}

fn store_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    (tmp, dir)
}

#[test]
fn a_contact_logged_clears_the_victim_update_reason() {
    let (_tmp, dir) = store_dir();
    let (before, version) = subject(&dir, 10);
    assert!(
        has(&before, ReasonKind::VictimUpdateDue),
        "the demo leaves 10 overdue"
    );
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "10",
            "--kind",
            "victim_contact",
            "--set",
            "person=1",
            "--set",
            "date=22/11/2026",
            "--set",
            "by=PC Test (1)",
            "--set",
            "method=phone",
            "--set",
            "said=Told of the breach",
            "--set",
            "views=Worried about the weekend",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (after, v2) = subject(&dir, 10);
    assert_eq!(v2, version + 1);
    assert_eq!(
        after.victim_contacts.len(),
        before.victim_contacts.len() + 1
    );
    let c = after.victim_contacts.last().unwrap();
    assert_eq!(
        (c.said.as_str(), c.views.as_str()),
        ("Told of the breach", "Worried about the weekend")
    );
    assert!(!has(&after, ReasonKind::VictimUpdateDue));
    // A contact for a person who is not in the plan is refused, and nothing changes.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "10",
            "--kind",
            "victim_contact",
            "--set",
            "person=9",
            "--set",
            "by=PC Test (1)",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(subject(&dir, 10).1, v2);
}

#[test]
fn a_needs_assessment_clears_its_reason_and_a_viewer_cannot_add_one() {
    let (_tmp, dir) = store_dir();
    let (before, version) = subject(&dir, 7);
    assert!(has(&before, ReasonKind::NeedsAssessmentDue));
    let args = [
        "item",
        "add",
        "--subject",
        "7",
        "--kind",
        "needs_assessment",
        "--set",
        "person=1",
        "--set",
        "by=PC Test (1)",
        "--set",
        "needs=Safety planning",
    ];
    let out = spmp_as("vic.viewer", &dir, &args);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(subject(&dir, 7).1, version);
    let out = spmp_as("rita.reviewer", &dir, &args);
    assert!(out.status.success(), "{}", text(&out));
    let (after, _) = subject(&dir, 7);
    assert!(!has(&after, ReasonKind::NeedsAssessmentDue));
    // Needs are required.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "7",
            "--kind",
            "needs_assessment",
            "--set",
            "person=1",
            "--set",
            "by=PC Test (1)",
        ],
    );
    assert!(
        !out.status.success() && text(&out).contains("Needs"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_referral_goes_to_a_service_on_the_list_and_its_follow_up_is_chased() {
    let (_tmp, dir) = store_dir();
    let (before, version) = subject(&dir, 2);
    assert!(has(&before, ReasonKind::ReferralFollowUpOverdue));
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "2",
            "--kind",
            "referral",
            "--set",
            "service=Acme Help",
            "--set",
            "person=1",
        ],
    );
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("not one of the unit's referral services") && said.contains("Paladin"),
        "{said}"
    );
    assert_eq!(subject(&dir, 2).1, version);
    // The service's spelling is the list's.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "2",
            "--kind",
            "referral",
            "--set",
            "service=paladin",
            "--set",
            "person=1",
            "--set",
            "follow_up=+7d",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (after, _) = subject(&dir, 2);
    assert_eq!(after.referrals.last().unwrap().service, "Paladin");
    // The overdue one is settled: its outcome recorded.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "edit",
            "--subject",
            "2",
            "--kind",
            "referral",
            "--id",
            "1",
            "--set",
            "outcome=accepted",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!has(
        &subject(&dir, 2).0,
        ReasonKind::ReferralFollowUpOverdue
    ));
}

#[test]
fn a_meeting_action_past_due_is_queued_until_done() {
    let (_tmp, dir) = store_dir();
    let (before, _) = subject(&dir, 1);
    assert!(has(&before, ReasonKind::MeetingActionOverdue));
    let marac = before
        .meetings
        .iter()
        .find(|m| !m.actions.is_empty())
        .unwrap()
        .id;
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "edit",
            "--subject",
            "1",
            "--kind",
            "meeting_action",
            "--parent",
            &marac.to_string(),
            "--id",
            "1",
            "--set",
            "done=22/11/2026",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (after, _) = subject(&dir, 1);
    assert!(!has(&after, ReasonKind::MeetingActionOverdue));
    // Day-to-day records do not reopen an approved plan.
    assert_eq!(
        after.plan_sign_off.map(|p| p.status),
        Some(spmp::domain::SignOffStatus::Approved),
        "the demo's subject 1 has an approved plan, and a meeting action leaves it so"
    );
    // A new meeting, then an action of it with an owner and a due date already past.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "4",
            "--kind",
            "meeting",
            "--set",
            "kind=mappa",
            "--set",
            "date=01/11/2026",
            "--set",
            "decisions=Level 2 management",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (s4, _) = subject(&dir, 4);
    let mappa = s4
        .meetings
        .iter()
        .find(|m| m.decisions == "Level 2 management")
        .unwrap()
        .id;
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "4",
            "--kind",
            "meeting_action",
            "--parent",
            &mappa.to_string(),
            "--set",
            "action=Home visit with probation",
            "--set",
            "owner=Probation",
            "--set",
            "due=10/11/2026",
            "--set",
            "tactical=yes",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (s4, _) = subject(&dir, 4);
    assert!(has(&s4, ReasonKind::MeetingActionOverdue));
    let action = &s4.meetings.iter().find(|m| m.id == mappa).unwrap().actions[0];
    assert!(action.tactical);
}

#[test]
fn an_order_judged_not_appropriate_needs_its_reason() {
    let (_tmp, dir) = store_dir();
    let (_, version) = subject(&dir, 5);
    let base = [
        "item",
        "add",
        "--subject",
        "5",
        "--kind",
        "consideration",
        "--set",
        "by=DS Test (2)",
        "--set",
        "decision=not_appropriate",
    ];
    let out = spmp_as("rita.reviewer", &dir, &base);
    assert!(
        !out.status.success() && text(&out).contains("not appropriate"),
        "{}",
        text(&out)
    );
    assert_eq!(subject(&dir, 5).1, version);
    let mut with = base.to_vec();
    with.extend(["--set", "reason=Conduct stopped after advice"]);
    let out = spmp_as("rita.reviewer", &dir, &with);
    assert!(out.status.success(), "{}", text(&out));
    let (after, _) = subject(&dir, 5);
    let c = after.considerations.last().unwrap();
    assert_eq!(c.decision, spmp::domain::SpoDecision::NotAppropriate);
}

const SCREEN: [&str; 12] = [
    "--set",
    "by=DC Test (3)",
    "--set",
    "item.contact_after_order=yes",
    "--set",
    "item.incidents_month=3",
    "--set",
    "item.fixation=intense",
    "--set",
    "item.threats=no",
    "--set",
    "judgement=very_high",
];

#[test]
fn a_screening_is_scored_its_override_explained_and_a_changed_instrument_changes_nothing_stored() {
    let (tmp, dir) = store_dir();
    let mut args = vec!["item", "add", "--subject", "6", "--kind", "screening"];
    args.extend(SCREEN);
    // An override without a rationale is refused.
    let out = spmp_as("rita.reviewer", &dir, &args);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("differs from the band"),
        "{}",
        text(&out)
    );
    // A mandatory question left out is refused too.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "6",
            "--kind",
            "screening",
            "--set",
            "by=DC Test (3)",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    args.extend(["--set", "rationale=New threats reported by the IDVA"]);
    let out = spmp_as("rita.reviewer", &dir, &args);
    assert!(out.status.success(), "{}", text(&out));
    let (s, _) = subject(&dir, 6);
    let x = s.screenings.last().unwrap();
    // 3 for contact, 3 incidents at 1 each, 4 for intense focus: 10, High.
    assert_eq!(
        (x.score, x.band, x.judgement),
        (
            10,
            spmp::domain::RiskLevel::High,
            spmp::domain::RiskLevel::VeryHigh
        )
    );
    assert_eq!(x.instrument_version, "1.0");
    let stored = x.clone();
    // A force changes its instrument: new wording, new points, a new version.
    let changed = spmp::config::DEMO_INSTRUMENTS
        .replace("version = \"1.0\"", "version = \"2.0\"")
        .replace("points = 3\n", "points = 5\n")
        .replace("Has the subject tried", "Did the subject try");
    let inst = tmp.path().join("instruments.toml");
    std::fs::write(&inst, changed).unwrap();
    let cfg = tmp.path().join("config.toml");
    std::fs::write(&cfg, "instruments_file = \"instruments.toml\"\n").unwrap();
    let mut again = vec![
        "--config",
        cfg.to_str().unwrap(),
        "item",
        "add",
        "--subject",
        "6",
        "--kind",
        "screening",
    ];
    again.extend(SCREEN);
    again.extend(["--set", "judgement=band"]);
    let out = spmp_as("rita.reviewer", &dir, &again);
    assert!(out.status.success(), "{}", text(&out));
    let (s, _) = subject(&dir, 6);
    let first = s.screenings.iter().find(|x| x.id == stored.id).unwrap();
    assert_eq!(first, &stored, "a stored screening never changes");
    let second = s.screenings.last().unwrap();
    assert_eq!(second.instrument_version, "2.0");
    assert_eq!(second.score, 12);
    assert!(
        second.answers[0]
            .question
            .starts_with("Did the subject try")
    );
    // The comparison lists what changed, side by side.
    let lines = spmp::ops::screening::compare_text(&s, second.id, 100).unwrap();
    let all = lines.join("\n");
    assert!(all.contains("Before:") && all.contains("Score"), "{all}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with('*') && l.contains("Score")),
        "{all}"
    );
    // A screening is never edited.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "edit",
            "--subject",
            "6",
            "--kind",
            "screening",
            "--id",
            "1",
            "--set",
            "by=x",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
}

#[test]
fn the_victim_tab_shows_restricted_to_a_viewer_and_everything_to_a_reviewer() {
    let (_tmp, dir) = store_dir();
    let viewer = testkit::open_as(&dir, "vic.viewer", &[Role::Viewer]).unwrap();
    let s = viewer.load(1).unwrap().unwrap();
    let p = &s.protected_persons[0];
    assert_eq!(p.safe_contact, spmp::domain::RESTRICTED);
    assert_eq!(p.contact_preferences, spmp::domain::RESTRICTED);
    assert!(
        s.victim_contacts
            .iter()
            .all(|c| c.views == spmp::domain::RESTRICTED)
    );
    let reviewer = testkit::open_as(&dir, "rita.reviewer", &[Role::Reviewer]).unwrap();
    let s = reviewer.load(1).unwrap().unwrap();
    assert!(s.protected_persons[0].safe_contact.starts_with("07700"));
    // The viewer's copy of the demo caseload exported as JSON holds no safe contact.
    let all = viewer.load_all().unwrap();
    let json = spmp::interchange::to_json(&all).unwrap();
    assert!(
        !json.contains("the subject does not know"),
        "a safe contact leaked to a viewer"
    );
    let _ = Policy::default();
}

#[test]
fn the_tui_records_a_contact_and_a_meeting_action_on_tab_6() {
    use common::app::{demo_app_as, keys};
    use common::forms::{is_form_open, set};
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    // The first queued subject, opened from the queue; tab 6; add (the picker lists the kinds).
    keys(app, "j<enter>6a");
    let id = app.main.current().expect("a subject").id;
    keys(app, "<enter>"); // Victim contact, the first kind of tab 6
    assert!(is_form_open(app), "{:?}", app.message);
    set(app, "by", "DC Reviewer (9)");
    set(app, "said", "Told about the hearing");
    set(app, "views", "Wants texts only");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let s = app.store.load(id).unwrap().unwrap();
    let c = s.victim_contacts.last().unwrap();
    assert_eq!(
        (c.said.as_str(), c.views.as_str()),
        ("Told about the hearing", "Wants texts only")
    );
    // A meeting action goes under a meeting: with one meeting, straight to its form.
    let meetings = s.meetings.len();
    keys(app, "a");
    for _ in 0..5 {
        keys(app, "j");
    }
    keys(app, "<enter>");
    if meetings > 1 {
        keys(app, "<enter>");
    }
    assert!(is_form_open(app), "{:?}", app.message);
    set(app, "action", "Call the IDVA");
    set(app, "owner", "DC Reviewer");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let s = app.store.load(id).unwrap().unwrap();
    assert!(
        s.meetings
            .iter()
            .flat_map(|m| &m.actions)
            .any(|a| a.action == "Call the IDVA"),
        "{:?}",
        s.meetings
    );
}
