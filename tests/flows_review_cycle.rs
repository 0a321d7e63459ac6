//! Flow tests of the review cycle (issue 11, points 1 to 5): keys into the app on the demo
//! caseload, and the stored result checked after each step. Signed-off work is final, returned
//! work comes back, a breach forces a real re-assessment, what needs doing is queued in words,
//! and users are officers.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::app::{demo_app_as, demo_users_app, demo_users_reopen, keys, open_as, render, today};
use common::forms::{focus, form, is_form_open, set};
use spmp::domain::{
    NotificationKind, Rank, ReasonKind, RiskLevel, SignOffStatus, Subject, SubjectId,
};
use spmp::tui::app::App;
use spmp::tui::component::Kind;
use spmp::tui::dialogs::picker::Picker;

fn stored(app: &App, id: SubjectId) -> Subject {
    app.store.load(id).unwrap().unwrap()
}

/// Select subject `id` in the list of all subjects (by keys).
fn select(app: &mut App, id: SubjectId) {
    for _ in 0..4 {
        if app.main.list_title() == "Subjects" {
            break;
        }
        keys(app, "v");
    }
    assert_eq!(app.main.list_title(), "Subjects");
    let pos = app
        .main
        .visible
        .iter()
        .position(|&i| app.main.subjects[i].id == id)
        .expect("listed");
    keys(app, "g");
    for _ in 0..pos {
        keys(app, "j");
    }
    assert_eq!(app.main.current().map(|s| s.id), Some(id));
}

/// Select subject `id` and open it, giving the reason the list of all subjects asks for.
fn open(app: &mut App, id: SubjectId) {
    select(app, id);
    keys(app, "<enter>");
    if app.dialog() == Some(Kind::Reason) {
        keys(app, "Flow test of the review cycle<enter>");
    }
    assert_eq!(app.dialog(), None, "{:?}", app.message);
}

/// In an open picker, choose the first entry whose label contains `part`.
fn pick(app: &mut App, part: &str) {
    let Some(p) = app.top_as::<Picker>() else {
        return;
    };
    let pos = p
        .labels
        .iter()
        .position(|l| l.contains(part))
        .unwrap_or_else(|| panic!("no {part:?} in {:?}", p.labels));
    for _ in 0..pos {
        keys(app, "j");
    }
    keys(app, "<enter>");
}

/// The queue's reasons for subject `id`, most urgent first.
fn reasons(app: &App, id: SubjectId) -> Vec<ReasonKind> {
    app.main
        .queue_entries()
        .into_iter()
        .find(|e| e.subject == id)
        .map(|e| e.reasons.iter().map(|r| r.kind()).collect())
        .unwrap_or_default()
}

fn reason_text(app: &App, id: SubjectId, kind: ReasonKind) -> String {
    app.main
        .queue_entries()
        .into_iter()
        .find(|e| e.subject == id)
        .and_then(|e| e.reasons.into_iter().find(|r| r.kind() == kind))
        .map(|r| r.text())
        .unwrap_or_else(|| panic!("subject {id} is not queued for {kind:?}"))
}

/// Save the open form or wizard step and expect it accepted.
fn save_ok(app: &mut App) {
    keys(app, "<c-s>");
    assert!(
        !is_form_open(app) || form(app).issues().is_empty(),
        "refused: {:?} {:?}",
        app.message,
        form(app).issues()
    );
}

/// Save the open form or wizard step and expect it refused with an issue containing `words`.
fn save_refused(app: &mut App, words: &str) {
    keys(app, "<c-s>");
    assert!(is_form_open(app), "saved: {:?}", app.message);
    let issues = form(app).issues().to_vec();
    assert!(
        issues.iter().any(|i| i.message.contains(words))
            || app.message.as_deref().is_some_and(|m| m.contains(words)),
        "{words:?} not in {issues:?} / {:?}",
        app.message
    );
}

