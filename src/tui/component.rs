//! Dialogs as components on a layer stack (after gitui's `Component` and helix's compositor).
//!
//! A [`Component`] holds its state, handles its keys and draws itself: everything about one
//! dialog is in its file under `tui/dialogs/`. The app keeps the open dialogs in a stack over the
//! main screen and routes each key to the top one: printable keys to a dialog that takes text,
//! then the keymap of the dialog's layers, then the dialog's own key handling (a text field's
//! backspace and arrows). A dialog answers with a [`Flow`]: stay, close, open another, or run an
//! action on the main screen. The app never special-cases a dialog's keys.
use std::any::Any;
use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::domain::{DraftKey, Policy, Subject};
use crate::ops::drafts::DraftData;
use crate::ops::undo::Session;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::theme::Theme;
use crate::tui::workbench::Workbench;

/// Which dialog a component is (for the status bar, the tests and the help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Help,
    Palette,
    Picker,
    Confirm,
    Form,
    Wizard,
    History,
    Drafts,
    Audit,
    Reason,
    Trends,
    Lock,
    Merge,
    TextView,
    /// Checking a working set out or in.
    Offline,
}

/// What a dialog asks the app to do after a key.
pub enum Flow {
    /// Stay open.
    Stay,
    /// Close this dialog.
    Close,
    /// Close this dialog and open another in its place.
    Replace(Box<dyn Component>),
    /// Open another dialog over this one.
    Push(Box<dyn Component>),
    /// Close this dialog and the one under it (a confirmation that discards a form).
    CloseTwo,
    /// Close this dialog and run `action` on the main screen (the palette).
    Run(Action),
    /// Close this dialog and hand `value` to the one under it ([`Component::resume`]): the
    /// merge dialog hands back the save it made.
    Return(Box<dyn Any>),
    /// Quit the app (after keeping any open form as a draft).
    Quit,
}

/// What a dialog may use and change while it handles a key: the store (through `ops`), the
/// keymap, the main screen's state (which holds force policy and the day), the session's undo
/// list and the status line.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub keymap: &'a Keymap,
    pub main: &'a mut Workbench,
    pub undo: &'a mut Session,
    pub message: &'a mut Option<String>,
    /// Set when a form changed and its draft is not yet written (the debounce).
    pub draft_pending: &'a mut Option<Instant>,
}

impl Ctx<'_> {
    /// Say `text` on the status line.
    pub fn say(&mut self, text: impl Into<String>) {
        *self.message = Some(text.into());
    }

    /// Force policy.
    pub fn policy(&self) -> &Policy {
        &self.main.policy
    }

    /// The day every rule is judged on.
    pub fn today(&self) -> NaiveDate {
        self.main.today
    }

    /// The subject `id` as stored now and its revision; the copy on screen is refreshed (and
    /// the user told) if another process changed it, so nobody edits a stale record.
    pub fn reload(&mut self, id: crate::domain::SubjectId) -> Result<(Subject, u64), String> {
        let (fresh, version) = crate::ops::item::load(self.store, id).map_err(|e| e.to_string())?;
        let changed = match self.main.subject(id) {
            Some(shown) => shown != &fresh,
            None => self.main.is_stale(&fresh),
        };
        if changed {
            self.main.upsert_subject(fresh.clone());
            self.say("Reloaded: this subject was changed elsewhere");
        } else {
            self.main.loaded(fresh.clone());
        }
        Ok((fresh, version))
    }

    /// Show a subject just saved: its row, its place in the queue, the cursor on it.
    pub fn show_saved(&mut self, subject: Subject) {
        self.main.upsert_subject(subject);
    }
}

/// What drawing needs besides the component itself.
pub struct Paint<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    /// The whole screen.
    pub screen: Rect,
    /// The title bar and the status bar as the main screen draws them, for full-screen
    /// components that keep them.
    pub title: Line<'static>,
    pub status: Line<'static>,
}

/// A dialog: its state, its keys and its drawing.
pub trait Component: Any {
    fn kind(&self) -> Kind;

    /// The keymap layers that apply, in lookup order. A dialog that takes text uses
    /// [`Layer::Input`]: printable keys are typed into it and never looked up.
    fn layers(&self) -> &'static [Layer] {
        &[Layer::Normal]
    }

    /// Whether the dialog uses `event` itself before the keymap sees it (enter and arrows in a
    /// text area).
    fn captures(&self, _event: &KeyEvent) -> bool {
        false
    }

    /// A key no binding claimed (or a printable key while typing). True if the dialog used it.
    fn key(&mut self, _event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        false
    }

    /// Pasted text (one bracketed paste, whole). A dialog with a text field puts it in the
    /// focused field only and says on the status line what became of it; returns false if the
    /// dialog takes no text (the app then says so; nothing changes).
    fn paste(&mut self, _text: &str, _ctx: &mut Ctx<'_>) -> bool {
        false
    }

    /// An action from the keymap.
    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow;

    /// What a dialog opened over this one handed back as it closed ([`Flow::Return`]).
    fn resume(&mut self, _value: Box<dyn Any>, _ctx: &mut Ctx<'_>) -> Flow {
        Flow::Stay
    }

    /// Draw over the screen. Scroll limits found while drawing are kept by the component's
    /// [`crate::tui::scroll::Scroll`] for its next key.
    fn draw(&self, frame: &mut Frame, paint: &Paint<'_>);

    /// `(key, what it does)` for the status bar, keys from the effective keymap.
    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)>;

    /// Whether the dialog takes the whole screen (nothing under it is drawn).
    fn full_screen(&self) -> bool {
        false
    }

    /// The screen is locking: forget anything secret typed (a passphrase), so nothing of it
    /// waits in memory under the lock.
    fn forget_secrets(&mut self) {}

    /// The unsaved form this dialog holds, to keep as a draft.
    fn draft(&self) -> Option<(DraftKey, DraftData)> {
        None
    }

    /// Whether anything was typed that would be lost by closing the dialog.
    fn dirty(&self) -> bool {
        false
    }

    fn as_any(&self) -> &dyn Any;
}

/// `(key, label)` pairs for `actions` in `layer`, keys from the keymap; actions without a key
/// are left out.
pub fn hints(
    keymap: &Keymap,
    layer: Layer,
    pairs: &[(Action, &'static str)],
) -> Vec<(String, &'static str)> {
    pairs
        .iter()
        .filter_map(|(a, label)| keymap.hint(layer, *a).map(|k| (k, *label)))
        .collect()
}

/// Hints as one line of text: `key label  key label`.
pub fn hint_text(hints: &[(String, &'static str)]) -> String {
    hints
        .iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect::<Vec<_>>()
        .join("  ")
}
