//! The JSON interchange format: how subjects move between spmp and a force's other systems.
//!
//! A file is one JSON object:
//!
//! ```json
//! {"format": "spmp-interchange", "version": 1, "fictional": true, "note": "...", "subjects": [...]}
//! ```
//!
//! where each subject is a [`Subject`] exactly as serde writes it. `docs/FORMAT.md` documents
//! every field and rule for a force's data team.
//!
//! Import is all or nothing: [`parse`] returns subjects only when every record reads and passes
//! [`crate::domain::validate_subject`] and no two records share an id. Otherwise it returns an
//! [`ImportError`] listing every fault found (up to [`MAX_FAULTS`]), each naming the record and
//! the field. Export is stable: [`to_json`] of what [`parse`] read back from [`to_json`] is
//! byte-for-byte the same text.

mod error;
mod import;
mod stream;

use serde::Serialize;

pub use error::{Fault, ImportError, RecordRef};
pub use stream::{Each, Labels, read};

use crate::domain::Subject;

/// The value of the envelope's `format` field.
pub const FORMAT: &str = "spmp-interchange";

/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// At most this many faults are listed in an [`ImportError::Invalid`]; all are counted.
pub const MAX_FAULTS: usize = 50;

/// The demo data set: fictional subjects, compiled in for `spmp --demo`.
pub const DEMO_JSON: &str = include_str!("../../demo-data/demo.json");

/// A whole interchange file as read: the envelope's labels and the subjects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interchange {
    /// The file says its contents are invented (demo or training data).
    pub fictional: bool,
    /// Free text the file carries about itself.
    pub note: Option<String>,
    /// The subjects, in file order.
    pub subjects: Vec<Subject>,
}

/// Read a whole interchange file into its subjects, in file order. All or nothing.
pub fn parse(text: &str) -> Result<Vec<Subject>, ImportError> {
    parse_file(text).map(|file| file.subjects)
}

/// Read a whole interchange file, keeping the envelope's `fictional` and `note` labels.
pub fn parse_file(text: &str) -> Result<Interchange, ImportError> {
    import::parse_whole(text)
}

/// What [`to_json`] writes.
#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    version: u32,
    subjects: Vec<&'a Subject>,
}

/// Write subjects as an interchange file: pretty-printed (two-space indent), subjects sorted by
/// id, every field written (absent values as `null`), ending with a newline.
///
/// # Panics
///
/// Never in practice: serialising these plain structs to a string cannot fail (no map has a
/// non-string key and no type has a fallible `Serialize`).
pub fn to_json(subjects: &[Subject]) -> Result<String, serde_json::Error> {
    let mut sorted: Vec<&Subject> = subjects.iter().collect();
    sorted.sort_by_key(|s| s.id);
    let envelope = EnvelopeOut {
        format: FORMAT,
        version: VERSION,
        subjects: sorted,
    };
    let mut text = serde_json::to_string_pretty(&envelope)?;
    text.push('\n');
    Ok(text)
}

/// Where [`write_json`] takes its subjects from: it calls this once with a function to hand
/// every subject to, one at a time, in id order; an error stops the writing.
pub type Source<'a> =
    dyn FnMut(&mut dyn FnMut(&Subject) -> Result<(), String>) -> Result<(), String> + 'a;

/// Write an interchange file to `out` exactly as [`to_json`] writes it, the subjects taken one
/// at a time from `source` (in id order), so memory does not grow with the file.
pub fn write_json(out: &mut dyn std::io::Write, source: &mut Source<'_>) -> std::io::Result<()> {
    write_json_elements(out, &mut |each| {
        source(&mut |s| {
            let element = json_element(s).map_err(|e| e.to_string())?;
            each(&element)
        })
    })
}

/// Where [`write_json_elements`] takes its subjects from, each already made by
/// [`json_element`] (on other threads: the export of a large store).
pub type ElementSource<'a> =
    dyn FnMut(&mut dyn FnMut(&[u8]) -> Result<(), String>) -> Result<(), String> + 'a;

