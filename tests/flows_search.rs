//! Search and what it may show, through the TUI: names folded as people type them, hyphens and
//! apostrophes, phone numbers with any UK prefix, a subject found from its victim's name (and
//! that consultation recorded as such), what a viewer finds and reads, and the history told in
//! sentences.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::app::{TestApp, keys, open_with_roles, render};
use spmp::domain::{
    Device, DeviceStatus, ItemKind, PersonField, PlanPart, Role, SubjectId, Target, WITHHELD,
};
use spmp::ops::access::VIA_PROTECTED_PERSON;
use spmp::store::{AuditKind, Commit, Store, testkit};
use spmp::tui::component::Kind;
use spmp::tui::dialogs::history::History;

/// The demo caseload, changed by `edit` (as an administrator), opened as `actor` with `roles`.
fn demo_as(actor: &str, roles: &[Role], edit: impl FnOnce(&mut Store)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = testkit::open(dir.path()).expect("open store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data parses");
    store.save_all(&subjects, "seed").expect("seed");
    edit(&mut store);
    drop(store);
    open_with_roles(dir, actor, roles)
}

fn reviewer() -> TestApp {
    demo_as("DC Reviewer", &[Role::Reviewer], |_| {})
}

fn viewer() -> TestApp {
    demo_as("PC Viewer", &[Role::Viewer], |_| {})
}

/// The subject the first hit of `query` stands for, and the hit's field.
fn first_hit(app: &mut spmp::tui::app::App, query: &str) -> Option<(SubjectId, &'static str)> {
    keys(app, "<esc><esc>/");
    keys(app, query);
    let hit = app.main.hits.first()?;
    Some((app.main.subjects[hit.slot].id, hit.field))
}

fn family(app: &spmp::tui::app::App, id: SubjectId) -> String {
    app.main.subject(id).expect("loaded").family_name.clone()
}

/// The consultations of `id` recorded in the store of `t` (read as an administrator: a
/// reviewer may not read the audit log).
fn consultations(t: &TestApp, id: SubjectId) -> Vec<String> {
    testkit::open(t.dir.path())
        .expect("open as tester")
        .audit_trail(id)
        .expect("audit trail")
        .into_iter()
        .filter(|e| e.kind == AuditKind::Consultation)
        .map(|e| e.justification.unwrap_or_default())
        .collect()
}

#[test]
fn names_are_found_as_people_type_them() {
    let mut t = reviewer();
    let app = &mut t.app;
    for query in ["yildirim", "YILDIRIM SHAW", "mehmet yildirim"] {
        let (id, _) = first_hit(app, query).unwrap_or_else(|| panic!("{query}"));
        assert_eq!(family(app, id), "Yıldırım-Shaw", "{query}");
    }
    for query in ["pryce morgan", "prycemorgan", "Pryce-Morgan"] {
        let (id, field) = first_hit(app, query).unwrap_or_else(|| panic!("{query}"));
        assert_eq!((family(app, id).as_str(), field), ("Pryce-Morgan", "name"));
    }
    let screen = render(app, 120, 40);
    assert!(screen.contains("PRYCE-MORGAN, Gethin"), "{screen}");
}

#[test]
fn a_phone_number_is_found_with_any_uk_prefix() {
    let mut t = reviewer();
    let app = &mut t.app;
    for query in [
        "+447700900001",
        "447700900001",
        "00447700900001",
        "07700900001",
        "7700900001",
        "07700 900001",
    ] {
        let (id, field) = first_hit(app, query).unwrap_or_else(|| panic!("{query}"));
        assert_eq!(
            (family(app, id).as_str(), field),
            ("Wrzosek", "phone"),
            "{query}"
        );
    }
    // Opened, the device the number belongs to is marked.
    keys(app, "<enter>caller gave this number<enter>");
    assert_eq!(app.main.tab, PlanPart::Section2);
    assert_eq!(
        app.main.detail_mark,
        Some(Target::existing(ItemKind::Device, 1, None))
    );
}

