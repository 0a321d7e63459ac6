//! Who may see and do what: the consultation recorded when a record is opened (with its reason),
//! the audit trail, the permission checks before a form opens, and the idle lock.
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, AuditView, Focus, ListMode, LockScreen, Overlay, ReasonDialog};
use crate::domain::Permission;
use crate::domain::SubjectId;
use crate::store::{Passphrase, StoreError};
use crate::tui::action::Action;

/// The justification recorded when a record is opened from the triage queue.
pub const QUEUE_REASON: &str = "scheduled review";

/// The justification recorded when a draft on a record not yet opened is restored.
pub const DRAFT_REASON: &str = "restoring my unsaved draft";

/// The most characters a typed reason or passphrase may hold (longer input is ignored).
const MAX_INPUT: usize = 500;

impl App {
    /// `Ok` if the logged-in user may do `p`; else the status bar says why not.
    pub(super) fn allowed(&mut self, p: Permission) -> bool {
        match self.store.require(p) {
            Ok(()) => true,
            Err(e) => {
                self.message = Some(e.to_string());
                false
            }
        }
    }

    /// "name (Role, Role)" for the status bar.
    pub fn who(&self) -> String {
        let actor = self.store.actor();
        let roles: Vec<&str> = actor.roles.iter().map(|r| r.label()).collect();
        format!("{} ({})", crate::text::line(&actor.name), roles.join(", "))
    }

    /// Whether the record of `id` was opened (and the consultation recorded) this session.
    pub fn consulted(&self, id: SubjectId) -> bool {
        self.consulted.contains(&id)
    }

    /// Open the selected subject's record: from the queue the consultation is recorded as a
    /// scheduled review; from a search or the full list a reason is asked first (once per
    /// subject per session). `from_hit` opens a search hit at the matched item.
    pub(super) fn open_record(&mut self, from_hit: bool) {
        let Some(subject) = self.current() else {
            return;
        };
        let id = subject.id;
        if self.consulted(id) {
            return self.show_record(from_hit);
        }
        let from_queue = self.search.is_none() && self.list_mode == ListMode::Queue;
        if from_queue {
            if self.record_consultation(id, QUEUE_REASON) {
                self.show_record(from_hit);
            }
            return;
        }
        self.overlay = Overlay::Reason(ReasonDialog {
            subject: id,
            name: subject.display_name(),
            reason: String::new(),
            error: None,
            from_hit,
        });
    }

    /// Before an action on the selected subject: its record must be open. From the queue it is
    /// opened now (and `true` returned); elsewhere the reason is asked, and the action waits for
    /// the user to press its key again.
    pub(super) fn ensure_open(&mut self) -> bool {
        let Some(id) = self.current().map(|s| s.id) else {
            return true;
        };
        if self.consulted(id) {
            return true;
        }
        let focus = self.focus;
        self.open_record(false);
        if self.consulted(id) {
            // Opened for the action: stay where the user was.
            self.focus = focus;
            return true;
        }
        false
    }

    fn show_record(&mut self, from_hit: bool) {
        if from_hit {
            self.open_hit();
        } else {
            self.focus = Focus::Detail;
        }
    }

    /// Record the consultation; on failure say so and return false (the record stays closed).
    fn record_consultation(&mut self, id: SubjectId, reason: &str) -> bool {
        match self.store.record_consultation(id, reason) {
            Ok(()) => {
                self.consulted.insert(id);
                true
            }
            Err(e) => {
                self.message = Some(format!(
                    "Not opened: the consultation could not be recorded: {e}"
                ));
                false
            }
        }
    }

    /// A key in the reason dialog: typed text goes into the reason.
    pub(super) fn reason_key(&mut self, event: &KeyEvent) -> bool {
        let Overlay::Reason(d) = &mut self.overlay else {
            return false;
        };
        match event.code {
            KeyCode::Char(c)
                if !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !c.is_control() =>
            {
                if d.reason.chars().count() < MAX_INPUT {
                    d.reason.push(c);
                }
                d.error = None;
                true
            }
            KeyCode::Backspace => {
                d.reason.pop();
                true
            }
            _ => false,
        }
    }

    pub(super) fn dispatch_reason(&mut self, action: Action, mut d: ReasonDialog) {
        match action {
            Action::Cancel | Action::Back => {
                self.message = Some("Not opened: a reason is needed to open a record".into());
            }
            Action::Open | Action::Save => {
                if d.reason.trim().is_empty() {
                    d.error = Some("Type why you are opening this record".into());
                    self.overlay = Overlay::Reason(d);
                    return;
                }
                // The cursor may not have moved, but make sure the record shown is the one
                // the reason was given for.
                if self.current().map(|s| s.id) != Some(d.subject) {
                    self.select_subject(d.subject);
                }
                if self.record_consultation(d.subject, &d.reason) {
                    self.show_record(d.from_hit);
                }
            }
            _ => self.overlay = Overlay::Reason(d),
        }
    }

