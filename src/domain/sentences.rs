//! The history in words: each [`Change`] as one sentence a person reads ("Vehicle AB12 CDE:
//! colour Blue -> Red", "Added device Samsung Galaxy A52 (phone)", "Family name: Smith ->
//! Smyth", "Created the record"), never JSON.
//!
//! Rendered from what the history stores (paths like `section2.vehicles[id 3].colour`, values
//! as text, whole items as compact JSON, possibly cut with `…` by older versions) and the
//! subject as the reader may see it: items are named by what a person recognises (a vehicle
//! by its VRM, a device by make and model, an order by kind and reference, a condition by its
//! number and the start of its wording, a protected person by name unless that is hidden),
//! fields by the labels the forms use ([`FieldLabels`], supplied from above; a plain
//! fallback here), dates as `2 Dec 2026`, yes/no for flags and enum values by their labels.
//! Values hidden from the reader ([`RESTRICTED`]) stay hidden. Long values are kept whole.
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{
    ActionStatus, AddressKind, BreachOutcome, BreachSource, Change, ComplianceOutcome,
    ConditionKind, DeviceStatus, ItemKind, NotificationKind, OrderEnd, OrderKind, RESTRICTED,
    RiskGroup, RiskLevel, SignOffStatus, Subject, VariationKind, VisitOutcome, fmt_date,
    fmt_datetime,
};

/// The labels of form fields, from the layer that owns the forms.
pub trait FieldLabels {
    /// The label of field `key` (a path inside the item: `colour`, `flags.rso`) of an item of
    /// `kind` ("Colour", "Registered sex offender"), if a form shows it.
    fn field(&self, kind: ItemKind, key: &str) -> Option<String>;
}

/// No form labels: fields are named from their keys (`make_model` -> "Make model").
pub struct PlainLabels;

impl FieldLabels for PlainLabels {
    fn field(&self, _: ItemKind, _: &str) -> Option<String> {
        None
    }
}

/// Characters of a text shown when it names an item (a condition's wording...).
const NAME_CHARS: usize = 40;

/// One sentence per change, in order. `subject` is the record as the reader sees it (it
/// names items that still exist).
pub fn sentences(changes: &[Change], subject: &Subject, labels: &dyn FieldLabels) -> Vec<String> {
    let json = serde_json::to_value(subject).unwrap_or(Value::Null);
    let mut out = Vec::with_capacity(changes.len());
    let mut i = 0;
    while i < changes.len() {
        // The fields of one sign-off (status, who, when, comment) read as one decision.
        if let Some(prefix) = sign_off_prefix(&changes[i].path) {
            let group: Vec<&Change> = changes[i..]
                .iter()
                .take_while(|c| sign_off_prefix(&c.path) == Some(prefix))
                .collect();
            i += group.len();
            out.push(sign_off_sentence(prefix, &group, &json));
            continue;
        }
        out.push(sentence(&changes[i], &json, labels));
        i += 1;
    }
    out
}

/// The path of the sign-off a change is a field of (`plan_sign_off`,
/// `reviews[id 2].sign_off`), if it is one.
fn sign_off_prefix(path: &str) -> Option<&str> {
    if path == "plan_sign_off" || path.starts_with("plan_sign_off.") {
        return Some("plan_sign_off");
    }
    path.find(".sign_off.")
        .map(|at| &path[..at + ".sign_off".len()])
}