#[test]
fn a_victims_name_finds_whose_case_it_is_and_the_opening_is_recorded_so() {
    let mut t = reviewer();
    let app = &mut t.app;
    let id = 1;
    let (found, field) = first_hit(app, "imogen farthing").expect("the victim's name is found");
    assert_eq!((found, field), (id, "protected person"));
    assert_eq!(family(app, id), "Wrzosek");
    assert!(app.main.hits[0].via_protected_person());
    // The list pane is narrow: the person's name is cut, whose case it is is not.
    let screen = render(app, 120, 40);
    assert!(
        screen.contains(">Imogen Farth protected person of WRZOSEK"),
        "{screen}"
    );
    // Opening it asks why, says how it was found, and the audit log records both.
    keys(app, "<enter>");
    assert_eq!(app.dialog(), Some(Kind::Reason));
    let screen = render(app, 120, 40);
    assert!(
        screen.contains("Found through a protected person"),
        "{screen}"
    );
    assert!(
        consultations(&t, id).is_empty(),
        "nothing before the reason"
    );
    let app = &mut t.app;
    keys(app, "victim on the phone<enter>");
    assert!(app.dialog().is_none());
    let app = &t.app;
    assert_eq!(
        consultations(&t, id),
        [format!("victim on the phone ({VIA_PROTECTED_PERSON})")]
    );
    assert_eq!(
        app.message.as_deref(),
        Some("Found: Imogen Farthing-Lowe, protected person of WRZOSEK, Łukasz Piotr")
    );
    assert_eq!(app.main.tab, PlanPart::Section1);
    assert_eq!(
        app.main.detail_mark,
        Some(Target::existing(ItemKind::ProtectedPerson, 1, None))
    );
}

#[test]
fn a_viewer_finds_victims_by_name_only_as_policy_allows_and_never_reads_their_street() {
    let mut t = viewer();
    let app = &mut t.app;
    let found = first_hit(app, "imogen farthing");
    if PersonField::Name.restricted() {
        assert!(
            app.main.hits.iter().all(|h| !h.via_protected_person()),
            "a name the viewer may not see is not found"
        );
    } else {
        let (id, field) = found.expect("names are visible to viewers, so findable");
        assert_eq!(
            (family(app, id).as_str(), field),
            ("Wrzosek", "protected person")
        );
    }
    // Addresses are never findable, least of all a victim's.
    assert!(first_hit(app, "linnet close").is_none());
    assert_eq!(app.main.search_total, 0);

    // Subject 1's exclusion zone names the victim's street: the viewer reads it withheld.
    let wrzosek = app.main.subject(1).expect("loaded").clone();
    let zone = wrzosek.orders[0].conditions[1]
        .area
        .clone()
        .unwrap_or_default();
    assert_eq!(zone, format!("Harrowmere town centre and {WITHHELD}"));
    keys(app, "<esc><esc>");
    app.main.select_subject(1);
    keys(app, "<enter>");
    let screen = render(app, 120, 100);
    assert!(
        screen.contains("Harrowmere town centre and [withheld:"),
        "{screen}"
    );
    assert!(!screen.contains("Linnet"), "{screen}");
}

#[test]
fn a_reviewer_reads_the_victims_street_in_the_condition() {
    let mut t = reviewer();
    let app = &mut t.app;
    let wrzosek = app.store.load(1).unwrap().expect("stored");
    assert_eq!(
        wrzosek.orders[0].conditions[1].area.as_deref(),
        Some("Harrowmere town centre and Linnet Close")
    );
}

/// Subject 1 changed the ways the history has to tell.
fn edited(store: &mut Store) {
    let base = store.load(1).unwrap().unwrap();
    let mut s = base.clone();
    let version = store.version(1).unwrap();
    s.family_name = "Wrzosek-Hale".to_string();
    s.section2.vehicles[0].colour = "Blue".to_string();
    s.section2.devices.push(Device {
        id: 3,
        device_type: "Phone".to_string(),
        make_model: "Samsung Galaxy A52".to_string(),
        imei_serial: None,
        number: Some("07700 900999".to_string()),
        status: DeviceStatus::Seized,
        date: None,
    });
    s.orders[0].conditions.remove(3);
    s.next_review = Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
    s.flags.iom = !s.flags.iom;
    // Subject 1's plan is approved: a change to it goes back to awaiting sign-off.
    let s = spmp::domain::reopen_plan(&base, s);
    store
        .commit(&Commit {
            subject: &s,
            expected_version: version,
            summary: "Updated the plan",
        })
        .unwrap();
}

