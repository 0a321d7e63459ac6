//! Offline review from the app (docs/OFFLINE.md). `O` checks a working set out: this subject,
//! the subjects the list shows, the user's own, or those due a visit, into a new folder, for
//! the user logged in (their passphrase is asked again: the working set opens with it). `I`
//! checks one in: the folder and the passphrase, then what the laptop changed, with every
//! field the office changed too shown side by side (laptop, office, as checked out) to choose;
//! `ctrl-s` writes it all at once, or nothing.
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::merge::draw_list;
use crate::tui::action::Action;
use crate::tui::component::{Paint, hints};
use crate::tui::form::LineEdit;
use crate::tui::form::paste::Outcome;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::text::wrap_line;
use crate::tui::views::widgets::{error_line, masked};

/// The longest text a field takes.
const MAX_INPUT: usize = 500;

/// One field of these dialogs.
pub(super) enum Input {
    /// One of these, changed with left/right (or space).
    Choice(Vec<String>, usize),
    Text(LineEdit),
    /// Typed but never shown.
    Secret(LineEdit),
}

pub(super) struct Field {
    pub(super) label: &'static str,
    pub(super) input: Input,
}

/// What the dialog does after [`Fields::action`].
pub(super) enum Step {
    Stay,
    Submit,
    Cancel,
}

/// The fields of a dialog and the one focused.
pub(super) struct Fields {
    pub(super) list: Vec<Field>,
    pub(super) focus: usize,
}

impl Fields {
    pub(super) fn text(&self, i: usize) -> String {
        match self.list.get(i).map(|f| &f.input) {
            Some(Input::Text(l)) => l.text().trim().to_string(),
            _ => String::new(),
        }
    }

    pub(super) fn choice(&self, i: usize) -> usize {
        match self.list.get(i).map(|f| &f.input) {
            Some(Input::Choice(_, at)) => *at,
            _ => 0,
        }
    }

    /// Clear every secret field.
    pub(super) fn forget_secrets(&mut self) {
        for f in &mut self.list {
            if let Input::Secret(line) = &mut f.input {
                line.clear();
            }
        }
    }

    /// The secret typed in field `i`, taken out of it (the field is empty afterwards).
    pub(super) fn take_secret(&mut self, i: usize) -> String {
        match self.list.get_mut(i).map(|f| &mut f.input) {
            Some(Input::Secret(l)) => l.take_secret(),
            _ => String::new(),
        }
    }

    pub(super) fn secret_empty(&self, i: usize) -> bool {
        !matches!(self.list.get(i).map(|f| &f.input), Some(Input::Secret(l)) if !l.is_empty())
    }

    /// What a key's `action` means on these fields: moving between them is done here;
    /// `Submit` (`save`, or `enter` on the last field) and `Cancel` are the dialog's to do.
    pub(super) fn action(&mut self, action: Action) -> Step {
        match action {
            Action::NextField | Action::MoveDown => self.step(true),
            Action::PrevField | Action::MoveUp => self.step(false),
            Action::Open if !self.on_last() => self.step(true),
            Action::Save | Action::Open => return Step::Submit,
            Action::Cancel | Action::Back => return Step::Cancel,
            _ => {}
        }
        Step::Stay
    }

    /// Whether the last field has the focus (`enter` there goes on; elsewhere to the next).
    fn on_last(&self) -> bool {
        self.focus + 1 >= self.list.len()
    }

