//! Flow tests of form editing (issue 11, points 6 and 12): a choice changes only by its own keys
//! (text typed on it finds an option and picks nothing until confirmed), typing into a
//! pre-filled field replaces it, pasted text lands whole in the focused field only (refused in a
//! one-line field when it has several lines), and the export form's file name follows the
//! document chosen. Each checks what was stored after the save.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::NaiveDate;
use common::app::{demo_app_as, keys, paste, render};
use common::forms::{focus, form, is_form_open, set};
use spmp::domain::{BreachOutcome, BreachSource, ItemKind, PlanPart, RiskGroup, RiskLevel};
use spmp::tui::app::App;
use spmp::tui::component::Kind;

fn stored(app: &App, id: u64) -> spmp::domain::Subject {
    app.store
        .load(id)
        .expect("load")
        .expect("the subject is stored")
}

fn value(app: &App, key: &str) -> String {
    let f = form(app);
    let i = f
        .fields()
        .iter()
        .position(|f| f.spec.key == key)
        .unwrap_or_else(|| panic!("no field {key}"));
    f.values()[i].clone()
}

/// Open a new breach form on the first subject of the queue; its id.
fn new_breach(app: &mut App) -> u64 {
    let id = app.main.current().expect("a subject").id;
    keys(app, "b");
    assert!(
        is_form_open(app),
        "the breach form opens: {:?}",
        app.message
    );
    id
}

/// The breach just added (the newest by id).
fn last_breach(app: &App, id: u64) -> spmp::domain::Breach {
    let s = stored(app, id);
    s.breaches
        .iter()
        .max_by_key(|b| b.id)
        .cloned()
        .expect("a breach is stored")
}

#[test]
fn text_typed_on_a_choice_never_changes_it_and_holds_the_save() {
    let mut t = demo_app_as("DC Forms Choice");
    let app = &mut t.app;
    let id = new_breach(app);
    let before = stored(app, id).breaches.len();
    set(app, "time", "21:40");
    focus(app, "outcome");
    assert_eq!(value(app, "outcome"), "pending");
    // A note typed while the choice has the focus: the value stays, the screen says so.
    keys(app, "Charged him? no, high risk noted");
    assert_eq!(
        value(app, "outcome"),
        "pending",
        "letters never jump a choice"
    );
    let screen = render(app, 120, 40);
    insta::assert_snapshot!("breach_outcome_typed_on_120x40", screen);
    assert!(
        screen.contains("\"Charged him? no, high risk noted\" → no match"),
        "{screen}"
    );
    assert!(
        screen.contains("esc clear what was typed"),
        "hint bar: {screen}"
    );
    // Saving is held until the typing is picked or cleared; nothing is stored.
    keys(app, "<c-s>");
    assert!(is_form_open(app));
    assert_eq!(stored(app, id).breaches.len(), before);
    assert!(
        form(app)
            .issues()
            .iter()
            .any(|i| i.message.contains("was typed here")),
        "{:?}",
        form(app).issues()
    );
    // esc drops what was typed (the form stays open, nothing asked).
    keys(app, "<esc>");
    assert!(is_form_open(app), "esc first clears the typing");
    assert_eq!(app.dialog(), Some(Kind::Form));
    assert!(form(app).pending_find().is_none());
    // Typing to find, then enter, picks: the source is found the same way.
    focus(app, "source");
    keys(app, "thi");
    assert_eq!(value(app, "source"), "victim_report");
    let screen = render(app, 120, 40);
    assert!(
        screen.contains("< Victim report >  \"thi\" → Third party"),
        "{screen}"
    );
    assert!(
        screen.contains(" enter pick it  esc clear what was typed  tab next field"),
        "{screen}"
    );
    keys(app, "<enter>");
    assert_eq!(value(app, "source"), "third_party");
    assert_eq!(form(app).focus(), 4, "enter picked; it did not move on");
    set(app, "description", "Seen at the victim's gate");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "saved: {:?}", app.message);
    let b = last_breach(app, id);
    assert_eq!(b.source, BreachSource::ThirdParty);
    assert_eq!(
        b.outcome,
        BreachOutcome::Pending,
        "the outcome was never changed"
    );
}

