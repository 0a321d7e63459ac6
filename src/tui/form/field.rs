//! One field of a form: its spec and the editor its kind calls for.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::line::LineEdit;
use crate::edit::{FieldKind, FieldSpec};

/// The editing state of one field, by kind.
#[derive(Debug, Clone)]
pub enum Editor {
    /// Text, Date, OptDate, Time, Number: one line with a cursor.
    Line(LineEdit),
    /// Multiline, Lines: a text area; enter inserts a newline.
    Area(Box<TextArea<'static>>),
    /// Bool: yes or no.
    Toggle(bool),
    /// Choice: one option, or none yet. The labels are shown, the value is the chosen key. A
    /// stored value that is not a choice is kept as `unknown` (never silently dropped) until the
    /// user picks one.
    Choice {
        labels: Vec<String>,
        keys: Vec<String>,
        selected: Option<usize>,
        unknown: Option<String>,
    },
    /// MultiChoice: every option (label shown, key kept) with a tick, and an inner cursor.
    /// Stored values that are not choices are kept as extra, ticked options after them.
    Multi {
        options: Vec<String>,
        keys: Vec<String>,
        ticked: Vec<bool>,
        cursor: usize,
    },
}

/// A field: what it is and its editor.
#[derive(Debug, Clone)]
pub struct Field {
    pub spec: FieldSpec,
    pub editor: Editor,
}

impl Field {
    /// A field of `spec` holding `value`.
    pub fn new(spec: FieldSpec, value: &str) -> Field {
        let editor = match &spec.kind {
            FieldKind::Text
            | FieldKind::Date
            | FieldKind::OptDate
            | FieldKind::Time
            | FieldKind::Number { .. } => Editor::Line(LineEdit::new(value)),
            FieldKind::Multiline | FieldKind::Lines => Editor::Area(Box::new(text_area(value))),
            FieldKind::Bool => Editor::Toggle(matches!(
                value.trim().to_lowercase().as_str(),
                "yes" | "y" | "true" | "1"
            )),
            FieldKind::Choice(choices) => {
                let text = value.trim();
                let selected = crate::edit::parse::choice_index(choices, text);
                let unknown = (selected.is_none() && !text.is_empty()).then(|| value.to_string());
                Editor::Choice {
                    labels: choices.iter().map(|c| c.label.clone()).collect(),
                    keys: choices.iter().map(|c| c.key.clone()).collect(),
                    selected,
                    unknown,
                }
            }
            FieldKind::MultiChoice(choices) => {
                let chosen: Vec<&str> = value.split('\n').filter(|v| !v.is_empty()).collect();
                let picked: Vec<Option<usize>> = chosen
                    .iter()
                    .map(|v| crate::edit::parse::choice_index(choices, v))
                    .collect();
                let mut options: Vec<String> = choices.iter().map(|c| c.label.clone()).collect();
                let mut keys: Vec<String> = choices.iter().map(|c| c.key.clone()).collect();
                let mut ticked: Vec<bool> = (0..choices.len())
                    .map(|i| picked.contains(&Some(i)))
                    .collect();
                for (extra, _) in chosen.iter().zip(&picked).filter(|(_, p)| p.is_none()) {
                    if !keys.iter().any(|k| k == extra) {
                        options.push((*extra).to_string());
                        keys.push((*extra).to_string());
                        ticked.push(true);
                    }
                }
                Editor::Multi {
                    options,
                    keys,
                    ticked,
                    cursor: 0,
                }
            }
        };
        Field { spec, editor }
    }

