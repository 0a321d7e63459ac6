//! Summaries (issue 14): the list, the queue, the figures and search computed from summaries
//! are exactly those computed from whole subjects; the store writes a summary with every
//! record, builds missing ones at open, and `verify` finds one put back from an older copy.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Duration;

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use spmp::domain::{
    OrderKind, Policy, QueueFilter, QueueView, ReasonKind, ReviewDue, RiskLevel, Subject, Triage,
    identifier_clashes, queue, queue_of, queue_order, stats, summary_of,
};
use spmp::search::{SearchIndex, Values, first_page, search_fresh};
use spmp::store::testkit;
use spmp::tui::app::Workbench;

use testkit::sqlite_only;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The main screen's state over `subjects` for user `user`, today, under the default policy.
fn workbench(user: &str, subjects: Vec<Subject>) -> Workbench {
    Workbench::new(
        Policy::default(),
        today(),
        user.into(),
        subjects,
        Default::default(),
    )
}

/// The generated caseload and the demo (which has the victim's side, screenings, returned
/// work and every queue reason).
fn caseloads() -> Vec<(&'static str, Vec<Subject>)> {
    vec![
        (
            "generated",
            spmp::generate::caseload(3_000, spmp::generate::DEFAULT_SEED, today()),
        ),
        ("demo", spmp::demo::subjects_as_of(today()).unwrap()),
    ]
}

fn filters() -> Vec<QueueFilter> {
    vec![
        QueueFilter::default(),
        QueueFilter {
            view: QueueView::DueIn7Days,
            ..QueueFilter::default()
        },
        QueueFilter {
            view: QueueView::Mine("reviewer".into()),
            ..QueueFilter::default()
        },
        QueueFilter {
            risk: Some(RiskLevel::High),
            order_kind: Some(OrderKind::Spo),
            ..QueueFilter::default()
        },
        QueueFilter {
            reasons: vec![ReasonKind::VictimUpdateDue, ReasonKind::Returned],
            officer: Some("marsh".into()),
            ..QueueFilter::default()
        },
    ]
}