/// "Review of 1 Jun 2026 by DC Jones: awaiting sign-off -> approved by DS Lena Marsh (4521)".
fn sign_off_sentence(prefix: &str, group: &[&Change], subject: &Value) -> String {
    // A whole sign-off added or removed is one change holding it as JSON.
    let whole = |text: &str, name: &str| -> String {
        serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get(name).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default()
    };
    let field = |name: &str| -> Option<(String, String)> {
        if let Some(c) = group.iter().find(|c| c.path.ends_with(&format!(".{name}"))) {
            return Some((c.from.clone(), c.to.clone()));
        }
        group
            .iter()
            .find(|c| c.path == prefix)
            .map(|c| (whole(&c.from, name), whole(&c.to, name)))
    };
    let side = |new: bool| {
        let pick = |(f, t): (String, String)| if new { t } else { f };
        let status = field("status").map(pick);
        let who = field("signer")
            .map(pick)
            .filter(|s| !s.is_empty())
            .or_else(|| field("by").map(pick).filter(|s| !s.is_empty()));
        let comment = field("comment").map(pick).filter(|s| !s.is_empty());
        let mut out = match status.as_deref() {
            Some("approved") => "approved".to_string(),
            Some("returned") => "returned".to_string(),
            Some("awaiting") | Some("") => "awaiting sign-off".to_string(),
            Some(other) => other.to_string(),
            None => "decision".to_string(),
        };
        if let Some(who) = who {
            out.push_str(&format!(" by {who}"));
        }
        if let Some(c) = comment {
            out.push_str(&format!(
                " ({})",
                c.lines().next().unwrap_or_default().trim()
            ));
        }
        out
    };
    let name = if prefix == "plan_sign_off" {
        "The plan".to_string()
    } else {
        let item = prefix.trim_end_matches(".sign_off");
        let segs = segments(item);
        let keys: Vec<&str> = segs.iter().map(|s| s.key).collect();
        match (List::at(&keys), segs.last().and_then(|s| s.id)) {
            (Some(list), Some(id)) => {
                let (current, n) = find_item(subject, &segs);
                capital(&list.name(id, current, n))
            }
            _ => capital(&words(item)),
        }
    };
    let (from, to) = (side(false), side(true));
    if group.iter().all(|c| c.from.is_empty() || c.from == "null") {
        format!("{name}: {to}")
    } else {
        format!("{name}: {from} -> {to}")
    }
}

/// The lists of items a subject holds, by path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Address,
    Order,
    Condition,
    Notification,
    Person,
    Offence,
    Safeguarding,
    Investigation,
    Device,
    Account,
    Vehicle,
    Relationship,
    Strategy,
    Assessment,
    Tactic,
    Review,
    Breach,
    Visit,
    Contact,
    Needs,
    Code,
    Referral,
    Meeting,
    Action,
    Considered,
    Screening,
}

impl List {
    /// The list at `keys` (the path's keys, ids left out).
    fn at(keys: &[&str]) -> Option<List> {
        Some(match keys {
            ["addresses"] => List::Address,
            ["orders"] => List::Order,
            ["orders", "conditions"] => List::Condition,
            ["orders", "notifications"] => List::Notification,
            ["protected_persons"] => List::Person,
            ["section1", "index_offences"] => List::Offence,
            ["section1", "safeguarding"] => List::Safeguarding,
            ["section2", "investigations"] => List::Investigation,
            ["section2", "devices"] => List::Device,
            ["section2", "social_media"] => List::Account,
            ["section2", "vehicles"] => List::Vehicle,
            ["section2", "relationships"] => List::Relationship,
            ["section2", "strategies"] => List::Strategy,
            ["assessments"] => List::Assessment,
            ["assessments", "tactical_options"] => List::Tactic,
            ["reviews"] => List::Review,
            ["breaches"] => List::Breach,
            ["visits"] => List::Visit,
            ["victim_contacts"] => List::Contact,
            ["needs_assessments"] => List::Needs,
            ["victims_code"] => List::Code,
            ["referrals"] => List::Referral,
            ["meetings"] => List::Meeting,
            ["meetings", "actions"] => List::Action,
            ["considerations"] => List::Considered,
            ["screenings"] => List::Screening,
            _ => return None,
        })
    }

    /// The kind of item, for its form's labels (reviews have no item form).
    fn kind(self) -> Option<ItemKind> {
        Some(match self {
            List::Address => ItemKind::Address,
            List::Order => ItemKind::Order,
            List::Condition => ItemKind::Condition,
            List::Notification => ItemKind::Notification,
            List::Person => ItemKind::ProtectedPerson,
            List::Offence => ItemKind::IndexOffence,
            List::Safeguarding => ItemKind::Safeguarding,
            List::Investigation => ItemKind::Investigation,
            List::Device => ItemKind::Device,
            List::Account => ItemKind::SocialAccount,
            List::Vehicle => ItemKind::Vehicle,
            List::Relationship => ItemKind::Relationship,
            List::Strategy => ItemKind::Strategy,
            List::Assessment => ItemKind::Assessment,
            List::Tactic => ItemKind::TacticalOption,
            List::Breach => ItemKind::Breach,
            List::Visit => ItemKind::Visit,
            List::Contact => ItemKind::VictimContact,
            List::Needs => ItemKind::NeedsAssessment,
            List::Code => ItemKind::VictimsCode,
            List::Referral => ItemKind::Referral,
            List::Meeting => ItemKind::Meeting,
            List::Action => ItemKind::MeetingAction,
            List::Considered => ItemKind::Consideration,
            List::Review | List::Screening => return None,
        })
    }

