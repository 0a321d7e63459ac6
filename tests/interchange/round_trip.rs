//! Export then import gives an identical export.
use spmp::domain::Subject;
use spmp::interchange::{DEMO_JSON, demo_subjects, parse, to_json};

fn demo() -> Vec<Subject> {
    demo_subjects().unwrap_or_else(|e| panic!("demo data must import: {e}"))
}

#[test]
fn export_of_an_import_is_identical() {
    let first = to_json(&demo()).expect("serialises");
    let again = parse(&first).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(to_json(&again).expect("serialises"), first);
}

#[test]
fn import_of_an_export_gives_the_same_subjects() {
    let mut subjects = demo();
    subjects.sort_by_key(|s| s.id);
    let back = parse(&to_json(&subjects).expect("serialises")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, subjects);
}

#[test]
fn export_does_not_depend_on_input_order() {
    let subjects = demo();
    let mut reversed = subjects.clone();
    reversed.reverse();
    assert_eq!(
        to_json(&reversed).expect("serialises"),
        to_json(&subjects).expect("serialises")
    );
}

#[test]
fn export_keeps_escape_sequences_escaped() {
    let text = to_json(&demo()).expect("serialises");
    assert!(text.contains(r"\u001b]0;pwned\u0007"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn export_uses_the_documented_shapes() {
    let text = to_json(&demo()).expect("serialises");
    assert!(text.starts_with("{\n  \"format\": \"spmp-interchange\",\n  \"version\": 1,\n"));
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\"end\": \"until_further_order\""));
    assert!(text.contains("\"fixed\": \"2027-01-09\""));
    assert!(text.contains("\"kind\": {\n            \"other\": \"DAPO\"\n          }"));
    assert!(text.contains("\"at\": \"2026-11-12T07:15:00\""));
    assert!(text.contains("\"level\": \"very_high\""));
}

#[test]
fn the_demo_file_is_in_export_order() {
    let subjects = parse(DEMO_JSON).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<u64> = subjects.iter().map(|s| s.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = format!("\u{feff}{}", to_json(&demo()).expect("serialises"));
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        to_json(&back).expect("serialises"),
        to_json(&demo()).expect("serialises")
    );
}
