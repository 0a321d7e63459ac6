//! THE one-line text editor: every place text is typed on one line uses it (form fields, the
//! search box, the palette, the reason dialog, the login and lock screens). A cursor, the usual
//! editing keys, an optional length limit, and the window of it that fits a given width. A
//! secret line (a passphrase) keeps its characters in memory that is wiped when they go.
use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

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

    /// Inserts `text` at the cursor; control characters (newlines included) become spaces.
    pub fn insert_str(&mut self, text: &str) -> bool {
        let mut changed = false;
        for c in text.chars() {
            if self.max.is_some_and(|m| self.chars.len() >= m) {
                break;
            }
            let c = if c.is_control() { ' ' } else { c };
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
            changed = true;
        }
        changed
    }

    /// Applies one editing key. Returns true if the text or the cursor changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let before = (self.chars.len(), self.cursor);
        match key.code {
            // A control character typed (never a key of its own) is not text.
            KeyCode::Char(c) if c.is_control() => return false,
            KeyCode::Char(c) if !ctrl && !alt => {
                let mut buf = [0; 4];
                return self.insert_str(c.encode_utf8(&mut buf));
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.chars.len(),
            KeyCode::Char('u') if ctrl => {
                self.clear();
                return before.0 > 0;
            }
            KeyCode::Char('k') if ctrl => self.chars.truncate(self.cursor),
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Backspace if alt || ctrl => self.delete_word(),
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
                return true;
            }
            KeyCode::Left if ctrl || alt => self.cursor = self.word_start(),
            KeyCode::Right if ctrl || alt => self.cursor = self.word_end(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => return false,
        }
        before != (self.chars.len(), self.cursor)
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
}