    /// What one item is called ("vehicle").
    fn noun(self) -> &'static str {
        match self {
            List::Address => "address",
            List::Order => "order",
            List::Condition => "condition",
            List::Notification => "notification",
            List::Person => "protected person",
            List::Offence => "index offence",
            List::Safeguarding => "safeguarding option",
            List::Investigation => "investigation",
            List::Device => "device",
            List::Account => "social-media account",
            List::Vehicle => "vehicle",
            List::Relationship => "relationship",
            List::Strategy => "strategy",
            List::Assessment => "risk assessment",
            List::Tactic => "tactical option",
            List::Review => "review",
            List::Breach => "breach",
            List::Visit => "visit",
            List::Contact => "victim contact",
            List::Needs => "needs assessment",
            List::Code => "Victims' Code record",
            List::Referral => "referral",
            List::Meeting => "meeting",
            List::Action => "meeting action",
            List::Considered => "order considered",
            List::Screening => "risk screening",
        }
    }

    /// The item named as a person recognises it ("vehicle AB12 CDE"); `item` is what is known
    /// of it, `n` its number in its list when it still exists.
    fn name(self, id: &str, item: Option<&Value>, n: Option<usize>) -> String {
        let get = |key: &str| {
            item.and_then(|i| i.get(key))
                .and_then(|v| scalar(v, None, key))
                .filter(|s| !s.trim().is_empty())
        };
        let noun = self.noun();
        let named = match self {
            List::Address => get("lines").map(|l| format!("{noun} {l}")),
            List::Order => {
                let kind = item
                    .and_then(|i| i.get("kind"))
                    .and_then(|k| typed::<OrderKind>(k).map(|k| k.short().to_string()));
                let detail = get("reference").or_else(|| get("made").map(|d| format!("made {d}")));
                match (kind, detail) {
                    (Some(k), Some(d)) => Some(format!("{noun} {k} {d}")),
                    (Some(k), None) => Some(format!("{noun} {k}")),
                    (None, Some(d)) => Some(format!("{noun} {d}")),
                    (None, None) => None,
                }
            }
            List::Condition => {
                let number = n.map_or_else(|| id.to_string(), |n| (n + 1).to_string());
                Some(match get("text") {
                    Some(t) => format!("{noun} {number} '{}'", start(&t)),
                    None => format!("{noun} {number}"),
                })
            }
            List::Notification => {
                let kind = item
                    .and_then(|i| i.get("kind"))
                    .and_then(|k| typed::<NotificationKind>(k).map(|k| k.label().to_string()));
                match (kind, get("trigger")) {
                    (Some(k), Some(t)) => Some(format!("{noun} ({k}) of {t}")),
                    (Some(k), None) => Some(format!("{noun} ({k})")),
                    (None, t) => t.map(|t| format!("{noun} of {t}")),
                }
            }
            List::Person => get("name")
                .filter(|n| n != RESTRICTED)
                .map(|name| format!("{noun} {name}")),
            List::Offence => get("offence").map(|t| format!("{noun} '{}'", start(&t))),
            List::Safeguarding | List::Tactic => {
                get("option").map(|t| format!("{noun} '{}'", start(&t)))
            }
            List::Investigation => get("reference").map(|r| format!("{noun} {r}")),
            List::Device => {
                let what = get("make_model");
                let kind = get("device_type").map(|t| t.to_lowercase());
                match (what, kind) {
                    (Some(w), Some(k)) => Some(format!("{noun} {w} ({k})")),
                    (Some(w), None) => Some(format!("{noun} {w}")),
                    (None, Some(k)) => Some(format!("{noun} ({k})")),
                    (None, None) => None,
                }
            }
            List::Account => get("handle").map(|h| match get("platform") {
                Some(p) => format!("{p} account {h}"),
                None => format!("{noun} {h}"),
            }),
            List::Vehicle => get("vrm").map(|v| format!("{noun} {v}")),
            List::Relationship => get("partner").map(|p| format!("{noun} with {p}")),
            List::Strategy => get("text").map(|t| format!("{noun} '{}'", start(&t))),
            List::Assessment | List::Review => get("date").map(|d| format!("{noun} of {d}")),
            List::Breach | List::Visit => get("at").map(|d| format!("{noun} of {d}")),
            List::Contact
            | List::Needs
            | List::Code
            | List::Meeting
            | List::Considered
            | List::Screening => get("date").map(|d| format!("{noun} of {d}")),
            List::Referral => get("service").map(|v| format!("{noun} to {v}")),
            List::Action => get("action").map(|t| format!("{noun} '{}'", start(&t))),
        };
        named.unwrap_or_else(|| format!("{noun} {id}"))
    }
}

