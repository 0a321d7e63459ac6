//! Search tests with real values: normalisation, fields and targets, highlighting, ranking and
//! incremental narrowing against `search_fresh`.
use chrono::NaiveDate;

use super::*;
use crate::domain::ItemKind;
use crate::domain::{
    Address, AddressKind, Device, DeviceStatus, Investigation, ProtectedPerson, Relationship,
    SocialAccount, Subject, Vehicle,
};

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

fn person(id: u64, given: &str, family: &str) -> Subject {
    Subject::new(id, family, given, date())
}

fn vehicle(id: u32, vrm: &str) -> Vehicle {
    Vehicle {
        id,
        vrm: vrm.into(),
        make: "Ford".into(),
        model: "Focus".into(),
        colour: "Silver".into(),
        markers: String::new(),
    }
}

fn device(id: u32, imei: &str, number: &str) -> Device {
    Device {
        id,
        device_type: "Phone".into(),
        make_model: "Samsung Galaxy S21".into(),
        imei_serial: Some(imei.into()),
        number: Some(number.into()),
        status: DeviceStatus::Declared,
        date: None,
    }
}

fn account(id: u32, handle: &str, url: &str) -> SocialAccount {
    SocialAccount {
        id,
        platform: "Instagram".into(),
        handle: handle.into(),
        url: Some(url.into()),
        declared: true,
    }
}

/// Three subjects with a bit of everything.
fn caseload() -> Vec<Subject> {
    let mut a = person(1, "Siobhán", "Ní Bhraonáin");
    a.aliases.push("Zoë Quill".into());
    a.pnc_id = Some("26/123456X".into());
    a.niche_ref = Some("N-998877".into());
    a.addresses.push(Address {
        id: 4,
        kind: AddressKind::Home,
        lines: "12 Acacia Avenue, Leeds".into(),
        postcode: Some("LS6 2AB".into()),
        from: None,
        to: None,
    });
    a.section2.vehicles.push(vehicle(7, "AB12 CDE"));
    a.section2
        .devices
        .push(device(3, "35-209900-176148-1", "+447700900123"));
    a.protected_persons.push(ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "Verity Hollowell".into(),
        relationship: "ex-partner".into(),
        by_proxy: false,
        address: Some("9 Quarry Hill, Wakefield".into()),
        notes: String::new(),
    });
    let mut b = person(2, "Łukasz", "Straße");
    b.section2.social_media.push(account(
        5,
        "@Night_Owl",
        "https://www.instagram.com/night_owl",
    ));
    b.section2
        .devices
        .push(device(2, "490154203237518", "07700 900456"));
    b.section2.investigations.push(Investigation {
        id: 8,
        reference: "WY/2024/001234".into(),
        offence: "Harassment".into(),
        status: "open".into(),
        officer: None,
        opened: None,
    });
    b.section2.relationships.push(Relationship {
        id: 6,
        learned: date(),
        partner: "Gwendolyn Pryce".into(),
        disclosure: None,
        checks: String::new(),
        decided: None,
        decision: crate::domain::DisclosureDecision::Pending,
        decision_reason: String::new(),
    });
    let c = person(3, "Oliver", "Tench");
    vec![a, b, c]
}

fn first(index: &SearchIndex, q: &str) -> Option<Hit> {
    search_fresh(index, q).hits.into_iter().next()
}

fn chars_at(hit: &Hit) -> String {
    hit.indices
        .iter()
        .filter_map(|&i| hit.text.chars().nth(i))
        .collect()
}

#[test]
fn accents_fold_both_ways() {
    let index = SearchIndex::build(&caseload());
    let hit = first(&index, "siobhan").expect("Siobhán");
    assert_eq!((hit.slot, hit.field), (0, "name"));
    let hit = first(&index, "zoe").expect("Zoë");
    assert_eq!(
        (hit.slot, hit.field, hit.text.as_str()),
        (0, "alias", "Zoë Quill")
    );
    assert_eq!(first(&index, "lukasz").map(|h| h.slot), Some(1));
    assert_eq!(first(&index, "SIOBHÁN").map(|h| h.slot), Some(0));
    assert_eq!(first(&index, "strasse").map(|h| h.slot), Some(1));
}

