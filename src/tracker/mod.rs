//! Importing a unit's existing SPO tracker spreadsheet (CSV) through a mapping file that names
//! its columns (`docs/TRACKER.md`). One row per order (rows sharing the `subject_key` column are
//! one subject) or one row per subject. UK dates. All or nothing: [`read`] returns subjects only
//! when every row reads and every subject passes [`crate::domain::validate_subject`]; otherwise
//! it lists every fault, each naming the spreadsheet row and column.
pub mod mapping;

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::domain::{
    Address, AddressKind, Condition, ConditionKind, Identifier, Order, OrderEnd, Subject,
    identifier_key, validate_subject,
};
use crate::text as sanitize;
pub use mapping::{FIELDS, Mapping};

/// At most this many faults are listed; all are counted.
pub const MAX_FAULTS: usize = 50;

/// One fault: the spreadsheet row (the header is row 1) and column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFault {
    pub row: usize,
    /// The column header, when the fault is in one cell.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for RowFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(
                f,
                "row {}, column {:?}: {}",
                self.row,
                sanitize::line(c),
                self.message
            ),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Why a tracker could not be read. Nothing is imported in any case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackerError {
    #[error("the mapping file is not valid: {0}")]
    Mapping(String),
    #[error("the file is not readable CSV: {0}")]
    Csv(String),
    #[error("the mapping names columns the file does not have: {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    #[error("{} fault(s) found:\n{}{}", .total, list(.faults), more(*.total, .faults.len()))]
    Rows { faults: Vec<RowFault>, total: usize },
}

fn list(faults: &[RowFault]) -> String {
    faults.iter().map(|f| format!("  {f}\n")).collect()
}

fn more(total: usize, shown: usize) -> String {
    if total > shown {
        format!("  ... and {} more\n", total - shown)
    } else {
        String::new()
    }
}

/// A subject read from the tracker, with the rows it came from (for the dry run and errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Id 0: the store gives it one when it is saved.
    pub subject: Subject,
    pub rows: Vec<usize>,
}

/// Parse a UK date: `23/11/2026`, `23/11/26`, `23-11-2026`, `23.11.2026`, `2026-11-23`,
/// `23 Nov 2026`. Day first always: `11/23/2026` is refused, not guessed.
pub fn parse_uk_date(text: &str) -> Result<NaiveDate, String> {
    read_uk_date(text).and_then(|d| {
        crate::domain::dates::check_range(d)
            .map_err(|e| format!("{:?}: {e}", sanitize::line(text.trim())))
    })
}

fn read_uk_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    for fmt in [
        "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y",
    ] {
        // chrono reads "26" as the year 26 for %Y: four-digit years only here.
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt)
            && d.year() >= 1000
        {
            return Ok(d);
        }
    }
    // Two-digit years: 00-69 are 20xx, 70-99 are 19xx (dates of birth).
    for fmt in ["%d/%m/%y", "%d-%m-%y", "%d.%m.%y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Ok(d);
        }
    }
    Err(format!(
        "{:?} is not a UK date (day/month/year, e.g. 23/11/2026)",
        sanitize::line(t)
    ))
}

struct Row<'a> {
    number: usize,
    cells: &'a csv::StringRecord,
    index: &'a HashMap<String, usize>,
    mapping: &'a Mapping,
}