#[test]
fn risk_to_children_stays_not_rated_while_a_note_is_typed_on_it() {
    let mut t = demo_app_as("DC Forms Risk");
    let app = &mut t.app;
    let id = app.main.current().expect("a subject").id;
    keys(app, "<enter>3a");
    if app.dialog() == Some(Kind::Picker) {
        let pos = spmp::edit::addable(PlanPart::Risk)
            .iter()
            .position(|k| *k == ItemKind::Assessment)
            .expect("assessments can be added");
        for _ in 0..pos {
            keys(app, "j");
        }
        keys(app, "<enter>");
    }
    assert!(is_form_open(app), "{:?}", app.message);
    let children = value(app, "children");
    set(app, "assessor", "DS Khan");
    focus(app, "children");
    keys(app, "High harm to the children, see note");
    assert_eq!(value(app, "children"), children);
    keys(app, "<tab>");
    assert_eq!(value(app, "children"), children, "leaving drops the typing");
    // Typed and picked: public is rated High.
    focus(app, "public");
    keys(app, "hi<enter>");
    assert_eq!(value(app, "public"), "high");
    focus(app, "rationale");
    keys(app, "<c-u>"); // the text area starts from the last assessment: one line, cleared
    set(app, "rationale", "Escalating contact.");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "saved: {:?}", app.message);
    let s = stored(app, id);
    let newest = s
        .assessments
        .iter()
        .max_by_key(|a| a.id)
        .expect("an assessment");
    assert_eq!(newest.level_for(&RiskGroup::Public), Some(RiskLevel::High));
    let expected = match children.as_str() {
        "not_rated" => None,
        "low" => Some(RiskLevel::Low),
        "medium" => Some(RiskLevel::Medium),
        "high" => Some(RiskLevel::High),
        _ => Some(RiskLevel::VeryHigh),
    };
    assert_eq!(newest.level_for(&RiskGroup::Children), expected);
}

#[test]
fn typing_into_a_prefilled_date_replaces_it() {
    let mut t = demo_app_as("DC Forms Date");
    let app = &mut t.app;
    let id = new_breach(app);
    assert_eq!(form(app).focus(), 0, "the date is focused first");
    assert_eq!(value(app, "date"), "23/11/2026");
    assert!(form(app).replaces(), "its text is selected");
    // The hint bar shows the clear key of a one-line field.
    let screen = render(app, 120, 40);
    assert!(screen.contains("ctrl-u clear"), "{screen}");
    keys(app, "20/11/2026");
    assert_eq!(value(app, "date"), "20/11/2026", "replaced, not appended");
    keys(app, "<tab>2140<s-tab>");
    // Back on the date: a movement key keeps the text for editing in place.
    keys(app, "<left><bs>8");
    assert_eq!(value(app, "date"), "20/11/2086");
    keys(app, "<c-u>");
    assert_eq!(value(app, "date"), "");
    keys(app, "19/11/2026");
    set(app, "description", "Call from a withheld number");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "saved: {:?}", app.message);
    let b = last_breach(app, id);
    assert_eq!(
        b.at,
        NaiveDate::from_ymd_opt(2026, 11, 19)
            .expect("date")
            .and_hms_opt(21, 40, 0)
            .expect("time")
    );
}

#[test]
fn a_paste_lands_whole_in_the_focused_field_only() {
    let mut t = demo_app_as("DC Forms Paste");
    let app = &mut t.app;
    let id = new_breach(app);
    set(app, "time", "09:15");
    // Several lines into a one-line field: refused, nothing changes, nothing spreads.
    focus(app, "reference");
    let before = form(app).values();
    paste(app, "OCC-1\nOCC-2\nOCC-3");
    assert_eq!(form(app).values(), before, "nothing changed anywhere");
    assert_eq!(form(app).focus(), 6, "the focus did not move");
    let said = app.message.clone().unwrap_or_default();
    assert!(
        said.contains("takes one line") && said.contains("3 lines"),
        "{said}"
    );
    assert!(
        render(app, 120, 40).contains("takes one line"),
        "shown on the status line"
    );
    // One trailing line break is trimmed; control characters are left out.
    paste(app, "OCC-\u{1b}[31m42\u{7}\r\n");
    assert_eq!(value(app, "reference"), "OCC-[31m42");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("2 control characters")),
        "{:?}",
        app.message
    );
    // A 4 KB multi-line paste lands at once in the text area, lines kept.
    focus(app, "description");
    let line = "He waited by the school gates again and filmed the victim's car. ";
    let mut long = String::new();
    while long.len() < 4096 {
        long.push_str(line);
        long.push('\n');
    }
    long.push_str("Last line.");
    paste(app, &long);
    assert_eq!(value(app, "description"), long);
    assert_eq!(value(app, "action"), "", "the next field is untouched");
    assert_eq!(form(app).focus(), 7);
    // A choice takes no paste.
    focus(app, "outcome");
    paste(app, "Arrest");
    assert_eq!(value(app, "outcome"), "pending");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "saved: {:?}", app.message);
    let b = last_breach(app, id);
    assert_eq!(b.reference.as_deref(), Some("OCC-[31m42"));
    assert_eq!(b.description, long);
    assert_eq!(b.action, "");
    assert!(
        !b.description.chars().any(|c| c.is_control() && c != '\n'),
        "no control characters stored"
    );
}

