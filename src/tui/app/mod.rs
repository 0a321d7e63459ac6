//! Application state and `App::dispatch`, the only place state changes.
//!
//! `mod.rs` holds the state and routes keys; `nav.rs` moves around (list, tabs, search, palette,
//! help); `edit.rs` runs forms, pickers, confirmations, drafts, history and undo; `review.rs` the
//! compliance review wizard, breaches and sign-off; `overlay.rs` the dialog types.
mod access;
mod drafts;
mod edit;
mod export;
mod filter;
mod history;
mod list;
mod nav;
mod overlay;
mod pick;
mod review;
mod trends;

pub use access::{DRAFT_REASON, QUEUE_REASON};
pub use overlay::*;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use crate::domain::Policy;
use crate::domain::{PlanPart, ReviewDue, RiskLevel, Subject, SubjectId};
use crate::domain::{QueueEntry, QueueFilter};
use crate::search::{Hit, SearchIndex, Searcher};
use crate::store::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Keymap, Layer};
use crate::tui::theme::Theme;

/// The two panes that take focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// What the list pane shows when no search is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMode {
    /// The triage queue: subjects needing action, most urgent first (the home screen).
    Queue,
    /// Every subject, alphabetically.
    Subjects,
}

/// The search box over the subject list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub query: String,
    /// Typing goes into the box while editing; after `enter` the filter stays and keys navigate.
    pub editing: bool,
}

/// A row of the subject list, computed when subjects change (not per frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub risk: Option<RiskLevel>,
    pub review: ReviewDue,
}

/// Everything the screen shows; views read it, only `dispatch` and `handle_key` change it.
pub struct App {
    /// Every loaded subject, in stable slots (the search index and rows use the same slots).
    pub subjects: Vec<Subject>,
    /// One list row per slot, computed when the subject changes (not per frame).
    pub rows: Vec<Row>,
    /// Slots in alphabetical order (accents folded).
    alpha: Vec<usize>,
    slot_of: std::collections::HashMap<SubjectId, usize>,
    index: SearchIndex,
    searcher: Searcher,
    /// Slots currently listed: the queue, all subjects, or the search results in rank order.
    pub visible: Vec<usize>,
    /// While a search is typed: one hit per visible row (the field that matched, highlights).
    pub hits: Vec<Hit>,
    /// How many subjects match the search in all (the list shows at most the top hits).
    pub search_total: usize,
    pub list_mode: ListMode,
    pub queue_filter: QueueFilter,
    /// The triage queue for `queue_filter`, most urgent first.
    pub queue: Vec<QueueEntry>,
    pub selected: usize,
    pub focus: Focus,
    pub tab: PlanPart,
    pub detail_scroll: u16,
    /// Text of the item a search hit opened: the detail pane scrolls to it and marks it.
    pub detail_mark: Option<String>,
    /// Scroll to `detail_mark` at the next frame (set when a hit is opened).
    pub scroll_to_mark: bool,
    pub overlay: Overlay,
    pub search: Option<Search>,
    pub keymap: Keymap,
    pub config: Policy,
    pub theme: Theme,
    pub today: NaiveDate,
    /// A line for the status bar: last message to the user.
    pub message: Option<String>,
    /// Shown in the title bar, e.g. "DEMO: fictional data" or the store path.
    pub banner: String,
    pub should_quit: bool,
    /// Rows of the list the last frame could show; paging uses it.
    pub list_height: usize,
    /// First list row on screen; kept so the window moves only when the cursor leaves it.
    pub list_offset: usize,
    /// The store every change is committed to.
    pub store: Store,
    /// Archived subjects (every order ended, awaiting erasure): kept out of the queue.
    pub archived: std::collections::HashSet<crate::domain::SubjectId>,
    /// The logged-in user's name (changes are recorded under it by the store).
    pub actor: String,
    /// This session's changes, newest last, for `undo`.
    pub undo: Vec<UndoEntry>,
    /// The last frame was too small to show the app: keys other than quit are ignored.
    pub too_small: bool,
    /// When the open form last changed and its draft is not yet written (debounce).
    pub draft_pending: Option<std::time::Instant>,
    /// Subjects whose record was opened this session (the consultation is recorded once).
    pub consulted: std::collections::HashSet<SubjectId>,
    /// Set while the screen is locked after a time without a key press.
    pub lock: Option<LockScreen>,
    /// When the last key was pressed (for the idle lock).
    pub last_key: std::time::Instant,
}

