//! THE one-line text editor: every place text is typed on one line uses it (form fields, the
//! search box, the palette, the reason dialog, the login and lock screens). A cursor, the usual
//! editing keys, an optional length limit, and the window of it that fits a given width. A
//! secret line (a passphrase) keeps its characters in memory that is wiped when they go.
//!
//! A line can have all its text selected ([`LineEdit::select_all`], done by a form when the
//! field is focused): then the next printable key or paste replaces the text, while any other
//! editing key (arrows, home, end, backspace...) drops the selection and edits in place.
use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

use super::paste::{self, Lines, Outcome};
use crate::text as sanitize;

/// One line of text and a cursor (a char index, `0..=len`). The horizontal scroll is kept in a
/// `Cell` so drawing (which only reads the form) can follow the cursor, as `TextArea` does.
#[derive(Debug, Clone, Default)]
pub struct LineEdit {
    chars: Vec<char>,
    cursor: usize,
    scroll: Cell<usize>,
    /// The most characters the line may hold (`None`: no limit); further typing is ignored.
    max: Option<usize>,
    /// The whole text is selected: the next character typed or pasted replaces it.
    all: bool,
}

impl Drop for LineEdit {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.chars);
    }
}

/// What one field shows: the visible text (sanitised) and where the cursor is in it, in cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub text: String,
    pub cursor_x: usize,
}