#[test]
fn identifiers_ignore_spaces_case_and_punctuation() {
    let index = SearchIndex::build(&caseload());
    for q in ["26123456x", "26/123456X", "26 1234"] {
        let hit = first(&index, q).expect(q);
        assert_eq!(
            (hit.slot, hit.field, hit.target),
            (0, "PNC ID", None),
            "{q}"
        );
    }
    let hit = first(&index, "ls62ab").expect("postcode");
    assert_eq!((hit.field, hit.text.as_str()), ("postcode", "LS6 2AB"));
    assert_eq!(
        hit.target,
        Some(Target::existing(ItemKind::Address, 4, None))
    );
    assert_eq!(hit.part, PlanPart::Section1);
    let hit = first(&index, "wy 2024 001234").expect("investigation");
    assert_eq!(hit.field, "investigation");
    assert_eq!(
        hit.target,
        Some(Target::existing(ItemKind::Investigation, 8, None))
    );
    assert_eq!(
        first(&index, "352099001761481").map(|h| h.field),
        Some("IMEI")
    );
}

#[test]
fn a_vrm_typed_with_a_space_lands_on_its_vehicle() {
    let mut subjects = caseload();
    subjects[2].section2.vehicles.push(vehicle(9, "AB12CDE"));
    let index = SearchIndex::build(&subjects);
    let result = search_fresh(&index, "ab12 cde");
    assert_eq!(result.total, 2);
    for hit in &result.hits {
        assert_eq!((hit.field, hit.part), ("VRM", PlanPart::Section2));
    }
    let spaced = result.hits.iter().find(|h| h.slot == 0).expect("subject 0");
    assert_eq!(
        spaced.target,
        Some(Target::existing(ItemKind::Vehicle, 7, None))
    );
    assert_eq!(spaced.indices, vec![0, 1, 2, 3, 5, 6, 7]);
    let plain = result.hits.iter().find(|h| h.slot == 2).expect("subject 2");
    assert_eq!(
        plain.target,
        Some(Target::existing(ItemKind::Vehicle, 9, None))
    );
    assert_eq!(first(&index, "silver focus"), None, "words in order only");
    assert_eq!(
        first(&index, "focus silver").map(|h| h.field),
        Some("vehicle")
    );
}

#[test]
fn phone_numbers_match_in_any_written_form() {
    let index = SearchIndex::build(&caseload());
    for q in [
        "07700900123",
        "07700 900123",
        "(07700) 900-123",
        "+447700900123",
        "+44 7700 900123",
    ] {
        let hit = first(&index, q).expect(q);
        assert_eq!(
            (hit.slot, hit.field, hit.text.as_str()),
            (0, "phone", "+447700900123"),
            "{q}"
        );
        assert_eq!(
            hit.target,
            Some(Target::existing(ItemKind::Device, 3, None))
        );
    }
    // Stored as `07700 900456`, typed international.
    let hit = first(&index, "+447700900456").expect("international");
    assert_eq!((hit.slot, hit.field), (1, "phone"));
    assert_eq!(chars_at(&hit), "07700900456");
    let hit = first(&index, "07700 900123").expect("national");
    assert_eq!(
        hit.indices,
        (0..13).collect::<Vec<_>>(),
        "the 0 lights up +44"
    );
}

#[test]
fn handles_match_with_or_without_the_at() {
    let index = SearchIndex::build(&caseload());
    for q in ["@night_owl", "night_owl", "@Night", "nightowl"] {
        let hit = first(&index, q).expect(q);
        assert_eq!(
            (hit.slot, hit.field, hit.text.as_str()),
            (1, "handle", "@Night_Owl"),
            "{q}"
        );
        assert_eq!(
            hit.target,
            Some(Target::existing(ItemKind::SocialAccount, 5, None))
        );
    }
    let hit = first(&index, "instagram.com/night").expect("url");
    assert_eq!(hit.field, "URL");
    assert_eq!(first(&index, "gwendolyn").map(|h| h.field), Some("partner"));
}