impl App {
    /// Open the app on `store`, loading every subject; offers to restore unsaved drafts.
    pub fn open(
        store: Store,
        keymap: Keymap,
        config: Policy,
        theme: Theme,
        today: NaiveDate,
        banner: String,
    ) -> Result<Self, StoreError> {
        let subjects = store.load_all()?;
        let actor = store.actor().name.clone();
        let archived = store.archived()?.into_iter().map(|a| a.id).collect();
        let mut app = Self {
            subjects: Vec::new(),
            rows: Vec::new(),
            alpha: Vec::new(),
            slot_of: std::collections::HashMap::new(),
            index: SearchIndex::build(&[]),
            searcher: Searcher::new(),
            visible: Vec::new(),
            hits: Vec::new(),
            search_total: 0,
            list_mode: ListMode::Queue,
            queue_filter: QueueFilter::default(),
            queue: Vec::new(),
            selected: 0,
            focus: Focus::List,
            tab: PlanPart::Section1,
            detail_scroll: 0,
            detail_mark: None,
            scroll_to_mark: false,
            overlay: Overlay::None,
            search: None,
            keymap,
            config,
            theme,
            today,
            message: None,
            banner,
            should_quit: false,
            list_height: 10,
            list_offset: 0,
            store,
            archived,
            actor,
            undo: Vec::new(),
            draft_pending: None,
            too_small: false,
            consulted: std::collections::HashSet::new(),
            lock: None,
            last_key: std::time::Instant::now(),
        };
        app.set_subjects(subjects, None);
        app.offer_drafts()?;
        Ok(app)
    }

    /// Fit scroll positions to a screen of `size` before drawing it: the list window follows the
    /// cursor and the detail scroll stops at the last line.
    pub fn prepare(&mut self, size: ratatui::layout::Rect) {
        self.too_small = crate::tui::views::layout::Areas::of(size).is_none()
            && !matches!(self.overlay, Overlay::Trends(_));
        if let Overlay::Trends(v) = &self.overlay {
            let max = crate::tui::views::trends::max_scroll(self, v, size);
            if let Overlay::Trends(v) = &mut self.overlay {
                v.scroll = v.scroll.min(max);
            }
            return;
        }
        let Some(areas) = crate::tui::views::layout::Areas::of(size) else {
            return;
        };
        let h = areas.list_rows().max(1);
        self.list_height = h;
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + h {
            self.list_offset = self.selected + 1 - h;
        }
        let (w, dh) = areas.detail_inner();
        if let Some(s) = self.current() {
            let lines = crate::tui::views::detail::tab_lines(self, s, self.tab, w);
            if self.scroll_to_mark
                && let Some(mark) = &self.detail_mark
                && let Some(at) = crate::tui::views::detail::line_of(&lines, mark)
            {
                self.detail_scroll = u16::try_from(at.saturating_sub(2)).unwrap_or(u16::MAX);
            }
            self.scroll_to_mark = false;
            self.detail_scroll = self
                .detail_scroll
                .min(crate::tui::views::detail::max_scroll(lines.len(), dh));
        }
    }

