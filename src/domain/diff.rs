//! What changed between two versions of a subject, as a flat list of [`Change`]s for the history.
//!
//! Pure: both versions are turned into `serde_json` values and walked together. Objects are
//! compared key by key; lists of items that carry an `id` (devices, orders, conditions...) are
//! matched by id, so removing one item of five shows one removal, not four edits; lists without
//! ids (aliases, risk factors) are compared as a whole. Paths read like
//! `section2.devices[id 3].imei_serial`; values are plain text (`null` is empty, dates as stored,
//! `2026-11-23`); whole items and lists are compact one-line JSON, kept whole (versions before
//! this one cut them at 200 characters with `…`; [`super::sentences`] reads both).
//! Fields come in key order (alphabetical); within a list, edits and removals in the old order,
//! then additions.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Subject;

/// One changed value: where, what it was, what it became.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Change {
    /// Field path, e.g. `family_name`, `section2.devices[id 3].imei_serial`, or `subject` for
    /// the creation of the record.
    pub path: String,
    /// The old value as text; empty when there was none (or for an added item).
    pub from: String,
    /// The new value as text; empty when it was cleared (or for a removed item).
    pub to: String,
    /// The values hold restricted data (a victim's address or notes): roles without
    /// `ViewRestricted` see them as "restricted". Decided by [`super::redact`], never by `path`.
    #[serde(default)]
    pub restricted: bool,
}

impl Change {
    /// A change that holds no restricted data.
    pub fn new(path: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            from: from.into(),
            to: to.into(),
            restricted: false,
        }
    }
}

/// Every change from `old` to `new`; `old = None` means the subject was just created (one change,
/// `subject: "" -> "created"`). Empty when nothing differs.
///
/// A change is marked [`Change::restricted`] when its values show restricted data: it is not
/// among the changes between the two versions with their restricted fields hidden
/// ([`super::redacted`]), so the typed redaction decides, whatever the field is called.
pub fn changes(old: Option<&Subject>, new: &Subject) -> Vec<Change> {
    let mut out = plain_changes(old, new);
    if old.is_none() {
        // "created" shows nothing of the record: never restricted.
        return out;
    }
    let (old_r, new_r) = (old.and_then(super::redacted), super::redacted(new));
    if old_r.is_none() && new_r.is_none() {
        return out;
    }
    let shown: std::collections::HashSet<Change> =
        plain_changes(old_r.as_ref().or(old), new_r.as_ref().unwrap_or(new))
            .into_iter()
            .collect();
    for c in &mut out {
        c.restricted = !shown.contains(c);
    }
    out
}

/// [`changes`] without the restricted marks.
fn plain_changes(old: Option<&Subject>, new: &Subject) -> Vec<Change> {
    let Some(old) = old else {
        return vec![Change {
            path: "subject".to_string(),
            from: String::new(),
            to: "created".to_string(),
            restricted: false,
        }];
    };
    let mut out = Vec::new();
    match (serde_json::to_value(old), serde_json::to_value(new)) {
        (Ok(a), Ok(b)) => walk("", &a, &b, &mut out),
        // A Subject is plain data and always serialises; should that ever fail, say so rather
        // than claim nothing changed.
        _ if old != new => out.push(Change {
            path: "subject".to_string(),
            from: String::new(),
            to: "changed (details unavailable)".to_string(),
            restricted: false,
        }),
        _ => {}
    }
    out
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => walk_object(path, a, b, out),
        (Value::Array(a), Value::Array(b)) if has_ids(a) && has_ids(b) => {
            walk_items(path, a, b, out);
        }
        _ => out.push(Change {
            path: leaf_path(path),
            from: text(old),
            to: text(new),
            restricted: false,
        }),
    }
}

fn walk_object(path: &str, a: &Map<String, Value>, b: &Map<String, Value>, out: &mut Vec<Change>) {
    for (key, va) in a {
        walk(
            &join(path, key),
            va,
            b.get(key).unwrap_or(&Value::Null),
            out,
        );
    }
    for (key, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
        walk(&join(path, key), &Value::Null, vb, out);
    }
}

/// Lists of items with ids: edits by id, then removals and additions.
fn walk_items(path: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    for item in a {
        let id = item_id(item);
        let label = format!(
            "{}[id {}]",
            leaf_path(path),
            id.map(id_text).unwrap_or_default()
        );
        match b.iter().find(|other| item_id(other) == id) {
            Some(other) => walk(&label, item, other, out),
            None => out.push(Change {
                path: label,
                from: compact(item),
                to: String::new(),
                restricted: false,
            }),
        }
    }
    for item in b {
        let id = item_id(item);
        if !a.iter().any(|other| item_id(other) == id) {
            out.push(Change {
                path: format!(
                    "{}[id {}]",
                    leaf_path(path),
                    id.map(id_text).unwrap_or_default()
                ),
                from: String::new(),
                to: compact(item),
                restricted: false,
            });
        }
    }
}

/// True when every element is an object with an `id`, and no id repeats (an empty list counts:
/// it can be matched against any list of items).
fn has_ids(items: &[Value]) -> bool {
    let ids: Vec<&Value> = items.iter().filter_map(item_id).collect();
    ids.len() == items.len() && ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id))
}

