//! What can go wrong reading an interchange file, named down to the record and the field.
use std::fmt;

use thiserror::Error;

use crate::domain::SubjectId;

/// Which subject record of a file a fault is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    /// Position in the file's `subjects` array, from 0.
    pub index: usize,
    /// The record's `id`, when it could be read as a whole number.
    pub id: Option<SubjectId>,
    /// The line (from 1) the record starts on.
    pub line: usize,
}

impl fmt::Display for RecordRef {
    /// `subject 3 (index 2, id 17)`, or `subject 3 (index 2)` when the id is unreadable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.index + 1;
        match self.id {
            Some(id) => write!(f, "subject {number} (index {}, id {id})", self.index),
            None => write!(f, "subject {number} (index {})", self.index),
        }
    }
}

/// One fault in a file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The subject record at fault; `None` for the envelope around the records.
    pub record: Option<RecordRef>,
    /// Field path inside the record (`orders[0].made`), or inside the envelope; empty when the
    /// fault concerns the record as a whole (a missing field, a record that is not an object).
    pub field: String,
    /// What is wrong, for a person to read. Control characters are shown escaped.
    pub message: String,
    /// Exact position `(line, column)` from 1, when the fault was found while reading the JSON.
    pub position: Option<(usize, usize)>,
}

impl fmt::Display for Fault {
    /// `subject 3 (index 2, id 17): orders[0].made: invalid date "31/02/2026": expected
    /// YYYY-MM-DD (line 40, column 27)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut prefix = String::new();
        if let Some(record) = &self.record {
            prefix = record.to_string();
        }
        if !self.field.is_empty() {
            if !prefix.is_empty() {
                prefix.push_str(": ");
            }
            prefix.push_str(&self.field);
        }
        if prefix.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{prefix}: {}", self.message)?;
        }
        match (self.position, &self.record) {
            (Some((line, column)), _) => write!(f, " (line {line}, column {column})"),
            (None, Some(record)) => write!(f, " (record starts at line {})", record.line),
            (None, None) => Ok(()),
        }
    }
}

/// Why a file was refused. Nothing is imported when any of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// The text is not well-formed JSON.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed JSON, but not an spmp interchange file (not an object, wrong or missing
    /// `format`, missing `version`).
    #[error("not an spmp interchange file: {reason}")]
    NotInterchange { reason: String },
    /// An interchange file of a version this build cannot read.
    #[error(
        "unsupported interchange version {found}: this build of spmp reads version {supported}"
    )]
    UnsupportedVersion { found: String, supported: u32 },
    /// The file is an interchange file but some content is invalid. `faults` lists at most
    /// [`super::MAX_FAULTS`] of them; `total` counts them all.
    #[error("{}", invalid_text(faults, *total))]
    Invalid { faults: Vec<Fault>, total: usize },
    /// The file could not be read (a read error of the disk or the file system).
    #[error("the file could not be read: {message}")]
    Io { message: String },
    /// Reading was stopped by what the records were handed to (a save that failed).
    #[error("{message}")]
    Stopped { message: String },
}

impl ImportError {
    /// The faults listed, empty for the kinds of error that are not about content.
    pub fn faults(&self) -> &[Fault] {
        match self {
            Self::Invalid { faults, .. } => faults,
            _ => &[],
        }
    }
}

fn invalid_text(faults: &[Fault], total: usize) -> String {
    let noun = if total == 1 { "fault" } else { "faults" };
    let mut out = format!("nothing was imported: the file has {total} {noun}");
    for fault in faults {
        out.push_str("\n  ");
        out.push_str(&fault.to_string());
    }
    if total > faults.len() {
        out.push_str(&format!(
            "\n  ... and {} more (only the first {} are listed)",
            total - faults.len(),
            faults.len()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(record: Option<RecordRef>, position: Option<(usize, usize)>) -> Fault {
        Fault {
            record,
            field: "orders[0].made".into(),
            message: "invalid date \"31/02/2026\": expected YYYY-MM-DD".into(),
            position,
        }
    }

    #[test]
    fn a_fault_names_the_record_the_field_and_the_place() {
        let record = RecordRef {
            index: 2,
            id: Some(17),
            line: 30,
        };
        assert_eq!(
            fault(Some(record.clone()), Some((40, 27))).to_string(),
            "subject 3 (index 2, id 17): orders[0].made: invalid date \"31/02/2026\": \
             expected YYYY-MM-DD (line 40, column 27)"
        );
        assert_eq!(
            fault(Some(record), None).to_string(),
            "subject 3 (index 2, id 17): orders[0].made: invalid date \"31/02/2026\": \
             expected YYYY-MM-DD (record starts at line 30)"
        );
    }

    #[test]
    fn a_record_without_a_readable_id_is_named_by_position() {
        let record = RecordRef {
            index: 0,
            id: None,
            line: 5,
        };
        assert_eq!(record.to_string(), "subject 1 (index 0)");
    }

    #[test]
    fn the_list_says_how_many_were_left_out() {
        let err = ImportError::Invalid {
            faults: vec![fault(None, None)],
            total: 3,
        };
        let text = err.to_string();
        assert!(text.starts_with("nothing was imported: the file has 3 faults\n  orders[0].made"));
        assert!(text.ends_with("... and 2 more (only the first 1 are listed)"));
    }
}