#[test]
fn queue_rows_figures_and_search_from_summaries_equal_those_from_whole_subjects() {
    let policy = Policy::default();
    for (name, whole) in caseloads() {
        let summaries: Vec<Subject> = whole.iter().map(summary_of).collect();
        // Judged on several days, so reasons that lie ahead (orders ending, reviews falling
        // due, victims' updates) come into play too.
        for days in [0u64, 9, 45, 200, 400] {
            let day = today().checked_add_days(Days::new(days)).unwrap();
            let triaged: Vec<Triage> = summaries
                .iter()
                .map(|s| Triage::of(s, &policy, day))
                .collect();
            for filter in filters() {
                let full_queue = queue(&whole, &policy, day, &filter);
                assert_eq!(
                    full_queue,
                    queue_of(&triaged, &filter),
                    "{name}, +{days} days, {filter:?}: the queue of the triaged summaries"
                );
                assert_eq!(
                    full_queue.iter().map(|e| e.subject).collect::<Vec<_>>(),
                    queue_order(&triaged, &filter),
                    "{name}, +{days} days, {filter:?}: the queue's order (ids only, as the TUI \
                     keeps it)"
                );
                assert!(
                    days > 0 || filter != QueueFilter::default() || !full_queue.is_empty(),
                    "{name}: the queue is not empty, so this compares something"
                );
                assert_eq!(
                    full_queue,
                    queue(&summaries, &policy, day, &filter),
                    "{name}, +{days} days, {filter:?}"
                );
            }
            for ((w, s), t) in whole.iter().zip(&summaries).zip(&triaged) {
                assert_eq!(t, &Triage::of(w, &policy, day), "{name} subject {}", w.id);
                assert_eq!(t.display_name(), w.display_name());
                assert_eq!(t.risk, w.current_risk());
                assert_eq!(t.review, ReviewDue::of(w, &policy.cadence, day));
                assert_eq!(s.display_name(), w.display_name());
                assert_eq!(
                    s.current_risk(),
                    w.current_risk(),
                    "{name} subject {}",
                    w.id
                );
                assert_eq!(
                    ReviewDue::of(s, &policy.cadence, day),
                    ReviewDue::of(w, &policy.cadence, day),
                    "{name} subject {}",
                    w.id
                );
            }
            assert_eq!(
                stats(&whole, &policy, day, 12),
                stats(&summaries, &policy, day, 12),
                "{name}, +{days} days"
            );
        }
        let (full_index, sum_index) = (SearchIndex::build(&whole), SearchIndex::build(&summaries));
        assert_eq!(full_index.entry_count(), sum_index.entry_count(), "{name}");
        // The index the app builds: from the values packed where the summaries are read.
        let packed: Vec<Values> = summaries.iter().map(Values::of).collect();
        let packed_index = SearchIndex::build_values(&packed);
        assert_eq!(
            full_index.entry_count(),
            packed_index.entry_count(),
            "{name}"
        );
        let mut queries: Vec<String> = [
            "a",
            "sm",
            "smi",
            "smith",
            "wrz",
            "łukasz",
            "07700",
            "+44 7700 900",
            "ab12",
            "ford",
            "linnet",
            "@",
            "pryce morgan",
            "obrien",
            "xq",
            "road",
            "samsung",
            "zx19",
        ]
        .map(String::from)
        .to_vec();
        // And a part of every tenth subject's values.
        for s in whole.iter().step_by(10).take(60) {
            queries.push(s.family_name.chars().take(4).collect());
            if let Some(a) = s.addresses.first() {
                queries.push(a.lines.split_whitespace().last().unwrap_or("x").to_string());
            }
        }
        for q in &queries {
            assert_eq!(
                search_fresh(&full_index, q),
                search_fresh(&sum_index, q),
                "{name}: {q}"
            );
            assert_eq!(
                search_fresh(&full_index, q),
                search_fresh(&packed_index, q),
                "{name}: {q} (packed values)"
            );
        }
        let triaged: Vec<Triage> = summaries
            .iter()
            .map(|s| Triage::of(s, &policy, today()))
            .collect();
        for s in whole.iter().take(200) {
            let a: Vec<String> = identifier_clashes(s, whole.iter())
                .iter()
                .map(ToString::to_string)
                .collect();
            let b: Vec<String> = identifier_clashes(s, summaries.iter())
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(a, b, "{name} subject {}", s.id);
            let c: Vec<String> = identifier_clashes(s, triaged.iter())
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(a, c, "{name} subject {} (triaged)", s.id);
        }
    }
}

#[test]
fn the_first_page_holds_the_top_tiers_of_the_complete_result() {
    let whole = spmp::generate::caseload(6_000, spmp::generate::DEFAULT_SEED, today());
    let index = SearchIndex::build(&whole);
    let mut checked = 0;
    for q in [
        "smi", "smith", "jon", "road", "ab1", "077", "a", "sm", "xyzzy", "grey",
    ] {
        let page = first_page(&index, q, 120);
        let complete = search_fresh(&index, q);
        assert!(page.hits.len() <= 120, "{q}");
        // Every subject on the page matches, at least as a word prefix, in the complete result.
        for hit in &page.hits {
            let found = complete.hits.iter().find(|h| h.slot == hit.slot);
            if let Some(found) = found {
                assert_eq!(found.text, hit.text, "{q}: slot {}", hit.slot);
            } else {
                assert!(
                    complete.total > complete.hits.len(),
                    "{q}: slot {}",
                    hit.slot
                );
            }
        }
        // When fewer than a page match in the top tiers, the page has all of them.
        let top: Vec<usize> = complete
            .hits
            .iter()
            .filter(|h| !h.indices.is_empty())
            .filter(|h| {
                let f = spmp::search::fold(&h.text);
                let q = spmp::search::fold(q);
                f.starts_with(&q) || f.split([' ', '-', '\'']).any(|w| w.starts_with(&q))
            })
            .map(|h| h.slot)
            .collect();
        if top.len() < 120 && complete.total == complete.hits.len() {
            for slot in &top {
                assert!(
                    page.hits.iter().any(|h| h.slot == *slot),
                    "{q}: slot {slot} is a top-tier match missing from the first page"
                );
            }
        }
        checked += page.hits.len();
    }
    assert!(checked > 100, "the queries found something");
}