impl LineEdit {
    /// A line holding `text`, cursor at the end.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let cursor = chars.len();
        Self {
            chars,
            cursor,
            scroll: Cell::new(0),
            max: None,
            all: false,
        }
    }

    /// At most `max` characters.
    pub fn with_max(mut self, max: usize) -> Self {
        self.max = Some(max);
        let keep = self.chars.len().min(max);
        self.chars.truncate(keep);
        self.cursor = self.cursor.min(keep);
        self
    }

    /// An empty line for a secret of at most `max` characters: its memory is reserved up front
    /// (so typing never leaves copies behind in a reallocation) and wiped when cleared or
    /// dropped.
    pub fn secret(max: usize) -> Self {
        Self {
            chars: Vec::with_capacity(max),
            cursor: 0,
            scroll: Cell::new(0),
            max: Some(max),
            all: false,
        }
    }

    /// The number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Empty the line (wiping what it held).
    pub fn clear(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.chars);
        self.chars.clear();
        self.cursor = 0;
        self.all = false;
    }

    /// Select the whole text (if there is any), the cursor at its end: the next printable key
    /// or paste replaces it.
    pub fn select_all(&mut self) {
        self.all = !self.chars.is_empty();
        self.cursor = self.chars.len();
    }

    /// Drop the selection (the text stays).
    pub fn unselect(&mut self) {
        self.all = false;
    }

    /// Whether the whole text is selected (typing replaces it).
    pub fn all_selected(&self) -> bool {
        self.all
    }

    /// Whether both lines hold the same text (compared in place, no copy made).
    pub fn same_text(&self, other: &LineEdit) -> bool {
        self.chars == other.chars
    }

    /// The text, and the line emptied (wiped): for a passphrase handed on once.
    pub fn take_secret(&mut self) -> String {
        let text = self.text();
        self.clear();
        text
    }

    /// The text.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The cursor as a char index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Inserts `text` at the cursor (replacing the text if it is all selected), up to the
    /// length limit; control characters (newlines included) become spaces. True if it changed.
    pub fn insert_str(&mut self, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        if self.all {
            self.clear();
        }
        let room = self
            .max
            .map_or(usize::MAX, |m| m.saturating_sub(self.chars.len()));
        let at = self.cursor;
        let before = self.chars.len();
        self.chars.splice(
            at..at,
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(room),
        );
        let added = self.chars.len() - before;
        self.cursor += added;
        added > 0
    }

    /// Pastes `text` (see [`super::paste`]): one line only, control characters left out, and
    /// all or nothing: a paste that does not fit the length limit is refused whole. Replaces
    /// the text if it is all selected.
    pub fn paste(&mut self, text: &str) -> Outcome {
        let (mut clean, dropped) = match paste::clean(text, Lines::One) {
            Ok(clean) => clean,
            Err(why) => return Outcome::Refused(why),
        };
        let chars = clean.chars().count();
        let kept = if self.all { 0 } else { self.chars.len() };
        let outcome = match self.max {
            Some(max) if kept + chars > max => Outcome::Refused(format!(
                "Not pasted: {chars} characters do not fit; this field takes at most {max} \
                 (nothing was changed)"
            )),
            _ => {
                self.insert_str(&clean);
                Outcome::Pasted { chars, dropped }
            }
        };
        zeroize::Zeroize::zeroize(&mut clean);
        outcome
    }

    /// Applies one editing key. Returns true if the text, the cursor or the selection changed.
    /// With the text all selected a printable key replaces it; any other editing key drops the
    /// selection first and then acts as usual.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let before = (self.chars.len(), self.cursor);
        let was_all = self.all;
        let Some(changed) = self.edit(key) else {
            return false;
        };
        self.all = false;
        changed || was_all || before != (self.chars.len(), self.cursor)
    }

    /// One editing key: `None` if the line does not use it, else whether the text changed.
    fn edit(&mut self, key: &KeyEvent) -> Option<bool> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            // A control character typed (never a key of its own) is not text.
            KeyCode::Char(c) if c.is_control() => return None,
            KeyCode::Char(c) if !ctrl && !alt => {
                let mut buf = [0; 4];
                return Some(self.insert_str(c.encode_utf8(&mut buf)));
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.chars.len(),
            KeyCode::Char('u') if ctrl => {
                let had = !self.chars.is_empty();
                self.clear();
                return Some(had);
            }
            KeyCode::Char('k') if ctrl => self.chars.truncate(self.cursor),
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Backspace if alt || ctrl => self.delete_word(),
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    self.chars.remove(self.cursor);
                    return Some(true);
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.chars.len() {
                    self.chars.remove(self.cursor);
                    return Some(true);
                }
            }
            KeyCode::Left if ctrl || alt => self.cursor = self.word_start(),
            KeyCode::Right if ctrl || alt => self.cursor = self.word_end(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => return None,
        }
        Some(false)
    }

    /// Where ctrl-left lands: the start of this or the previous word.
    fn word_start(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && self.chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !self.chars[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    /// Where ctrl-right lands: the end of this or the next word.
    fn word_end(&self) -> usize {
        let mut i = self.cursor;
        let n = self.chars.len();
        while i < n && self.chars[i].is_whitespace() {
            i += 1;
        }
        while i < n && !self.chars[i].is_whitespace() {
            i += 1;
        }
        i
    }

    fn delete_word(&mut self) {
        let start = self.word_start();
        self.chars.drain(start..self.cursor);
        self.cursor = start;
    }

    /// The part of the line that fits in `width` cells, scrolled so the cursor (which needs one
    /// cell of its own at the end) is visible. Control characters are shown escaped (`^[`).
    pub fn window(&self, width: usize) -> Window {
        let shown: Vec<String> = self.chars.iter().map(|c| shown(*c)).collect();
        let widths: Vec<usize> = shown.iter().map(|s| s.width()).collect();
        let mut start = self.scroll.get().min(self.cursor);
        // Move the window right until the text before the cursor plus the cursor cell fits.
        while start < self.cursor && widths[start..self.cursor].iter().sum::<usize>() + 1 > width {
            start += 1;
        }
        self.scroll.set(start);
        let mut text = String::new();
        let mut used = 0;
        let mut cursor_x = 0;
        for (i, (s, w)) in shown.iter().zip(&widths).enumerate().skip(start) {
            if i == self.cursor {
                cursor_x = used;
            }
            if used + w > width {
                break;
            }
            text.push_str(s);
            used += w;
        }
        if self.cursor >= self.chars.len() {
            cursor_x = used;
        }
        Window {
            text,
            cursor_x: cursor_x.min(width.saturating_sub(1)),
        }
    }
}

fn shown(c: char) -> String {
    let mut buf = [0; 4];
    sanitize::line(c.encode_utf8(&mut buf)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(line: &mut LineEdit, code: KeyCode, mods: KeyModifiers) -> bool {
        line.handle_key(&KeyEvent::new(code, mods))
    }

    fn typed(line: &mut LineEdit, text: &str) {
        for c in text.chars() {
            press(line, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    #[test]
    fn form_line_inserts_at_cursor_and_deletes() {
        let mut l = LineEdit::new("ace");
        press(&mut l, KeyCode::Left, KeyModifiers::NONE);
        typed(&mut l, "d");
        press(&mut l, KeyCode::Home, KeyModifiers::NONE);
        assert!(!press(&mut l, KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(l.text(), "acde");
        press(&mut l, KeyCode::Right, KeyModifiers::NONE);
        typed(&mut l, "b");
        assert_eq!((l.text().as_str(), l.cursor()), ("abcde", 2));
        press(&mut l, KeyCode::Delete, KeyModifiers::NONE);
        assert_eq!(l.text(), "abde");
        press(&mut l, KeyCode::Char('e'), KeyModifiers::CONTROL);
        press(&mut l, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!((l.text().as_str(), l.cursor()), ("abd", 3));
        assert!(!press(&mut l, KeyCode::Delete, KeyModifiers::NONE));
    }

    #[test]
    fn form_line_unicode_and_words() {
        let mut l = LineEdit::new("Siobhán Ní");
        press(&mut l, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(l.text(), "Siobhán N");
        typed(&mut l, "í Bhriain 日本");
        press(&mut l, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(l.text(), "Siobhán Ní Bhriain ");
        press(&mut l, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(l.text(), "Siobhán Ní ");
        press(&mut l, KeyCode::Char('a'), KeyModifiers::CONTROL);
        assert_eq!(l.cursor(), 0);
        assert!(press(&mut l, KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!((l.text().as_str(), l.cursor()), ("", 0));
        assert!(!press(&mut l, KeyCode::Char('u'), KeyModifiers::CONTROL));
    }

    #[test]
    fn form_line_window_follows_the_cursor_and_fits_wide_chars() {
        let mut l = LineEdit::new("日本語テキスト");
        let w = l.window(6);
        assert_eq!((w.text.as_str(), w.cursor_x), ("スト", 4));
        press(&mut l, KeyCode::Home, KeyModifiers::NONE);
        let w = l.window(6);
        assert_eq!((w.text.as_str(), w.cursor_x), ("日本語", 0));
        assert_eq!(l.window(0).text, "");
        let l = LineEdit::new("a\u{1b}b");
        assert_eq!(l.window(10).text, "a^[b");
        assert_eq!(l.window(10).cursor_x, 4);
    }

    #[test]
    fn form_line_selected_text_is_replaced_by_typing_and_kept_by_movement() {
        let mut l = LineEdit::new("02/12/2026");
        l.select_all();
        assert!(l.all_selected());
        typed(&mut l, "30/11/2026");
        assert_eq!(l.text(), "30/11/2026", "typing replaced, not appended");
        assert!(!l.all_selected());
        // Movement drops the selection and moves as usual: editing in place.
        l.select_all();
        assert!(press(&mut l, KeyCode::Left, KeyModifiers::NONE));
        assert!(!l.all_selected());
        typed(&mut l, "7");
        assert_eq!(l.text(), "30/11/20276");
        l.select_all();
        assert!(press(&mut l, KeyCode::Home, KeyModifiers::NONE));
        typed(&mut l, "x");
        assert_eq!(l.text(), "x30/11/20276");
        // Backspace edits in place too: one character, never the whole text.
        l.select_all();
        assert!(press(&mut l, KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(l.text(), "x30/11/2027");
        // A key the line does not use keeps the selection.
        l.select_all();
        assert!(!press(&mut l, KeyCode::Enter, KeyModifiers::NONE));
        assert!(l.all_selected());
        // An empty line has nothing to select.
        let mut e = LineEdit::new("");
        e.select_all();
        assert!(!e.all_selected());
    }

    #[test]
    fn form_line_paste_is_one_line_and_all_or_nothing() {
        let mut l = LineEdit::new("ab");
        assert_eq!(
            l.paste("c\u{1b}[0md\n"),
            Outcome::Pasted {
                chars: 5,
                dropped: 1
            }
        );
        assert_eq!(l.text(), "abc[0md");
        assert!(matches!(l.paste("x\ny"), Outcome::Refused(_)));
        assert_eq!(l.text(), "abc[0md", "a refused paste changes nothing");
        l.select_all();
        assert!(l.paste("new").changed());
        assert_eq!(l.text(), "new", "a paste replaces the selected text");
        let mut short = LineEdit::new("abc").with_max(5);
        let refused = short.paste("xyz");
        assert!(
            matches!(&refused, Outcome::Refused(m) if m.contains("at most 5")),
            "{refused:?}"
        );
        assert_eq!(short.text(), "abc");
        short.select_all();
        assert!(short.paste("vwxyz").changed(), "replacing frees the room");
        assert_eq!(short.text(), "vwxyz");
        let mut secret = LineEdit::secret(20);
        assert!(secret.paste("pass\tword\n").changed());
        assert_eq!(secret.text(), "pass word");
    }
}
