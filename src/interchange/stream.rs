//! Reading an interchange file as a stream: one record at a time, so memory does not grow with
//! the file. The envelope is read by a small scanner that finds each record's bytes and where it
//! starts; each record is then read exactly as [`super::import::parse_whole`] reads it (the same
//! [`Records`]). Anything the scanner does not expect (a file that is not well formed, a field
//! the envelope does not have, a key given twice) sends it back to the start of the file, to
//! the whole-file reader, for the same message as before; that only happens for a file that
//! is refused anyway.
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

use serde_json::Value;

use super::import::{Records, parse_whole};
use super::{FORMAT, ImportError, VERSION};
use crate::domain::Subject;

/// The envelope's labels of a file read as a stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// The file says its contents are invented (demo or training data).
    pub fictional: bool,
    /// Free text the file carries about itself.
    pub note: Option<String>,
    /// How many records the file holds.
    pub records: usize,
}

/// What a record handed on may answer: go on, or stop reading (the reader then returns
/// [`ImportError::Stopped`] with the message).
pub type Each<'a> = dyn FnMut(Subject, u64) -> Result<(), String> + 'a;

/// Read the interchange file `source` record by record: each subject that reads and passes the
/// rules is handed to `each` with the bytes read so far, until the first fault (after which
/// the rest is only checked, so every fault is listed). All or nothing is the caller's: a
/// subject handed on counts only if this returns `Ok`.
pub fn read<R: Read + Seek>(source: R, each: &mut Each<'_>) -> Result<Labels, ImportError> {
    read_buffered(source, 1 << 16, each)
}

/// [`read`] through a buffer of `capacity` bytes (the tests cross its edges everywhere).
fn read_buffered<R: Read + Seek>(
    source: R,
    capacity: usize,
    each: &mut Each<'_>,
) -> Result<Labels, ImportError> {
    let mut scan = Scanner::new(BufReader::with_capacity(capacity, source));
    let mut handed = 0usize;
    match scan.file(&mut |subject, at| {
        handed += 1;
        each(subject, at)
    }) {
        Ok(labels) => Ok(labels),
        Err(Trouble::Error(e)) => Err(e),
        Err(Trouble::Io(e)) => Err(ImportError::Io {
            message: e.to_string(),
        }),
        Err(Trouble::Unexpected) => {
            // The whole-file reader names what is wrong.
            let mut text = String::new();
            let mut inner = scan.into_inner();
            inner
                .seek(SeekFrom::Start(0))
                .and_then(|_| inner.read_to_string(&mut text))
                .map_err(|e| ImportError::Io {
                    message: e.to_string(),
                })?;
            let file = parse_whole(&text)?;
            if handed > 0 {
                // Cannot happen for a well-formed file; refuse rather than hand records twice.
                return Err(ImportError::NotInterchange {
                    reason: "the file could not be read record by record".to_string(),
                });
            }
            let records = file.subjects.len();
            for s in file.subjects {
                each(s, text.len() as u64).map_err(|message| ImportError::Stopped { message })?;
            }
            Ok(Labels {
                fictional: file.fictional,
                note: file.note,
                records,
            })
        }
    }
}

enum Trouble {
    /// Not what the scanner expects: the whole-file reader says why.
    Unexpected,
    Io(std::io::Error),
    Error(ImportError),
}

impl From<std::io::Error> for Trouble {
    fn from(e: std::io::Error) -> Self {
        Trouble::Io(e)
    }
}

/// The largest envelope value (`note`) read; a larger one goes to the whole-file reader.
const MAX_LABEL: usize = 1 << 20;

/// Bytes with where the next one is: line and column from 1, columns in bytes as serde_json
/// counts them.
struct Scanner<R> {
    r: BufReader<R>,
    line: usize,
    column: usize,
    read: u64,
}

impl<R: Read> Scanner<R> {
    fn new(r: BufReader<R>) -> Self {
        Self {
            r,
            line: 1,
            column: 1,
            read: 0,
        }
    }

    fn into_inner(self) -> R {
        self.r.into_inner()
    }

    fn peek(&mut self) -> Result<Option<u8>, Trouble> {
        Ok(self.r.fill_buf()?.first().copied())
    }