    /// Show the selected subject's audit trail (supervisors and administrators).
    pub(super) fn show_audit_trail(&mut self) {
        let Some(subject) = self.current().cloned() else {
            self.message = Some("Select a subject first".into());
            return;
        };
        match self.store.audit_trail(subject.id) {
            Ok(entries) => {
                self.overlay = Overlay::Audit(AuditView {
                    name: subject.display_name(),
                    entries,
                    scroll: 0,
                })
            }
            Err(e @ StoreError::Denied { .. }) => self.message = Some(e.to_string()),
            Err(e) => self.message = Some(format!("Cannot read the audit trail: {e}")),
        }
    }

    pub(super) fn dispatch_audit(&mut self, action: Action, mut a: AuditView) {
        let last = crate::tui::views::access::audit_len(&a).saturating_sub(1);
        let last = u16::try_from(last).unwrap_or(u16::MAX);
        match action {
            Action::MoveDown => a.scroll = a.scroll.saturating_add(1).min(last),
            Action::MoveUp => a.scroll = a.scroll.saturating_sub(1),
            Action::PageDown => a.scroll = a.scroll.saturating_add(10).min(last),
            Action::PageUp => a.scroll = a.scroll.saturating_sub(10),
            Action::Top => a.scroll = 0,
            Action::Bottom => a.scroll = last,
            Action::Cancel | Action::Back | Action::AuditTrail => return,
            _ => {}
        }
        self.overlay = Overlay::Audit(a);
    }

    /// The idle time after which the screen locks, if locking is on.
    pub fn idle_limit(&self) -> Option<Duration> {
        match self.config.idle_lock_minutes {
            0 => None,
            m => Some(Duration::from_secs(u64::from(m) * 60)),
        }
    }

    /// How long the event loop may wait before the next `tick` is due (a draft to write, or the
    /// idle lock).
    pub fn next_wake(&self, now: Instant) -> Duration {
        let mut wait = Duration::from_secs(3600);
        if self.draft_pending.is_some() {
            wait = wait.min(Duration::from_millis(100));
        }
        if self.lock.is_none()
            && let Some(limit) = self.idle_limit()
            && let Some(due) = self.last_key.checked_add(limit)
        {
            wait = wait.min(due.saturating_duration_since(now) + Duration::from_millis(50));
        }
        wait
    }

    /// Lock the screen if no key was pressed for the idle limit: the pending draft is written
    /// first so nothing typed is lost even if the app is then closed.
    pub(super) fn lock_if_idle(&mut self, now: Instant) {
        if self.lock.is_some() {
            return;
        }
        let Some(limit) = self.idle_limit() else {
            return;
        };
        if now.saturating_duration_since(self.last_key) < limit {
            return;
        }
        if let Err(e) = self.write_draft() {
            self.message = Some(format!("Draft not yet kept: {e}"));
        }
        self.lock = Some(LockScreen::default());
    }

    /// A key while locked: only the passphrase, enter, backspace and quit.
    pub(super) fn lock_key(&mut self, event: &KeyEvent) {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && event.code == KeyCode::Char('c') {
            self.quit();
            return;
        }
        let Some(lock) = &mut self.lock else {
            return;
        };
        match event.code {
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if lock.passphrase.chars().count() < MAX_INPUT {
                    lock.passphrase.push(c);
                }
                lock.error = None;
            }
            KeyCode::Backspace => {
                lock.passphrase.pop();
            }
            KeyCode::Esc => {
                lock.passphrase.clear();
                lock.error = None;
            }
            KeyCode::Enter => self.try_unlock(),
            _ => {}
        }
    }

    fn try_unlock(&mut self) {
        let Some(lock) = &mut self.lock else {
            return;
        };
        if lock.passphrase.is_empty() {
            lock.error = Some("Type your passphrase to unlock".into());
            return;
        }
        let typed = Passphrase::new(std::mem::take(&mut *lock.passphrase));
        match self.store.check_passphrase(&typed) {
            Ok(true) => {
                self.lock = None;
                self.last_key = Instant::now();
            }
            Ok(false) => {
                if let Some(lock) = &mut self.lock {
                    lock.error = Some("Wrong passphrase: still locked. Try again.".into());
                }
            }
            Err(e) => {
                if let Some(lock) = &mut self.lock {
                    lock.error = Some(format!("Cannot check the passphrase: {e}"));
                }
            }
        }
    }
}
