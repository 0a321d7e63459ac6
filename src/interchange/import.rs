//! Reading an interchange file: the envelope first, then every subject record, collecting every
//! fault found (up to [`MAX_FAULTS`]) so a file can be fixed in one pass.
use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::value::RawValue;
use serde_path_to_error::Segment;

use super::{FORMAT, Fault, ImportError, Interchange, MAX_FAULTS, RecordRef, VERSION};
use crate::domain::{Identifier, Subject, SubjectId, identifier_key, validate_subject};
use crate::text as sanitize;

/// The two fields read before anything else, so a file of another kind or version is named as
/// such rather than reported as a list of unknown fields.
#[derive(Deserialize)]
struct Head {
    format: Option<Value>,
    version: Option<Value>,
}

/// The whole envelope, each subject kept as raw text to be read on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(rename = "format")]
    _format: IgnoredAny,
    #[serde(rename = "version")]
    _version: IgnoredAny,
    #[serde(default)]
    fictional: bool,
    note: Option<String>,
    #[serde(borrow)]
    subjects: Vec<&'a RawValue>,
}

/// The id of a record as a whole number, read even when the rest of the record is invalid.
fn id_only(raw: &str) -> Option<SubjectId> {
    serde_json::from_str::<IdOnly>(raw)
        .ok()
        .and_then(|x| x.id)
        .and_then(|v| v.as_u64())
}

/// Only the id of a record, read even when the rest of the record is invalid.
#[derive(Deserialize)]
struct IdOnly {
    id: Option<Value>,
}

/// Faults found so far: the first [`MAX_FAULTS`] kept, all counted.
#[derive(Default)]
struct Faults {
    kept: Vec<Fault>,
    total: usize,
}

impl Faults {
    fn push(
        &mut self,
        record: Option<RecordRef>,
        field: &str,
        message: &str,
        at: Option<(usize, usize)>,
    ) {
        self.total += 1;
        if self.kept.len() < MAX_FAULTS {
            self.kept.push(Fault {
                record,
                field: sanitize::line(field).into_owned(),
                message: sanitize::line(message).into_owned(),
                position: at,
            });
        }
    }

    fn into_error(self) -> ImportError {
        ImportError::Invalid {
            faults: self.kept,
            total: self.total,
        }
    }
}

/// Read a whole file held in memory (the reference reader: [`super::stream`] reads files as a
/// stream and comes here for the message when the file is not well formed). All or nothing:
/// any fault refuses the whole file.
pub(super) fn parse_whole(text: &str) -> Result<Interchange, ImportError> {
    // Some Windows tools start UTF-8 files with a byte-order mark; JSON does not allow one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_head(text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let envelope: Envelope<'_> = match serde_path_to_error::deserialize(&mut de) {
        Ok(envelope) => envelope,
        Err(err) => {
            let mut faults = Faults::default();
            let field = err.path().to_string();
            let field = if field == "." { String::new() } else { field };
            let inner = err.into_inner();
            faults.push(
                None,
                &field,
                &bare_message(&inner),
                Some((inner.line(), inner.column())),
            );
            return Err(faults.into_error());
        }
    };
    let mut records = Records::default();
    let mut subjects = Vec::with_capacity(envelope.subjects.len());
    let mut lines = LineCounter::new(text);
    for (index, raw) in envelope.subjects.iter().enumerate() {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let (line, column) = lines.position(offset);
        if let Some(subject) = records.read(index, raw.get(), line, column)? {
            subjects.push(subject);
        }
    }
    records.finish()?;
    Ok(Interchange {
        fictional: envelope.fictional,
        note: envelope.note,
        subjects,
    })
}

/// The records of one file as they are read: every fault found so far, and what later records
/// are checked against (ids and identifiers used earlier in the file).
#[derive(Default)]
pub(super) struct Records {
    faults: Faults,
    seen: HashMap<SubjectId, RecordRef>,
    /// Identifiers used twice: found as records come, listed after every record's own faults.
    repeated: Faults,
    pnc: HashMap<String, RecordRef>,
    niche: HashMap<String, RecordRef>,
}