#[test]
fn a_large_caseload_answers_a_first_page_then_the_complete_result_from_the_background() {
    let whole = spmp::generate::caseload(8_000, spmp::generate::DEFAULT_SEED, today());
    let summaries: Vec<Subject> = whole.iter().map(summary_of).collect();
    let mut w = workbench("reviewer", summaries.clone());
    // The index is built after the first frame.
    w.settle(Duration::from_secs(60));
    assert!(!w.background_building());
    let index = SearchIndex::build(&summaries);
    for q in ["s", "sm", "smi", "smit", "smith", "smit", "road"] {
        w.search = Some(Default::default());
        w.search_paste(q);
        let reference = search_fresh(&index, q);
        if !w.search_complete {
            assert!(w.visible.len() <= spmp::search::PAGE, "{q}");
        }
        w.settle(Duration::from_secs(60));
        assert!(w.search_complete, "{q}: the complete result arrived");
        assert_eq!(w.hits, reference.hits, "{q}");
        assert_eq!(w.search_total, reference.total, "{q}");
    }
}

#[test]
fn the_store_writes_a_summary_with_each_record_and_builds_missing_ones_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let whole = spmp::demo::subjects_as_of(today()).unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    store.save_all(&whole, "seed").unwrap();
    let (loaded, unreadable) = store.load_summaries().unwrap();
    assert!(unreadable.is_empty());
    let expect: Vec<Subject> = store.load_all().unwrap().iter().map(summary_of).collect();
    assert_eq!(loaded, expect);

    // A store from before summaries (or after a restore, a split): the summaries are empty.
    if !sqlite_only(
        "the_store_writes_a_summary_with_each_record_and_builds_missing_ones_at_open: \
         emptying the summaries in spmp.db",
    ) {
        let raw = Connection::open(dir.path().join(spmp::store::DB_FILE)).unwrap();
        raw.execute_batch(
            "UPDATE summaries SET general = NULL, restricted = NULL;
             DELETE FROM meta WHERE key = 'summary_format';",
        )
        .unwrap();
        let (rebuilt, _) = store.load_summaries().unwrap();
        assert_eq!(rebuilt, expect, "built from the records");
        let empty: i64 = raw
            .query_row(
                "SELECT count(*) FROM summaries WHERE general IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(empty, 0, "and written back");
    }
    assert!(store.verify().unwrap().faults.is_empty());
    // `spmp queue` reads summaries one at a time: the same queue as over whole subjects.
    let policy = Policy::default();
    for filter in filters() {
        let (streamed, unreadable) =
            spmp::ops::caseload::queue_of_store(&store, &policy, today(), &filter).unwrap();
        assert!(unreadable.is_empty());
        assert_eq!(
            streamed,
            queue(&store.load_all().unwrap(), &policy, today(), &filter),
            "{filter:?}"
        );
    }
}

#[test]
fn a_summary_put_back_from_an_older_copy_is_found_by_verify_and_by_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let whole: Vec<Subject> = (1..=3)
        .map(|id| Subject::new(id, "Fictional", "Person", today()))
        .collect();
    store.save_all(&whole, "seed").unwrap();
    if sqlite_only(
        "a_summary_put_back_from_an_older_copy_is_found_by_verify_and_by_the_app: \
         a row of spmp.db put back",
    ) {
        return;
    }
    let raw = Connection::open(dir.path().join(spmp::store::DB_FILE)).unwrap();
    let old: (i64, Vec<u8>, Option<Vec<u8>>) = raw
        .query_row(
            "SELECT version, general, restricted FROM summaries WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // A change that takes subject 1 out of the queue's reach: its name.
    let (mut s, v) = store.load_versioned(1).unwrap().unwrap();
    s.family_name = "Renamed".into();
    store
        .commit(&spmp::store::Commit {
            subject: &s,
            expected_version: Some(v),
            summary: "renamed",
        })
        .unwrap();
    assert!(store.verify().unwrap().faults.is_empty());
    // The old summary put back, its revision too (the seal is bound to it).
    raw.execute(
        "UPDATE summaries SET version = ?1, general = ?2, restricted = ?3 WHERE id = 1",
        rusqlite::params![old.0, old.1, old.2],
    )
    .unwrap();
    let faults = store.verify().unwrap().faults;
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert_eq!(faults[0].id, Some(1));
    assert!(faults[0].message.contains("revision"), "{}", faults[0]);
    // The list shows the old name until the record is opened; opening it puts it right.
    let (summaries, _) = store.load_summaries().unwrap();
    let mut w = workbench("x", summaries);
    assert_ne!(&*w.listed(1).unwrap().family_name, "Renamed");
    w.loaded(store.load(1).unwrap().unwrap());
    assert_eq!(&*w.listed(1).unwrap().family_name, "Renamed");
}

