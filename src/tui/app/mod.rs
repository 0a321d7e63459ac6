//! The application: the main screen ([`Workbench`]) under a stack of dialogs, the key router,
//! and the timer work (draft debounce, idle lock).
//!
//! A key goes to the top of the stack, or to the main screen when no dialog is open: a dialog
//! that takes text gets printable keys as text; otherwise the keymap of its layers names an
//! action; keys no binding claims go to the component's own handling (a text field's arrows
//! and backspace). `start.rs` is what the main screen's actions open (the use cases start
//! there and go on in the dialogs); `open.rs` is opening a record (the consultation).
mod copy;
pub use copy::osc52;
mod elsewhere;
mod mouse;
mod open;
mod start;

pub use mouse::MouseTargets;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

pub use crate::tui::workbench::{Focus, ListMode, Row, Search, Workbench};

use crate::domain::{Permission, PlanPart, Policy};
use crate::ops::{self, OpsError};
use crate::store::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind};
use crate::tui::dialogs::lock::Lock;
use crate::tui::keymap::{Key, Keymap, Layer};
use crate::tui::theme::Theme;

/// How long typing must pause before the open form is written as a draft.
pub const DRAFT_DEBOUNCE: Duration = Duration::from_millis(400);

/// How long a draft write may wait for another writer: short, so typing never stalls; a draft
/// that could not be written is retried at the next pause.
const DRAFT_WAIT: Duration = Duration::from_millis(50);

/// Actions that go to a dialog before its own key handling (a text area would otherwise take
/// `tab` or `esc`).
const FIRST: [Action; 6] = [
    Action::Save,
    Action::Cancel,
    Action::NextField,
    Action::PrevField,
    Action::PrevStep,
    Action::Quit,
];

/// What the last frame found out about the screen, for the next key (drawing reports it; the
/// state never asks the views).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Laid {
    /// The screen was too small to show the app.
    pub too_small: bool,
    /// Rows of the list on screen, and the first one shown.
    pub list_rows: usize,
    pub list_offset: usize,
    /// The detail row a search hit's item was scrolled to.
    pub mark_row: Option<u16>,
    /// The main screen was drawn (no full-screen dialog hid it, the screen was big enough).
    pub main_drawn: bool,
    /// Where the mouse finds things on the last frame (empty when the main screen was not
    /// drawn).
    pub targets: MouseTargets,
}

/// Everything the screen shows; views read it, only `dispatch` and `handle_key` change it.
pub struct App {
    /// The main screen: the list, the selection, the detail pane.
    pub main: Workbench,
    /// Open dialogs, the top one last.
    pub layers: Vec<Box<dyn Component>>,
    /// The store every change is committed to (through `ops`).
    pub store: Store,
    pub keymap: Keymap,
    pub theme: Theme,
    /// A line for the status bar: last message to the user.
    pub message: Option<String>,
    /// Shown in the title bar, e.g. "DEMO: fictional data" or the store path.
    pub banner: String,
    pub should_quit: bool,
    /// This session's changes, for undo and redo.
    pub undo: ops::undo::Session,
    /// The last frame was too small to show the app: keys other than quit are ignored.
    pub too_small: bool,
    /// When the open form last changed and its draft is not yet written (debounce).
    pub draft_pending: Option<Instant>,
    /// When the last key was pressed (for the idle lock).
    pub last_key: Instant,
    /// What the app last saw of the store, to show work committed elsewhere (`None`: the
    /// store could not say at open; nothing is refreshed).
    watch: Option<ops::caseload::Watch>,
    /// When the store was last asked for changes made elsewhere.
    last_watch: Instant,
    /// The server store could not be reached at the last look (said once; said again when it
    /// is back).
    server_lost: bool,
    /// The user asked to suspend to the shell (`ctrl-z`): the event loop hands the terminal
    /// back, stops the process, and redraws when it is continued.
    pub suspend_requested: bool,
    /// Text to put on the terminal's clipboard after the next frame (OSC 52; `copy.rs`).
    pub clipboard: Option<String>,
    /// Where the mouse finds things on the last frame.
    targets: MouseTargets,
}

/// How often the app asks the store for work committed elsewhere (one cheap query): a change
/// made at another workstation shows within this and a frame.
pub const WATCH_EVERY: Duration = Duration::from_secs(1);

