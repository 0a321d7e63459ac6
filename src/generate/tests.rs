//! Synthetic caseloads: deterministic, valid, importable, and spread over every queue reason.
use std::collections::BTreeMap;

use super::*;
use crate::domain::Policy;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn json(subjects: &[Subject]) -> String {
    let mut out = Vec::new();
    write_json(subjects, &mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn same_seed_same_file_other_seed_differs() {
    let a = json(&caseload(50, 7, today()));
    assert_eq!(a, json(&caseload(50, 7, today())));
    assert_ne!(a, json(&caseload(50, 8, today())));
}

#[test]
fn every_subject_is_valid() {
    for s in caseload(2000, DEFAULT_SEED, today()) {
        let faults = validate_subject(&s);
        assert!(faults.is_empty(), "subject {}: {faults:?}", s.id);
    }
}

#[test]
fn a_thousand_subjects_import_labelled_fictional() {
    let subjects = caseload(1000, DEFAULT_SEED, today());
    let text = json(&subjects);
    let file = crate::interchange::parse_file(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(file.fictional);
    assert!(
        file.note
            .is_some_and(|n| n.contains("SYNTHETIC, FICTIONAL"))
    );
    assert_eq!(file.subjects, subjects);
    // About 2.7 KB per subject as the store encodes it (the victim side included); JSON spells
    // out every key, so more.
    let encoded: usize = subjects
        .iter()
        .map(|s| crate::store::codec::encode_subject(s).map_or(0, |b| b.len()))
        .sum();
    let per_subject = encoded / subjects.len();
    assert!(
        (1500..=3200).contains(&per_subject),
        "{per_subject} bytes per subject"
    );
    let json_per_subject = text.len() / subjects.len();
    assert!(
        json_per_subject < 9000,
        "{json_per_subject} JSON bytes per subject"
    );
}

#[test]
fn queue_reasons_are_well_spread() {
    let subjects = caseload(2000, DEFAULT_SEED, today());
    let mut counts: BTreeMap<ReasonKind, usize> = BTreeMap::new();
    for s in &subjects {
        for r in reasons(s, &Policy::default(), today()) {
            *counts.entry(r.kind()).or_default() += 1;
        }
    }
    for kind in ReasonKind::ALL {
        let n = counts.get(&kind).copied().unwrap_or(0);
        assert!(n >= 10, "{kind:?} fired {n} times in 2000: {counts:?}");
        assert!(n <= 1400, "{kind:?} fired {n} times in 2000: {counts:?}");
    }
    let levels: std::collections::BTreeSet<_> =
        subjects.iter().filter_map(Subject::current_risk).collect();
    assert_eq!(levels.len(), 4);
}

#[test]
fn the_prng_is_splitmix64() {
    // Reference values for seed 1234567 (from the published C implementation).
    let mut rng = SplitMix64::new(1_234_567);
    assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
    assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    let mut rng = SplitMix64::new(1);
    for _ in 0..1000 {
        let n = rng.range(-3, 3);
        assert!((-3..=3).contains(&n));
    }
}

#[test]
fn queue_order_is_urgency_order_on_a_large_caseload() {
    // Above the size at which the queue is built on several threads.
    let subjects = caseload(21_000, DEFAULT_SEED, today());
    let q = queue(
        &subjects,
        &Policy::default(),
        today(),
        &QueueFilter::default(),
    );
    let mut resorted = q.clone();
    resorted.reverse();
    resorted.sort_by(urgency_order);
    assert!(
        q == resorted,
        "queue() differs from sorting by urgency_order"
    );
    // The same entries as built one small (single-threaded) part at a time.
    let parts: usize = subjects
        .chunks(5000)
        .map(|part| queue(part, &Policy::default(), today(), &QueueFilter::default()).len())
        .sum();
    assert_eq!(parts, q.len());
}