#[test]
fn highlights_point_at_the_original_characters() {
    let index = SearchIndex::build(&caseload());
    let hit = first(&index, "siobhan").expect("hit");
    assert_eq!(hit.text, "Siobhán Ní Bhraonáin");
    assert_eq!(hit.indices, (0..7).collect::<Vec<_>>());
    assert_eq!(chars_at(&hit), "Siobhán");
    let hit = first(&index, "strasse").expect("hit");
    assert_eq!(chars_at(&hit), "Straße", "both s of ß light up one char");
    let hit = first(&index, "ab12cd").expect("hit");
    assert_eq!(chars_at(&hit), "AB12CD");
    assert_eq!(hit.indices, vec![0, 1, 2, 3, 5, 6]);
}

#[test]
fn a_protected_persons_name_finds_their_subject_and_nothing_else_of_theirs_does() {
    let index = SearchIndex::build(&caseload());
    for q in [
        "verity",
        "hollowell",
        "verity hollowell",
        "VERITY HOLLOWELL",
    ] {
        let hit = first(&index, q).expect(q);
        assert_eq!(
            (hit.slot, hit.field, hit.text.as_str()),
            (0, "protected person", "Verity Hollowell"),
            "{q}"
        );
        assert!(hit.via_protected_person());
        assert_eq!(
            hit.target,
            Some(Target::existing(ItemKind::ProtectedPerson, 1, None))
        );
        assert_eq!(hit.part, PlanPart::Section1);
    }
    for q in ["quarry hill", "wakefield", "ex-partner"] {
        assert_eq!(search_fresh(&index, q).total, 0, "{q}");
    }
    // Only the letters in a row find a protected person: a query whose letters are merely
    // scattered through the name (`vhl`) does not show it.
    assert!(
        search_fresh(&index, "vhl")
            .hits
            .iter()
            .all(|h| !h.via_protected_person())
    );
    assert!(search_fresh(&index, "ty holl").hits[0].via_protected_person());
    // A name the role may not see was replaced by the marker: it is not indexed.
    let mut subjects = caseload();
    subjects[0].protected_persons[0].name = crate::domain::RESTRICTED.to_string();
    let index = SearchIndex::build(&subjects);
    assert_eq!(search_fresh(&index, "verity").total, 0);
    assert_eq!(search_fresh(&index, "restricted").total, 0);
}

#[test]
fn the_subjects_own_value_wins_over_a_protected_persons() {
    let mut subjects = caseload();
    subjects[2].protected_persons.push(ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 2,
        name: "Oliver Tench".into(),
        relationship: "brother".into(),
        by_proxy: true,
        address: None,
        notes: String::new(),
    });
    let index = SearchIndex::build(&subjects);
    let hit = first(&index, "oliver tench").expect("hit");
    assert_eq!((hit.slot, hit.field), (2, "name"));
    assert!(!hit.via_protected_person());
}

/// Subjects with names written in other scripts and with separators.
fn names() -> Vec<Subject> {
    let mut a = person(1, "Emre", "Yıldırım");
    a.section2
        .devices
        .push(device(1, "490154203237518", "07700 900001"));
    let b = person(2, "Gwen", "Pryce-Morgan");
    let c = person(3, "Seán", "O'Brien");
    let d = person(4, "Dag", "Ødegård");
    let e = person(5, "Niamh", "O’Sullivan");
    vec![a, b, c, d, e]
}

#[test]
fn letters_fold_the_way_people_type_them() {
    let index = SearchIndex::build(&names());
    for (q, slot) in [
        ("yildirim", 0),
        ("YILDIRIM", 0),
        ("Yıldırım", 0),
        ("emre yil", 0),
        ("odegard", 3),
        ("dag ode", 3),
    ] {
        let hit = first(&index, q).unwrap_or_else(|| panic!("{q}"));
        assert_eq!((hit.slot, hit.field), (slot, "name"), "{q}");
    }
    let hit = first(&index, "yildirim").expect("hit");
    assert_eq!(chars_at(&hit), "Yıldırım");
}

