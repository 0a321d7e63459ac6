//! One key chord (`j`, `G`, `ctrl-c`, `shift-tab`, `f5`): its syntax, its canonical form, and the
//! translation from a crossterm key event.
//!
//! # Syntax
//! `[ctrl-][alt-][shift-]KEY` where `KEY` is one printable character (`j`, `G`, `?`, `1`) or a
//! named key: `enter`, `esc`, `tab`, `backspace`, `delete`, `up`, `down`, `left`, `right`, `home`,
//! `end`, `pageup`, `pagedown`, `space`, `f1`..`f12`.
//!
//! Parsing is forgiving and printing is canonical, so `parse(print(k)) == k` for every key that
//! can be bound, and two spellings of the same key compare equal:
//! - modifier and key names are case-insensitive (`Ctrl-Enter` is `ctrl-enter`); modifiers may
//!   come in any order and print as `ctrl-alt-shift-`;
//! - `shift-` on a letter is the capital letter (`shift-g` is `G`); on other characters it is an
//!   error, because which character shift gives depends on the keyboard layout: write `?`;
//! - with `ctrl-` a letter is always lower case (`ctrl-C` and `ctrl-shift-c` are `ctrl-c`), because
//!   terminals cannot tell them apart.
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode as CtCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The key itself, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character; `' '` is written `space`.
    Char(char),
    Enter,
    Esc,
    /// Tab; with shift it is `shift-tab` (crossterm's `BackTab`).
    Tab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// Function keys `f1`..`f12`.
    F(u8),
    /// A key spmp cannot bind (Insert, media keys, super-/hyper-/meta- chords, f13+...).
    /// Produced only by [`Key::from_event`]; never parsed, never bound.
    Unsupported,
}

/// The modifiers spmp distinguishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Modifiers {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// A key chord in canonical form (see the module docs). Build one with [`str::parse`] or
/// [`Key::from_event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCode,
    mods: Modifiers,
}

/// Why a key string does not parse. The message is shown after the key in keymap errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("empty key")]
    Empty,
    #[error("unknown key name \"{name}\"{}", hint(.suggestion))]
    UnknownName {
        name: String,
        suggestion: Option<&'static str>,
    },
    #[error("modifier \"{0}-\" is given twice")]
    RepeatedModifier(&'static str),
    #[error(
        "\"shift-\" works only with letters and named keys; write the character itself, e.g. \"?\""
    )]
    ShiftOnSymbol,
    #[error("write a space as \"space\"")]
    Whitespace,
    #[error("control characters cannot be keys")]
    Control,
}

fn hint(suggestion: &Option<&'static str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean \"{s}\"?"))
}

/// Named keys and their spelling, in the order they are documented.
const NAMES: [(&str, KeyCode); 14] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

