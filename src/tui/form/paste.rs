//! Pasted text (a bracketed paste: one `Event::Paste` holding the whole clipboard) made fit for
//! the field it lands in. The one place paste rules live; every text field uses it.
//!
//! - Line breaks are normalised: `\r\n` and a lone `\r` become `\n`.
//! - A one-line field takes one line: a single trailing line break is trimmed (copying a line
//!   often takes its end too); any other line break refuses the whole paste, and nothing changes.
//! - A tab becomes a space.
//! - Every other control character (C0, DEL, C1: terminal escapes, NULs) is left out, so none
//!   reaches the terminal or the store; the message says how many.

/// How many lines the field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// What became of a paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Inserted: `chars` characters, `dropped` control characters left out.
    Pasted { chars: usize, dropped: usize },
    /// Nothing changed, for the reason given (a sentence for the status line).
    Refused(String),
}

impl Outcome {
    /// The line for the status bar.
    pub fn message(&self) -> String {
        match self {
            Outcome::Pasted { chars, dropped: 0 } => format!("Pasted {chars} {}", plural(*chars)),
            Outcome::Pasted { chars, dropped } => format!(
                "Pasted {chars} {}; {dropped} control character{} left out",
                plural(*chars),
                if *dropped == 1 { " was" } else { "s were" }
            ),
            Outcome::Refused(why) => why.clone(),
        }
    }

    /// Whether the field changed.
    pub fn changed(&self) -> bool {
        matches!(self, Outcome::Pasted { chars, .. } if *chars > 0)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "character" } else { "characters" }
}

/// `text` made fit for a field of `lines`: `Ok((clean text, control characters left out))`, or
/// `Err(why)` when a one-line field is given several lines or nothing is left to paste.
///
/// The clean text is never longer than `text` and is built in memory reserved once, so a
/// pasted secret leaves no stray copies behind (the caller wipes the result).
pub fn clean(text: &str, lines: Lines) -> Result<(String, usize), String> {
    let mut out = String::with_capacity(text.len());
    let mut dropped = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => dropped += 1,
            c => out.push(c),
        }
    }
    if lines == Lines::One {
        if out.ends_with('\n') {
            out.pop();
        }
        let breaks = out.matches('\n').count();
        if breaks > 0 {
            zeroize::Zeroize::zeroize(&mut out);
            return Err(format!(
                "Not pasted: this field takes one line and the text has {} lines (nothing was \
                 changed)",
                breaks + 1
            ));
        }
    }
    if out.is_empty() {
        return Err(if dropped > 0 {
            "Not pasted: the text held only control characters".to_string()
        } else {
            "Nothing to paste: the pasted text was empty".to_string()
        });
    }
    Ok((out, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_one_line_trims_one_trailing_break_and_refuses_more() {
        assert_eq!(clean("abc\n", Lines::One), Ok(("abc".to_string(), 0)));
        assert_eq!(clean("abc\r\n", Lines::One), Ok(("abc".to_string(), 0)));
        let refused = clean("one\ntwo", Lines::One);
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("one line") && e.contains("2 lines")),
            "{refused:?}"
        );
        assert!(
            clean("abc\n\n", Lines::One).is_err(),
            "only one break is trimmed"
        );
        assert!(
            clean("a\rb", Lines::One).is_err(),
            "a lone CR is a line break"
        );
    }

    #[test]
    fn paste_many_lines_normalises_breaks_and_keeps_them() {
        assert_eq!(
            clean("a\r\nb\rc\nd\n", Lines::Many),
            Ok(("a\nb\nc\nd\n".to_string(), 0))
        );
    }

    #[test]
    fn paste_leaves_out_control_characters_and_turns_tabs_into_spaces() {
        assert_eq!(
            clean("a\tb\u{1b}[31mc\u{7}\u{0}\u{9b}d\u{7f}", Lines::One),
            Ok(("a b[31mcd".to_string(), 5))
        );
        assert!(clean("\u{1b}\u{7}", Lines::Many).is_err());
        assert!(clean("", Lines::Many).is_err());
        assert!(
            clean("\n", Lines::One).is_err(),
            "a lone break leaves nothing"
        );
    }

    #[test]
    fn paste_messages_count_what_happened() {
        let o = Outcome::Pasted {
            chars: 4096,
            dropped: 0,
        };
        assert_eq!(o.message(), "Pasted 4096 characters");
        assert!(o.changed());
        let o = Outcome::Pasted {
            chars: 1,
            dropped: 1,
        };
        assert_eq!(
            o.message(),
            "Pasted 1 character; 1 control character was left out"
        );
        let o = Outcome::Refused("no".into());
        assert_eq!(o.message(), "no");
        assert!(!o.changed());
    }
}