#[test]
fn hyphens_apostrophes_and_spaces_are_one_separator() {
    let index = SearchIndex::build(&names());
    for q in [
        "pryce morgan",
        "pryce-morgan",
        "prycemorgan",
        "gwen pryce morgan",
        "morgan",
    ] {
        let hit = first(&index, q).unwrap_or_else(|| panic!("{q}"));
        assert_eq!(hit.slot, 1, "{q}");
    }
    for q in ["obrien", "o brien", "o'brien", "o’brien", "sean obrien"] {
        let hit = first(&index, q).unwrap_or_else(|| panic!("{q}"));
        assert_eq!(hit.slot, 2, "{q}");
    }
    for q in ["osullivan", "o'sullivan", "o sullivan"] {
        assert_eq!(first(&index, q).map(|h| h.slot), Some(4), "{q}");
    }
    // Not fuzzy only: a typed separator still matches at the best tier, and the highlight
    // covers the original characters, the hyphen included.
    let hit = first(&index, "pryce morgan").expect("hit");
    assert_eq!(
        hit.text, "Pryce-Morgan, Gwen",
        "a prefix ranks above a word prefix"
    );
    assert_eq!(chars_at(&hit), "Pryce-Morgan");
    let typed = search_fresh(&index, "prycemorgan").hits[0].clone();
    assert_eq!(typed.indices, hit.indices);
    let hit = first(&index, "gwen pryce morgan").expect("hit");
    assert_eq!(hit.text, "Gwen Pryce-Morgan");
    assert_eq!(chars_at(&hit), "Gwen Pryce-Morgan");
    let hit = first(&index, "obrien").expect("hit");
    assert_eq!(chars_at(&hit), "O'Brien");
}

#[test]
fn phone_numbers_match_with_any_uk_prefix() {
    let index = SearchIndex::build(&names());
    for q in [
        "447700900001",
        "+447700900001",
        "00447700900001",
        "07700900001",
        "7700900001",
        "07700 900001",
        "+44 7700 900001",
        "+44 (0)7700 900001",
    ] {
        let hit = first(&index, q).unwrap_or_else(|| panic!("{q}"));
        assert_eq!(
            (hit.slot, hit.field, hit.text.as_str()),
            (0, "phone", "07700 900001"),
            "{q}"
        );
        assert_eq!(chars_at(&hit), "07700900001", "{q}");
    }
}

#[test]
fn empty_queries_find_nothing() {
    let index = SearchIndex::build(&caseload());
    let mut searcher = Searcher::new();
    for q in ["", "   ", "@", "+"] {
        assert_eq!(searcher.query(&index, q), SearchResult::default(), "{q:?}");
    }
    assert_eq!(search_fresh(&index, "zzzz"), SearchResult::default());
}

#[test]
fn one_hit_per_subject_best_first_with_a_total() {
    let mut subjects = caseload();
    subjects.push(person(4, "Tenchy", "Van Oliveira"));
    subjects.push(person(5, "Olive", "Tenby"));
    let index = SearchIndex::build(&subjects);
    let result = search_fresh(&index, "olive");
    let slots: Vec<usize> = result.hits.iter().map(|h| h.slot).collect();
    // Prefix of the name (Oliver, Olive) before a word prefix (Van Oliveira), ties by slot.
    assert_eq!(slots, vec![2, 4, 3]);
    assert_eq!(result.total, 3);
    let limited = Searcher::new().with_limit(2).query(&index, "olive");
    assert_eq!((limited.hits.len(), limited.total), (2, 3));
    assert_eq!(limited.hits, result.hits[..2]);
}

/// `n` subjects with overlapping names, VRMs and numbers.
fn many(n: usize) -> Vec<Subject> {
    let given = [
        "Siobhán", "Sian", "Simon", "Oliver", "Zoë", "Łukasz", "Sione", "Ossian",
    ];
    let family = [
        "Murphy",
        "Smith",
        "Simpson",
        "Tench",
        "Ní Bhraonáin",
        "Sissons",
    ];
    (0..n)
        .map(|i| {
            let mut s = person(
                i as u64,
                given[i % given.len()],
                family[(i / 3) % family.len()],
            );
            let vrm = format!(
                "S{}{} {}IO",
                i % 10,
                (i * 7) % 10,
                ["MS", "SI", "OB"][i % 3]
            );
            s.section2.vehicles.push(vehicle(1, &vrm));
            let number = format!("+44 7700 9{:05}", (i * 37) % 100_000);
            s.section2
                .devices
                .push(device(2, &format!("35{:013}", i * 7919), &number));
            s
        })
        .collect()
}