    /// The value as the form hands it on: text areas and ticked options joined by `\n`.
    pub fn value(&self) -> String {
        match &self.editor {
            Editor::Line(line) => line.text(),
            Editor::Area(area) => area.lines().join("\n"),
            Editor::Toggle(on) => if *on { "yes" } else { "no" }.to_string(),
            Editor::Choice {
                keys,
                selected,
                unknown,
                ..
            } => match (selected.and_then(|i| keys.get(i)), unknown) {
                (Some(key), _) => key.clone(),
                (None, Some(raw)) => raw.clone(),
                (None, None) => String::new(),
            },
            Editor::Multi { keys, ticked, .. } => keys
                .iter()
                .zip(ticked)
                .filter(|(_, t)| **t)
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Whether the field is a text area (which uses enter, up and down itself).
    pub fn is_area(&self) -> bool {
        matches!(self.editor, Editor::Area(_))
    }

    /// Applies one key. Returns true if the value or what the field shows (cursor) changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let plain_char = match key.code {
            KeyCode::Char(c) if !ctrl && !alt => Some(c),
            _ => None,
        };
        match &mut self.editor {
            Editor::Line(line) => line.handle_key(key),
            Editor::Area(area) => match key.code {
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc => false,
                // ctrl-u deletes to the start of the line, as in a one-line field (not undo).
                KeyCode::Char('u') if ctrl => area.delete_line_by_head(),
                _ => {
                    let before = area.cursor();
                    area.input(*key) || area.cursor() != before
                }
            },
            Editor::Toggle(on) => {
                let next = match (key.code, plain_char) {
                    (KeyCode::Left | KeyCode::Right, _) | (_, Some(' ')) => !*on,
                    (_, Some('y' | 'Y')) => true,
                    (_, Some('n' | 'N')) => false,
                    _ => return false,
                };
                let changed = next != *on;
                *on = next;
                changed
            }
            Editor::Choice {
                labels,
                selected,
                unknown,
                ..
            } => {
                let n = labels.len();
                if n == 0 {
                    return false;
                }
                let next = match (key.code, plain_char) {
                    (KeyCode::Right, _) | (_, Some(' ')) => selected.map_or(0, |i| (i + 1) % n),
                    (KeyCode::Left, _) => selected.map_or(n - 1, |i| (i + n - 1) % n),
                    (KeyCode::Home, _) => 0,
                    (KeyCode::End, _) => n - 1,
                    (_, Some(c)) => match next_starting(labels, *selected, c) {
                        Some(i) => i,
                        None => return false,
                    },
                    _ => return false,
                };
                let changed = *selected != Some(next);
                *selected = Some(next);
                *unknown = None;
                changed
            }
            Editor::Multi {
                options,
                ticked,
                cursor,
                ..
            } => {
                let n = options.len();
                if n == 0 {
                    return false;
                }
                let before = *cursor;
                match (key.code, plain_char) {
                    (_, Some(' ')) => {
                        if let Some(t) = ticked.get_mut(*cursor) {
                            *t = !*t;
                            return true;
                        }
                        return false;
                    }
                    (KeyCode::Left, _) => *cursor = cursor.saturating_sub(1),
                    (KeyCode::Right, _) => *cursor = (*cursor + 1).min(n - 1),
                    (KeyCode::Home, _) => *cursor = 0,
                    (KeyCode::End, _) => *cursor = n - 1,
                    (_, Some(c)) => match next_starting(options, Some(*cursor), c) {
                        Some(i) => *cursor = i,
                        None => return false,
                    },
                    _ => return false,
                }
                *cursor != before
            }
        }
    }

    /// Inserts pasted text into a text field (newlines become spaces in one-line fields).
    /// Other kinds ignore pastes. Returns true if the value changed.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.editor {
            Editor::Line(line) => line.insert_str(&text.replace("\r\n", " ")),
            Editor::Area(area) => area.insert_str(text.replace("\r\n", "\n")),
            _ => false,
        }
    }
}

/// A text area holding `value`, wrapping at words, cursor at the end.
fn text_area(value: &str) -> TextArea<'static> {
    let mut area = TextArea::new(value.split('\n').map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// The next label after `from` (wrapping) whose first letter is `c`, ignoring case.
fn next_starting(labels: &[String], from: Option<usize>, c: char) -> Option<usize> {
    let n = labels.len();
    let want: String = c.to_lowercase().collect();
    let start = from.map_or(0, |i| i + 1);
    (0..n).map(|k| (start + k) % n).find(|&i| {
        labels[i]
            .chars()
            .next()
            .is_some_and(|f| f.to_lowercase().collect::<String>() == want)
    })
}