    fn bump(&mut self) -> Result<Option<u8>, Trouble> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.r.consume(1);
            self.advance(&[b]);
        }
        Ok(b)
    }

    fn advance(&mut self, bytes: &[u8]) {
        advance_counts(&mut self.line, &mut self.column, &mut self.read, bytes);
    }

    fn skip_ws(&mut self) -> Result<(), Trouble> {
        loop {
            let buf = self.r.fill_buf()?;
            let n = buf
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(buf.len());
            if n == 0 {
                return Ok(());
            }
            let taken = buf[..n].to_vec();
            self.r.consume(n);
            self.advance(&taken);
        }
    }

    fn expect(&mut self, want: u8) -> Result<(), Trouble> {
        self.skip_ws()?;
        match self.bump()? {
            Some(b) if b == want => Ok(()),
            _ => Err(Trouble::Unexpected),
        }
    }

    /// One JSON value's bytes into `out` (cleared first), at most `limit` of them: an object,
    /// array or string to its closing byte, a number or literal to the next delimiter. Only
    /// nesting and strings are followed; the value is checked by whoever reads it.
    fn value(&mut self, out: &mut Vec<u8>, limit: usize) -> Result<(), Trouble> {
        out.clear();
        self.skip_ws()?;
        let Some(first) = self.peek()? else {
            return Err(Trouble::Unexpected);
        };
        let nested = matches!(first, b'{' | b'[' | b'"');
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        loop {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                return Err(Trouble::Unexpected);
            }
            let mut end = None;
            let mut i = 0;
            while i < buf.len() {
                let b = buf[i];
                if !nested {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        end = Some(i);
                        break;
                    }
                    i += 1;
                    continue;
                }
                if in_string {
                    if escaped {
                        escaped = false;
                        i += 1;
                        continue;
                    }
                    // Most of a record is string text: jump to the next quote or backslash.
                    let Some(k) = memchr::memchr2(b'"', b'\\', &buf[i..]) else {
                        break;
                    };
                    i += k;
                    if buf[i] == b'\\' {
                        escaped = true;
                    } else {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    i += 1;
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1).ok_or(Trouble::Unexpected)?;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            let n = end.unwrap_or(buf.len());
            if out.len() + n > limit {
                return Err(Trouble::Unexpected);
            }
            out.extend_from_slice(&buf[..n]);
            self.r.consume(n);
            let Scanner {
                line, column, read, ..
            } = self;
            advance_counts(line, column, read, &out[out.len() - n..]);
            if end.is_some() {
                return Ok(());
            }
        }
    }

    /// The whole file: `{`, its keys (`subjects` read record by record), `}`, nothing after.
    fn file(&mut self, each: &mut Each<'_>) -> Result<Labels, Trouble> {
        // A byte-order mark, as some Windows tools write, is left out (columns count after it).
        if self.r.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.r.consume(3);
        }
        self.expect(b'{')?;
        let mut labels = Labels::default();
        let (mut format, mut version, mut subjects) = (false, false, false);
        let mut seen_fictional = false;
        let mut seen_note = false;
        let mut raw = Vec::new();
        let mut records = Records::default();
        loop {
            self.value(&mut raw, 256)?;
            let key: String = serde_json::from_slice(&raw).map_err(|_| Trouble::Unexpected)?;
            self.expect(b':')?;
            match key.as_str() {
                "subjects" if !subjects => {
                    subjects = true;
                    // A file of another format or version is named as such, not read.
                    if !(format && version) {
                        return Err(Trouble::Unexpected);
                    }
                    labels.records = self.records(&mut records, each)?;
                }
                "format" if !format => {
                    format = true;
                    self.value(&mut raw, MAX_LABEL)?;
                    if serde_json::from_slice::<Value>(&raw).ok() != Some(Value::from(FORMAT)) {
                        return Err(Trouble::Unexpected);
                    }
                }
                "version" if !version => {
                    version = true;
                    self.value(&mut raw, MAX_LABEL)?;
                    let v = serde_json::from_slice::<Value>(&raw).ok();
                    if v.and_then(|v| v.as_u64()) != Some(u64::from(VERSION)) {
                        return Err(Trouble::Unexpected);
                    }
                }
                "fictional" if !seen_fictional => {
                    seen_fictional = true;
                    self.value(&mut raw, MAX_LABEL)?;
                    labels.fictional =
                        serde_json::from_slice(&raw).map_err(|_| Trouble::Unexpected)?;
                }
                "note" if !seen_note => {
                    seen_note = true;
                    self.value(&mut raw, MAX_LABEL)?;
                    labels.note = serde_json::from_slice(&raw).map_err(|_| Trouble::Unexpected)?;
                }
                _ => return Err(Trouble::Unexpected),
            }
            self.skip_ws()?;
            match self.bump()? {
                Some(b',') => {}
                Some(b'}') => break,
                _ => return Err(Trouble::Unexpected),
            }
        }
        self.skip_ws()?;
        if !subjects || self.peek()?.is_some() {
            return Err(Trouble::Unexpected);
        }
        records.finish().map_err(Trouble::Error)?;
        Ok(labels)
    }

    /// The `subjects` array, each record read and handed on while none is at fault.
    fn records(&mut self, records: &mut Records, each: &mut Each<'_>) -> Result<usize, Trouble> {
        self.expect(b'[')?;
        self.skip_ws()?;
        if self.peek()? == Some(b']') {
            self.bump()?;
            return Ok(0);
        }
        let mut raw = Vec::new();
        let mut index = 0;
        loop {
            self.skip_ws()?;
            let (line, column) = (self.line, self.column);
            self.value(&mut raw, usize::MAX)?;
            let text = std::str::from_utf8(&raw).map_err(|_| Trouble::Unexpected)?;
            match records.read(index, text, line, column) {
                Ok(Some(subject)) => {
                    each(subject, self.read)
                        .map_err(|message| Trouble::Error(ImportError::Stopped { message }))?;
                }
                Ok(None) => {}
                // Not well formed inside: the whole-file reader gives the message.
                Err(_) => return Err(Trouble::Unexpected),
            }
            index += 1;
            self.skip_ws()?;
            match self.bump()? {
                Some(b',') => {}
                Some(b']') => return Ok(index),
                _ => return Err(Trouble::Unexpected),
            }
        }
    }
}