#[test]
fn a_paste_outside_a_text_field_is_never_read_as_keys() {
    let mut t = demo_app_as("DC Forms Main");
    let app = &mut t.app;
    let id = app.main.current().expect("a subject").id;
    // On the main screen a paste is refused whole: "b", "x", "d" are not commands here.
    paste(app, "bxd\n");
    assert!(app.dialog().is_none(), "nothing opened");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Not pasted")),
        "{:?}",
        app.message
    );
    assert_eq!(app.main.current().map(|s| s.id), Some(id));
    // The search box takes one line (a trailing break trimmed), refuses several.
    keys(app, "/");
    paste(app, "HALLORAN\n");
    assert_eq!(
        app.main.search.as_ref().map(|s| s.query()).as_deref(),
        Some("HALLORAN")
    );
    assert!(!app.main.visible.is_empty(), "the search ran");
    paste(app, "a\nb");
    assert_eq!(
        app.main.search.as_ref().map(|s| s.query()).as_deref(),
        Some("HALLORAN")
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("one line"))
    );
    keys(app, "<c-u>");
    assert_eq!(
        app.main.search.as_ref().map(|s| s.query()).as_deref(),
        Some("")
    );
    keys(app, "<esc>");
    // The palette takes a paste into its query.
    keys(app, ":");
    paste(app, "trends");
    assert_eq!(app.dialog(), Some(Kind::Palette));
    keys(app, "<enter>");
    assert_eq!(app.dialog(), Some(Kind::Trends), "the pasted query ran");
}

