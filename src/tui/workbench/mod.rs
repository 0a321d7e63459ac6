//! The main screen's state: the caseload in stable slots, the list (the triage queue, every
//! subject, or search results), the selection, the search box, and the detail pane's tab and
//! scroll. No terminal, no drawing, no store: the app feeds it loaded subjects and it answers
//! what the panes show. `list.rs` keeps the slots, rows and queue; `nav.rs` moves around.
mod list;
mod nav;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

pub use list::Row;

use crate::domain::{PlanPart, Policy, QueueFilter, Subject, SubjectId, Target, Triage};
use crate::search::{Background, Hit, SearchIndex, Searcher, Shared};
use crate::tui::form::LineEdit;
use crate::tui::scroll::Scroll;

/// From this many subjects the search index is built after the first frame and the complete
/// search runs on a thread of its own (below it, both take a few milliseconds here).
pub const BACKGROUND_FROM: usize = 5_000;

/// How many whole subjects the main screen keeps (the one under the cursor and those opened
/// just before it).
const FULL_CACHE: usize = 8;

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
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub line: LineEdit,
    /// Typing goes into the box while editing; after `enter` the filter stays and keys navigate.
    pub editing: bool,
}

impl Search {
    /// The query typed.
    pub fn query(&self) -> String {
        self.line.text()
    }
}

/// The main screen.
pub struct Workbench {
    /// Force policy and the day every rule is judged on.
    pub policy: Policy,
    pub today: NaiveDate,
    /// Every subject as the list and the queue need it (`domain::Triage`), in stable slots
    /// (the search index and rows use the same slots).
    pub subjects: Vec<Triage>,
    /// Per slot, a hash of the subject's searchable values (to tell a stale slot).
    fingerprints: Vec<u64>,
    /// Whole subjects recently opened, the most recent first (at most [`FULL_CACHE`]); the app
    /// loads the one under the cursor after every key (`App::load_current`).
    full: Vec<Subject>,
    /// Slots in alphabetical order (accents folded).
    alpha: Vec<usize>,
    slot_of: HashMap<SubjectId, usize>,
    /// The search index, shared with the background search (large caseloads).
    index: Shared,
    /// The index being built on another thread after the first frame (large caseloads), and
    /// the slots changed meanwhile (put in when it arrives).
    building: Option<(std::thread::JoinHandle<SearchIndex>, Vec<list::IndexChange>)>,
    /// The next slot whose triage is to be copied afresh (large caseloads, a step per tick
    /// while the index is built; see [`Workbench::poll_background`]).
    repack_from: usize,
    /// The officers' strings the triages share ([`Triage::share_officers`]).
    officers: HashSet<std::sync::Arc<str>>,
    /// Small caseloads: the complete search, on this thread, as the user types.
    searcher: Searcher,
    /// Large caseloads (from [`BACKGROUND_FROM`] subjects): the first page is answered here,
    /// the complete result by this worker.
    background: Option<Background>,
    /// False while the list shows a first page and the complete search is still running.
    pub search_complete: bool,
    /// Slots currently listed: the queue, all subjects, or the search results in rank order.
    pub visible: Vec<usize>,
    /// While a search is typed: one hit per visible row (the field that matched, highlights).
    pub hits: Vec<Hit>,
    /// How many subjects match the search in all (the list shows at most the top hits).
    pub search_total: usize,
    pub list_mode: ListMode,
    pub queue_filter: QueueFilter,
    /// The triage queue for `queue_filter`, most urgent first: the subjects' ids (each row is
    /// made from the subject's triage when it is drawn, so a large caseload's queue holds no
    /// copy of names and reasons; see [`Workbench::queue_entries`]).
    pub queue: Vec<SubjectId>,
    pub selected: usize,
    pub focus: Focus,
    pub tab: PlanPart,
    pub detail: Scroll,
    /// The item a search hit opened: the detail pane scrolls to it and marks it.
    pub detail_mark: Option<Target>,
    /// Scroll to `detail_mark` at the next frame (set when a hit is opened).
    pub scroll_to_mark: bool,
    pub search: Option<Search>,
    /// Rows of the list the last frame could show; paging uses it.
    pub list_height: usize,
    /// First list row on screen; kept so the window moves only when the cursor leaves it.
    pub list_offset: usize,
    /// Archived subjects (every order ended, awaiting erasure): kept out of the queue.
    pub archived: HashSet<SubjectId>,
    /// Records that could not be read at open: left out of the list, the queue and the
    /// figures, and named on the list's last line.
    pub unreadable: Vec<crate::store::Unreadable>,
    /// Subjects checked out to a laptop now, with the words the list and header show
    /// (`ops::offline::out_now`).
    pub checked_out: std::collections::HashMap<SubjectId, String>,
    /// Subjects whose record was opened this session (the consultation is recorded once).
    pub consulted: HashSet<SubjectId>,
    /// The logged-in user's name ("mine" in the queue).
    pub actor: String,
}