fn advance_counts(line: &mut usize, column: &mut usize, read: &mut u64, bytes: &[u8]) {
    *read += bytes.len() as u64;
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => {
            *line += memchr::memchr_iter(b'\n', bytes).count();
            *column = bytes.len() - last;
        }
        None => *column += bytes.len(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn collect(text: &str) -> Result<(Labels, Vec<Subject>), ImportError> {
        let mut out = Vec::new();
        let labels = read(Cursor::new(text.as_bytes()), &mut |s, _| {
            out.push(s);
            Ok(())
        })?;
        Ok((labels, out))
    }

    /// Strings with escaped quotes and backslashes, every edge of a tiny buffer crossed: the
    /// scanner's jumps through string text end each record where the whole-file reader does.
    #[test]
    fn records_split_anywhere_by_the_buffer_read_the_same() {
        let demo = crate::interchange::DEMO_JSON.replacen(
            "\"family_name\": \"",
            "\"family_name\": \"Q\\\"uote\\\\\\\\ \\\\\\\"} ] { [",
            2,
        );
        let whole = parse_whole(&demo).unwrap();
        assert!(
            whole.subjects[0]
                .family_name
                .starts_with("Q\"uote\\\\ \\\"} ] { ["),
            "{}",
            whole.subjects[0].family_name
        );
        for capacity in [1, 2, 3, 7, 64] {
            let mut out = Vec::new();
            read_buffered(Cursor::new(demo.as_bytes()), capacity, &mut |s, _| {
                out.push(s);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("capacity {capacity}: {e}"));
            assert_eq!(out, whole.subjects, "capacity {capacity}");
        }
    }

    #[test]
    fn the_demo_reads_as_a_stream_as_it_reads_whole() {
        let (labels, subjects) = collect(crate::interchange::DEMO_JSON).unwrap();
        let whole = parse_whole(crate::interchange::DEMO_JSON).unwrap();
        assert_eq!(subjects, whole.subjects);
        assert_eq!(labels.fictional, whole.fictional);
        assert_eq!(labels.note, whole.note);
        assert_eq!(labels.records, whole.subjects.len());
    }

    #[test]
    fn faults_and_malformed_files_get_the_whole_file_readers_messages() {
        let demo = crate::interchange::DEMO_JSON;
        let cases = [
            demo.replacen("\"family_name\": \"", "\"family_name\": 7, \"x\": \"", 1),
            demo.replacen("\"subjects\": [", "\"subjects\": [[1, 2], ", 1),
            demo.replacen("\"version\": 1", "\"version\": 2", 1),
            demo.replacen("\"format\"", "\"extra\": 1, \"format\"", 1),
            demo.replacen("}", "},,", 3),
            format!("{demo} trailing"),
            demo.replacen("2026-", "2026/", 1),
            demo[..demo.len() / 2].to_string(),
            format!("\u{feff}{demo}"),
            "[]".to_string(),
            String::new(),
        ];
        for text in cases {
            let streamed = collect(&text).map(|(_, s)| s);
            let whole = parse_whole(&text).map(|f| f.subjects);
            assert_eq!(streamed, whole, "{}", &text[..text.len().min(200)]);
        }
    }

    #[test]
    fn a_stop_from_the_caller_ends_the_reading() {
        let mut n = 0;
        let r = read(
            Cursor::new(crate::interchange::DEMO_JSON.as_bytes()),
            &mut |_, _| {
                n += 1;
                if n == 3 { Err("full".into()) } else { Ok(()) }
            },
        );
        assert_eq!(n, 3);
        assert!(matches!(r, Err(ImportError::Stopped { message }) if message == "full"));
    }
}