/// Point 1: an approved assessment edited in the TUI becomes a new version awaiting sign-off;
/// the approved one stands (level, tier) until a supervisor approves the revision.
#[test]
fn an_approved_assessment_edited_becomes_a_new_version_until_approved() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    let before = stored(app, 4);
    let approved = before.current_assessment().cloned().unwrap();
    assert_eq!(approved.sign_off.status, SignOffStatus::Approved);
    assert!(reasons(app, 4).contains(&ReasonKind::VeryHighRisk));

    open(app, 4);
    keys(app, "3e");
    pick(app, "Risk assessment");
    assert!(is_form_open(app));
    let screen = render(app, 140, 45);
    assert!(screen.contains("saving starts a new version"), "{screen}");
    set(app, "named_victim", "High");
    set(app, "rationale", "Contact has stopped since the warning");
    save_ok(app);
    assert!(!is_form_open(app));

    let after = stored(app, 4);
    assert!(after.assessments.contains(&approved), "kept as it was");
    let revision = after.latest_assessment().unwrap().clone();
    assert_eq!(revision.supersedes, Some(approved.id));
    assert_eq!(revision.sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(revision.highest(), Some(RiskLevel::High));
    assert_eq!(after.current_risk(), Some(RiskLevel::VeryHigh));
    let queued = reasons(app, 4);
    assert!(queued.contains(&ReasonKind::VeryHighRisk), "{queued:?}");
    assert!(queued.contains(&ReasonKind::AwaitingSignOff), "{queued:?}");
    let screen = render(app, 140, 45);
    assert!(screen.contains("[APPROVED]"), "{screen}");
    assert!(
        screen.contains("Newer version (counts once approved)"),
        "{screen}"
    );
    assert!(screen.contains("[AWAITING SIGN-OFF]"), "{screen}");
    assert!(
        screen.contains("Named victim: Very High -> High"),
        "{screen}"
    );

    // The reviewer cannot approve their own revision; a supervisor can.
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    drop(t);
    let mut t = open_as(dir, "DS Supervisor");
    let app = &mut t.app;
    open(app, 4);
    keys(app, "s");
    pick(app, "assessment");
    assert!(is_form_open(app), "{:?}", app.message);
    save_ok(app);
    let signed = stored(app, 4);
    let revision = signed
        .assessments
        .iter()
        .find(|a| a.id == revision.id)
        .unwrap();
    assert_eq!(revision.sign_off.status, SignOffStatus::Approved);
    assert_eq!(revision.sign_off.rank, Some(Rank::Sergeant));
    assert_eq!(signed.current_risk(), Some(RiskLevel::High));
    assert!(signed.assessments.contains(&approved), "history kept");
    let queued = reasons(app, 4);
    assert!(!queued.contains(&ReasonKind::VeryHighRisk), "{queued:?}");
}