#[test]
fn the_export_file_name_follows_the_document_until_the_user_types_one() {
    let mut t = demo_app_as("DS Forms Export");
    let app = &mut t.app;
    let id = app.main.current().expect("a subject").id;
    keys(app, "x");
    assert!(is_form_open(app), "{:?}", app.message);
    let name = |app: &App| {
        std::path::Path::new(&value(app, "file"))
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    assert_eq!(name(app), format!("spmp-subject-{id}-plan-20261123.pdf"));
    set(app, "kind", "Plan (Markdown)");
    assert_eq!(name(app), format!("spmp-subject-{id}-plan-20261123.md"));
    set(app, "kind", "Visit sheet (PDF)");
    assert_eq!(
        name(app),
        format!("spmp-subject-{id}-visit-sheet-20261123.pdf")
    );
    set(app, "kind", "Visit sheet (text)");
    assert_eq!(
        name(app),
        format!("spmp-subject-{id}-visit-sheet-20261123.txt")
    );
    // A name the user typed is theirs: the document no longer changes it.
    let out = tempfile::tempdir().expect("out dir");
    let mine = out.path().join("for-pc-jones.txt");
    set(app, "file", mine.to_str().expect("utf8"));
    set(app, "kind", "Plan (text)");
    assert_eq!(value(app, "file"), mine.to_str().expect("utf8"));
    keys(app, "<esc>");
    if app.dialog() == Some(Kind::Confirm) {
        keys(app, "y");
    }
    assert!(!is_form_open(app));

    // The reported case: the plan exported, then a visit sheet, each under the name
    // suggested (in the user's folder): the sheet's name follows the document, so it is written
    // and not refused as "already exists".
    keys(app, "x");
    let plan = out.path().join(name(app));
    set(app, "file", plan.to_str().expect("utf8"));
    set(app, "recipient", "Niche records team");
    set(app, "reason", "Filing");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    assert!(plan.exists());
    keys(app, "x");
    set(
        app,
        "file",
        out.path().join(name(app)).to_str().expect("utf8"),
    );
    set(app, "kind", "Visit sheet (PDF)");
    let sheet = out
        .path()
        .join(format!("spmp-subject-{id}-visit-sheet-20261123.pdf"));
    assert_eq!(
        value(app, "file"),
        sheet.to_str().expect("utf8"),
        "same folder, its own name"
    );
    set(app, "recipient", "PC Neighbourhood Team");
    set(app, "reason", "Home visit");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let bytes = std::fs::read(&sheet).expect("the visit sheet was written");
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn the_login_screen_takes_a_pasted_name_and_passphrase() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use spmp::store::testkit;
    use spmp::tui::login::LoginScreen;
    use spmp::tui::theme::Theme;

    let dir = tempfile::tempdir().expect("tempdir");
    drop(testkit::open(dir.path()).expect("test store"));
    let place = testkit::place(dir.path());
    let status = spmp::store::Store::status(&place).expect("status");
    let mut s = LoginScreen::new(&place, status, None, false).with_options(testkit::options());
    let enter = || Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let mut script: std::collections::VecDeque<Event> = [
        // Two lines are refused (the field stays empty), then the name with its line end.
        Event::Paste("tester\nsomeone".to_string()),
        Event::Paste(format!("{}\r\n", testkit::TESTER)),
        enter(),
        // A password manager's paste, control characters and all.
        Event::Paste(format!("{}\u{7}\n", testkit::PASSPHRASE)),
        enter(),
    ]
    .into_iter()
    .collect();
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let store =
        spmp::tui::run::run_login(
            &mut term,
            &mut s,
            &Theme::mono(),
            |_| Ok(script.pop_front()),
        )
        .expect("no terminal error")
        .expect("logged in with pasted credentials");
    assert_eq!(store.actor().name, testkit::TESTER);
}

#[test]
fn the_reason_and_lock_dialogs_take_one_pasted_line() {
    let mut t = demo_app_as("DC Forms Reason");
    let app = &mut t.app;
    // The full list asks why a record is opened: the reason is one line.
    keys(app, "v");
    while app.main.list_mode != spmp::tui::app::ListMode::Subjects {
        keys(app, "v");
    }
    keys(app, "<enter>");
    assert_eq!(app.dialog(), Some(Kind::Reason), "{:?}", app.message);
    paste(app, "Checking the\naddress");
    let reason = app
        .top_as::<spmp::tui::dialogs::reason::ReasonDialog>()
        .expect("reason dialog");
    assert_eq!(reason.reason.text(), "");
    assert!(
        reason
            .error
            .as_deref()
            .is_some_and(|e| e.contains("one line"))
    );
    paste(app, "Checking the address before a visit\n");
    let reason = app
        .top_as::<spmp::tui::dialogs::reason::ReasonDialog>()
        .expect("reason dialog");
    assert_eq!(reason.reason.text(), "Checking the address before a visit");
    assert_eq!(reason.error, None);
    keys(app, "<enter>");
    assert!(app.dialog().is_none(), "opened: {:?}", app.message);

    // The idle lock takes a pasted passphrase (shown masked), one line.
    let later = std::time::Instant::now() + std::time::Duration::from_secs(24 * 3600);
    app.tick(later);
    assert!(app.locked());
    paste(app, "two\nlines");
    let lock = app
        .top_as::<spmp::tui::dialogs::lock::Lock>()
        .expect("lock");
    assert!(lock.passphrase.is_empty());
    assert!(
        lock.error
            .as_deref()
            .is_some_and(|e| e.contains("one line"))
    );
    paste(app, &format!("{}\n", spmp::store::testkit::PASSPHRASE));
    let screen = render(app, 80, 24);
    assert!(
        !screen.contains(spmp::store::testkit::PASSPHRASE),
        "never shown: {screen}"
    );
    keys(app, "<enter>");
    assert!(!app.locked(), "unlocked with the pasted passphrase");
}

#[test]
fn the_event_loop_handles_a_paste_at_once_and_waiting_events_before_drawing() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::time::Duration;

    let mut t = demo_app_as("DC Forms Loop");
    let key = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let tab = Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    let long = "Followed her from the station. ".repeat(140); // about 4 KB
    // b opens the breach form; seven tabs reach "What happened"; the paste; all already
    // waiting. Then, once the loop waits for more, ctrl-c.
    let mut script: std::collections::VecDeque<Event> = std::iter::once(key('b'))
        .chain(std::iter::repeat_n(tab, 7))
        .chain(std::iter::once(Event::Paste(long.clone())))
        .collect();
    let mut waits: Vec<Duration> = Vec::new();
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    spmp::tui::run::run_loop(&mut term, &mut t.app, |timeout| {
        waits.push(timeout);
        Ok(match script.pop_front() {
            Some(event) => Some(event),
            None if timeout.is_zero() => None,
            None => Some(Event::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL,
            ))),
        })
    })
    .expect("the loop runs");
    // One wait, then everything waiting taken at once (the paste as one event), one frame,
    // then a wait for the next key.
    let zero = waits.iter().filter(|w| w.is_zero()).count();
    assert_eq!(zero, 9, "{waits:?}");
    assert!(!waits[0].is_zero() && !waits[10].is_zero(), "{waits:?}");
    assert_eq!(waits.len(), 11, "{waits:?}");
    // Quitting kept the form as a draft: the paste is in "What happened", whole.
    let (drafts, _) = spmp::ops::drafts::list(&t.app.store).expect("drafts");
    let values = &drafts.first().expect("a draft").data.values;
    assert_eq!(values.get(7), Some(&long), "{values:?}");
    let screen = term.backend().to_string();
    assert!(
        screen.contains("Followed her from the station."),
        "{screen}"
    );
}