/// Equal results, or a short account of the first difference (results can be long).
fn same_result(got: &SearchResult, want: &SearchResult, q: &str) {
    assert_eq!(got.total, want.total, "total for {q:?}");
    assert_eq!(got.hits.len(), want.hits.len(), "hit count for {q:?}");
    for (k, (g, w)) in got.hits.iter().zip(&want.hits).enumerate() {
        assert_eq!(g, w, "hit {k} for {q:?}");
    }
}

/// Types `q` char by char, then backspaces to empty, checking every step against `fresh`.
fn type_and_erase(
    index: &SearchIndex,
    searcher: &mut Searcher,
    fresh: impl Fn(&str) -> SearchResult,
    q: &str,
) {
    let chars: Vec<char> = q.chars().collect();
    let steps = (1..=chars.len()).chain((0..chars.len()).rev());
    for n in steps {
        let prefix: String = chars[..n].iter().collect();
        same_result(&searcher.query(index, &prefix), &fresh(&prefix), &prefix);
    }
}

#[test]
fn narrowing_equals_a_fresh_search_for_every_prefix() {
    let mut subjects = many(300);
    let queries = [
        "siobhan murphy",
        "sio",
        "s1 2si",
        "07700 90",
        "+44 7700 9000",
        "@zoe",
        "ossian sissons",
    ];
    let mut index = SearchIndex::build(&subjects);
    for (limit, budget) in [(DEFAULT_LIMIT, 20_000), (5, 20_000), (5, 3)] {
        let fresh = |q: &str| {
            Searcher::new()
                .with_limit(limit)
                .with_budget(budget)
                .query(&index, q)
        };
        let mut searcher = Searcher::new().with_limit(limit).with_budget(budget);
        for q in queries {
            type_and_erase(&index, &mut searcher, fresh, q);
        }
        // Backspace then a different letter, and a jump to an unrelated query.
        for q in ["sim", "si", "sia", "x", "sissons"] {
            same_result(&searcher.query(&index, q), &fresh(q), q);
        }
    }
    // After an update the searcher must not reuse stale sets.
    let mut searcher = Searcher::new().with_threads(2);
    assert!(searcher.query(&index, "siob").total > 0);
    subjects[0] = person(0, "Xanthe", "Quorn");
    index.update(0, &subjects[0]);
    subjects.push(person(300, "Siobhan", "Quorn"));
    assert_eq!(index.push(&subjects[300]), 300);
    for q in ["siob", "siobh", "xan", "quorn", "q"] {
        same_result(&searcher.query(&index, q), &search_fresh(&index, q), q);
    }
    assert!(
        search_fresh(&index, "xanthe quorn")
            .hits
            .iter()
            .all(|h| h.slot == 0)
    );
    assert_eq!(search_fresh(&index, "siobhan quorn").hits[0].slot, 300);
    assert_eq!(index.len(), 301);
}

#[test]
fn updates_replace_a_subjects_values_and_survive_compaction() {
    let mut subjects = many(50);
    let mut index = SearchIndex::build(&subjects);
    let before = index.entry_count();
    for round in 0..200 {
        let slot = round % 50;
        subjects[slot].section2.vehicles[0].vrm = format!("ZZ{round:02} QQQ");
        index.update(slot, &subjects[slot]);
    }
    assert_eq!(index.entry_count(), before);
    assert_eq!(search_fresh(&index, "zz199qqq").hits[0].slot, 199 % 50);
    assert_eq!(
        search_fresh(&index, "zz00qqq").total,
        0,
        "replaced by later rounds"
    );
    let rebuilt = SearchIndex::build(&subjects);
    for q in ["zz", "sio", "s1", "0770", "murphy"] {
        same_result(&search_fresh(&index, q), &search_fresh(&rebuilt, q), q);
    }
}

