//! One field of a form: its spec and the editor its kind calls for.
//!
//! A choice, a yes/no and a multiple choice change only by their own keys (left/right, space,
//! home/end). Letters typed on them never change the value: they *find* an option
//! ([`Find`]), shown as a preview, and only enter picks it (esc or leaving the field drops it).
//! So a note typed into the wrong field can never silently change a choice.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::line::LineEdit;
use super::paste::{self, Lines, Outcome};
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
    /// Text typed on a choice to find an option: nothing is picked until it is confirmed.
    find: Option<Find>,
}

/// Text typed on a choice, a yes/no or a multiple choice, and which of its matches is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Find {
    /// What was typed.
    pub text: String,
    /// Which match is previewed (an index into the matches, not the options).
    pub nth: usize,
}

/// What a [`Find`] shows: the typed text, the option it would pick (index and label) and how
/// many options match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub text: String,
    pub pick: Option<(usize, String)>,
    pub nth: usize,
    pub matches: usize,
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
        Field {
            spec,
            editor,
            find: None,
        }
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

    /// The field gained the focus: a one-line field's text is selected, so typing replaces it.
    pub fn focused(&mut self) {
        if let Editor::Line(line) = &mut self.editor {
            line.select_all();
        }
    }

    /// The field lost the focus: text typed to find an option is dropped (nothing was picked),
    /// and a selection is dropped.
    pub fn blurred(&mut self) {
        self.find = None;
        if let Editor::Line(line) = &mut self.editor {
            line.unselect();
        }
    }

    /// Whether a one-line field's text is all selected (the next key typed replaces it).
    pub fn replaces(&self) -> bool {
        matches!(&self.editor, Editor::Line(line) if line.all_selected())
    }

    /// Whether the field holds one line of text.
    pub fn is_line(&self) -> bool {
        matches!(self.editor, Editor::Line(_))
    }

    /// The options of a choice-like field, as shown (`None` for text).
    fn options(&self) -> Option<Vec<&str>> {
        match &self.editor {
            Editor::Choice { labels, .. } => Some(labels.iter().map(String::as_str).collect()),
            Editor::Multi { options, .. } => Some(options.iter().map(String::as_str).collect()),
            Editor::Toggle(_) => Some(vec!["no", "yes"]),
            Editor::Line(_) | Editor::Area(_) => None,
        }
    }

    /// The pending find, if text was typed on a choice and not yet confirmed or dropped.
    pub fn preview(&self) -> Option<Preview> {
        let find = self.find.as_ref()?;
        let options = self.options().unwrap_or_default();
        let found = matches(&options, &find.text);
        let pick = found
            .get(find.nth)
            .and_then(|&i| options.get(i).map(|l| (i, (*l).to_string())));
        Some(Preview {
            text: find.text.clone(),
            pick,
            nth: find.nth,
            matches: found.len(),
        })
    }

    /// Drop the pending find. True if there was one.
    pub fn drop_find(&mut self) -> bool {
        self.find.take().is_some()
    }

    /// Confirm the pending find: a choice takes the option found, a yes/no its answer, a
    /// multiple choice moves its cursor there (space then ticks it). True if a find was
    /// pending (it stays, changing nothing, while nothing matches).
    pub fn confirm_find(&mut self) -> bool {
        let Some(preview) = self.preview() else {
            return false;
        };
        let Some((i, _)) = preview.pick else {
            return true;
        };
        self.find = None;
        match &mut self.editor {
            Editor::Choice {
                selected, unknown, ..
            } => {
                *selected = Some(i);
                *unknown = None;
            }
            Editor::Toggle(on) => *on = i == 1,
            Editor::Multi { cursor, .. } => *cursor = i,
            Editor::Line(_) | Editor::Area(_) => {}
        }
        true
    }

    /// Applies one key. Returns true if the value or what the field shows (cursor, selection,
    /// a find) changed.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let plain_char = match key.code {
            KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => Some(c),
            _ => None,
        };
        match &mut self.editor {
            Editor::Line(line) => return line.handle_key(key),
            Editor::Area(area) => {
                return match key.code {
                    KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc => false,
                    // ctrl-u deletes to the start of the line, as in a one-line field (not undo).
                    KeyCode::Char('u') if ctrl => area.delete_line_by_head(),
                    _ => {
                        let before = area.cursor();
                        area.input(*key) || area.cursor() != before
                    }
                };
            }
            _ => {}
        }
        if self.find.is_some() {
            return self.find_key(key.code, plain_char);
        }
        // A printable key other than space starts a find: it shows what it would pick and
        // changes nothing.
        if let Some(c) = plain_char.filter(|c| *c != ' ') {
            self.find = Some(Find {
                text: c.to_string(),
                nth: 0,
            });
            return true;
        }
        match &mut self.editor {
            Editor::Toggle(on) => {
                let next = match (key.code, plain_char) {
                    (KeyCode::Left | KeyCode::Right, _) | (_, Some(' ')) => !*on,
                    _ => return false,
                };
                *on = next;
                true
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
                    _ => return false,
                }
                *cursor != before
            }
            Editor::Line(_) | Editor::Area(_) => false,
        }
    }

    /// A key while a find is pending: printable keys (space too) extend it, backspace shortens
    /// it (dropping it when empty), left/right show the previous or next match, enter picks.
    /// Nothing but enter changes the value.
    fn find_key(&mut self, code: KeyCode, plain_char: Option<char>) -> bool {
        let matches = self.preview().map_or(0, |p| p.matches);
        let Some(find) = self.find.as_mut() else {
            return false;
        };
        match (code, plain_char) {
            (_, Some(c)) => {
                find.text.push(c);
                find.nth = 0;
            }
            (KeyCode::Backspace, _) => {
                find.text.pop();
                find.nth = 0;
                if find.text.is_empty() {
                    self.find = None;
                }
            }
            (KeyCode::Right, _) if matches > 0 => find.nth = (find.nth + 1) % matches,
            (KeyCode::Left, _) if matches > 0 => find.nth = (find.nth + matches - 1) % matches,
            (KeyCode::Enter, _) => return self.confirm_find(),
            _ => return false,
        }
        true
    }

    /// Pastes into a text field (one line or several, see [`super::paste`]). A choice takes no
    /// pasted text: it is refused, and the field is named.
    pub fn paste(&mut self, text: &str) -> Outcome {
        match &mut self.editor {
            Editor::Line(line) => line.paste(text),
            Editor::Area(area) => match paste::clean(text, Lines::Many) {
                Ok((clean, dropped)) => {
                    let chars = clean.chars().count();
                    area.insert_str(clean);
                    Outcome::Pasted { chars, dropped }
                }
                Err(why) => Outcome::Refused(why),
            },
            Editor::Toggle(_) | Editor::Choice { .. } | Editor::Multi { .. } => {
                Outcome::Refused(format!(
                    "Not pasted: {} is not a text field; choose with its keys",
                    crate::text::line(&self.spec.label)
                ))
            }
        }
    }
}

/// The options whose label matches `text` (accents and case ignored): those starting with it
/// first, then those with a word starting with it, then any containing it; each group in
/// option order.
pub fn matches(options: &[&str], text: &str) -> Vec<usize> {
    let want = crate::text::fold(text.trim_start());
    if want.is_empty() {
        return Vec::new();
    }
    let folded: Vec<String> = options.iter().map(|o| crate::text::fold(o)).collect();
    let rank = |label: &str| -> Option<u8> {
        if label.starts_with(&want) {
            Some(0)
        } else if label
            .match_indices(&want)
            .any(|(at, _)| !label[..at].ends_with(|c: char| c.is_alphanumeric()))
        {
            Some(1)
        } else if label.contains(&want) {
            Some(2)
        } else {
            None
        }
    };
    let mut found: Vec<(u8, usize)> = folded
        .iter()
        .enumerate()
        .filter_map(|(i, l)| rank(l).map(|r| (r, i)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, i)| i).collect()
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