/// One subject as an element of the file's list of subjects, exactly as [`to_json`] writes it
/// there (pretty-printed, every line indented by two levels). JSON text holds no raw newline
/// inside a string, so indenting after each newline touches only the layout.
pub fn json_element(subject: &Subject) -> Result<Vec<u8>, serde_json::Error> {
    const INDENT: &[u8] = b"    ";
    // Room for a typical subject (12 KB at 100k generated ones) from the start.
    let mut pretty = Vec::with_capacity(16 << 10);
    serde_json::to_writer_pretty(&mut pretty, subject)?;
    let lines = memchr::memchr_iter(b'\n', &pretty).count();
    let mut out = Vec::with_capacity(pretty.len() + INDENT.len() * (lines + 1));
    out.extend_from_slice(INDENT);
    let mut rest = pretty.as_slice();
    while let Some(at) = memchr::memchr(b'\n', rest) {
        let (line, after) = rest.split_at(at + 1);
        out.extend_from_slice(line);
        out.extend_from_slice(INDENT);
        rest = after;
    }
    out.extend_from_slice(rest);
    Ok(out)
}

/// [`write_json`] from subjects already made into elements by [`json_element`].
pub fn write_json_elements(
    out: &mut dyn std::io::Write,
    source: &mut ElementSource<'_>,
) -> std::io::Result<()> {
    let format = serde_json::to_string(FORMAT).map_err(std::io::Error::other)?;
    write!(
        out,
        "{{\n  \"format\": {format},\n  \"version\": {VERSION},\n  \"subjects\": ["
    )?;
    let mut count = 0usize;
    let mut failed = None;
    let read = source(&mut |element| {
        let sep: &[u8] = if count == 0 { b"\n" } else { b",\n" };
        count += 1;
        out.write_all(sep)
            .and_then(|()| out.write_all(element))
            .map_err(|e| {
                let message = e.to_string();
                failed = Some(e);
                message
            })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    read.map_err(std::io::Error::other)?;
    if count > 0 {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"]\n}\n")
}

/// The demo subjects from [`DEMO_JSON`].
pub fn demo_subjects() -> Result<Vec<Subject>, ImportError> {
    parse(DEMO_JSON)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn export_sorts_by_id_and_ends_with_a_newline() {
        let subjects = vec![
            Subject::new(9, "Ashby", "Rowan", date(2026, 1, 2)),
            Subject::new(3, "Quill", "Tamsin", date(2026, 1, 3)),
        ];
        let text = to_json(&subjects).unwrap();
        assert!(text.starts_with("{\n  \"format\": \"spmp-interchange\",\n  \"version\": 1,"));
        assert!(text.ends_with("}\n"));
        let read = parse(&text).unwrap_or_default();
        assert_eq!(read.iter().map(|s| s.id).collect::<Vec<_>>(), [3, 9]);
        assert_eq!(to_json(&read).unwrap(), text);
    }

    #[test]
    fn a_file_written_as_a_stream_is_the_file_written_whole() {
        let subjects = demo_subjects().unwrap();
        for some in [&subjects[..], &subjects[..1], &[]] {
            let mut sorted: Vec<&Subject> = some.iter().collect();
            sorted.sort_by_key(|s| s.id);
            let mut out = Vec::new();
            write_json(&mut out, &mut |each| {
                sorted.iter().try_for_each(|s| each(s))
            })
            .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), to_json(some).unwrap());
        }
    }

    #[test]
    fn an_empty_file_of_subjects_is_valid() {
        let text = to_json(&[]).unwrap();
        assert_eq!(parse(&text), Ok(Vec::new()));
    }

    #[test]
    fn the_demo_data_reads_and_is_labelled_fictional() {
        let file = parse_file(DEMO_JSON).unwrap_or_else(|e| panic!("{e}"));
        assert!(file.fictional);
        assert!(file.note.is_some_and(|n| n.contains("invented")));
    }
}
