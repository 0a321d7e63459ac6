//! The main screen's state: the caseload in stable slots, the list (the triage queue, every
//! subject, or search results), the selection, the search box, and the detail pane's tab and
//! scroll. No terminal, no drawing, no store: the app feeds it loaded subjects and it answers
//! what the panes show. `list.rs` keeps the slots, rows and queue; `nav.rs` moves around.
mod list;
mod nav;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

pub use list::Row;

use crate::domain::{PlanPart, Policy, QueueEntry, QueueFilter, Subject, SubjectId, Target};
use crate::search::{Hit, SearchIndex, Searcher};
use crate::tui::form::LineEdit;
use crate::tui::scroll::Scroll;

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
    /// Every loaded subject, in stable slots (the search index and rows use the same slots).
    pub subjects: Vec<Subject>,
    /// One list row per slot, computed when the subject changes (not per frame).
    pub rows: Vec<Row>,
    /// Slots in alphabetical order (accents folded).
    alpha: Vec<usize>,
    slot_of: HashMap<SubjectId, usize>,
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
    /// Subjects whose record was opened this session (the consultation is recorded once).
    pub consulted: HashSet<SubjectId>,
    /// The logged-in user's name ("mine" in the queue).
    pub actor: String,
}

impl Workbench {
    /// The main screen over `subjects`.
    pub fn new(
        policy: Policy,
        today: NaiveDate,
        actor: String,
        subjects: Vec<Subject>,
        archived: HashSet<SubjectId>,
    ) -> Self {
        let mut w = Self {
            policy,
            today,
            subjects: Vec::new(),
            rows: Vec::new(),
            alpha: Vec::new(),
            slot_of: HashMap::new(),
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
            detail: Scroll::default(),
            detail_mark: None,
            scroll_to_mark: false,
            search: None,
            list_height: 10,
            list_offset: 0,
            archived,
            unreadable: Vec::new(),
            consulted: HashSet::new(),
            actor,
        };
        w.set_subjects(subjects, None);
        w
    }

    /// The subject under the cursor, if the list is not empty.
    pub fn current(&self) -> Option<&Subject> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.subjects.get(i))
    }

    /// The subject `id`, if loaded.
    pub fn subject(&self, id: SubjectId) -> Option<&Subject> {
        self.slot_of.get(&id).and_then(|&i| self.subjects.get(i))
    }

    /// Warnings for a saved identity: other loaded subjects with `subject`'s PNC ID or Niche
    /// reference (the rule is `domain::identifier_clashes`, as the CLI's).
    pub fn identifier_warnings(&self, subject: &Subject) -> Option<String> {
        let clashes = crate::domain::identifier_clashes(subject, &self.subjects);
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
