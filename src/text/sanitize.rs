//! The one place stored text is made safe for a terminal.
//!
//! Every control character (C0, DEL, C1) is turned into a visible form before it reaches a widget
//! or the terminal: `ESC` becomes `^[`, `BEL` `^G`, DEL `^?`, and C1 controls `<U+009B>`. Tabs and
//! newlines are escaped too (`^I`, `^J`) in single-line contexts; [`multiline`] keeps newlines,
//! and [`block`] keeps them in text printed whole (command-line messages, reports).
//!
//! Characters that move or reorder text without being C0/C1 controls are escaped as `<U+XXXX>`
//! too: the line and paragraph separators U+2028/U+2029, and every bidirectional control (the
//! marks U+200E/U+200F and U+061C, the embeddings and overrides U+202A-U+202E, the isolates
//! U+2066-U+2069), so a name cannot reverse the text printed after it.
use std::borrow::Cow;

/// Whether `c` must never reach a terminal as itself.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
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

/// Text of several lines safe for a terminal, printed whole: every character [`line`] escapes is
/// escaped except the newline (`\n`, and `\r\n`, kept as they are).
pub fn block(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut done = 0;
    while let Some(c) = chars.next() {
        let keep = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if !keep && needs_escape(c) {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(text.len() + 8);
                o.push_str(&text[..done]);
                o
            });
            push_escaped(o, c);
        } else if let Some(o) = out.as_mut() {
            o.push(c);
        }
        done += c.len_utf8();
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(text),
    }
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
    fn separators_and_every_bidi_control_are_escaped() {
        for (c, shown) in [
            ('\u{2028}', "<U+2028>"),
            ('\u{2029}', "<U+2029>"),
            ('\u{061C}', "<U+061C>"),
            ('\u{200E}', "<U+200E>"),
            ('\u{200F}', "<U+200F>"),
            ('\u{202A}', "<U+202A>"),
            ('\u{202B}', "<U+202B>"),
            ('\u{202C}', "<U+202C>"),
            ('\u{202D}', "<U+202D>"),
            ('\u{202E}', "<U+202E>"),
            ('\u{2066}', "<U+2066>"),
            ('\u{2067}', "<U+2067>"),
            ('\u{2068}', "<U+2068>"),
            ('\u{2069}', "<U+2069>"),
        ] {
            assert_eq!(line(&format!("a{c}b")), format!("a{shown}b"));
            assert_eq!(block(&format!("a{c}b\n")), format!("a{shown}b\n"));
        }
    }

    #[test]
    fn block_keeps_newlines_and_escapes_the_rest() {
        assert!(matches!(block("one\r\ntwo\n"), Cow::Borrowed(_)));
        assert_eq!(
            block("x\u{1b}[2J\r\n\u{1b}]52;c;aGk=\u{7}\rend\n"),
            "x^[[2J\r\n^[]52;c;aGk=^G^Mend\n"
        );
        assert_eq!(block("é\u{9b}ü"), "é<U+009B>ü");
    }

    #[test]
    fn multiline_keeps_lines_and_escapes_inside_them() {
        assert_eq!(
            multiline("one\r\ntwo\u{1b}\nthree"),
            vec!["one", "two^[", "three"]
        );
    }
}
