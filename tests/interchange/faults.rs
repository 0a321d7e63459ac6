//! All or nothing: one bad record among good ones refuses the file, naming record and field.
use serde_json::{Value, json};
use spmp::interchange::{Fault, ImportError, MAX_FAULTS, demo_subjects, parse};

/// Four valid subjects from the demo data, as JSON values to spoil.
fn good() -> Vec<Value> {
    let subjects = demo_subjects().unwrap_or_else(|e| panic!("{e}"));
    subjects
        .iter()
        .take(4)
        .map(|s| serde_json::to_value(s).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn file(subjects: &[Value]) -> String {
    let doc = json!({"format": "spmp-interchange", "version": 1, "subjects": subjects});
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| panic!("{e}"))
}

fn id_of(subject: &Value) -> u64 {
    subject["id"].as_u64().unwrap_or_default()
}

/// The faults of a file that must be refused as invalid content.
fn faults(text: &str) -> (Vec<Fault>, usize, String) {
    match parse(text) {
        Err(err @ ImportError::Invalid { .. }) => {
            let shown = err.to_string();
            let ImportError::Invalid { faults, total } = err else {
                unreachable!()
            };
            (faults, total, shown)
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// Spoil subject 3 (index 2) with `spoil`, and return its one fault and the error text.
fn one_fault(spoil: impl FnOnce(&mut Value)) -> (Fault, String, u64) {
    let mut subjects = good();
    spoil(&mut subjects[2]);
    let id = id_of(&subjects[2]);
    let (mut list, total, shown) = faults(&file(&subjects));
    assert_eq!((list.len(), total), (1, 1), "{shown}");
    let fault = list.remove(0);
    let record = fault
        .record
        .clone()
        .unwrap_or_else(|| panic!("no record: {shown}"));
    assert_eq!((record.index, record.id), (2, Some(id)));
    (fault, shown, id)
}

#[test]
fn a_bad_date_names_record_field_value_and_line() {
    let mut subjects = good();
    subjects[2]["orders"][0]["made"] = json!("31/02/2026");
    let text = file(&subjects);
    let (list, _, shown) = faults(&text);
    let id = id_of(&subjects[2]);
    let expected = format!(
        "subject 3 (index 2, id {id}): orders[0].made: invalid date \"31/02/2026\": expected YYYY-MM-DD"
    );
    assert!(shown.contains(&expected), "{shown}");
    let (line, _) = list[0].position.unwrap_or_else(|| panic!("no position"));
    let actual_line = text
        .lines()
        .position(|l| l.contains("31/02/2026"))
        .map(|i| i + 1);
    assert_eq!(Some(line), actual_line);
}

#[test]
fn an_impossible_date_and_a_bad_date_time_are_explained() {
    let (fault, _, _) = one_fault(|s| s["orders"][0]["end"] = json!({"fixed": "2026-02-31"}));
    assert_eq!(fault.field, "orders[0].end.fixed");
    assert_eq!(
        fault.message,
        "invalid date \"2026-02-31\": expected YYYY-MM-DD"
    );
    let (fault, _, _) = one_fault(|s| {
        s["visits"] =
            json!([{"id": 1, "at": "2026-11-12 07:15", "officer": "PC 1", "outcome": "seen"}]);
        s["reviews"] = json!([]);
    });
    assert_eq!(fault.field, "visits[0].at");
    assert_eq!(
        fault.message,
        "invalid date-time \"2026-11-12 07:15\": expected YYYY-MM-DDTHH:MM:SS"
    );
}

#[test]
fn an_empty_family_name_is_refused() {
    let (fault, shown, id) = one_fault(|s| s["family_name"] = json!("  "));
    assert_eq!(fault.field, "family_name");
    assert!(shown.contains(&format!(
        "subject 3 (index 2, id {id}): family_name: is required and may not be empty"
    )));
}

#[test]
fn an_unknown_field_is_refused() {
    let (fault, _, _) = one_fault(|s| s["orders"][0]["colour"] = json!("red"));
    assert_eq!(fault.field, "orders[0].colour");
    assert!(
        fault.message.starts_with("unknown field `colour`"),
        "{}",
        fault.message
    );
}

#[test]
fn a_wrong_enum_value_is_refused_with_the_allowed_values() {
    let (fault, _, _) = one_fault(|s| s["orders"][0]["kind"] = json!("spoo"));
    assert_eq!(fault.field, "orders[0].kind");
    assert!(
        fault.message.contains("unknown variant `spoo`"),
        "{}",
        fault.message
    );
    assert!(fault.message.contains("`interim_spo`"), "{}", fault.message);
}

#[test]
fn a_dangling_breach_order_is_refused() {
    let (fault, _, _) = one_fault(|s| {
        s["breaches"] = json!([{"id": 1, "at": "2026-01-01T10:00:00", "order": 99,
            "source": "visit", "description": "x"}]);
    });
    assert_eq!(fault.field, "breaches[0].order");
    assert_eq!(fault.message, "names order 99, which does not exist");
}

#[test]
fn a_missing_field_and_a_record_that_is_not_an_object_are_named() {
    let (fault, shown, _) = one_fault(|s| {
        s.as_object_mut().map(|o| o.remove("opened"));
    });
    assert_eq!(
        (fault.field.as_str(), fault.message.as_str()),
        ("", "missing field `opened`")
    );
    assert!(shown.contains(": missing field `opened` (line"), "{shown}");
    let mut subjects = good();
    subjects[1] = json!(42);
    let (list, _, shown) = faults(&file(&subjects));
    assert_eq!(list.len(), 1, "{shown}");
    assert!(
        shown.contains("subject 2 (index 1): must be a JSON object, not a number"),
        "{shown}"
    );
    let mut subjects = good();
    subjects[1] = json!([1, "Ashby", "Rowan"]);
    let (_, _, shown) = faults(&file(&subjects));
    assert!(
        shown.contains("subject 2 (index 1): must be a JSON object, not an array"),
        "{shown}"
    );
}

#[test]
fn duplicate_subject_ids_are_refused() {
    let mut subjects = good();
    let first = id_of(&subjects[0]);
    subjects[3]["id"] = json!(first);
    let (list, _, shown) = faults(&file(&subjects));
    assert_eq!(list.len(), 1, "{shown}");
    assert_eq!(list[0].field, "id");
    assert!(shown.contains(&format!(
        "subject 4 (index 3, id {first}): id: is already used by subject 1 (index 0, id {first})"
    )));
}

#[test]
fn a_duplicated_key_is_refused_not_silently_overwritten() {
    let text = file(&good()).replacen(
        "\"family_name\": ",
        "\"family_name\": \"Shadow\", \"family_name\": ",
        1,
    );
    let (list, _, shown) = faults(&text);
    assert_eq!(list.len(), 1, "{shown}");
    assert!(
        list[0].message.contains("duplicate field `family_name`"),
        "{shown}"
    );
}

#[test]
fn every_fault_in_every_record_is_listed() {
    let mut subjects = good();
    subjects[0]["family_name"] = json!("");
    subjects[0]["flags"]["mappa_level"] = json!(7);
    subjects[1]["orders"][0]["kind"] = json!("spoo");
    subjects[3]["date_of_birth"] = json!("1990-13-01");
    let (list, total, shown) = faults(&file(&subjects));
    assert_eq!(total, 4, "{shown}");
    let indexes: Vec<usize> = list
        .iter()
        .filter_map(|f| f.record.as_ref().map(|r| r.index))
        .collect();
    assert_eq!(indexes, [0, 0, 1, 3]);
    assert!(shown.starts_with("nothing was imported: the file has 4 faults\n"));
    assert!(shown.contains("flags.mappa_level: must be 1, 2 or 3, not 7"));
}

#[test]
fn faults_beyond_the_cap_are_counted_not_listed() {
    let base = good().remove(0);
    let subjects: Vec<Value> = (0..MAX_FAULTS as u64 + 10)
        .map(|i| {
            let mut s = base.clone();
            s["id"] = json!(1000 + i);
            s["family_name"] = json!("");
            // One fault each: no two records share a PNC ID or Niche reference.
            s["pnc_id"] = json!(null);
            s["niche_ref"] = json!(null);
            s
        })
        .collect();
    let (list, total, shown) = faults(&file(&subjects));
    assert_eq!((list.len(), total), (MAX_FAULTS, MAX_FAULTS + 10));
    assert!(
        shown.ends_with("... and 10 more (only the first 50 are listed)"),
        "{shown}"
    );
}

#[test]
fn control_characters_in_faults_are_shown_escaped() {
    let (fault, shown, _) = one_fault(|s| s["\u{1b}]0;pwned\u{7}"] = json!(1));
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'));
    assert!(fault.field.contains("^[]0;pwned^G"), "{}", fault.field);
}

#[test]
fn the_wrong_format_or_version_is_named() {
    let wrong = |doc: Value| parse(&doc.to_string());
    let err = wrong(json!({"format": "other", "version": 1, "subjects": []}));
    assert!(
        matches!(&err, Err(ImportError::NotInterchange { reason }) if reason.contains("\"other\""))
    );
    let err = wrong(json!({"version": 1, "subjects": []}));
    assert!(matches!(err, Err(ImportError::NotInterchange { .. })));
    let err = wrong(json!({"format": "spmp-interchange", "version": 2, "subjects": [], "x": 1}));
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("unsupported interchange version 2: this build of spmp reads version 1".into())
    );
    let err = wrong(json!({"format": "spmp-interchange", "version": "1", "subjects": []}));
    assert!(matches!(err, Err(ImportError::NotInterchange { .. })));
}

#[test]
fn malformed_json_gives_line_and_column() {
    let text = "{\n  \"format\": \"spmp-interchange\",\n  \"version\": 1\n  \"subjects\": []\n}";
    match parse(text) {
        Err(ImportError::Malformed { line, column, .. }) => assert_eq!((line, column), (4, 3)),
        other => panic!("expected Malformed, got {other:?}"),
    }
    assert!(matches!(parse(""), Err(ImportError::Malformed { .. })));
    assert!(matches!(parse("[1,"), Err(ImportError::Malformed { .. })));
    let err = parse("{\"format\": \"spmp-interchange\"").map_err(|e| e.to_string());
    assert!(err.is_err_and(|e| e.starts_with("malformed JSON at line 1, column 29")));
}

#[test]
fn a_file_that_is_not_an_object_is_refused() {
    let cases = [
        ("[]", "an array"),
        ("[\"spmp-interchange\", 1, []]", "an array"),
        ("\"x\"", "a string"),
        ("3", "a number"),
    ];
    for (text, kind) in cases {
        match parse(text) {
            Err(ImportError::NotInterchange { reason }) => assert!(reason.contains(kind)),
            other => panic!("expected NotInterchange for {text}, got {other:?}"),
        }
    }
}

#[test]
fn envelope_faults_are_named() {
    let doc = json!({"format": "spmp-interchange", "version": 1, "subjects": [], "extra": 1});
    let (list, _, shown) = faults(&doc.to_string());
    assert!(list[0].record.is_none());
    assert!(shown.contains("unknown field `extra`"), "{shown}");
    let doc = json!({"format": "spmp-interchange", "version": 1, "subjects": {}});
    let (list, _, _) = faults(&doc.to_string());
    assert_eq!(list[0].field, "subjects");
    let doc =
        json!({"format": "spmp-interchange", "version": 1, "fictional": "yes", "subjects": []});
    let (list, _, _) = faults(&doc.to_string());
    assert_eq!(list[0].field, "fictional");
}