    fn step(&mut self, forward: bool) {
        let n = self.list.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// A key for the focused field: a choice takes left/right/space, a line its editing keys.
    pub(super) fn key(&mut self, event: &KeyEvent) -> bool {
        let Some(field) = self.list.get_mut(self.focus) else {
            return false;
        };
        match &mut field.input {
            Input::Choice(options, at) => {
                let n = options.len().max(1);
                let plain = !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                match event.code {
                    KeyCode::Right | KeyCode::Char(' ') if plain => *at = (*at + 1) % n,
                    KeyCode::Left if plain => *at = (*at + n - 1) % n,
                    _ => return false,
                }
                true
            }
            Input::Text(line) | Input::Secret(line) => line.handle_key(event),
        }
    }

    /// Pasted text for the focused field: `Err` says why it was not taken.
    pub(super) fn paste(&mut self, text: &str) -> Result<(), String> {
        match self.list.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Text(line) | Input::Secret(line)) => match line.paste(text) {
                Outcome::Refused(why) => Err(why),
                Outcome::Pasted { .. } => Ok(()),
            },
            _ => Err("Not pasted: this field is a choice (left/right changes it)".into()),
        }
    }

    /// The fields' lines for `width` columns, and where the focused one starts.
    pub(super) fn lines(&self, p: &Paint<'_>, width: usize) -> (Vec<Line<'static>>, usize) {
        let mut out = Vec::new();
        let mut focus = 0;
        for (i, f) in self.list.iter().enumerate() {
            let focused = i == self.focus;
            let head = Span::styled(
                format!("{}{}: ", if focused { "> " } else { "  " }, f.label),
                p.theme.heading,
            );
            let value = match &f.input {
                Input::Choice(options, at) => {
                    let v = options.get(*at).map(String::as_str).unwrap_or_default();
                    let v = crate::text::line(v);
                    // No text cursor on a choice: the arrows round it say how it changes.
                    vec![Span::raw(if focused {
                        format!("< {v} >")
                    } else {
                        v.into_owned()
                    })]
                }
                Input::Text(edit) | Input::Secret(edit) if focused => {
                    let secret = matches!(f.input, Input::Secret(_));
                    let room = width.saturating_sub(head.width()).max(1);
                    cursor_spans(p, edit, secret, room)
                }
                Input::Text(edit) => vec![Span::raw(crate::text::line(&edit.text()).into_owned())],
                Input::Secret(edit) => vec![Span::raw(masked(edit.len()))],
            };
            let line = Line::from(std::iter::once(head).chain(value).collect::<Vec<_>>());
            let line = if focused {
                focus = out.len();
                line.style(p.theme.selected)
            } else {
                line
            };
            out.extend(wrap_line(line, width, 4));
        }
        (out, focus)
    }
}

/// A focused line's text in `room` cells with the cursor's cell shown (reversed): a secret as
/// one `*` per character.
fn cursor_spans(p: &Paint<'_>, edit: &LineEdit, secret: bool, room: usize) -> Vec<Span<'static>> {
    let (text, at) = if secret {
        let all = masked(edit.len());
        let start = edit.cursor().saturating_sub(room.saturating_sub(1));
        let shown: String = all.chars().skip(start).take(room).collect();
        (shown, edit.cursor() - start)
    } else {
        let win = edit.window(room);
        // The cursor's place in characters, from its place in cells.
        let mut cells = 0;
        let at = win
            .text
            .chars()
            .take_while(|c| {
                cells += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                cells <= win.cursor_x
            })
            .count();
        (win.text, at)
    };
    let before: String = text.chars().take(at).collect();
    let under: String = text.chars().skip(at).take(1).collect();
    let after: String = text.chars().skip(at + 1).collect();
    let cursor = if under.is_empty() {
        " ".to_string()
    } else {
        under
    };
    vec![
        Span::raw(before),
        Span::styled(cursor, p.theme.key.add_modifier(Modifier::REVERSED)),
        Span::raw(after),
    ]
}

pub(super) fn text_field(label: &'static str, value: &str) -> Field {
    Field {
        label,
        input: Input::Text(LineEdit::new(value).with_max(MAX_INPUT)),
    }
}

pub(super) fn secret_field() -> Field {
    Field {
        label: "Your passphrase",
        input: Input::Secret(LineEdit::secret(MAX_INPUT)),
    }
}

/// `~/x` as the home folder's `x`; anything else as typed.
pub(super) fn folder(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// A whole number of days in `1..=max` typed in `field` ("Open for (days)").
pub(super) fn days(typed: &str, what: &str, max: u32) -> Result<u32, String> {
    match typed.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("{what}: a whole number of days from 1 to {max}")),
    }
}

/// The dialog's box: `intro`, the fields, the error, the keys.
pub(super) fn draw_fields(
    frame: &mut Frame,
    p: &Paint<'_>,
    title: String,
    intro: &str,
    (fields, error): (&Fields, &Option<String>),
) {
    let width = usize::from(p.screen.width.min(110).saturating_sub(2));
    let mut lines = wrap_line(Line::raw(intro.to_string()), width, 0);
    lines.push(Line::raw(""));
    let (more, focus) = fields.lines(p, width);
    let focus = focus + lines.len();
    lines.extend(more);
    if let Some(e) = error_line(p.theme, error) {
        lines.push(Line::raw(""));
        lines.extend(wrap_line(e, width, 2));
    }
    // The focused field in view, with everything after it that fits (the error).
    draw_list(frame, p, title, (lines, &[0, focus]), 1);
}

pub(super) fn field_hints(keymap: &Keymap, last: &'static str) -> Vec<(String, &'static str)> {
    let mut out = vec![("left/right".to_string(), "change a choice")];
    out.extend(hints(
        keymap,
        Layer::Input,
        &[
            (Action::NextField, "next field"),
            (Action::Save, last),
            (Action::Cancel, "cancel"),
        ],
    ));
    out
}

mod checkin;
mod checkout;

pub use checkin::CheckinDialog;
pub use checkout::{CheckoutDialog, MAX_SHOWN, Shown};
