//! The one way spmp writes CSV: `csv::Writer`, RFC 4180 (fields quoted when they need it, rows
//! ending CRLF), every field sanitised and guarded against formula injection. The queue, the
//! figures and the audit log all go through [`table`].
use csv::{Terminator, WriterBuilder};

/// One CSV field's text: sanitised, and a leading `=`, `+`, `-` or `@` neutralised with `'` (so a
/// spreadsheet does not run it as a formula). Quoting is the writer's job.
pub fn safe(text: &str) -> String {
    let text = crate::text::line(text);
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

/// A header row, then `rows`, as CSV text.
pub fn table<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut out = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a row that did would be left out rather than panic.
    let _ = out.write_record(header);
    for row in rows {
        let _ = out.write_record(row.iter().map(|f| safe(f.as_ref())));
    }
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_needed_and_formulas_defused() {
        let text = table(
            &["a", "b"],
            [
                vec!["plain", "a,b"],
                vec!["say \"hi\"", "=SUM(A1)"],
                vec!["two\nlines", "@x"],
            ],
        );
        assert_eq!(
            text,
            "a,b\r\nplain,\"a,b\"\r\n\"say \"\"hi\"\"\",'=SUM(A1)\r\ntwo^Jlines,'@x\r\n"
        );
    }
}
