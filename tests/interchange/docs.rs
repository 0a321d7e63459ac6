//! docs/FORMAT.md stays true: its examples import, and it names every field spmp writes.
use std::collections::BTreeSet;

use serde_json::Value;
use spmp::interchange::{demo_subjects, parse, to_json};

const FORMAT_MD: &str = include_str!("../../docs/FORMAT.md");

/// The bodies of the ```json blocks in the document.
fn json_blocks() -> Vec<&'static str> {
    FORMAT_MD
        .split("```json\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect()
}

fn keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn the_documented_examples_import() {
    let blocks = json_blocks();
    assert!(blocks.len() >= 2);
    for block in blocks {
        if let Err(e) = parse(block) {
            panic!("example does not import: {e}\n{block}");
        }
    }
}

#[test]
fn every_field_spmp_writes_is_documented() {
    let subjects = demo_subjects().unwrap_or_else(|e| panic!("{e}"));
    let value: Value = serde_json::from_str(&to_json(&subjects).expect("serialises"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut all = BTreeSet::new();
    keys(&value, &mut all);
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !FORMAT_MD.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "fields not in docs/FORMAT.md: {missing:?}"
    );
}