impl App {
    /// Open the app on `store`, loading every subject; offers to restore unsaved drafts.
    pub fn open(
        store: Store,
        keymap: Keymap,
        policy: Policy,
        theme: Theme,
        today: NaiveDate,
        banner: String,
    ) -> Result<Self, OpsError> {
        Self::open_reporting(
            store,
            (keymap, policy, theme, today, banner),
            &mut |_, _| {},
        )
    }

    /// [`App::open`], calling `progress(done, total)` as the caseload is read (the loading
    /// screen of a large store).
    pub fn open_reporting(
        mut store: Store,
        (keymap, policy, theme, today, banner): (Keymap, Policy, Theme, NaiveDate, String),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Self, OpsError> {
        ops::users::apply_policy(&mut store, &policy);
        // Before the caseload is read: a commit made meanwhile shows at the first look.
        let watch = ops::caseload::Watch::start(&store).ok();
        let caseload = ops::caseload::load_with(&store, &policy, today, progress)?;
        let actor = store.actor().name.clone();
        let warning = caseload.warning();
        let mut main = Workbench::with_caseload(policy, today, actor, caseload);
        main.checked_out = ops::offline::out_now(&store, today);
        let mut app = Self {
            main,
            layers: Vec::new(),
            store,
            keymap,
            theme,
            message: None,
            banner,
            should_quit: false,
            undo: ops::undo::Session::default(),
            too_small: false,
            draft_pending: None,
            last_key: Instant::now(),
            watch,
            server_lost: false,
            last_watch: Instant::now(),
            suspend_requested: false,
            clipboard: None,
            targets: MouseTargets::default(),
        };
        app.load_current();
        app.offer_drafts()?;
        if app.message.is_none() {
            app.message = warning;
        }
        Ok(app)
    }

    /// Force policy.
    pub fn policy(&self) -> &Policy {
        &self.main.policy
    }

    /// The day every rule is judged on.
    pub fn today(&self) -> NaiveDate {
        self.main.today
    }

    /// The top dialog, if any.
    pub fn top(&self) -> Option<&dyn Component> {
        self.layers.last().map(AsRef::as_ref)
    }

    /// Which dialog is on top, if any.
    pub fn dialog(&self) -> Option<Kind> {
        self.top().map(|c| c.kind())
    }

    /// The top dialog as a `T`, if it is one.
    pub fn top_as<T: Component>(&self) -> Option<&T> {
        self.top().and_then(|c| c.as_any().downcast_ref::<T>())
    }

    /// Whether the screen is locked.
    pub fn locked(&self) -> bool {
        self.dialog() == Some(Kind::Lock)
    }

    /// "name (Role, Role)" for the title bar.
    pub fn who(&self) -> String {
        let actor = self.store.actor();
        format!(
            "{} ({})",
            crate::text::line(&actor.label()),
            ops::users::roles_text(&actor.roles)
        )
    }

    /// What a dialog may use while it handles a key (also for the main screen's own work).
    pub(crate) fn ctx(&mut self) -> Ctx<'_> {
        Ctx {
            store: &mut self.store,
            keymap: &self.keymap,
            main: &mut self.main,
            undo: &mut self.undo,
            message: &mut self.message,
            draft_pending: &mut self.draft_pending,
        }
    }

    /// Run `f` on the top dialog with the context; `None` when no dialog is open.
    fn with_top<R>(&mut self, f: impl FnOnce(&mut dyn Component, &mut Ctx<'_>) -> R) -> Option<R> {
        let App {
            layers,
            store,
            keymap,
            main,
            undo,
            message,
            draft_pending,
            ..
        } = self;
        let top = layers.last_mut()?;
        let mut ctx = Ctx {
            store,
            keymap,
            main,
            undo,
            message,
            draft_pending,
        };
        Some(f(top.as_mut(), &mut ctx))
    }

    /// Open `dialog` over everything.
    pub(crate) fn push(&mut self, dialog: Box<dyn Component>) {
        self.layers.push(dialog);
    }

    /// The keymap layers that take keys now.
    pub fn layers_now(&self) -> &'static [Layer] {
        match self.top() {
            Some(c) => c.layers(),
            None if self.main.typing() => &[Layer::Input],
            None => &[Layer::Normal],
        }
    }

    /// The layer keys are looked up in first (what hints show).
    pub fn layer(&self) -> Layer {
        self.layers_now().first().copied().unwrap_or(Layer::Normal)
    }

    /// Route one terminal key event.
    pub fn handle_key(&mut self, event: KeyEvent) {
        self.handle_key_inner(event);
        self.load_current();
    }