impl Records {
    /// Read record `index` (`raw` JSON starting at `line`, `column` of the file): the subject
    /// when it reads, passes the rules and nothing before it in the file was at fault; faults
    /// are kept for [`Records::finish`]. `Err` only for a record that is not well-formed JSON
    /// (the whole file is then malformed).
    pub(super) fn read(
        &mut self,
        index: usize,
        raw: &str,
        line: usize,
        column: usize,
    ) -> Result<Option<Subject>, ImportError> {
        if !raw.starts_with('{') {
            let id = id_only(raw);
            let record = RecordRef { index, id, line };
            self.note_id(&record);
            // serde would read a struct from an array of its fields in order: refuse that.
            let first = raw.chars().next();
            let message = format!("must be a JSON object, not {}", json_kind(first));
            self.faults
                .push(Some(record), "", &message, Some((line, column)));
            return Ok(None);
        }
        // The fast reading first; the one that names the field only for a record at fault.
        let subject = match serde_json::from_str::<Subject>(raw) {
            Ok(subject) => subject,
            Err(_) => {
                let record = RecordRef {
                    index,
                    id: id_only(raw),
                    line,
                };
                self.note_id(&record);
                let faults = &mut self.faults;
                let mut de = serde_json::Deserializer::from_str(raw);
                let err = match serde_path_to_error::deserialize::<_, Subject>(&mut de) {
                    Ok(_) => {
                        // The two readers never disagree; if they did, refuse rather than drop.
                        faults.push(Some(record), "", "could not be read", None);
                        return Ok(None);
                    }
                    Err(err) => err,
                };
                let path = err.path().clone();
                let inner = err.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    let (line, column) = absolute(line, column, inner.line(), inner.column());
                    return Err(ImportError::Malformed {
                        line,
                        column,
                        message: bare_message(&inner),
                    });
                }
                let message = describe(&bare_message(&inner), &path, raw);
                let at = absolute(line, column, inner.line(), inner.column());
                let field = path.to_string();
                let field = if field == "." { "" } else { field.as_str() };
                faults.push(Some(record), field, &message, Some(at));
                return Ok(None);
            }
        };
        let record = RecordRef {
            index,
            id: Some(subject.id),
            line,
        };
        self.note_id(&record);
        let faults = &mut self.faults;
        // chrono reads more than the format allows (a sign, a leading space, year 0, a leap
        // second): every date is read again strictly, in range (domain::dates).
        let bad = crate::domain::dates::json_date_faults_in(raw);
        if !bad.is_empty() {
            for (field, message) in bad {
                faults.push(Some(record.clone()), &field, &message, None);
            }
            return Ok(None);
        }
        let before = faults.total;
        for e in validate_subject(&subject) {
            faults.push(Some(record.clone()), &e.field, &e.message, None);
        }
        // One person, one record: a PNC ID or Niche reference used twice in the file is
        // refused.
        for identifier in [Identifier::Pnc, Identifier::Niche] {
            let (value, first) = match identifier {
                Identifier::Pnc => (subject.pnc_id.as_deref(), &mut self.pnc),
                Identifier::Niche => (subject.niche_ref.as_deref(), &mut self.niche),
            };
            let Some(key) = value.and_then(identifier_key) else {
                continue;
            };
            match first.get(&key) {
                Some(earlier) => {
                    let message = format!(
                        "{} {:?} is already used by {earlier}: one person, one record",
                        identifier.label(),
                        value.unwrap_or_default()
                    );
                    self.repeated
                        .push(Some(record.clone()), identifier.key(), &message, None);
                }
                None => {
                    first.insert(key, record.clone());
                }
            }
        }
        let clean = faults.total == before && faults.total == 0 && self.repeated.total == 0;
        Ok(clean.then_some(subject))
    }

    /// Remember record `record`'s id; a second record with it is a fault.
    fn note_id(&mut self, record: &RecordRef) {
        if let Some(id) = record.id {
            if let Some(first) = self.seen.get(&id) {
                let message = format!("is already used by {first}");
                self.faults.push(Some(record.clone()), "id", &message, None);
            } else {
                self.seen.insert(id, record.clone());
            }
        }
    }

    /// The verdict once every record is read: every fault, records' own first, then the
    /// identifiers used twice.
    pub(super) fn finish(mut self) -> Result<(), ImportError> {
        let room = MAX_FAULTS.saturating_sub(self.faults.kept.len());
        self.faults
            .kept
            .extend(self.repeated.kept.into_iter().take(room));
        self.faults.total += self.repeated.total;
        if self.faults.total > 0 {
            return Err(self.faults.into_error());
        }
        Ok(())
    }
}