impl Workbench {
    /// The main screen over `subjects` (whole or summaries).
    pub fn new(
        policy: Policy,
        today: NaiveDate,
        actor: String,
        subjects: Vec<Subject>,
        archived: HashSet<SubjectId>,
    ) -> Self {
        let mut w = Self::empty(policy, today, actor, archived);
        w.set_subjects(subjects, None);
        w
    }

    /// The main screen over a caseload loaded from the store (`ops::caseload::load_with`).
    pub fn with_caseload(
        policy: Policy,
        today: NaiveDate,
        actor: String,
        caseload: crate::ops::caseload::Caseload,
    ) -> Self {
        let mut w = Self::empty(policy, today, actor, caseload.archived);
        w.unreadable = caseload.unreadable;
        w.set_caseload(caseload.subjects, caseload.values, None);
        w
    }

    fn empty(
        policy: Policy,
        today: NaiveDate,
        actor: String,
        archived: HashSet<SubjectId>,
    ) -> Self {
        Self {
            policy,
            today,
            subjects: Vec::new(),
            fingerprints: Vec::new(),
            full: Vec::new(),
            alpha: Vec::new(),
            slot_of: HashMap::new(),
            index: Arc::new(std::sync::RwLock::new(SearchIndex::build_values(&[]))),
            building: None,
            repack_from: 0,
            officers: HashSet::new(),
            searcher: Searcher::new(),
            background: None,
            search_complete: true,
            visible: Vec::new(),
            hits: Vec::new(),
            search_total: 0,
            list_mode: ListMode::Queue,
            queue_filter: QueueFilter::default(),
            queue: Vec::new(),
            selected: 0,
            focus: Focus::List,
            tab: PlanPart::Section1,
            detail: Scroll::default(),
            detail_mark: None,
            scroll_to_mark: false,
            search: None,
            list_height: 10,
            list_offset: 0,
            archived,
            unreadable: Vec::new(),
            checked_out: std::collections::HashMap::new(),
            consulted: HashSet::new(),
            actor,
        }
    }

    /// The whole subject under the cursor, once loaded (`App::load_current` loads it after
    /// every key); `None` when the list is empty.
    pub fn current(&self) -> Option<&Subject> {
        self.current_id().and_then(|id| self.subject(id))
    }

    /// The id of the subject under the cursor, if the list is not empty.
    pub fn current_id(&self) -> Option<SubjectId> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.subjects.get(i))
            .map(|s| s.id)
    }

    /// The whole subject `id`, if it is loaded (recently opened).
    pub fn subject(&self, id: SubjectId) -> Option<&Subject> {
        self.full.iter().find(|s| s.id == id)
    }

    /// What the list keeps of subject `id`, if it is in the caseload.
    pub fn listed(&self, id: SubjectId) -> Option<&Triage> {
        self.slot_of.get(&id).and_then(|&i| self.subjects.get(i))
    }

    /// The subject under the cursor when its whole record is still to be loaded.
    pub fn to_load(&self) -> Option<SubjectId> {
        self.current_id().filter(|&id| self.subject(id).is_none())
    }

    /// Keep the whole `subject` (just loaded) among the recently opened. When the list does
    /// not show it as it is (changed elsewhere since the list was loaded, or a summary out of
    /// date), the list is brought up to date from it.
    pub fn loaded(&mut self, subject: Subject) {
        if self.is_stale(&subject) {
            let keep = self.current_id();
            self.upsert_subject(subject);
            if let Some(id) = keep {
                self.select_subject(id);
            }
            return;
        }
        self.remember(subject);
    }

    /// Put `subject` first among the recently opened.
    pub(super) fn remember(&mut self, subject: Subject) {
        self.full.retain(|s| s.id != subject.id);
        self.full.insert(0, subject);
        self.full.truncate(FULL_CACHE);
    }

    /// Warnings for a saved identity: other loaded subjects with `subject`'s PNC ID or Niche
    /// reference (the rule is `domain::identifier_clashes`, as the CLI's).
    pub fn identifier_warnings(&self, subject: &Subject) -> Option<String> {
        let clashes = crate::domain::identifier_clashes(subject, self.subjects.iter());
        let text: Vec<String> = clashes.iter().map(ToString::to_string).collect();
        (!text.is_empty()).then(|| {
            format!(
                "Warning: {}: check it is not the same person",
                text.join("; ")
            )
        })
    }

    /// Whether the record of `id` was opened (and the consultation recorded) this session.
    pub fn consulted(&self, id: SubjectId) -> bool {
        self.consulted.contains(&id)
    }

    /// Whether the search box has the keys.
    pub fn typing(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.editing)
    }
}