/// The history's dates and times (when the test ran) as one fixed time, the line kept as wide
/// (a one-digit day takes a space from the padding before the dialog's right border).
fn fixed_times(screen: &str) -> String {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // A `d Mon yyyy hh:mm` starting at `i`, with a day of `d` digits.
    let is_time = |chars: &[char], i: usize, d: usize| {
        let s: String = chars[i..].iter().take(d + 15).collect();
        let b = s.as_bytes();
        s.chars().count() == d + 15
            && s.is_ascii()
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && b[..d].iter().all(u8::is_ascii_digit)
            && b[d] == b' '
            && months.contains(&&s[d + 1..d + 4])
            && b[d + 4] == b' '
            && b[d + 5..d + 9].iter().all(u8::is_ascii_digit)
            && b[d + 9] == b' '
            && b[d + 10..d + 12].iter().all(u8::is_ascii_digit)
            && b[d + 12] == b':'
            && b[d + 13..d + 15].iter().all(u8::is_ascii_digit)
    };
    let lines: Vec<String> = screen
        .lines()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            let mut out: Vec<char> = Vec::new();
            let mut grown = 0;
            let mut i = 0;
            while i < chars.len() {
                if is_time(&chars, i, 2) {
                    out.extend("23 Nov 2026 09:00".chars());
                    i += 17;
                } else if is_time(&chars, i, 1) {
                    out.extend("23 Nov 2026 09:00".chars());
                    grown += 1;
                    i += 16;
                } else {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            for _ in 0..grown {
                if let Some(at) = out.iter().rposition(|c| *c == '┃')
                    && at > 0
                    && out[at - 1] == ' '
                {
                    out.remove(at - 1);
                }
            }
            out.into_iter().collect()
        })
        .collect();
    lines.join("\n")
}

#[test]
fn the_history_reads_as_sentences() {
    let mut t = demo_as("DC Reviewer", &[Role::Reviewer], edited);
    let app = &mut t.app;
    app.main.select_subject(1);
    keys(app, "<enter>h");
    let Some(history) = app.top_as::<History>() else {
        panic!("the history opens: {:?}", app.message);
    };
    let newest = &history.entries[0];
    assert_eq!(newest.summary, "Updated the plan");
    let lines: Vec<&str> = newest.lines.iter().map(String::as_str).collect();
    for want in [
        "Family name: Wrzosek -> Wrzosek-Hale",
        "Vehicle ZX19 KLM: colour Grey -> Blue",
        "Added device Samsung Galaxy A52 (phone)",
        "Next review: 14 Nov 2026 -> 2 Dec 2026",
        "IOM cohort: no -> yes",
    ] {
        assert!(lines.contains(&want), "{want} in {lines:#?}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Removed condition 4 'Must give officers access to any de")),
        "{lines:#?}"
    );
    assert_eq!(
        history.entries.last().map(|e| e.lines.clone()),
        Some(vec!["Created the record".to_string()])
    );
    for line in history.entries.iter().flat_map(|e| &e.lines) {
        assert!(!line.contains('{') && !line.contains("[id "), "{line}");
    }
    insta::assert_snapshot!("history_120x40", fixed_times(&render(app, 120, 40)));
}

#[test]
fn a_viewer_never_reads_the_victims_street_in_the_history() {
    let mut t = demo_as("PC Viewer", &[Role::Viewer], |store| {
        let base = store.load(1).unwrap().unwrap();
        let version = store.version(1).unwrap();
        let mut s = base.clone();
        s.orders[0].conditions[0].check_method = "Visits to 7 Linnet Close".to_string();
        s.section2.notes = "Seen on Linnet Close twice".to_string();
        let s = spmp::domain::reopen_plan(&base, s);
        store
            .commit(&Commit {
                subject: &s,
                expected_version: version,
                summary: "Noted sightings",
            })
            .unwrap();
    });
    let app = &mut t.app;
    app.main.select_subject(1);
    keys(app, "<enter>h");
    let Some(history) = app.top_as::<History>() else {
        panic!("the history opens: {:?}", app.message);
    };
    let text = history.entries[0].lines.join("\n");
    assert!(!text.contains("Linnet"), "{text}");
    assert!(
        text.contains("restricted") || text.contains(WITHHELD),
        "{text}"
    );
    let screen = render(app, 120, 40);
    assert!(!screen.contains("Linnet"), "{screen}");
}