impl Row<'_> {
    fn header(&self, field: &str) -> Option<&str> {
        self.mapping.columns.get(field).map(String::as_str)
    }

    /// The trimmed cell for `field`, or `None` when unmapped or empty.
    fn get(&self, field: &str) -> Option<&str> {
        let header = self.header(field)?;
        let i = *self.index.get(&header.to_lowercase())?;
        self.cells.get(i).map(str::trim).filter(|v| !v.is_empty())
    }

    fn fault(&self, field: &str, message: String) -> RowFault {
        RowFault {
            row: self.number,
            column: self.header(field).map(str::to_string),
            message,
        }
    }

    /// The cell as text (control characters were refused for the whole row already).
    fn text(&self, field: &str, _faults: &mut Vec<RowFault>) -> Option<String> {
        self.get(field).map(str::to_string)
    }

    /// A fault for every mapped cell holding control characters (escape sequences, NULs).
    fn control_faults(&self) -> Vec<RowFault> {
        self.mapping
            .columns
            .keys()
            .filter(|f| {
                self.get(f)
                    .is_some_and(|v| v.chars().any(|c| c.is_control() && c != '\n' && c != '\t'))
            })
            .map(|f| self.fault(f, "holds control characters".to_string()))
            .collect()
    }

    fn date(&self, field: &str, faults: &mut Vec<RowFault>) -> Option<NaiveDate> {
        let v = self.get(field)?;
        match parse_uk_date(v) {
            Ok(d) => Some(d),
            Err(m) => {
                faults.push(self.fault(field, m));
                None
            }
        }
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Read a tracker CSV through `mapping`. `today` is the plan-opened date when nothing better is
/// known. All or nothing.
pub fn read(
    csv_text: &str,
    mapping: &Mapping,
    today: NaiveDate,
) -> Result<Vec<Imported>, TrackerError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(mapping.delimiter)
        .flexible(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| TrackerError::Csv(e.to_string()))?
        .clone();
    let index: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_lowercase(), i))
        .collect();
    let missing: Vec<String> = mapping
        .columns
        .iter()
        .filter(|(_, h)| !index.contains_key(&h.to_lowercase()))
        .map(|(f, h)| format!("{h:?} (for {f})"))
        .collect();
    if !missing.is_empty() {
        return Err(TrackerError::MissingColumns(missing));
    }

    let mut faults = Vec::new();
    let mut out: Vec<Imported> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let number = i + 2;
        let cells = match record {
            Ok(r) => r,
            Err(e) => {
                faults.push(RowFault {
                    row: number,
                    column: None,
                    message: format!("not readable CSV: {e}"),
                });
                continue;
            }
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells.len() != headers.len() {
            faults.push(RowFault {
                row: number,
                column: None,
                message: format!(
                    "has {} fields but the header has {}",
                    cells.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let row = Row {
            number,
            cells: &cells,
            index: &index,
            mapping,
        };
        let controls = row.control_faults();
        if !controls.is_empty() {
            faults.extend(controls);
            continue;
        }
        let before = faults.len();
        let order = read_order(&row, mapping, &mut faults);
        let key = row.get("subject_key").map(str::to_lowercase);
        let existing = key.as_ref().and_then(|k| by_key.get(k).copied());
        match existing {
            Some(at) => {
                let entry = &mut out[at];
                check_same(&row, entry, &mut faults);
                if faults.len() == before
                    && let Some(mut order) = order
                {
                    renumber(&mut order, &entry.subject);
                    if entry.subject.opened > order.made.unwrap_or(entry.subject.opened) {
                        entry.subject.opened = order.made.unwrap_or(entry.subject.opened);
                    }
                    entry.subject.orders.push(order);
                }
                entry.rows.push(number);
            }
            None => {
                let subject = read_subject(&row, order, today, &mut faults);
                if let Some(k) = key {
                    by_key.insert(k, out.len());
                }
                out.push(Imported {
                    subject,
                    rows: vec![number],
                });
            }
        }
    }
    // One person, one subject: two nominals of the file with the same PNC ID or Niche
    // reference are refused (the same nominal's rows share a subject_key).
    for identifier in [Identifier::Pnc, Identifier::Niche] {
        let mut first: HashMap<String, usize> = HashMap::new();
        for imported in &out {
            let value = match identifier {
                Identifier::Pnc => imported.subject.pnc_id.as_deref(),
                Identifier::Niche => imported.subject.niche_ref.as_deref(),
            };
            let Some(key) = value.and_then(identifier_key) else {
                continue;
            };
            let row = imported.rows.first().copied().unwrap_or(0);
            match first.get(&key) {
                Some(earlier) => faults.push(RowFault {
                    row,
                    column: mapping.columns.get(identifier.key()).cloned(),
                    message: format!(
                        "{} {:?} is already row {earlier}'s, a different nominal: one person, \
                         one subject (give both rows the same subject key if they are one)",
                        identifier.label(),
                        sanitize::line(value.unwrap_or_default())
                    ),
                }),
                None => {
                    first.insert(key, row);
                }
            }
        }
    }
    // Rules of a stored subject, for subjects whose rows read cleanly (others already have
    // their faults named); the column is named where the field maps to one.
    let faulty: std::collections::HashSet<usize> = faults.iter().map(|f| f.row).collect();
    for imported in &out {
        if imported.rows.iter().any(|r| faulty.contains(r)) {
            continue;
        }
        for e in validate_subject(&imported.subject) {
            let field = column_field(&e.field);
            faults.push(RowFault {
                row: row_of(imported, &e.field),
                column: field.and_then(|f| mapping.columns.get(f).cloned()),
                message: match field {
                    Some(f) if !mapping.columns.contains_key(f) => format!(
                        "{}: {} (the mapping names no column for {f})",
                        e.field, e.message
                    ),
                    _ => e.message.clone(),
                },
            });
        }
    }
    if faults.is_empty() {
        return Ok(out);
    }
    faults.sort_by_key(|f| f.row);
    let total = faults.len();
    faults.truncate(MAX_FAULTS);
    Err(TrackerError::Rows { faults, total })
}

/// The mapping field a validation path is about (`orders[0].court` -> `court`).
fn column_field(path: &str) -> Option<&'static str> {
    let leaf = path.rsplit('.').next().unwrap_or(path);
    let leaf = leaf.split('[').next().unwrap_or(leaf);
    Some(match leaf {
        "family_name" => "family_name",
        "given_names" => "given_names",
        "date_of_birth" => "date_of_birth",
        "pnc_id" => "pnc_id",
        "niche_ref" => "niche_ref",
        "court" => "court",
        "reference" => "order_reference",
        "applied" => "applied",
        "made" => "made",
        "served" => "served",
        "end" => "order_end",
        "next_review" => "next_review",
        "opened" => "opened",
        "lines" | "postcode" => "address",
        _ => return None,
    })
}

/// The row an `orders[N]...` fault comes from (rows are orders in file order).
fn row_of(imported: &Imported, path: &str) -> usize {
    path.strip_prefix("orders[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| imported.rows.get(n).copied())
        .unwrap_or(imported.rows[0])
}

fn read_order(row: &Row<'_>, mapping: &Mapping, faults: &mut Vec<RowFault>) -> Option<Order> {
    let kind_text = row.get("order_kind");
    if kind_text.is_none() && row.header("order_kind").is_none() {
        return None;
    }
    let Some(kind_text) = kind_text else {
        faults.push(row.fault("order_kind", "is empty: every row is an order".to_string()));
        return None;
    };
    let kind = mapping
        .order_kinds
        .get(&kind_text.to_lowercase())
        .cloned()
        .or_else(|| mapping::builtin_kind(kind_text));
    let Some(kind) = kind else {
        faults.push(row.fault(
            "order_kind",
            format!(
                "{:?} is not an order kind spmp knows; add it to [order_kinds] in the mapping",
                sanitize::line(kind_text)
            ),
        ));
        return None;
    };
    let end = match row.get("order_end") {
        None => OrderEnd::UntilFurtherOrder,
        Some(t) if t.to_lowercase().contains("further order") || t.eq_ignore_ascii_case("ufo") => {
            OrderEnd::UntilFurtherOrder
        }
        Some(_) => match row.date("order_end", faults) {
            Some(d) => OrderEnd::Fixed(d),
            None => OrderEnd::UntilFurtherOrder,
        },
    };
    let mut conditions = Vec::new();
    for (field, kind) in [
        ("prohibitions", ConditionKind::Prohibition),
        ("requirements", ConditionKind::Requirement),
    ] {
        if let Some(text) = row.text(field, faults) {
            for item in split_list(&text) {
                conditions.push(Condition {
                    id: 0,
                    kind,
                    category: "imported".to_string(),
                    text: item,
                    area: None,
                    starts: None,
                    ends: None,
                    check_method: String::new(),
                });
            }
        }
    }
    Some(Order {
        refused: None,
        id: 1,
        kind,
        court: row.text("court", faults).unwrap_or_default(),
        reference: row.text("order_reference", faults),
        applied: row.date("applied", faults),
        made: row.date("made", faults),
        served: row.date("served", faults),
        end,
        discharged: None,
        variations: Vec::new(),
        conditions: conditions
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                c.id = u32::try_from(i + 1).unwrap_or(u32::MAX);
                c
            })
            .collect(),
        notifications: Vec::new(),
    })
}

/// Give `order` the next order id of `subject` and condition ids that follow its others.
fn renumber(order: &mut Order, subject: &Subject) {
    order.id = subject.orders.iter().map(|o| o.id).max().unwrap_or(0) + 1;
    let start = subject
        .orders
        .iter()
        .flat_map(|o| o.conditions.iter().map(|c| c.id))
        .max()
        .unwrap_or(0);
    for (i, c) in order.conditions.iter_mut().enumerate() {
        c.id = start + u32::try_from(i + 1).unwrap_or(u32::MAX - start);
    }
}

fn read_subject(
    row: &Row<'_>,
    order: Option<Order>,
    today: NaiveDate,
    faults: &mut Vec<RowFault>,
) -> Subject {
    let family = row.text("family_name", faults).unwrap_or_default();
    if family.is_empty() && row.get("family_name").is_none() {
        faults.push(row.fault(
            "family_name",
            "is empty: every subject needs a surname".to_string(),
        ));
    }
    let given = row.text("given_names", faults).unwrap_or_default();
    let opened = row
        .date("opened", faults)
        .or_else(|| order.as_ref().and_then(|o| o.made))
        .unwrap_or(today);
    let mut s = Subject::new(0, &family, &given, opened);
    s.aliases = row
        .text("aliases", faults)
        .map(|a| split_list(&a))
        .unwrap_or_default();
    // A two-digit year of birth is the latest such year not in the future ("01/02/65" is
    // 1965, not 2065).
    let two_digit_year = row
        .get("date_of_birth")
        .and_then(|t| t.rsplit(['/', '-', '.']).next())
        .is_some_and(|y| y.trim().len() == 2);
    s.date_of_birth = row.date("date_of_birth", faults).map(|d| {
        if two_digit_year && d > today {
            d.checked_sub_months(chrono::Months::new(1200)).unwrap_or(d)
        } else {
            d
        }
    });
    s.pnc_id = row.text("pnc_id", faults);
    s.niche_ref = row.text("niche_ref", faults);
    s.officer = row.text("officer", faults);
    s.next_review = row.date("next_review", faults);
    if let Some(lines) = row.text("address", faults) {
        s.addresses.push(Address {
            id: 1,
            kind: AddressKind::Home,
            lines,
            postcode: row.text("postcode", faults),
            from: None,
            to: None,
        });
    }
    s.orders.extend(order);
    s
}

/// A later row of the same subject must not contradict the first on the subject's own fields.
fn check_same(row: &Row<'_>, first: &Imported, faults: &mut Vec<RowFault>) {
    let s = &first.subject;
    let pairs: [(&str, Option<&str>); 4] = [
        ("family_name", Some(s.family_name.as_str())),
        ("given_names", Some(s.given_names.as_str())),
        ("pnc_id", s.pnc_id.as_deref()),
        ("niche_ref", s.niche_ref.as_deref()),
    ];
    for (field, known) in pairs {
        if let (Some(here), Some(known)) = (row.get(field), known)
            && !known.is_empty()
            && !here.eq_ignore_ascii_case(known)
        {
            faults.push(row.fault(
                field,
                format!(
                    "{:?} differs from {:?} on row {} for the same subject",
                    sanitize::line(here),
                    sanitize::line(known),
                    first.rows[0]
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_digit_year_of_birth_is_never_in_the_future() {
        let mapping = mapping::parse("[columns]\nfamily_name = \"S\"\ndate_of_birth = \"DOB\"\n")
            .expect("mapping");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let read = read("S,DOB\nA,01/02/65\nB,01/02/05\n", &mapping, today).expect("reads");
        assert_eq!(
            read[0].subject.date_of_birth,
            NaiveDate::from_ymd_opt(1965, 2, 1)
        );
        assert_eq!(
            read[1].subject.date_of_birth,
            NaiveDate::from_ymd_opt(2005, 2, 1)
        );
    }

    #[test]
    fn uk_dates_read_day_first_and_refuse_us_order() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        for t in [
            "23/11/2026",
            "23/11/26",
            "23-11-2026",
            "23.11.2026",
            "2026-11-23",
            "23 Nov 2026",
        ] {
            assert_eq!(parse_uk_date(t), Ok(d), "{t}");
        }
        assert!(parse_uk_date("11/23/2026").is_err());
        assert!(parse_uk_date("31/02/2026").is_err());
        assert!(parse_uk_date("").is_err());
    }

    #[test]
    fn lists_split_on_semicolons_and_lines() {
        assert_eq!(split_list("a; b\nc;;"), vec!["a", "b", "c"]);
    }
}