    fn handle_key_inner(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_press(&event) else {
            return;
        };
        self.last_key = Instant::now();
        // Nothing is acted on blind: while the "too small" notice is all the user can see, only
        // quitting works (a full-screen dialog draws at any size).
        if self.too_small && !self.top().is_some_and(|c| c.full_screen()) {
            if self.keymap.action(Layer::Normal, &key) == Some(Action::Quit) {
                self.dispatch(Action::Quit);
            }
            return;
        }
        let layers = self.layers_now();
        if layers.contains(&Layer::Input) && key.is_printable() {
            self.own_key(&event);
            return;
        }
        let mut action = layers.iter().find_map(|l| self.keymap.action(*l, &key));
        let captured = self.top().is_some_and(|c| c.captures(&event));
        if captured
            && matches!(
                action,
                Some(Action::Open | Action::MoveDown | Action::MoveUp)
            )
        {
            action = None;
        }
        if let Some(a) = action.filter(|a| FIRST.contains(a)) {
            return self.dispatch(a);
        }
        if !self.own_key(&event)
            && let Some(a) = action
        {
            self.dispatch(a);
        }
    }

    /// Route pasted text (one bracketed paste, handled whole): into the top dialog's focused
    /// text field, or the search box while it is typed in; never spread over other fields and
    /// never read as keys. What became of it is said on the status line (a dialog that takes no
    /// text refuses it).
    pub fn handle_paste(&mut self, text: &str) {
        self.handle_paste_inner(text);
        self.load_current();
    }

    fn handle_paste_inner(&mut self, text: &str) {
        self.last_key = Instant::now();
        if self.too_small && !self.top().is_some_and(|c| c.full_screen()) {
            return;
        }
        let taken = match self.with_top(|c, ctx| c.paste(text, ctx)) {
            Some(taken) => taken,
            None if self.main.typing() => {
                self.message = Some(self.main.search_paste(text).message());
                true
            }
            None => false,
        };
        if !taken {
            self.message =
                Some("Not pasted: nothing here takes text (paste into a text field)".to_string());
        }
    }

    /// Give a key to the top dialog (or the search box) itself. True if it used it.
    fn own_key(&mut self, event: &KeyEvent) -> bool {
        match self.with_top(|c, ctx| c.key(event, ctx)) {
            Some(used) => used,
            None if self.main.typing() => self.main.search_key(event),
            None => false,
        }
    }

