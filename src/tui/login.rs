//! The login screen's state: a small state machine fed keys, separate from the event loop (see
//! `run::run_login`) and the drawing (`views::login`), so tests drive it with a `TestBackend`.
//!
//! It logs in to a store that has users, or, when there is none yet, creates its administrator.
//! A failed attempt changes nothing: the message says why and the passphrase is typed again.
use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::domain::Role;
use crate::ops::{self, OpsError};
use crate::store::{Login, Passphrase, Store, StoreError, StoreOptions, StoreStatus};
use crate::tui::form::LineEdit;

/// The longest a typed name or passphrase may be (further keys are ignored).
const MAX_INPUT: usize = 200;

/// What the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginMode {
    /// Log in to a store that has users.
    Login,
    /// The store has no users yet: create its administrator.
    CreateAdmin,
}

/// The fields of the screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginField {
    User,
    Passphrase,
    Repeat,
}

/// What the event loop does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginStep {
    /// Keep reading keys.
    Continue,
    /// Try the login now (`LoginScreen::submit`): it may take a moment, so draw first.
    Submit,
    /// The user left without logging in.
    Quit,
}

/// The login (or create-administrator) screen.
pub struct LoginScreen {
    pub mode: LoginMode,
    /// The store directory (shown, and opened on submit).
    pub dir: PathBuf,
    /// Options the store is opened or created with (tests use a cheap key derivation).
    pub options: StoreOptions,
    pub user: LineEdit,
    pub passphrase: LineEdit,
    pub repeat: LineEdit,
    pub focus: LoginField,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// The demo store: list its users and passphrases and say the data is fictional.
    pub demo: bool,
    /// A login is being checked (drawn as "Checking...").
    pub busy: bool,
}

impl LoginScreen {
    /// The screen for the store in `dir` in the state `status`; `user` prefills the name.
    pub fn new(dir: &Path, status: StoreStatus, user: Option<&str>, demo: bool) -> Self {
        let mode = match status {
            StoreStatus::Ready => LoginMode::Login,
            StoreStatus::Absent | StoreStatus::NeedsAdministrator => LoginMode::CreateAdmin,
        };
        let user: String = user
            .map(str::trim)
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let user = LineEdit::new(&user).with_max(MAX_INPUT);
        let focus = if user.is_empty() {
            LoginField::User
        } else {
            LoginField::Passphrase
        };
        Self {
            mode,
            dir: dir.to_path_buf(),
            options: StoreOptions::default(),
            user,
            passphrase: LineEdit::secret(MAX_INPUT),
            repeat: LineEdit::secret(MAX_INPUT),
            focus,
            error: None,
            demo,
            busy: false,
        }
    }

    /// Use `options` to open or create the store.
    pub fn with_options(mut self, options: StoreOptions) -> Self {
        self.options = options;
        self
    }

    /// The fields shown, in order.
    pub fn fields(&self) -> &'static [LoginField] {
        match self.mode {
            LoginMode::Login => &[LoginField::User, LoginField::Passphrase],
            LoginMode::CreateAdmin => {
                &[LoginField::User, LoginField::Passphrase, LoginField::Repeat]
            }
        }
    }

    fn focus_index(&self) -> usize {
        self.fields()
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0)
    }

    fn move_focus(&mut self, by: isize) {
        let fields = self.fields();
        let n = fields.len() as isize;
        let i = (self.focus_index() as isize + by).rem_euclid(n);
        self.focus = fields[i as usize];
    }

    fn field_mut(&mut self) -> &mut LineEdit {
        match self.focus {
            LoginField::User => &mut self.user,
            LoginField::Passphrase => &mut self.passphrase,
            LoginField::Repeat => &mut self.repeat,
        }
    }

    /// Feed one key. The focused field's line editor takes printable characters (control
    /// characters never), backspace, the arrows along the line and `ctrl-u`; tab and up/down
    /// move between fields; enter goes on to the next field, or submits from the last one; esc
    /// and ctrl-c quit.
    pub fn handle_key(&mut self, event: KeyEvent) -> LoginStep {
        if event.kind == KeyEventKind::Release || self.busy {
            return LoginStep::Continue;
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Char('c') if ctrl => return LoginStep::Quit,
            KeyCode::Esc => return LoginStep::Quit,
            KeyCode::Tab | KeyCode::Down => self.move_focus(1),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(-1),
            KeyCode::Enter => {
                if self.focus_index() + 1 < self.fields().len() {
                    self.move_focus(1);
                } else {
                    return LoginStep::Submit;
                }
            }
            _ => {
                self.field_mut().handle_key(&event);
            }
        }
        LoginStep::Continue
    }

    /// Pasted text for the focused field (a passphrase from a password manager, say): one
    /// line, control characters left out; a refused paste changes nothing and says why.
    pub fn paste(&mut self, text: &str) {
        if self.busy {
            return;
        }
        self.error = match self.field_mut().paste(text) {
            crate::tui::form::paste::Outcome::Refused(why) => Some(why),
            crate::tui::form::paste::Outcome::Pasted { .. } => None,
        };
    }

    /// Try to log in (or create the administrator). On failure nothing is changed in the store:
    /// the message says why, the passphrase fields are cleared and focused, and `None` returns.
    pub fn submit(&mut self) -> Option<Store> {
        self.busy = false;
        match self.attempt() {
            Ok(store) => {
                self.error = None;
                Some(store)
            }
            Err(message) => {
                self.error = Some(message);
                self.passphrase.clear();
                self.repeat.clear();
                self.focus = if self.user.text().trim().is_empty() {
                    LoginField::User
                } else {
                    LoginField::Passphrase
                };
                None
            }
        }
    }

    fn attempt(&self) -> Result<Store, String> {
        let user = self.user.text();
        let user = user.trim();
        if user.is_empty() {
            return Err("Type your user name.".into());
        }
        if self.passphrase.is_empty() {
            return Err("Type your passphrase.".into());
        }
        let login = Login {
            user: user.to_string(),
            passphrase: Passphrase::new(self.passphrase.text()),
        };
        let result = match self.mode {
            LoginMode::Login => ops::users::log_in_with(&self.dir, &self.options, &login),
            LoginMode::CreateAdmin => {
                ops::users::check_new_passphrase(&login.passphrase)
                    .map_err(|e| format!("{e}. Nothing was created."))?;
                if !self.passphrase.same_text(&self.repeat) {
                    return Err(
                        "The two passphrases differ: type them again. Nothing was created.".into(),
                    );
                }
                ops::users::create_store_with(
                    &self.dir,
                    &self.options,
                    &login,
                    &[Role::Administrator],
                )
            }
        };
        result.map_err(|e| match e {
            OpsError::Store(StoreError::BadLogin) => {
                "Wrong user name or passphrase. Try again.".to_string()
            }
            OpsError::Store(e @ StoreError::Disabled { .. }) => {
                format!("{e}. Nothing was opened.")
            }
            OpsError::Store(StoreError::Refused { message }) => {
                format!("{message}. Nothing was created.")
            }
            other => format!("Cannot open the store: {other}"),
        })
    }
}
