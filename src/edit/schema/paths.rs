//! Mapping the domain's validation faults (`orders[2].served`) to the fields of a form.
use crate::domain::FieldError;
use crate::domain::ItemKind;
use crate::edit::spec::{FieldIssue, FieldSpec};

/// Domain field paths (relative to the item) whose form field has another key.
fn aliases(kind: ItemKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        ItemKind::Subject => &[
            ("flags.mappa_level", "mappa_level"),
            ("flags.rso", "rso"),
            ("flags.iom", "iom"),
            ("flags.other", "other_flags"),
        ],
        ItemKind::Order => &[("end", "end_date")],
        ItemKind::Visit | ItemKind::Breach => &[("at", "date")],
        ItemKind::Assessment => &[("ratings", "named_victim")],
        _ => &[],
    }
}

/// The form key a path inside the item points to (`served`, `conditions[1]` -> `conditions`).
fn key_for(kind: ItemKind, rest: &str) -> &str {
    let table = aliases(kind);
    let find = |p: &str| table.iter().find(|(path, _)| *path == p).map(|(_, k)| *k);
    if let Some(k) = find(rest) {
        return k;
    }
    let head = rest.split(['.', '[']).next().unwrap_or(rest);
    find(head).unwrap_or(head)
}

/// Map validation faults to form issues: a fault whose path points into the item (`prefix`,
/// e.g. `orders[2]`; empty for the subject's identity) goes to the field it names, with the
/// field's label ("Date served is before the date made"); any other is a form-level issue.
pub(crate) fn map_faults(
    specs: &[FieldSpec],
    kind: ItemKind,
    prefix: &str,
    faults: &[FieldError],
) -> Vec<FieldIssue> {
    faults
        .iter()
        .map(|f| {
            let rest = if prefix.is_empty() {
                Some(f.field.as_str())
            } else {
                f.field
                    .strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix('.'))
            };
            let field = rest
                .map(|rest| key_for(kind, rest))
                .and_then(|key| specs.iter().position(|s| s.key == key));
            match field {
                Some(i) => FieldIssue {
                    field: Some(i),
                    message: format!("{} {}", specs[i].label, f.message),
                },
                None => FieldIssue {
                    field: None,
                    message: format!("{}: {}", human_path(&f.field), f.message),
                },
            }
        })
        .collect()
}

/// "orders[0].variations[1].date" -> "Order 1, variation 2, date".
pub(crate) fn human_path(path: &str) -> String {
    let parts: Vec<String> = path
        .split('.')
        .filter(|p| !matches!(*p, "section1" | "section2"))
        .map(|part| match part.split_once('[') {
            Some((list, rest)) => {
                let n = rest.trim_end_matches(']').parse::<usize>().map_or_else(
                    |_| rest.trim_end_matches(']').to_string(),
                    |n| (n + 1).to_string(),
                );
                format!("{} {n}", singular(list))
            }
            None => part.replace('_', " "),
        })
        .collect();
    let joined = parts.join(", ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => joined,
    }
}

fn singular(list: &str) -> String {
    match list {
        "social_media" => "social-media account".to_string(),
        "safeguarding" => "safeguarding option".to_string(),
        l if l.ends_with("sses") || l.ends_with("ches") => l[..l.len() - 2].replace('_', " "),
        l => l.strip_suffix('s').unwrap_or(l).replace('_', " "),
    }
}