/// Point 2: a returned review is queued at the top with the supervisor's comment; its author
/// reopens it pre-filled, changes it and resubmits; the supervisor sees what changed.
#[test]
fn a_returned_review_is_queued_comes_back_pre_filled_and_keeps_every_round() {
    let mut t = demo_users_app("reviewer");
    let app = &mut t.app;
    let before = stored(app, 2);
    let returned = before
        .reviews
        .iter()
        .find(|r| r.sign_off.status == SignOffStatus::Returned)
        .cloned()
        .unwrap();
    let comment = returned.sign_off.comment.clone();
    assert!(!comment.is_empty());
    assert_eq!(reasons(app, 2).first(), Some(&ReasonKind::Returned));
    assert_eq!(ReasonKind::Returned.tier(), 1);
    assert!(reason_text(app, 2, ReasonKind::Returned).contains("returned"));
    open(app, 2);
    let screen = render(app, 240, 45);
    assert!(screen.contains(&comment), "{screen}");

    keys(app, "5e");
    pick(app, "review: 10 Aug 2026");
    assert_eq!(app.dialog(), Some(Kind::Wizard), "{:?}", app.message);
    let screen = render(app, 140, 45);
    assert!(screen.contains("Revising a review"), "{screen}");
    assert!(screen.contains(&comment[..40]), "{screen}");
    let mut steps = 0;
    while app.dialog() == Some(Kind::Wizard) && steps < 20 {
        let fields: Vec<&str> = form(app).fields().iter().map(|f| f.spec.key).collect();
        if fields == ["note"] {
            // The notifications note, pre-filled: add to its end.
            focus(app, "note");
            keys(app, "<end> Words of advice given on 20 Aug.");
        }
        if fields.contains(&"outcome") && fields.contains(&"note") {
            // Pre-filled with the answers of the returned round.
            assert!(!form(app).values()[0].is_empty());
        }
        save_ok(app);
        steps += 1;
    }
    assert_eq!(app.dialog(), None, "{:?}", app.message);

    let after = stored(app, 2);
    let rounds: Vec<_> = after
        .reviews
        .iter()
        .filter(|r| r.date == returned.date)
        .collect();
    assert_eq!(rounds.len(), 2, "both rounds kept");
    assert_eq!(rounds[0], &returned, "the returned round as it was");
    assert_eq!(rounds[1].sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(rounds[1].supersedes, Some(returned.id));
    assert!(
        rounds[1]
            .notifications_note
            .ends_with("Words of advice given on 20 Aug.")
    );
    let queued = reasons(app, 2);
    assert!(!queued.contains(&ReasonKind::Returned), "{queued:?}");
    assert!(queued.contains(&ReasonKind::AwaitingSignOff), "{queued:?}");

    // The supervisor sees the comment the round answers and what changed since.
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    drop(t);
    let mut t = demo_users_reopen(dir, "supervisor");
    let app = &mut t.app;
    open(app, 2);
    keys(app, "s");
    pick(app, "review: 10 Aug 2026");
    assert!(is_form_open(app), "{:?}", app.message);
    let screen = render(app, 160, 60);
    assert!(screen.contains("(round 2)"), "{screen}");
    assert!(screen.contains("Changed since that version:"), "{screen}");
    assert!(
        screen.contains("Words of advice given on 20 Aug."),
        "{screen}"
    );
    save_ok(app);
    let signed = stored(app, 2);
    let approved = signed.latest_approved_review().unwrap();
    assert!(approved.notifications_note.contains("Words of advice"));
    assert_eq!(approved.sign_off.signer, "DS Lena Marsh (4521)");
}

/// Point 3: after a breach, keeping the current risk, or re-assessing with the same levels and
/// no breach response, is refused; a next review later than the cadence needs a reason, which
/// the supervisor sees at sign-off.
#[test]
fn a_breach_forces_a_re_assessment_with_a_response_and_a_late_review_needs_a_reason() {
    let mut t = demo_users_app("reviewer");
    let app = &mut t.app;
    open(app, 16);
    keys(app, "b");
    assert!(is_form_open(app));
    set(app, "time", "21:40");
    set(app, "description", "Texted the victim twice");
    save_ok(app);
    assert!(stored(app, 16).needs_reassessment());
    assert!(reasons(app, 16).contains(&ReasonKind::BreachNotReassessed));
    let level = stored(app, 16).current_risk().unwrap();

    keys(app, "r");
    assert_eq!(app.dialog(), Some(Kind::Wizard));
    let mut steps = 0;
    while app.dialog() == Some(Kind::Wizard) && steps < 30 {
        steps += 1;
        let fields: Vec<&str> = form(app).fields().iter().map(|f| f.spec.key).collect();
        if fields.contains(&"outcome") && fields.contains(&"note") {
            set(app, "outcome", "Complied");
        }
        if fields.contains(&"risk") {
            assert!(fields.contains(&"breach_response"), "{fields:?}");
            // Keeping the current risk is refused even with a breach response.
            set(
                app,
                "breach_response",
                "Texts breach the contact ban: visits doubled, levels stay",
            );
            set(app, "risk", "Keep current risk");
            save_refused(app, "a breach requires re-assessment");
            // Re-assessing with the levels as they were needs a real breach response.
            set(app, "risk", "Re-assess");
            set(app, "breach_response", "ok");
            save_refused(app, "in the light of the breach");
            set(
                app,
                "breach_response",
                "Texts breach the contact ban: visits doubled, levels stay",
            );
        }
        if fields.contains(&"next_review") {
            // Well past the cadence of the subject's level.
            set(app, "next_review", "+60d");
            save_refused(app, "later than the");
            set(
                app,
                "late_reason",
                "Crown Court listing on 20 Jan decides the next step",
            );
        }
        save_ok(app);
    }
    // A breach form may follow the review if a condition was marked breached: none was.
    assert_eq!(app.dialog(), None, "{:?}", app.message);
    let s = stored(app, 16);
    assert!(!s.needs_reassessment(), "the re-assessment clears the flag");
    let a = s.latest_assessment().unwrap();
    assert!(
        a.breach_rationale
            .starts_with("Texts breach the contact ban")
    );
    assert_eq!(a.highest(), Some(level), "the levels may stay the same");
    let review = s.latest_review().unwrap();
    assert_eq!(
        review.late_reason,
        "Crown Court listing on 20 Jan decides the next step"
    );
    assert_eq!(review.next_review, today() + chrono::Days::new(60));

    // The supervisor sees the late reason and the breach response at sign-off.
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    drop(t);
    let mut t = demo_users_reopen(dir, "supervisor");
    let app = &mut t.app;
    open(app, 16);
    keys(app, "s");
    pick(app, "Review of 23 Nov 2026");
    assert!(is_form_open(app), "{:?}", app.message);
    let screen = render(app, 160, 60);
    assert!(screen.contains("Crown Court listing on 20 Jan"), "{screen}");
    keys(app, "<esc>");
    if app.dialog() == Some(Kind::Confirm) {
        keys(app, "y");
    }
    keys(app, "s");
    pick(app, "assessment");
    let screen = render(app, 160, 60);
    assert!(screen.contains("Texts breach the contact ban"), "{screen}");
}

/// Point 4: what needs doing is queued in words, and serving an order starts its clocks.
#[test]
fn serving_an_order_starts_its_clocks_and_every_loose_end_is_queued() {
    let mut t = demo_users_app("reviewer");
    let app = &mut t.app;
    // A full SPO applied for 33 days ago, no hearing yet.
    assert!(
        reason_text(app, 4, ReasonKind::AwaitingHearing).contains("hearing"),
        "{:?}",
        reasons(app, 4)
    );
    // An SPO made but not served.
    assert!(reasons(app, 3).contains(&ReasonKind::NotServed));
    // A developing relationship learned of in October with no disclosure decision.
    assert!(reason_text(app, 10, ReasonKind::DisclosureUndecided).contains("disclos"));
    // Returned work.
    assert!(reasons(app, 2).contains(&ReasonKind::Returned));
    // The just-served subject awaits its first notification.
    assert!(
        reasons(app, 19).contains(&ReasonKind::NotificationDue),
        "{:?}",
        reasons(app, 19)
    );

    // The order is served: the SPO's initial notification clock starts that day.
    open(app, 3);
    keys(app, "1e");
    pick(app, "Order: SPO");
    assert!(is_form_open(app), "{:?}", app.message);
    set(app, "served", "21/11/2026");
    save_ok(app);
    assert!(!is_form_open(app), "{:?}", app.message);
    let s = stored(app, 3);
    let order = &s.orders[0];
    assert_eq!(order.served, chrono::NaiveDate::from_ymd_opt(2026, 11, 21));
    let clock = order
        .notifications
        .iter()
        .find(|n| n.kind == NotificationKind::Initial)
        .expect("the initial notification clock started");
    assert_eq!(Some(clock.trigger), order.served);
    assert_eq!(clock.received, None);
    let queued = reasons(app, 3);
    assert!(!queued.contains(&ReasonKind::NotServed), "{queued:?}");
    assert!(
        !queued.contains(&ReasonKind::ClocksNotStarted),
        "{queued:?}"
    );
    assert!(queued.contains(&ReasonKind::NotificationDue), "{queued:?}");
    assert_eq!(
        queued.contains(&ReasonKind::NoRiskAssessment),
        s.assessments.is_empty(),
        "{queued:?}"
    );
}

/// Point 5: the officer in charge is picked from the users by part of a name; "mine" works
/// from the login; the officer filter matches part of a name; sign-offs carry rank, name and
/// number.
#[test]
fn users_are_officers_linked_mine_filtered_and_named_on_sign_off() {
    let mut t = demo_users_app("reviewer");
    let app = &mut t.app;
    // "mine": the subjects whose officer in charge is this login.
    while !app.main.list_title().starts_with("Queue: mine") {
        keys(app, "v");
    }
    let mine_before = app.main.visible.len();
    assert!(mine_before > 0, "the demo reviewer has subjects");
    assert!(
        app.main
            .visible
            .iter()
            .all(|&i| { app.main.subjects[i].officer_user.as_deref() == Some("reviewer") })
    );
    assert!(
        !app.main
            .visible
            .iter()
            .any(|&i| app.main.subjects[i].id == 3)
    );

    // Subject 3's officer in charge typed as part of the reviewer's name links the user.
    open(app, 3);
    keys(app, "1e");
    pick(app, "Subject:");
    assert!(is_form_open(app), "{:?}", app.message);
    set(app, "officer", "pell");
    save_ok(app);
    let s = stored(app, 3);
    assert_eq!(s.officer.as_deref(), Some("DC Amira Pell (2719)"));
    assert_eq!(s.officer_user.as_deref(), Some("reviewer"));
    keys(app, "q");
    while !app.main.list_title().starts_with("Queue: mine") {
        keys(app, "v");
    }
    // Subject 3 is queued (its order is not served), so it is now in "mine".
    assert!(
        app.main
            .visible
            .iter()
            .any(|&i| app.main.subjects[i].id == 3)
    );

    // Someone outside the unit stays as typed, linked to no user.
    open(app, 3);
    keys(app, "1e");
    pick(app, "Subject:");
    set(app, "officer", "PC Outside Force");
    save_ok(app);
    let s = stored(app, 3);
    assert_eq!(s.officer.as_deref(), Some("PC Outside Force"));
    assert_eq!(s.officer_user, None);
    keys(app, "q");

    // The filter matches part of an officer's name.
    keys(app, "f");
    set(app, "officer", "marsh");
    save_ok(app);
    assert!(!app.main.visible.is_empty());
    assert!(app.main.visible.iter().all(|&i| {
        app.main.subjects[i]
            .officer
            .as_deref()
            .is_some_and(|o| o.contains("Marsh"))
    }));

    // The plan awaiting sign-off (subject 11) is approved by the DCI: signed by rank, name and
    // number; a sergeant may not approve a plan.
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    drop(t);
    let mut t = demo_users_reopen(dir, "supervisor");
    let app = &mut t.app;
    open(app, 11);
    keys(app, "s");
    // Not offered: the refusal says who may.
    assert!(!is_form_open(app));
    assert!(
        app.message.as_deref().is_some_and(|m| m.contains(
            "awaits sign-off by a Chief Inspector or above (force policy); you are Sergeant"
        )),
        "{:?}",
        app.message
    );
    assert_eq!(
        stored(app, 11).plan_sign_off.map(|s| s.status),
        Some(SignOffStatus::Awaiting)
    );
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().unwrap());
    drop(t);
    let mut t = demo_users_reopen(dir, "dci");
    let app = &mut t.app;
    open(app, 11);
    keys(app, "s");
    pick(app, "plan");
    assert!(is_form_open(app), "{:?}", app.message);
    save_ok(app);
    let so = stored(app, 11).plan_sign_off.unwrap();
    assert_eq!(so.status, SignOffStatus::Approved);
    assert_eq!(so.signer, "DCI Marcus Hale (1187)");
    assert_eq!(so.rank, Some(Rank::ChiefInspector));
    keys(app, "h");
    let screen = render(app, 160, 50);
    assert!(screen.contains("DCI Marcus Hale (1187)"), "{screen}");
}
