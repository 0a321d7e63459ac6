//! Property tests for the readers of untrusted bytes: the interchange JSON reader and the record
//! codec. No input may make them panic or hang, and what they accept must round-trip. Bounded:
//! a fixed number of cases per property (override with PROPTEST_CASES), so CI time is bounded.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use proptest::prelude::*;

use spmp::interchange;
use spmp::store::codec;

fn demo_json() -> &'static str {
    interchange::DEMO_JSON
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics_the_json_reader(text in "\\PC{0,400}") {
        let _ = interchange::parse(&text);
    }

    #[test]
    fn json_like_text_never_panics_the_json_reader(
        text in r#"[\{\}\[\]":,0-9a-z_ .\-\\]{0,300}"#
    ) {
        let _ = interchange::parse(&text);
    }

    #[test]
    fn mutated_demo_files_are_refused_or_round_trip(
        cut in 0usize..40_000,
        flips in proptest::collection::vec((0usize..40_000, any::<u8>()), 0..4),
    ) {
        let mut bytes = demo_json().as_bytes().to_vec();
        for (at, b) in flips {
            let at = at % bytes.len();
            bytes[at] = b;
        }
        bytes.truncate(cut.max(1).min(bytes.len()));
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(subjects) = interchange::parse(&text) {
            // Whatever is accepted is valid and exports to a file that reads back the same.
            let again = interchange::parse(&interchange::to_json(&subjects).expect("serialises"));
            prop_assert_eq!(again.ok(), Some(subjects));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_codec(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = codec::decode_subject(&bytes);
        let _ = codec::decode_changes(&bytes);
    }

    #[test]
    fn damaged_records_are_errors_or_valid_subjects(
        index in 0usize..18,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
    ) {
        let subjects = interchange::demo_subjects().expect("demo parses");
        let subject = &subjects[index % subjects.len()];
        let mut bytes = codec::encode_subject(subject).expect("encode");
        for (at, b) in flips {
            let at = at % bytes.len();
            bytes[at] = b;
        }
        let keep = (cut % bytes.len()).max(1);
        bytes.truncate(keep);
        if let Ok(decoded) = codec::decode_subject(&bytes) {
            // Accepted bytes must be a subject the codec can write again.
            prop_assert!(codec::encode_subject(&decoded).is_ok());
        }
    }
}

#[test]
fn huge_length_prefixes_are_refused_without_allocating() {
    // A version header then a varint length claiming ~2^63 bytes.
    let mut bytes = codec::FORMAT_VERSION.to_le_bytes().to_vec();
    bytes.extend_from_slice(&[0xff; 12]);
    let started = std::time::Instant::now();
    assert!(codec::decode_subject(&bytes).is_err());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