/// The first [`NAME_CHARS`] characters of `text` on one line, `…` when cut.
fn start(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= NAME_CHARS {
        return one;
    }
    let mut cut: String = one.chars().take(NAME_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// One path segment: a key, and the id of the item it picks from a list.
struct Seg<'a> {
    key: &'a str,
    id: Option<&'a str>,
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    path.split('.')
        .map(|part| match part.split_once("[id ") {
            Some((key, rest)) => Seg {
                key,
                id: Some(rest.trim_end_matches(']')),
            },
            None => Seg {
                key: part,
                id: None,
            },
        })
        .collect()
}

/// The sentence for one change.
fn sentence(c: &Change, subject: &Value, labels: &dyn FieldLabels) -> String {
    if c.path == "subject" {
        return match (c.from.as_str(), c.to.as_str()) {
            ("", "created") => "Created the record".to_string(),
            (_, "replaced") => "Replaced a record that could not be read".to_string(),
            _ => capital(&format!("record: {}", values(c, None))),
        };
    }
    let segs = segments(&c.path);
    // The innermost item the path goes through.
    let Some(at) = segs.iter().rposition(|s| s.id.is_some()) else {
        return top_level(c, &segs, labels);
    };
    let keys: Vec<&str> = segs[..=at].iter().map(|s| s.key).collect();
    let Some(list) = List::at(&keys) else {
        return fallback(c);
    };
    let id = segs[at].id.unwrap_or_default();
    let (current, n) = find_item(subject, &segs[..=at]);
    let field: Vec<&str> = segs[at + 1..].iter().map(|s| s.key).collect();
    if field.is_empty() {
        // The whole item was added or removed.
        let (verb, raw) = if c.from.is_empty() {
            ("Added", c.to.as_str())
        } else if c.to.is_empty() {
            ("Removed", c.from.as_str())
        } else {
            ("Replaced", c.to.as_str())
        };
        let hidden = raw == RESTRICTED;
        let stored = (!hidden).then(|| parse_item(raw)).flatten();
        let known = current.or(stored.as_ref());
        let name = list.name(id, known, n);
        let mut out = format!("{verb} {name}");
        if hidden {
            out.push_str(" (restricted)");
        } else if verb == "Removed"
            && let Some(item) = &stored
        {
            let details = details(list, item, labels);
            if !details.is_empty() {
                out.push_str(&format!(" ({details})"));
            }
        }
        return out;
    }
    let mut key = field.join(".");
    if (list, key.as_str()) == (List::Order, "end.fixed") {
        // An order's fixed end date moved: the form calls it the end date.
        key = "end_date".to_string();
    }
    let name = list.name(id, current, n);
    let label = list
        .kind()
        .and_then(|k| labels.field(k, &key))
        .unwrap_or_else(|| words(&key));
    format!(
        "{}: {} {}",
        capital(&name),
        lower_first(&label),
        values(c, Some((list, &key)))
    )
}

/// A change outside any item: the subject's identity, the narrative, the management notes,
/// the review dates.
fn top_level(c: &Change, segs: &[Seg<'_>], labels: &dyn FieldLabels) -> String {
    let keys: Vec<&str> = segs.iter().map(|s| s.key).collect();
    let (kind, key) = match keys.as_slice() {
        ["section1", "narrative"] => (ItemKind::Narrative, "narrative".to_string()),
        ["section2", "notes"] => (ItemKind::ManagementNotes, "notes".to_string()),
        _ => (ItemKind::Subject, keys.join(".")),
    };
    let label = labels
        .field(kind, &key)
        .unwrap_or_else(|| match key.as_str() {
            "next_review" => "Next review".to_string(),
            "reassessment_due" => "Re-assessment due".to_string(),
            other => words(other),
        });
    format!("{}: {}", capital(&label), values(c, None))
}

/// A change whose path names no known list (a newer kind of item): its path in words.
fn fallback(c: &Change) -> String {
    let keys: Vec<&str> = segments(&c.path)
        .iter()
        .map(|s| s.key)
        .filter(|k| !matches!(*k, "section1" | "section2"))
        .collect();
    format!("{}: {}", capital(&words(&keys.join(" "))), values(c, None))
}

/// The item the path `segs` picks in `subject`, and its position in its list.
fn find_item<'a>(subject: &'a Value, segs: &[Seg<'_>]) -> (Option<&'a Value>, Option<usize>) {
    let mut at = subject;
    let mut pos = None;
    for s in segs {
        let Some(next) = at.get(s.key) else {
            return (None, None);
        };
        at = next;
        if let Some(id) = s.id {
            let Some(items) = at.as_array() else {
                return (None, None);
            };
            let found = items.iter().enumerate().find(|(_, item)| {
                item.get("id").is_some_and(|v| match v {
                    Value::String(s) => s == id,
                    Value::Number(n) => n.as_u64().is_some_and(|n| id.parse() == Ok(n)),
                    _ => false,
                })
            });
            let Some((n, item)) = found else {
                return (None, None);
            };
            at = item;
            pos = Some(n);
        }
    }
    (Some(at), pos)
}

/// "from -> to", "set to to", "cleared (was from)", for a field `(list, key)` of an item or
/// (`None`) of the subject.
fn values(c: &Change, field: Option<(List, &str)>) -> String {
    let key = field.map(|(_, k)| k);
    let list = field.map(|(l, _)| l);
    let from = parse_value(&c.from);
    let to = parse_value(&c.to);
    match (&from, &to) {
        (Some(Value::Array(a)), Some(Value::Array(b))) => return list_change(a, b, field),
        (None, Some(Value::Array(b))) => return list_change(&[], b, field),
        (Some(Value::Array(a)), None) => return list_change(a, &[], field),
        _ => {}
    }
    let show = |raw: &str, v: &Option<Value>| match v {
        Some(v) => scalar(v, list, key.unwrap_or_default()).unwrap_or_else(|| raw.to_string()),
        None => raw.to_string(),
    };
    match (c.from.is_empty(), c.to.is_empty()) {
        (true, true) => "changed".to_string(),
        (true, false) => format!("set to {}", show(&c.to, &to)),
        (false, true) => format!("cleared (was {})", show(&c.from, &from)),
        (false, false) => format!("{} -> {}", show(&c.from, &from), show(&c.to, &to)),
    }
}

/// What was added to and removed from a list without ids (aliases, risk factors, ratings).
fn list_change(old: &[Value], new: &[Value], field: Option<(List, &str)>) -> String {
    let text = |v: &Value| element(v, field);
    let mut left: Vec<String> = old.iter().map(text).collect();
    let mut added = Vec::new();
    for n in new.iter().map(text) {
        match left.iter().position(|o| *o == n) {
            Some(i) => {
                left.remove(i);
            }
            None => added.push(n),
        }
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    if !left.is_empty() {
        parts.push(format!("removed {}", left.join(", ")));
    }
    if parts.is_empty() {
        "reordered".to_string()
    } else {
        parts.join("; ")
    }
}

/// One element of a list without ids, in words.
fn element(v: &Value, field: Option<(List, &str)>) -> String {
    let (list, key) = (field.map(|f| f.0), field.map_or("", |f| f.1));
    match v {
        Value::String(s) => format!("'{s}'"),
        Value::Number(n) if key == "conditions" => format!("condition {n}"),
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "id")
                .filter_map(|(k, v)| {
                    let value = scalar(v, list, k).filter(|s| !s.is_empty())?;
                    Some(format!("{} {value}", lower_first(&words(k))))
                })
                .collect();
            format!("({})", parts.join(", "))
        }
        other => scalar(other, list, key).unwrap_or_default(),
    }
}

/// A removed item's fields in words ("VRM: AB12 CDE; make: Ford"), scalars only.
fn details(list: List, item: &Value, labels: &dyn FieldLabels) -> String {
    let Some(map) = item.as_object() else {
        return String::new();
    };
    map.iter()
        .filter(|(k, _)| k.as_str() != "id")
        .filter_map(|(k, v)| {
            let value = scalar(v, Some(list), k)?;
            if value.trim().is_empty() {
                return None;
            }
            let label = list
                .kind()
                .and_then(|kind| labels.field(kind, k))
                .unwrap_or_else(|| words(k));
            Some(format!("{}: {value}", lower_first(&label)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A stored value as JSON when it is some (`null` and empty are none); plain text stays a
/// string.
fn parse_value(raw: &str) -> Option<Value> {
    if raw.is_empty() {
        return None;
    }
    if raw.starts_with(['{', '['])
        && let Some(v) = parse_cut(raw)
    {
        return Some(v);
    }
    Some(match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(raw.to_string()),
    })
}

/// A whole item as stored: compact JSON, possibly cut.
fn parse_item(raw: &str) -> Option<Value> {
    parse_cut(raw).filter(Value::is_object)
}

/// JSON, or JSON cut short with `…` by older versions: the longest prefix that closes into
/// valid JSON (an open string kept, ending in `…`).
fn parse_cut(raw: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str(raw) {
        return Some(v);
    }
    let text = raw.strip_suffix('…')?;
    let closers = |prefix: &str| -> Option<(String, bool)> {
        let mut stack = Vec::new();
        let (mut in_string, mut escaped) = (false, false);
        for ch in prefix.chars() {
            if in_string {
                match (escaped, ch) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match ch {
                '"' => in_string = true,
                '{' => stack.push('}'),
                '[' => stack.push(']'),
                '}' | ']' => {
                    stack.pop()?;
                }
                _ => {}
            }
        }
        Some((stack.iter().rev().collect(), in_string))
    };
    // The cut string kept, marked as cut.
    if let Some((close, true)) = closers(text) {
        let tail = if text.ends_with('\\') { "" } else { "…\"" };
        let candidate = format!("{}{tail}{close}", text.trim_end_matches('\\'));
        if let Ok(v) = serde_json::from_str(&candidate) {
            return Some(v);
        }
    }
    // Else back off to the last complete value.
    let cuts: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| matches!(c, ',' | '{' | '['))
        .map(|(i, c)| if c == ',' { i } else { i + 1 })
        .collect();
    cuts.into_iter().rev().find_map(|at| {
        let prefix = &text[..at];
        let (close, in_string) = closers(prefix)?;
        if in_string {
            return None;
        }
        serde_json::from_str(&format!("{prefix}{close}")).ok()
    })
}

/// A scalar value in words: dates as `2 Dec 2026`, times as `2 Dec 2026 14:05`, yes/no,
/// enum values by their labels, `{"fixed": date}` and `{"other": label}` by what they hold.
/// `None` for lists, objects of several keys and `null`.
fn scalar(v: &Value, list: Option<List>, key: &str) -> Option<String> {
    if let Some(label) = list.and_then(|l| enum_label(l, key, v)) {
        return Some(label);
    }
    match v {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(date_text(s).unwrap_or_else(|| s.clone())),
        Value::Object(map) if map.len() == 1 => {
            let (k, inner) = map.iter().next()?;
            let text = scalar(inner, None, k)?;
            Some(if k == "fixed" {
                format!("fixed, {text}")
            } else {
                text
            })
        }
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// `2026-11-23` -> `23 Nov 2026`; `2026-11-23T14:05:00` -> `23 Nov 2026 14:05`.
fn date_text(s: &str) -> Option<String> {
    if s.len() == 10 {
        return s.parse::<chrono::NaiveDate>().ok().map(fmt_date);
    }
    if s.len() >= 16 && s.as_bytes().get(10) == Some(&b'T') {
        return s.parse::<chrono::NaiveDateTime>().ok().map(fmt_datetime);
    }
    None
}

fn typed<T: DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

/// The label of an enum value stored in field `key` of an item of `list`.
fn enum_label(list: List, key: &str, v: &Value) -> Option<String> {
    let label = |s: &str| Some(s.to_string());
    match (list, key) {
        (List::Order, "kind") => typed::<OrderKind>(v)
            .map(|k| k.short().to_string())
            .or_else(|| typed::<VariationKind>(v).map(|k| k.label().to_string())),
        (List::Order, "end") => match typed::<OrderEnd>(v)? {
            OrderEnd::UntilFurtherOrder => label("until further order"),
            OrderEnd::Fixed(d) => Some(fmt_date(d)),
        },
        (List::Condition, "kind") => typed::<ConditionKind>(v).and_then(|k| label(k.label())),
        (List::Notification, "kind") => typed::<NotificationKind>(v).and_then(|k| label(k.label())),
        (List::Device, "status") => typed::<DeviceStatus>(v).and_then(|k| label(k.label())),
        (List::Safeguarding | List::Strategy | List::Tactic, "status") => {
            typed::<ActionStatus>(v).and_then(|k| label(k.label()))
        }
        (List::Address, "kind") => typed::<AddressKind>(v).and_then(|k| label(k.label())),
        (List::Breach, "source") => typed::<BreachSource>(v).and_then(|k| label(k.label())),
        (List::Breach, "outcome") => typed::<BreachOutcome>(v).and_then(|k| label(k.label())),
        (List::Visit, "outcome") => typed::<VisitOutcome>(v).and_then(|k| label(k.label())),
        (List::Assessment | List::Review, "sign_off.status") => {
            typed::<SignOffStatus>(v).and_then(|k| label(k.label()))
        }
        (_, "group") => typed::<RiskGroup>(v).and_then(|k| label(k.label())),
        (_, "level") => typed::<RiskLevel>(v).and_then(|k| label(k.label())),
        (_, "outcome") => typed::<ComplianceOutcome>(v).and_then(|k| label(k.label())),
        _ => None,
    }
}

/// A key in words: `make_model` -> "Make model", `sign_off.status` -> "Sign off status".
fn words(key: &str) -> String {
    capital(&key.replace(['_', '.'], " "))
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A label inside a sentence: "colour", but "IMEI or serial number" and "PNC ID" as written.
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => label.to_string(),
        (Some(first), _) => first.to_lowercase().chain(label.chars().skip(1)).collect(),
        (None, _) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{condition, d, full_subject, order, subject};
    use super::super::*;
    use super::*;

    fn vehicle(id: ItemId, vrm: &str, colour: &str) -> Vehicle {
        Vehicle {
            id,
            vrm: vrm.to_string(),
            make: "Ford".to_string(),
            model: "Focus".to_string(),
            colour: colour.to_string(),
            markers: String::new(),
        }
    }

    fn device(id: ItemId) -> Device {
        Device {
            id,
            device_type: "Phone".to_string(),
            make_model: "Samsung Galaxy A52".to_string(),
            imei_serial: Some("356938035643809".to_string()),
            number: None,
            status: DeviceStatus::Declared,
            date: Some(d(2026, 12, 2)),
        }
    }

    /// Labels as a form would give them.
    struct Forms;
    impl FieldLabels for Forms {
        fn field(&self, kind: ItemKind, key: &str) -> Option<String> {
            Some(
                match (kind, key) {
                    (ItemKind::Subject, "family_name") => "Family name",
                    (ItemKind::Subject, "flags.rso") => "Registered sex offender",
                    (ItemKind::Vehicle, "colour") => "Colour",
                    (ItemKind::Device, "imei_serial") => "IMEI or serial number",
                    (ItemKind::Condition, "text") => "Wording",
                    _ => return None,
                }
                .to_string(),
            )
        }
    }

    fn said(old: Option<&Subject>, new: &Subject) -> Vec<String> {
        sentences(&changes(old, new), new, &Forms)
    }

    #[test]
    fn every_change_reads_as_a_sentence() {
        let mut old = subject();
        old.section2.vehicles.push(vehicle(3, "AB12 CDE", "Blue"));
        let mut o = order(1, OrderKind::Spo);
        o.reference = Some("LS/2025/77".to_string());
        let mut c = condition(2);
        c.text = "Must not contact Verity Hollowell directly or indirectly".to_string();
        o.conditions.push(condition(1));
        o.conditions.push(c);
        old.orders.push(o);
        let mut new = old.clone();
        new.family_name = "Smyth".to_string();
        new.flags.rso = true;
        new.next_review = Some(d(2026, 12, 2));
        new.section2.vehicles[0].colour = "Red".to_string();
        new.section2.devices.push(device(4));
        new.orders[0].conditions.remove(1);
        new.aliases.push("Johnny".to_string());
        assert_eq!(
            said(Some(&old), &new),
            [
                "Aliases: added 'Johnny'",
                "Family name: Smith -> Smyth",
                "Registered sex offender: no -> yes",
                "Next review: set to 2 Dec 2026",
                "Removed condition 2 'Must not contact Verity Hollowell direc…' (category: \
                 contact; check method: victim contact; kind: Prohibition; wording: Must not \
                 contact Verity Hollowell directly or indirectly)",
                "Added device Samsung Galaxy A52 (phone)",
                "Vehicle AB12 CDE: colour Blue -> Red",
            ]
        );
        assert_eq!(said(None, &new), ["Created the record"]);
    }

    #[test]
    fn items_are_named_by_what_people_recognise() {
        let old = full_subject();
        let mut new = old.clone();
        new.orders[0].end = OrderEnd::Fixed(d(2027, 1, 10));
        new.orders[0].conditions[0].text = "No contact".to_string();
        new.section2.devices.push(device(9));
        if let Some(d) = new.section2.devices.last_mut() {
            d.imei_serial = None;
        }
        let got = said(Some(&old), &new);
        assert_eq!(
            got,
            [
                "Condition 1 'No contact': wording Not to contact the protected person by any \
                 means -> No contact",
                "Order SPO LS/2025/0001: end date 2 Feb 2027 -> 10 Jan 2027",
                "Added device Samsung Galaxy A52 (phone)",
            ]
        );
        for s in &got {
            assert!(
                !s.contains('{') && !s.contains("[id"),
                "no JSON or paths: {s}"
            );
        }
    }

    #[test]
    fn old_rows_with_paths_and_cut_json_still_read_well() {
        let s = subject();
        let rows = [
            Change::new("section2.vehicles[id 3].colour", "blue", "red"),
            Change::new(
                "section2.devices[id 2]",
                r#"{"date":"2026-01-05","device_type":"Phone","id":2,"imei_serial":"356938035643802","make_model":"Acme X","number":null,"status":"declared"}"#,
                "",
            ),
            Change::new(
                "section2.devices[id 5]",
                "",
                r#"{"date":"2026-01-05","device_type":"Phone","id":5,"imei_serial":"1","make_model":"mmmmmmmm…"#,
            ),
            Change::new(
                "orders[id 1].end",
                "until_further_order",
                r#"{"fixed":"2027-01-10"}"#,
            ),
            Change::new("aliases", r#"["JS"]"#, r#"["JS","Johnny"]"#),
            Change::new("subject", "", "created"),
        ];
        assert_eq!(
            sentences(&rows, &s, &PlainLabels),
            [
                "Vehicle 3: colour blue -> red",
                "Removed device Acme X (phone) (date: 5 Jan 2026; device type: Phone; imei \
                 serial: 356938035643802; make model: Acme X; status: declared)",
                "Added device mmmmmmmm… (phone)",
                "Order 1: end until further order -> 10 Jan 2027",
                "Aliases: added 'Johnny'",
                "Created the record",
            ]
        );
    }

    #[test]
    fn hidden_values_stay_hidden_and_long_values_stay_whole() {
        let mut s = subject();
        s.protected_persons.push(ProtectedPerson {
            contact_preferences: String::new(),
            safe_contact: String::new(),
            id: 1,
            name: "Verity Hollowell".to_string(),
            relationship: "ex-partner".to_string(),
            by_proxy: false,
            address: Some(RESTRICTED.to_string()),
            notes: String::new(),
        });
        let long = "word ".repeat(100);
        let mut rows = vec![
            Change::new("protected_persons[id 1].address", RESTRICTED, RESTRICTED),
            Change::new("protected_persons[id 2]", "", RESTRICTED),
            Change::new("section1.narrative", "", long.trim()),
        ];
        rows[0].restricted = true;
        rows[1].restricted = true;
        let got = sentences(&rows, &s, &PlainLabels);
        assert_eq!(
            got[0],
            "Protected person Verity Hollowell: address restricted -> restricted"
        );
        assert_eq!(got[1], "Added protected person 2 (restricted)");
        assert_eq!(got[2], format!("Narrative: set to {}", long.trim()));
    }

    #[test]
    fn a_sign_off_reads_as_one_decision() {
        let old = full_subject();
        let mut new = old.clone();
        new.reviews[0].sign_off = SignOff {
            status: SignOffStatus::Approved,
            by: Some("ds.marsh".to_string()),
            at: Some(d(2026, 6, 2).and_hms_opt(9, 0, 0).unwrap_or_default()),
            comment: String::new(),
            signer: "DS Lena Marsh (4521)".to_string(),
            rank: Some(Rank::Sergeant),
        };
        let lines = said(Some(&old), &new);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].ends_with(": awaiting sign-off -> approved by DS Lena Marsh (4521)"),
            "{lines:?}"
        );
        let mut plan = old.clone();
        plan.plan_sign_off = Some(SignOff::default());
        assert_eq!(said(Some(&old), &plan), ["The plan: awaiting sign-off"]);
        let mut reopened = plan.clone();
        reopened.plan_sign_off = Some(SignOff {
            status: SignOffStatus::Returned,
            by: Some("dci".to_string()),
            comment: "Add the new exclusion zone".to_string(),
            ..SignOff::default()
        });
        assert_eq!(
            said(Some(&plan), &reopened),
            ["The plan: awaiting sign-off -> returned by dci (Add the new exclusion zone)"]
        );
    }
}