#[test]
fn a_large_caseload_changed_while_its_index_is_built_searches_as_if_built_after() {
    // From BACKGROUND_FROM subjects the index is built on another thread: subjects removed,
    // changed and added meanwhile are put in when it arrives.
    let mut whole = spmp::generate::caseload(6_000, spmp::generate::DEFAULT_SEED, today());
    let mut w = workbench("x", whole.clone());
    let gone = whole[10].clone();
    w.remove_subject(gone.id);
    whole.remove(10);
    let mut changed = whole[2000].clone();
    changed.family_name = "Quorndon".into();
    w.upsert_subject(changed.clone());
    let mut added = Subject::new(90_001, "Xanthippe", "Fictional", today());
    added.pnc_id = Some("26/999999Z".into());
    w.upsert_subject(added.clone());
    w.remove_subject(whole[4000].id);
    whole.remove(4000);
    w.settle(Duration::from_secs(60));
    assert!(!w.background_building());
    assert_eq!(w.subjects.len(), whole.len() + 1);
    assert!(w.listed(gone.id).is_none());
    for (slot, t) in w.subjects.iter().enumerate() {
        assert_eq!(
            w.row(slot).expect("row").name,
            t.display_name(),
            "slot {slot}"
        );
    }
    let find = |w: &mut Workbench, q: &str| {
        w.search = Some(Default::default());
        if let Some(s) = &mut w.search {
            s.line = spmp::tui::form::LineEdit::new(q);
        }
        w.refresh_visible();
        w.settle(Duration::from_secs(60));
        w.visible
            .iter()
            .map(|&slot| w.subjects[slot].id)
            .collect::<Vec<_>>()
    };
    assert_eq!(find(&mut w, "quorndon"), vec![changed.id]);
    assert_eq!(find(&mut w, "xanthippe"), vec![added.id]);
    assert_eq!(find(&mut w, "26/999999Z"), vec![added.id]);
    if let Some(pnc) = &gone.pnc_id {
        assert!(!find(&mut w, pnc).contains(&gone.id));
    }
    // Every subject's own PNC ID finds it (slots after a removal moved down with the list).
    for s in whole.iter().step_by(97) {
        if let Some(pnc) = &s.pnc_id {
            assert!(find(&mut w, pnc).contains(&s.id), "{pnc}");
        }
    }
}

#[test]
fn a_large_caseloads_triages_are_the_same_after_they_are_copied_afresh_and_share_officers() {
    // From BACKGROUND_FROM subjects the triages are copied afresh a step per tick while the
    // index is built (to give back the decoding threads' pages): the copies must equal
    // triages made from the subjects, and the subjects of one officer share one string.
    let whole = spmp::generate::caseload(7_000, spmp::generate::DEFAULT_SEED, today());
    let mut w = workbench("x", whole.clone());
    assert!(
        w.repacking(),
        "a large caseload is copied afresh after the first frame"
    );
    w.settle(Duration::from_secs(60));
    assert!(!w.repacking());
    let policy = Policy::default();
    let mut expect: Vec<Triage> = whole
        .iter()
        .map(|s| Triage::of(s, &policy, today()))
        .collect();
    expect.sort_by_key(|t| t.id);
    let mut got = w.subjects.clone();
    got.sort_by_key(|t| t.id);
    assert_eq!(got, expect);
    let mut by_officer: std::collections::HashMap<&str, &std::sync::Arc<str>> =
        std::collections::HashMap::new();
    let mut shared = 0;
    for t in &w.subjects {
        if let Some(o) = &t.officer {
            let first = by_officer.entry(&**o).or_insert(o);
            assert!(
                std::sync::Arc::ptr_eq(first, o),
                "{o}: one string per officer"
            );
            shared += 1;
        }
    }
    assert!(
        shared > by_officer.len() * 10,
        "officers have many subjects each"
    );
    // A small caseload is left as it is.
    let small = workbench("x", whole[..100].to_vec());
    assert!(!small.repacking());
}