/// Check the text is well-formed JSON, an object, of our format and a version we read.
fn check_head(text: &str) -> Result<(), ImportError> {
    let first = text.trim_start().chars().next();
    if first != Some('{') {
        // serde would read a struct from an array too: refuse anything but an object here.
        if let Err(err) = serde_json::from_str::<IgnoredAny>(text) {
            return Err(malformed(&err));
        }
        return Err(ImportError::NotInterchange {
            reason: format!(
                "the file must be a JSON object {{\"format\": \"{FORMAT}\", ...}}, not {}",
                json_kind(first)
            ),
        });
    }
    let head: Head = match serde_json::from_str(text) {
        Ok(head) => head,
        Err(err) if err.is_syntax() || err.is_eof() => return Err(malformed(&err)),
        Err(err) => {
            return Err(ImportError::NotInterchange {
                reason: bare_message(&err),
            });
        }
    };
    match head.format {
        Some(Value::String(f)) if f == FORMAT => {}
        None => {
            return Err(ImportError::NotInterchange {
                reason: format!("the \"format\" field is missing (expected \"{FORMAT}\")"),
            });
        }
        Some(other) => {
            let found = sanitize::line(&other.to_string()).into_owned();
            return Err(ImportError::NotInterchange {
                reason: format!("format is {found}, expected \"{FORMAT}\""),
            });
        }
    }
    match head.version {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => Ok(()),
        Some(Value::Number(n)) => Err(ImportError::UnsupportedVersion {
            found: n.to_string(),
            supported: VERSION,
        }),
        None => Err(ImportError::NotInterchange {
            reason: "the \"version\" field is missing".to_string(),
        }),
        Some(other) => Err(ImportError::NotInterchange {
            reason: format!(
                "version must be a whole number, not {}",
                sanitize::line(&other.to_string())
            ),
        }),
    }
}

fn malformed(err: &serde_json::Error) -> ImportError {
    ImportError::Malformed {
        line: err.line(),
        column: err.column(),
        message: bare_message(err),
    }
}

/// "an array", "a string"... for the first character of a JSON value.
fn json_kind(first: Option<char>) -> &'static str {
    match first {
        Some('[') => "an array",
        Some('"') => "a string",
        Some('t' | 'f') => "a boolean",
        Some('n') => "null",
        Some(_) => "a number",
        None => "empty",
    }
}

/// serde_json's message without its trailing " at line L column C".
fn bare_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// The messages chrono gives for a date or date-time it cannot parse.
const CHRONO_MESSAGES: [&str; 7] = [
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "bad or unsupported format string",
];

/// Turn chrono's terse parse errors into `invalid date "31/02/2026": expected YYYY-MM-DD`.
/// Date-time fields are the ones named `at`; every other date field is a plain date.
fn describe(message: &str, path: &serde_path_to_error::Path, raw: &str) -> String {
    if !CHRONO_MESSAGES.contains(&message) {
        return message.to_string();
    }
    let Some(Value::String(found)) = value_at(raw, path) else {
        return message.to_string();
    };
    let is_date_time = matches!(path.iter().next_back(), Some(Segment::Map { key }) if key == "at");
    if is_date_time {
        format!("invalid date-time {found:?}: expected YYYY-MM-DDTHH:MM:SS")
    } else {
        format!("invalid date {found:?}: expected YYYY-MM-DD")
    }
}

/// The JSON value at `path` in the record, if it can be found.
fn value_at(raw: &str, path: &serde_path_to_error::Path) -> Option<Value> {
    let mut value: Value = serde_json::from_str(raw).ok()?;
    for segment in path.iter() {
        value = match segment {
            Segment::Seq { index } => value.get_mut(*index)?.take(),
            Segment::Map { key } | Segment::Enum { variant: key } => value.get_mut(key)?.take(),
            Segment::Unknown => return None,
        };
    }
    Some(value)
}

/// A position inside a record, made absolute from the record's start position.
fn absolute(start_line: usize, start_column: usize, line: usize, column: usize) -> (usize, usize) {
    if line <= 1 {
        (start_line, start_column + column.saturating_sub(1))
    } else {
        (start_line + line - 1, column)
    }
}

/// Line and column (from 1, columns in bytes as serde_json counts them) of increasing offsets.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The position of `offset`; offsets must not decrease between calls.
    fn position(&mut self, offset: usize) -> (usize, usize) {
        let end = offset.min(self.text.len());
        for (i, b) in self.text[self.offset.min(end)..end].iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = self.offset.max(end);
        (self.line, end.saturating_sub(self.line_start) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counter_counts_lines_and_columns_from_one() {
        let text = "ab\ncd\n  ef";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(4), (2, 2));
        assert_eq!(lines.position(8), (3, 3));
    }

    #[test]
    fn positions_inside_a_record_become_absolute() {
        assert_eq!(absolute(10, 5, 1, 3), (10, 7));
        assert_eq!(absolute(10, 5, 4, 3), (13, 3));
    }

    #[test]
    fn json_kinds_are_named() {
        assert_eq!(json_kind(Some('[')), "an array");
        assert_eq!(json_kind(Some('4')), "a number");
        assert_eq!(json_kind(None), "empty");
    }
}
