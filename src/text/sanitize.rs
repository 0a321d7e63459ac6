//! The one place stored text is made safe for a terminal.
//!
//! Every control character (C0, DEL, C1) is turned into a visible form before it reaches a widget
//! or the terminal: `ESC` becomes `^[`, `BEL` `^G`, DEL `^?`, and C1 controls `<U+009B>`. Tabs and
//! newlines are escaped too (`^I`, `^J`) in single-line contexts; [`multiline`] keeps newlines.
use std::borrow::Cow;

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    let code = c as u32;
    if code < 0x20 {
        out.push('^');
        out.push(char::from_u32(code + 0x40).unwrap_or('?'));
    } else if code == 0x7f {
        out.push_str("^?");
    } else {
        out.push_str(&format!("<U+{code:04X}>"));
    }
}

/// Text safe for one line of a terminal: every control character shown escaped.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Lines of text safe for a terminal: split on newlines (CRLF too), each line sanitised.
pub fn multiline(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| line(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            line("Siobhán O'Neill"),
            Cow::Borrowed("Siobhán O'Neill")
        ));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(line("a\u{1b}]0;pwned\u{7}b"), "a^[]0;pwned^Gb");
        assert_eq!(line("x\u{7f}y"), "x^?y");
        assert_eq!(line("tab\there"), "tab^Ihere");
        assert_eq!(line("\u{9b}31m"), "<U+009B>31m");
        assert_eq!(line("a\u{202e}b"), "a<U+202E>b");
    }

    #[test]
    fn multiline_keeps_lines_and_escapes_inside_them() {
        assert_eq!(
            multiline("one\r\ntwo\u{1b}\nthree"),
            vec!["one", "two^[", "three"]
        );
    }
}