#[test]
fn removing_slots_equals_building_without_those_subjects_and_survives_compaction() {
    let mut subjects = many(1000);
    subjects.extend(names());
    let mut index = SearchIndex::build(&subjects);
    // From the middle, the first and the last slot; then enough to compact (4,096 dead).
    for pick in 0..3 {
        let slot = [500, 0, subjects.len() - 1][pick];
        index.remove_slot(slot);
        subjects.remove(slot);
        let rebuilt = SearchIndex::build(&subjects);
        assert_eq!(index.len(), subjects.len());
        assert_eq!(index.entry_count(), rebuilt.entry_count());
        for q in ["zz", "sio", "s1", "0770", "murphy", "a", "quorn"] {
            same_result(&search_fresh(&index, q), &search_fresh(&rebuilt, q), q);
        }
    }
    while index.len() > 20 {
        index.remove_slot(index.len() / 2);
        subjects.remove(subjects.len() / 2);
    }
    let rebuilt = SearchIndex::build(&subjects);
    assert_eq!(index.entry_count(), rebuilt.entry_count());
    for q in ["zz", "sio", "s1", "0770", "murphy", "a"] {
        same_result(&search_fresh(&index, q), &search_fresh(&rebuilt, q), q);
    }
    index.remove_slot(index.len());
    assert_eq!(index.len(), 20, "a slot past the end removes nothing");
}

#[test]
fn packed_values_index_as_their_subjects() {
    let mut subjects = many(300);
    subjects.extend(names());
    let values: Vec<Values> = subjects.iter().map(Values::of).collect();
    let (whole, packed) = (
        SearchIndex::build(&subjects),
        SearchIndex::build_values(&values),
    );
    assert_eq!(whole.entry_count(), packed.entry_count());
    for q in [
        "zz",
        "sio",
        "s1",
        "0770",
        "murphy",
        "a",
        "pryce morgan",
        "+44 7700",
    ] {
        same_result(&search_fresh(&whole, q), &search_fresh(&packed, q), q);
    }
    let mut updated = SearchIndex::build_values(&values);
    updated.update_values(3, &Values::of(&subjects[5]));
    let mut expected = SearchIndex::build(&subjects);
    expected.update(3, &subjects[5]);
    same_result(
        &search_fresh(&updated, "murphy"),
        &search_fresh(&expected, "murphy"),
        "murphy",
    );
}

#[test]
fn narrowing_with_separators_and_prefixes_equals_a_fresh_search() {
    let mut subjects = many(200);
    subjects.extend(names());
    let index = SearchIndex::build(&subjects);
    let mut searcher = Searcher::new().with_limit(5);
    let fresh = |q: &str| Searcher::new().with_limit(5).query(&index, q);
    for q in [
        "pryce-morgan",
        "o'brien sean",
        "00447700900001",
        "447700900001",
        "+44 7700 900001",
        "yıldırım",
    ] {
        type_and_erase(&index, &mut searcher, fresh, q);
    }
}

#[test]
fn a_value_with_nothing_to_match_leaves_its_neighbours_text_whole() {
    // A phone "number" with no digits has no key and no entry; the values around it must still
    // show exactly their own text (an entry's text ends where the next one's starts).
    let mut s = person(1, "Ada", "Quill");
    s.section2
        .devices
        .push(device(2, "352099001761481", "ask at the desk"));
    s.section2.devices.push(device(3, "490154203237518", "-"));
    s.section2.vehicles.push(vehicle(4, "AB12 CDE"));
    let mut index = SearchIndex::build(std::slice::from_ref(&s));
    for _ in 0..2 {
        for (q, text) in [
            ("352099001761481", "352099001761481"),
            ("490154203237518", "490154203237518"),
            ("ab12cde", "AB12 CDE"),
            ("quill", "Quill, Ada"),
        ] {
            let hit = first(&index, q).unwrap_or_else(|| panic!("{q}: no hit"));
            assert_eq!(hit.text, text, "{q}");
        }
        let result = search_fresh(&index, "samsung");
        assert!(!result.hits.is_empty());
        assert!(
            result.hits.iter().all(|h| h.text == "Samsung Galaxy S21"),
            "{:?}",
            result.hits.iter().map(|h| &h.text).collect::<Vec<_>>()
        );
        // The same after the slot is updated (its entries appended again, the old ones dead)
        // and the index compacted.
        index.update(0, &s);
        index.compact();
    }
}