    /// The subject under the cursor, if the list is not empty.
    pub fn current(&self) -> Option<&Subject> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.subjects.get(i))
    }

    /// The keymap layer that gets keys now: text entry takes printable characters first.
    pub fn layer(&self) -> Layer {
        let typing = match &self.overlay {
            Overlay::Palette { .. }
            | Overlay::Form(_)
            | Overlay::Wizard(_)
            | Overlay::Reason(_) => true,
            Overlay::None => self.search.as_ref().is_some_and(|s| s.editing),
            _ => false,
        };
        if typing { Layer::Input } else { Layer::Normal }
    }

    /// Route one terminal key event: a form or text box gets it first (printable characters are
    /// typed), then the keymap of the current layer.
    pub fn handle_key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_press(&event) else {
            return;
        };
        self.last_key = std::time::Instant::now();
        if self.lock.is_some() {
            self.lock_key(&event);
            return;
        }
        // Nothing is acted on blind: while the "too small" notice is all the user can see,
        // only quitting works.
        if self.too_small {
            if self.keymap.action(Layer::Normal, &key) == Some(Action::Quit) {
                self.dispatch(Action::Quit);
            }
            return;
        }
        if self.reason_key(&event) {
            return;
        }
        if matches!(self.overlay, Overlay::Form(_) | Overlay::Wizard(_)) {
            self.form_key(event, &key);
            return;
        }
        if let Overlay::Confirm(_) = self.overlay
            && let Some(c) = key.printable()
        {
            match c.to_ascii_lowercase() {
                'y' => return self.confirm(true),
                'n' => return self.confirm(false),
                _ => {}
            }
        }
        if let Overlay::Drafts { .. } = self.overlay
            && key.printable() == Some('d')
        {
            return self.discard_selected_draft();
        }
        let layer = self.layer();
        if layer == Layer::Input {
            if let Some(c) = key.printable() {
                self.edit_text(|t| t.push(c));
                return;
            }
            if let Some(action) = self.keymap.action(layer, &key) {
                self.dispatch(action);
            } else if event.code == crossterm::event::KeyCode::Backspace {
                self.edit_text(|t| {
                    t.pop();
                });
            }
            return;
        }
        if let Some(action) = self.keymap.action(layer, &key) {
            self.dispatch(action);
        }
    }

    /// Apply one action. The only mutator of the app's state: the open dialog gets it first.
    pub fn dispatch(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit();
            return;
        }
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::None => {}
            Overlay::Help { scroll } => return self.dispatch_help(action, scroll),
            Overlay::Palette { query, selected } => {
                return self.dispatch_palette(action, &query, selected);
            }
            Overlay::Picker(p) => return self.dispatch_picker(action, p),
            Overlay::Confirm(c) => {
                self.overlay = Overlay::Confirm(c);
                match action {
                    Action::Open => self.confirm(true),
                    Action::Cancel | Action::Back => self.confirm(false),
                    _ => {}
                }
                return;
            }
            Overlay::Form(f) => {
                self.overlay = Overlay::Form(f);
                return self.dispatch_form(action);
            }
            Overlay::Wizard(w) => {
                self.overlay = Overlay::Wizard(w);
                return self.dispatch_wizard(action);
            }
            Overlay::History(h) => return self.dispatch_history(action, h),
            Overlay::Drafts(d) => return self.dispatch_drafts(action, d),
            Overlay::Audit(a) => return self.dispatch_audit(action, a),
            Overlay::Reason(d) => return self.dispatch_reason(action, d),
            Overlay::Trends(v) => return self.dispatch_trends(action, v),
        }
        if self.search.as_ref().is_some_and(|s| s.editing) {
            self.dispatch_search(action);
            return;
        }
        self.dispatch_normal(action);
    }

    /// Quit, first writing any open form as a draft so nothing typed is lost.
    fn quit(&mut self) {
        if let Err(e) = self.write_draft() {
            self.message = Some(format!("Could not keep the draft: {e}"));
        }
        self.should_quit = true;
    }

    fn dispatch_normal(&mut self, action: Action) {
        match action {
            Action::Noop | Action::Quit => {}
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Palette => {
                self.overlay = Overlay::Palette {
                    query: String::new(),
                    selected: 0,
                }
            }
            Action::Search => self.start_search(),
            Action::Back => match self.focus {
                Focus::Detail => self.focus = Focus::List,
                Focus::List if self.search.is_some() => self.clear_search(),
                Focus::List => self.quit(),
            },
            Action::Cancel => {
                if self.focus == Focus::Detail {
                    self.focus = Focus::List;
                } else if self.search.is_some() {
                    self.clear_search();
                }
                self.message = None;
            }
            Action::Open => self.open_record(false),
            Action::NextPane | Action::PrevPane => match self.focus {
                Focus::List => self.open_record(false),
                Focus::Detail => self.focus = Focus::List,
            },
            Action::NextTab => self.set_tab(self.tab.offset(1)),
            Action::PrevTab => self.set_tab(self.tab.offset(-1)),
            Action::TabSection1 => self.set_tab(PlanPart::Section1),
            Action::TabSection2 => self.set_tab(PlanPart::Section2),
            Action::TabRisk => self.set_tab(PlanPart::Risk),
            Action::TabTimeline => self.set_tab(PlanPart::Timeline),
            Action::TabReviews => self.set_tab(PlanPart::Reviews),
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => match self.focus {
                Focus::List => self.move_list(action),
                Focus::Detail => self.scroll_detail(action),
            },
            Action::NewSubject
            | Action::AddItem
            | Action::EditItem
            | Action::DeleteItem
            | Action::Review
            | Action::Breach
            | Action::Undo
                if !self.allowed(crate::domain::Permission::Edit) => {}
            Action::AddItem
            | Action::EditItem
            | Action::DeleteItem
            | Action::Review
            | Action::Breach
            | Action::SignOff
            | Action::History
            | Action::AuditTrail
                if !self.ensure_open() => {}
            Action::NewSubject => self.new_subject(),
            Action::AddItem => self.add_item(),
            Action::EditItem => self.edit_item(),
            Action::DeleteItem => self.delete_item(),
            Action::Review => self.start_review(),
            Action::Breach => self.start_breach(),
            Action::SignOff => self.start_sign_off(),
            Action::History => self.show_history(),
            Action::AuditTrail => self.show_audit_trail(),
            Action::Undo => self.undo_last(),
            Action::NextView => self.next_view(),
            Action::Filter => self.open_filter(),
            Action::Export => self.open_export(),
            Action::Trends => self.show_trends(),
            Action::Save | Action::NextField | Action::PrevField | Action::PrevStep => {}
        }
    }
}