/// Spellings people reach for, mapped to the one spmp uses (only for "did you mean").
const ALIASES: [(&str, &str); 9] = [
    ("escape", "esc"),
    ("return", "enter"),
    ("del", "delete"),
    ("bs", "backspace"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("page_up", "pageup"),
    ("page_down", "pagedown"),
    ("backtab", "shift-tab"),
];

impl Key {
    /// A key with these modifiers, put in canonical form. Fails where the parser would.
    pub fn new(code: KeyCode, mods: Modifiers) -> Result<Key, KeyParseError> {
        let (mut code, mut mods) = (code, mods);
        if let KeyCode::Char(c) = code {
            if c.is_control() {
                return Err(KeyParseError::Control);
            }
            if c.is_whitespace() && c != ' ' {
                return Err(KeyParseError::Whitespace);
            }
            if mods.shift {
                if !c.is_ascii_alphabetic() {
                    return Err(KeyParseError::ShiftOnSymbol);
                }
                code = KeyCode::Char(c.to_ascii_uppercase());
                mods.shift = false;
            }
        }
        if let KeyCode::F(n) = code
            && !(1..=12).contains(&n)
        {
            return Err(KeyParseError::UnknownName {
                name: format!("f{n}"),
                suggestion: None,
            });
        }
        if code == KeyCode::Unsupported {
            return Err(KeyParseError::UnknownName {
                name: "unsupported".into(),
                suggestion: None,
            });
        }
        Ok(Key::canonical(code, mods))
    }

    /// Applies the rules that hold for parsed and received keys alike.
    fn canonical(code: KeyCode, mods: Modifiers) -> Key {
        let code = match code {
            KeyCode::Char(c) if mods.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, mods }
    }

    /// The key of a crossterm key event, normalised so it matches the parsed form:
    /// - character keys drop SHIFT (terminals send `G` as `Char('G')` with or without SHIFT);
    ///   a lower-case letter with SHIFT becomes the capital;
    /// - `BackTab`, with or without SHIFT, is `shift-tab`;
    /// - with CTRL, letters are lower case (`ctrl-C` is `ctrl-c`);
    /// - anything spmp cannot bind (SUPER/HYPER/META chords, Insert, media keys, f13+) is a key
    ///   with [`KeyCode::Unsupported`], which no keymap binds.
    ///
    /// The event's `kind` is **not** looked at: the caller must drop `KeyEventKind::Release`
    /// events (Windows always sends them) or use [`Key::from_press`], which does.
    pub fn from_event(event: &KeyEvent) -> Key {
        let m = event.modifiers;
        let unsupported = Key {
            code: KeyCode::Unsupported,
            mods: Modifiers::default(),
        };
        if m.intersects(KeyModifiers::SUPER | KeyModifiers::HYPER | KeyModifiers::META) {
            return unsupported;
        }
        let mut mods = Modifiers {
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT),
        };
        let code = match event.code {
            CtCode::Char(c) if c.is_control() => return unsupported,
            CtCode::Char(c) => {
                let c = if mods.shift {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                mods.shift = false;
                KeyCode::Char(c)
            }
            CtCode::BackTab => {
                mods.shift = true;
                KeyCode::Tab
            }
            CtCode::Enter => KeyCode::Enter,
            CtCode::Esc => KeyCode::Esc,
            CtCode::Tab => KeyCode::Tab,
            CtCode::Backspace => KeyCode::Backspace,
            CtCode::Delete => KeyCode::Delete,
            CtCode::Up => KeyCode::Up,
            CtCode::Down => KeyCode::Down,
            CtCode::Left => KeyCode::Left,
            CtCode::Right => KeyCode::Right,
            CtCode::Home => KeyCode::Home,
            CtCode::End => KeyCode::End,
            CtCode::PageUp => KeyCode::PageUp,
            CtCode::PageDown => KeyCode::PageDown,
            CtCode::F(n) if (1..=12).contains(&n) => KeyCode::F(n),
            _ => return unsupported,
        };
        Key::canonical(code, mods)
    }

    /// [`Key::from_event`] for events that count as a key press: `Press` and `Repeat` (a held
    /// key repeats, as it does on terminals that never report kinds); `None` for `Release`.
    pub fn from_press(event: &KeyEvent) -> Option<Key> {
        match event.kind {
            KeyEventKind::Release => None,
            KeyEventKind::Press | KeyEventKind::Repeat => Some(Key::from_event(event)),
        }
    }

    /// The key without modifiers.
    pub fn code(&self) -> KeyCode {
        self.code
    }

    /// The modifiers (never `shift` on a character key).
    pub fn modifiers(&self) -> Modifiers {
        self.mods
    }

    /// The character a text field would insert for this key: a character key (space included)
    /// without ctrl or alt. Such keys are typed, never bound, in the `input` layer.
    pub fn printable(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.mods.ctrl && !self.mods.alt => Some(c),
            _ => None,
        }
    }

    /// Whether a text field would take this key as typing; see [`Key::printable`].
    pub fn is_printable(&self) -> bool {
        self.printable().is_some()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.mods.alt {
            f.write_str("alt-")?;
        }
        if self.mods.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Unsupported => f.write_str("<unsupported>"),
            code => {
                let name = NAMES.iter().find(|(_, c)| *c == code).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("<unsupported>"))
            }
        }
    }
}

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(text: &str) -> Result<Key, KeyParseError> {
        let mut rest = text;
        let mut mods = Modifiers::default();
        'prefixes: loop {
            for (prefix, name) in [("ctrl-", "ctrl"), ("alt-", "alt"), ("shift-", "shift")] {
                let head = rest.get(..prefix.len());
                if rest.len() > prefix.len() && head.is_some_and(|h| h.eq_ignore_ascii_case(prefix))
                {
                    let flag = match name {
                        "ctrl" => &mut mods.ctrl,
                        "alt" => &mut mods.alt,
                        _ => &mut mods.shift,
                    };
                    if *flag {
                        return Err(KeyParseError::RepeatedModifier(name));
                    }
                    *flag = true;
                    rest = &rest[prefix.len()..];
                    continue 'prefixes;
                }
            }
            break;
        }
        Key::new(parse_code(rest)?, mods)
    }
}

/// The key part of a key string, after the modifiers.
fn parse_code(name: &str) -> Result<KeyCode, KeyParseError> {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (None, _) => return Err(KeyParseError::Empty),
        // A literal space is easy to misread in a file: it is spelt `space`.
        (Some(c), None) if c.is_whitespace() => return Err(KeyParseError::Whitespace),
        (Some(c), None) => return Ok(KeyCode::Char(c)),
        _ => {}
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Ok(*code);
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|d| d.parse::<u8>().ok())
        && (1..=12).contains(&n)
        && !lower.starts_with("f0")
    {
        return Ok(KeyCode::F(n));
    }
    let suggestion = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map(|(_, name)| *name)
        .or_else(|| closest(&lower, NAMES.iter().map(|(n, _)| *n)));
    Err(KeyParseError::UnknownName {
        name: name.to_string(),
        suggestion,
    })
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count().div_ceil(3)).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
#[path = "key_tests.rs"]
mod tests;