fn item_id(item: &Value) -> Option<&Value> {
    item.as_object()?.get("id")
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The root itself has no name: call it `subject`.
fn leaf_path(path: &str) -> String {
    if path.is_empty() {
        "subject".to_string()
    } else {
        path.to_string()
    }
}

/// A value as plain text: `null` is empty, strings without quotes, lists and objects compact.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) | Value::Object(_) => compact(v),
    }
}

/// One-line JSON, whole: it is the record of what the item held.
fn compact(v: &Value) -> String {
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{d, subject};
    use super::super::*;

    fn device(id: ItemId, imei: &str) -> Device {
        Device {
            id,
            device_type: "Phone".to_string(),
            make_model: "Acme X".to_string(),
            imei_serial: Some(imei.to_string()),
            number: None,
            status: DeviceStatus::Declared,
            date: Some(d(2026, 1, 5)),
        }
    }

    fn change(path: &str, from: &str, to: &str) -> Change {
        Change {
            path: path.to_string(),
            from: from.to_string(),
            to: to.to_string(),
            restricted: false,
        }
    }

    #[test]
    fn created_is_one_change() {
        assert_eq!(
            changes(None, &subject()),
            vec![change("subject", "", "created")]
        );
    }

    #[test]
    fn nothing_changed_is_empty() {
        let s = subject();
        assert!(changes(Some(&s), &s.clone()).is_empty());
    }

    #[test]
    fn plain_fields_show_text_dates_and_empty_for_none() {
        let old = subject();
        let mut new = old.clone();
        new.family_name = "Smyth".to_string();
        new.next_review = Some(d(2026, 11, 23));
        new.flags.mappa_level = Some(2);
        new.flags.rso = true;
        assert_eq!(
            changes(Some(&old), &new),
            vec![
                change("family_name", "Smith", "Smyth"),
                change("flags.mappa_level", "", "2"),
                change("flags.rso", "false", "true"),
                change("next_review", "", "2026-11-23"),
            ]
        );
        // And back: the old values become `from`.
        assert_eq!(
            changes(Some(&new), &old)[3],
            change("next_review", "2026-11-23", "")
        );
    }

    #[test]
    fn items_are_matched_by_id() {
        let mut old = subject();
        old.section2.devices = (1..=5)
            .map(|i| device(i, &format!("35693803564380{i}")))
            .collect();
        let mut new = old.clone();
        new.section2.devices.remove(1); // id 2
        new.section2.devices[1].imei_serial = Some("490154203237518".to_string()); // id 3
        assert_eq!(
            changes(Some(&old), &new),
            vec![
                change(
                    "section2.devices[id 2]",
                    r#"{"date":"2026-01-05","device_type":"Phone","id":2,"imei_serial":"356938035643802","make_model":"Acme X","number":null,"status":"declared"}"#,
                    ""
                ),
                change(
                    "section2.devices[id 3].imei_serial",
                    "356938035643803",
                    "490154203237518"
                ),
            ]
        );
    }

    #[test]
    fn added_item_is_compact_json_and_long_items_are_kept_whole() {
        let old = subject();
        let mut new = old.clone();
        new.section2.devices.push(device(4, "356938035643809"));
        let mut long = device(5, "1");
        long.make_model = "m".repeat(500);
        new.section2.devices.push(long);
        let got = changes(Some(&old), &new);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].path, "section2.devices[id 4]");
        assert_eq!(got[0].from, "");
        assert!(
            got[0].to.starts_with(r#"{"date":"2026-01-05","#),
            "{}",
            got[0].to
        );
        assert!(got[0].to.contains(r#""imei_serial":"356938035643809""#));
        assert_eq!(got[1].path, "section2.devices[id 5]");
        assert!(got[1].to.contains(&"m".repeat(500)), "{}", got[1].to);
        assert!(serde_json::from_str::<serde_json::Value>(&got[1].to).is_ok());
    }

    #[test]
    fn nested_items_and_lists_without_ids() {
        let mut old = subject();
        old.aliases = vec!["JS".to_string()];
        let mut order = crate::domain::testkit::order(1, OrderKind::Spo);
        order.conditions.push(Condition {
            id: 2,
            kind: ConditionKind::Prohibition,
            category: "contact".to_string(),
            text: "No contact with A.".to_string(),
            area: None,
            starts: None,
            ends: None,
            check_method: String::new(),
        });
        old.orders.push(order);
        let mut new = old.clone();
        new.aliases.push("Johnny".to_string());
        new.orders[0].conditions[0].text = "No contact with A. or B.".to_string();
        new.orders[0].end = OrderEnd::Fixed(d(2027, 1, 10));
        assert_eq!(
            changes(Some(&old), &new),
            vec![
                change("aliases", r#"["JS"]"#, r#"["JS","Johnny"]"#),
                change(
                    "orders[id 1].conditions[id 2].text",
                    "No contact with A.",
                    "No contact with A. or B."
                ),
                change(
                    "orders[id 1].end",
                    "until_further_order",
                    r#"{"fixed":"2027-01-10"}"#
                ),
            ]
        );
    }

    #[test]
    fn change_round_trips_through_serde() {
        let c = change("section2.notes", "a", "b");
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), c);
    }
}
