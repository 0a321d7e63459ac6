//! The mapping file: which column of a unit's tracker spreadsheet holds which field.
//!
//! ```toml
//! # One row per order; rows with the same "Nominal ID" are one subject.
//! [columns]
//! subject_key = "Nominal ID"
//! family_name = "Surname"
//! order_kind  = "Order type"
//! made        = "Date made"
//!
//! [order_kinds]          # the tracker's words for order kinds (matched ignoring case)
//! "Full SPO" = "spo"
//! ```
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::OrderKind;

/// Every field a column can fill, with what it means (for errors and `docs/TRACKER.md`).
pub const FIELDS: &[(&str, &str)] = &[
    (
        "subject_key",
        "groups rows into one subject (one row per order); else one subject per row",
    ),
    ("family_name", "surname (required)"),
    ("given_names", "forenames"),
    ("aliases", "other names, separated by ';'"),
    ("date_of_birth", "date of birth (UK date)"),
    ("pnc_id", "PNC ID"),
    ("niche_ref", "Niche nominal reference"),
    ("officer", "officer in charge"),
    ("address", "current home address (lines, comma separated)"),
    ("postcode", "postcode of that address"),
    (
        "opened",
        "date the plan was opened (default: the order's made date, else the import day)",
    ),
    (
        "order_kind",
        "order type, read through [order_kinds] and the built-in names",
    ),
    ("court", "court that made the order"),
    ("order_reference", "court case or order reference"),
    ("applied", "date applied for"),
    ("made", "date made"),
    ("served", "date served"),
    (
        "order_end",
        "end date; empty or 'until further order' for none",
    ),
    (
        "prohibitions",
        "the order's prohibitions, separated by ';' or new lines",
    ),
    (
        "requirements",
        "the order's requirements, separated by ';' or new lines",
    ),
    ("next_review", "date of the next SPMP review"),
];

/// A parsed mapping file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Field name -> column header, as written in the mapping.
    pub columns: BTreeMap<String, String>,
    /// Tracker wording (lower case) -> order kind.
    pub order_kinds: BTreeMap<String, OrderKind>,
    /// The field separator (default ',').
    pub delimiter: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    delimiter: Option<String>,
    columns: BTreeMap<String, String>,
    #[serde(default)]
    order_kinds: BTreeMap<String, String>,
}

/// The built-in words for order kinds (lower case).
pub fn builtin_kind(word: &str) -> Option<OrderKind> {
    let w = word.trim().to_lowercase();
    Some(match w.as_str() {
        "spo" | "stalking protection order" | "full spo" => OrderKind::Spo,
        "ispo" | "interim spo" | "interim_spo" | "interim stalking protection order" => {
            OrderKind::InterimSpo
        }
        "scpo" | "serious crime prevention order" => OrderKind::Scpo,
        "fmpo" | "forced marriage protection order" => OrderKind::Fmpo,
        "fgmpo" | "fgm protection order" | "female genital mutilation protection order" => {
            OrderKind::Fgmpo
        }
        "stro" | "slavery and trafficking risk order" => OrderKind::Stro,
        "stpo" | "slavery and trafficking prevention order" => OrderKind::Stpo,
        _ => return None,
    })
}

/// Read a mapping file. Errors name the key at fault.
pub fn parse(text: &str) -> Result<Mapping, String> {
    let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let mut columns = BTreeMap::new();
    for (field, header) in file.columns {
        if !FIELDS.iter().any(|(f, _)| *f == field) {
            let known: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
            return Err(format!(
                "[columns] {field:?} is not a field spmp can fill; the fields are: {}",
                known.join(", ")
            ));
        }
        if header.trim().is_empty() {
            return Err(format!("[columns] {field} names an empty column header"));
        }
        columns.insert(field, header.trim().to_string());
    }
    if !columns.contains_key("family_name") {
        return Err(
            "[columns] must name the family_name column (the subject's surname)".to_string(),
        );
    }
    let mut order_kinds = BTreeMap::new();
    for (word, kind) in file.order_kinds {
        let parsed = builtin_kind(&kind).ok_or_else(|| {
            format!(
                "[order_kinds] {word:?} = {kind:?}: the kind must be one of spo, interim_spo, \
                 scpo, fmpo, fgmpo, stro, stpo"
            )
        })?;
        order_kinds.insert(word.trim().to_lowercase(), parsed);
    }
    let delimiter = match file.delimiter.as_deref() {
        None | Some(",") => b',',
        Some(";") => b';',
        Some("\t") | Some("tab") => b'\t',
        Some(other) => {
            return Err(format!(
                "delimiter {other:?} is not supported: use \",\", \";\" or \"tab\""
            ));
        }
    };
    Ok(Mapping {
        columns,
        order_kinds,
        delimiter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_reads_and_unknown_fields_are_named() {
        let m = parse(
            "[columns]\nfamily_name = \"Surname\"\nmade = \"Date made\"\n[order_kinds]\n\"Full\" = \"spo\"\n",
        )
        .expect("parses");
        assert_eq!(m.columns["made"], "Date made");
        assert_eq!(m.order_kinds["full"], OrderKind::Spo);
        let e = parse("[columns]\nfamily_name = \"S\"\nshoe_size = \"X\"\n").expect_err("bad");
        assert!(e.contains("shoe_size"), "{e}");
        let e = parse("[columns]\ngiven_names = \"F\"\n").expect_err("no surname");
        assert!(e.contains("family_name"), "{e}");
        let e = parse("[columns]\nfamily_name = \"S\"\n[order_kinds]\nx = \"asbo\"\n")
            .expect_err("bad kind");
        assert!(e.contains("asbo"), "{e}");
        assert!(parse("not toml [").is_err());
    }
}