    /// Apply one action: the top dialog gets it, else the main screen.
    pub fn dispatch(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit();
            return;
        }
        if action == Action::Suspend {
            // An open form is kept as a draft first: a suspended process may never be resumed.
            if let Err(e) = self.write_draft() {
                self.message = Some(format!("Draft not yet kept: {e}"));
            }
            self.suspend_requested = true;
            return;
        }
        match self.with_top(|c, ctx| c.action(action, ctx)) {
            Some(flow) => self.apply(flow),
            None => self.dispatch_main(action),
        }
        self.load_current();
    }

    /// Load the whole record of the subject under the cursor if it is not loaded yet (the list
    /// holds summaries): after every key and before every frame, so the header, the detail
    /// pane and every action see the whole subject. A record that cannot be read is said on
    /// the status line and the pane stays empty.
    pub fn load_current(&mut self) {
        let Some(id) = self.main.to_load() else {
            return;
        };
        match ops::item::load(&self.store, id) {
            Ok((subject, _)) => self.main.loaded(subject),
            Err(e) => self.message = Some(format!("Subject {id} cannot be opened: {e}")),
        }
    }

    /// Do what a dialog asked.
    fn apply(&mut self, flow: Flow) {
        match flow {
            Flow::Stay => {}
            Flow::Close => {
                self.layers.pop();
            }
            Flow::Replace(next) => {
                self.layers.pop();
                self.layers.push(next);
            }
            Flow::Push(next) => self.layers.push(next),
            Flow::CloseTwo => {
                self.layers.pop();
                if let Some(below) = self.layers.pop() {
                    self.draft_pending = None;
                    if let Some((key, _)) = below.draft()
                        && let Err(e) = ops::drafts::discard(&mut self.store, &key)
                    {
                        self.message = Some(format!("Could not remove the draft: {e}"));
                    }
                }
            }
            Flow::Run(action) => {
                self.layers.pop();
                self.dispatch(action);
            }
            Flow::Return(value) => {
                self.layers.pop();
                if let Some(next) = self.with_top(|c, ctx| c.resume(value, ctx)) {
                    self.apply(next);
                }
            }
            Flow::Quit => self.quit(),
        }
    }

    /// Quit, first writing any open form as a draft so nothing typed is lost.
    fn quit(&mut self) {
        if let Err(e) = self.write_draft() {
            self.message = Some(format!("Could not keep the draft: {e}"));
        }
        self.should_quit = true;
    }

    /// An action on the main screen (no dialog open).
    fn dispatch_main(&mut self, action: Action) {
        if self.main.typing() {
            return self.dispatch_search(action);
        }
        match action {
            Action::Noop | Action::Quit | Action::Suspend => {}
            Action::Help => self.push(Box::new(crate::tui::dialogs::help::Help::default())),
            Action::Palette => {
                let hidden = self.unavailable();
                self.push(Box::new(crate::tui::dialogs::palette::Palette::hiding(
                    hidden,
                )))
            }
            Action::Search => self.main.start_search(),
            Action::Back => match self.main.focus {
                Focus::Detail => self.main.focus = Focus::List,
                Focus::List if self.main.search.is_some() => self.main.clear_search(),
                Focus::List => self.quit(),
            },
            Action::Cancel => {
                if self.main.focus == Focus::Detail {
                    self.main.focus = Focus::List;
                } else if self.main.search.is_some() {
                    self.main.clear_search();
                }
                self.message = None;
            }
            Action::Open => self.open_record(false),
            Action::NextPane | Action::PrevPane => match self.main.focus {
                Focus::List => self.open_record(false),
                Focus::Detail => self.main.focus = Focus::List,
            },
            Action::NextTab => self.main.set_tab(self.main.tab.offset(1)),
            Action::PrevTab => self.main.set_tab(self.main.tab.offset(-1)),
            Action::TabSection1 => self.main.set_tab(PlanPart::Section1),
            Action::TabSection2 => self.main.set_tab(PlanPart::Section2),
            Action::TabRisk => self.main.set_tab(PlanPart::Risk),
            Action::TabTimeline => self.main.set_tab(PlanPart::Timeline),
            Action::TabReviews => self.main.set_tab(PlanPart::Reviews),
            Action::TabVictim => self.main.set_tab(PlanPart::Victim),
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => match self.main.focus {
                Focus::List => self.main.move_list(action),
                Focus::Detail => {
                    self.main.detail.apply(action);
                }
            },
            Action::NewSubject
            | Action::AddItem
            | Action::EditItem
            | Action::DeleteItem
            | Action::Review
            | Action::Breach
            | Action::Undo
            | Action::Redo
            | Action::DeleteSubject
            | Action::MergeSubjects
            | Action::SubmitPlan
            | Action::CheckOut
            | Action::CheckIn
                if !self.allowed(Permission::Edit) => {}
            Action::ArchiveSubject if !self.allowed(Permission::Archive) => {}
            Action::AddItem
            | Action::EditItem
            | Action::DeleteItem
            | Action::Review
            | Action::Breach
            | Action::SignOff
            | Action::SubmitPlan
            | Action::History
            | Action::AuditTrail
            | Action::DeleteSubject
            | Action::ArchiveSubject
            | Action::MergeSubjects
                if !self.ensure_open() => {}
            Action::NewSubject => self.new_subject(),
            Action::AddItem => self.add_item(),
            Action::EditItem => self.pick_item(false),
            Action::DeleteItem => self.pick_item(true),
            Action::Review => self.start_review(),
            Action::Breach => self.start_breach(),
            Action::SignOff => self.start_sign_off(),
            Action::SubmitPlan => self.submit_plan(),
            Action::History => self.show_history(),
            Action::CopyIdentifier => self.copy_identifier(),
            Action::AuditTrail => self.show_audit_trail(),
            Action::Undo => self.step(ops::undo::Way::Undo),
            Action::Redo => self.step(ops::undo::Way::Redo),
            Action::DeleteSubject => self.start_delete_subject(),
            Action::ArchiveSubject => self.start_archive(),
            Action::MergeSubjects => self.start_merge(),
            Action::NextView => self.message = Some(self.main.next_view()),
            Action::Filter => self.open_filter(),
            Action::Export => self.open_export(),
            Action::Trends => self.show_trends(),
            Action::Governance => self.show_governance(),
            Action::CheckOut => self.open_checkout(),
            Action::CheckIn => self.open_checkin(),
            Action::Save
            | Action::NextField
            | Action::PrevField
            | Action::PrevStep
            | Action::ClearField
            | Action::Yes
            | Action::No
            | Action::DiscardDraft
            | Action::KeepMine
            | Action::KeepTheirs => {}
        }
    }

    /// An action while the search box is typed in.
    fn dispatch_search(&mut self, action: Action) {
        match action {
            Action::Cancel => self.main.clear_search(),
            Action::Open => {
                if self.main.visible.is_empty() {
                    self.main.keep_results();
                    self.message = Some("No subject matches the search".into());
                } else {
                    self.open_record(true);
                }
            }
            Action::MoveDown | Action::MoveUp => self.main.move_list(action),
            Action::ClearField => self.main.clear_search_text(),
            _ => {}
        }
    }

    /// `Ok` if the logged-in user may do `p`; else the status bar says why not.
    fn allowed(&mut self, p: Permission) -> bool {
        match ops::access::may(&self.store, p) {
            Ok(()) => true,
            Err(e) => {
                self.message = Some(e.to_string());
                false
            }
        }
    }

    /// What the last frame found: the layout the next keys need.
    pub fn laid_out(&mut self, laid: Laid) {
        self.too_small = laid.too_small;
        self.targets = laid.targets;
        if laid.list_rows > 0 {
            self.main.list_height = laid.list_rows;
        }
        self.main.list_offset = laid.list_offset;
        if let Some(row) = laid.mark_row {
            self.main.detail.set(row);
        }
        if laid.main_drawn {
            self.main.scroll_to_mark = false;
        }
    }

    /// The idle time after which the screen locks, if locking is on.
    pub fn idle_limit(&self) -> Option<Duration> {
        match self.main.policy.idle_lock_minutes {
            0 => None,
            m => Some(Duration::from_secs(u64::from(m) * 60)),
        }
    }

    /// How long the event loop may wait before the next `tick` is due (a draft to write, or the
    /// idle lock).
    pub fn next_wake(&self, now: Instant) -> Duration {
        let mut wait = Duration::from_secs(3600);
        if self.main.background_pending() {
            wait = wait.min(Duration::from_millis(5));
        }
        if self.draft_pending.is_some() {
            wait = wait.min(Duration::from_millis(100));
        }
        if self.watch.is_some() {
            let due = self.last_watch + WATCH_EVERY;
            wait = wait.min(due.saturating_duration_since(now));
        }
        if !self.locked()
            && let Some(limit) = self.idle_limit()
            && let Some(due) = self.last_key.checked_add(limit)
        {
            wait = wait.min(due.saturating_duration_since(now) + Duration::from_millis(50));
        }
        wait
    }

    /// Called by the event loop: locks the screen after the idle time, and writes the draft once
    /// typing has paused. A failed write stays pending and is tried again at the next pause.
    pub fn tick(&mut self, now: Instant) {
        self.main.poll_background();
        if now.saturating_duration_since(self.last_watch) >= WATCH_EVERY {
            self.last_watch = now;
            self.show_changes_made_elsewhere();
        }
        self.lock_if_idle(now);
        if let Some(since) = self.draft_pending
            && now.duration_since(since) >= DRAFT_DEBOUNCE
            && let Err(e) = self.write_draft()
        {
            self.message = Some(match e {
                OpsError::Store(StoreError::Busy { .. }) => {
                    "Draft not yet kept: the store is busy; trying again".to_string()
                }
                e => format!("Draft not yet kept: {e}"),
            });
            self.draft_pending = Some(now);
        }
    }

    /// Lock the screen if no key was pressed for the idle limit: the pending draft is written
    /// first so nothing typed is lost even if the app is then closed.
    fn lock_if_idle(&mut self, now: Instant) {
        if self.locked() {
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
        self.layers.iter_mut().for_each(|c| c.forget_secrets());
        let lock = Lock::new(self.who(), self.main.policy.idle_lock_minutes);
        self.push(Box::new(lock));
    }

    /// Write the open form as a draft now if it changed (after the debounce and on quit).
    pub fn write_draft(&mut self) -> Result<(), OpsError> {
        let Some((key, data)) = self.layers.iter().rev().find_map(|c| c.draft()) else {
            self.draft_pending = None;
            return Ok(());
        };
        ops::drafts::keep(&mut self.store, &key, &data, DRAFT_WAIT)?;
        self.draft_pending = None;
        Ok(())
    }
}
