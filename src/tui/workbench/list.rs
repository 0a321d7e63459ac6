//! The list's data: subjects in stable slots, their rows, alphabetical order, the queue, and
//! which slots the list shows (queue, all subjects, or search results).
use super::{ListMode, Workbench};
use crate::domain::{
    QueueEntry, QueueFilter, QueueView, ReviewDue, RiskLevel, Subject, SubjectId, Triage,
};
use crate::search::{Background, SearchIndex, Searcher, Values};
use std::sync::{Arc, RwLock};

/// A row of the subject list, computed when subjects change (not per frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub risk: Option<RiskLevel>,
    pub review: ReviewDue,
}

impl Workbench {
    /// Load `subjects` (whole or summaries): triaged and their values packed here, then as
    /// [`Workbench::set_caseload`].
    pub fn set_subjects(&mut self, subjects: Vec<Subject>, select: Option<SubjectId>) {
        let (config, today) = (&self.policy, self.today);
        let (triaged, values) = subjects
            .iter()
            .map(|s| (Triage::of(s, config, today), Values::of(s)))
            .unzip();
        self.set_caseload(triaged, values, select);
    }

    /// Load a triaged caseload (`values` slot for slot): rows, alphabetical order and queue
    /// built once; the search index too for a small caseload, on another thread for a large one
    /// (the first frame does not wait for it: see [`Workbench::poll_background`]). The values
    /// go to the index and are not kept.
    pub fn set_caseload(
        &mut self,
        subjects: Vec<Triage>,
        values: Vec<Values>,
        select: Option<SubjectId>,
    ) {
        let keep = select.or_else(|| self.current_id());
        let large = subjects.len() >= super::BACKGROUND_FROM;
        if let Some(bg) = &mut self.background {
            bg.cancel();
        }
        self.building = None;
        // A small caseload has nothing to gain.
        self.repack_from = if large { 0 } else { subjects.len() };
        self.officers.clear();
        let (index, alpha, queue, fingerprints) = std::thread::scope(|scope| {
            // Small caseloads: the index on another core while the rest is made here. Large
            // ones: the alphabetical order and the fingerprints there, the queue
            // here (the index is built after the first frame).
            let index = (!large).then(|| scope.spawn(|| SearchIndex::build_values(&values)));
            let ordered = large.then(|| scope.spawn(|| order(&subjects, &values)));
            let queue = queue_ids(&subjects, &self.archived, &self.queue_filter);
            let (alpha, fingerprints) = match ordered.map(|h| h.join()) {
                Some(Ok(done)) => done,
                _ => order(&subjects, &values),
            };
            let index = index.map(|h| {
                h.join()
                    .unwrap_or_else(|_| SearchIndex::build_values(&values))
            });
            (index, alpha, queue, fingerprints)
        });
        self.fingerprints = fingerprints;
        self.slot_of = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        self.alpha = alpha;
        match index {
            Some(index) => {
                self.index = Arc::new(RwLock::new(index));
                self.background = None;
            }
            None => {
                // The thread takes the values and frees each as it is indexed (this function
                // keeps no copy); they come back here only if the thread cannot be started.
                let values = Arc::new(std::sync::Mutex::new(Some(values)));
                let shared = Arc::clone(&values);
                let take = |v: &std::sync::Mutex<Option<Vec<Values>>>| {
                    v.lock().ok().and_then(|mut v| v.take()).unwrap_or_default()
                };
                let handle = std::thread::Builder::new()
                    .name("spmp-index".into())
                    .spawn(move || SearchIndex::build_from(take(&shared)));
                self.index = Arc::new(RwLock::new(match handle {
                    Ok(h) => {
                        self.building = Some((h, Vec::new()));
                        SearchIndex::build_values(&[])
                    }
                    Err(_) => SearchIndex::build_from(take(&values)),
                }));
                self.background.get_or_insert_with(Background::new);
            }
        }
        self.queue = queue;
        self.searcher = Searcher::new();
        self.subjects = subjects;
        self.refresh_visible();
        if let Some(id) = keep {
            self.select_subject(id);
        }
    }

    /// Whether the search index is still being built.
    pub fn background_building(&self) -> bool {
        self.building.is_some()
    }

    /// Whether work on other threads is still to come back (the index being built, or a
    /// complete search): the event loop then wakes soon to [`Workbench::poll_background`].
    pub fn background_pending(&self) -> bool {
        self.building.is_some()
            || self.repacking()
            || self.background.as_ref().is_some_and(Background::pending)
    }

    /// Whether triages are still to be copied afresh (see [`Workbench::repack_step`]).
    pub fn repacking(&self) -> bool {
        self.repack_from < self.subjects.len()
    }

    /// Copy the next [`REPACK_STEP`] triages afresh (their officers' strings shared), and give
    /// the memory freed back once the last is done. A large caseload's triages are made on the
    /// decoding threads, among the short-lived values of decoding (blocks, digests, search
    /// values); once those are freed the triages hold most of those pages with little in each
    /// (52 MB at 300,000 subjects). Copied here, a few at a time while the index is built,
    /// they fill this thread's pages and leave the old ones empty, to be given back.
    fn repack_step(&mut self) {
        let from = self.repack_from;
        let to = (from + REPACK_STEP).min(self.subjects.len());
        if let Some(part) = self.subjects.get_mut(from..to) {
            for t in part {
                let mut fresh = t.clone();
                fresh.share_officers(&mut self.officers);
                *t = fresh;
            }
        }
        self.repack_from = to;
        if !self.repacking() {
            crate::memory::give_back();
        }
    }

    /// Take what other threads finished: the index built (slots changed meanwhile put in, the
    /// search typed meanwhile answered) and the complete result of the search typed (the first
    /// page replaced, the cursor kept on its subject). Returns whether the screen changed.
    pub fn poll_background(&mut self) -> bool {
        let mut changed = false;
        if self.repacking() {
            self.repack_step();
        }
        if self.building.as_ref().is_some_and(|(h, _)| h.is_finished())
            && let Some((handle, slots)) = self.building.take()
        {
            // A panic while building leaves an empty index (searches find nothing) rather
            // than stopping the app; it is a bug, never seen.
            let mut index = handle
                .join()
                .unwrap_or_else(|_| SearchIndex::build_values(&[]));
            for change in slots {
                match change {
                    IndexChange::Set(slot, values) => index.update_values(slot, &values),
                    IndexChange::Remove(slot) => index.remove_slot(slot),
                }
            }
            self.index = Arc::new(RwLock::new(index));
            if self.search.is_some() {
                self.refresh_visible();
            }
            changed = true;
        }
        let answer = self.background.as_mut().and_then(Background::poll);
        if let Some((query, result)) = answer
            && self.search.as_ref().is_some_and(|s| s.query() == query)
        {
            let keep = self.visible.get(self.selected).copied();
            self.visible = result.hits.iter().map(|h| h.slot).collect();
            self.hits = result.hits;
            self.search_total = result.total;
            self.search_complete = true;
            self.selected = keep
                .and_then(|slot| self.visible.iter().position(|&v| v == slot))
                .unwrap_or(0);
            changed = true;
        }
        changed
    }

    /// Wait (up to `limit`) for the index and the complete search (tests, benchmarks).
    pub fn settle(&mut self, limit: std::time::Duration) {
        let until = std::time::Instant::now() + limit;
        while self.background_pending() && std::time::Instant::now() < until {
            if !self.poll_background() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }

    /// Update slot `slot`'s search entries (or add them: `slot` = the index's length), or note
    /// the change while the index is being built.
    fn index_slot(&mut self, slot: usize, subject: &Subject) {
        if let Some((_, changed)) = &mut self.building {
            changed.push(IndexChange::Set(slot, Values::of(subject)));
            return;
        }
        // A running complete search stops first, so the update never waits long.
        if let Some(bg) = &mut self.background {
            bg.cancel();
        }
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        index.update(slot, subject);
    }

    /// Put a changed subject (whole) in place (or add a new one) and keep the cursor on it.
    /// Only that subject's row, search entries and alphabetical position are redone, and its
    /// place in the queue.
    pub fn upsert_subject(&mut self, subject: Subject) {
        let id = subject.id;
        self.put_subject(&subject);
        self.remember(subject);
        self.refresh_visible();
        self.select_subject(id);
    }

    /// Put `subject` in its slot (or a new one): triage, row, search entries, alphabetical
    /// position and queue entry. The list shown is not recomputed.
    fn put_subject(&mut self, subject: &Subject) {
        let id = subject.id;
        let mut triage = Triage::of(subject, &self.policy, self.today);
        triage.share_officers(&mut self.officers);
        let print = fingerprint(&Values::of(subject));
        let key = sort_key(&triage);
        let slot = match self.slot_of.get(&id).copied() {
            Some(slot) => {
                let moved = self.subjects.get(slot).map(sort_key) != Some(key.clone());
                self.index_slot(slot, subject);
                if let Some(s) = self.subjects.get_mut(slot) {
                    *s = triage;
                }
                if let Some(f) = self.fingerprints.get_mut(slot) {
                    *f = print;
                }
                if moved {
                    self.alpha.retain(|&s| s != slot);
                    self.insert_alpha(slot, &key);
                }
                slot
            }
            None => {
                let slot = self.subjects.len();
                self.index_slot(slot, subject);
                self.subjects.push(triage);
                self.fingerprints.push(print);
                self.slot_of.insert(id, slot);
                self.insert_alpha(slot, &key);
                slot
            }
        };
        self.requeue(slot);
    }

    /// Bring the list up to date with `subject` as changed elsewhere (another workstation): its
    /// row, search entries and place in the queue; the cursor stays where it was, and the open
    /// record shows the new version if it is this one.
    pub fn refresh_subject(&mut self, subject: Subject) {
        let keep = self.current_id();
        let stale = self.is_stale(&subject);
        if stale {
            self.put_subject(&subject);
        }
        if self.subject(subject.id).is_some() {
            self.remember(subject);
        }
        if stale {
            self.refresh_visible();
            self.keep_cursor_on(keep);
        }
    }

    /// After the list changed under the user: the cursor back on subject `keep` if it is still
    /// listed, else on the same row (never switching what the list shows).
    fn keep_cursor_on(&mut self, keep: Option<SubjectId>) {
        let pos = keep.and_then(|id| {
            let slot = self.slot_of.get(&id)?;
            self.visible.iter().position(|s| s == slot)
        });
        self.selected = pos.unwrap_or(self.selected);
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// Take out subjects removed elsewhere (another workstation), the cursor kept as
    /// [`Workbench::refresh_subject`] keeps it.
    pub fn refresh_removed(&mut self, ids: &[SubjectId]) {
        let keep = self.current_id();
        for &id in ids {
            if self.slot_of.contains_key(&id) {
                self.remove_subject(id);
            }
        }
        self.keep_cursor_on(keep);
    }

    /// The archived subjects as the store now has them (changed elsewhere): the queue follows.
    pub fn refresh_archived(&mut self, archived: std::collections::HashSet<SubjectId>) {
        if archived == self.archived {
            return;
        }
        let keep = self.current_id();
        self.archived = archived;
        self.recompute_queue();
        self.refresh_visible();
        self.keep_cursor_on(keep);
    }

    /// Whether `subject` (as just read from the store) is not what the list shows of it: its
    /// triage or its searchable values differ (changed elsewhere since the list was loaded).
    pub fn is_stale(&self, subject: &Subject) -> bool {
        let Some(&slot) = self.slot_of.get(&subject.id) else {
            return true;
        };
        self.subjects.get(slot) != Some(&Triage::of(subject, &self.policy, self.today))
            || self.fingerprints.get(slot) != Some(&fingerprint(&Values::of(subject)))
    }

    /// Take subject `id` out of the list (deleted, or merged into another record); the cursor
    /// goes to the next row (or the one before). The slots after it move down by one.
    pub fn remove_subject(&mut self, id: SubjectId) {
        let Some(slot) = self.slot_of.get(&id).copied() else {
            return;
        };
        let pos = self.visible.iter().position(|&i| i == slot);
        let neighbour = pos.and_then(|p| {
            [p + 1, p.wrapping_sub(1)]
                .into_iter()
                .find_map(|q| self.visible.get(q))
                .and_then(|&i| self.subjects.get(i))
                .map(|s| s.id)
        });
        self.full.retain(|s| s.id != id);
        let keep = match self.current_id() {
            Some(current) if current != id => Some(current),
            _ => neighbour,
        };
        self.archived.remove(&id);
        self.consulted.remove(&id);
        if let Some((_, changed)) = &mut self.building {
            changed.push(IndexChange::Remove(slot));
        } else {
            if let Some(bg) = &mut self.background {
                bg.cancel();
            }
            let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
            index.remove_slot(slot);
        }
        self.subjects.remove(slot);
        self.fingerprints.remove(slot);
        self.slot_of.remove(&id);
        for s in self.slot_of.values_mut() {
            if *s > slot {
                *s -= 1;
            }
        }
        self.alpha.retain(|&s| s != slot);
        for s in &mut self.alpha {
            if *s > slot {
                *s -= 1;
            }
        }
        self.queue.retain(|&q| q != id);
        self.searcher = Searcher::new();
        self.refresh_visible();
        self.selected = 0;
        if let Some(id) = keep {
            self.select_subject(id);
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    fn insert_alpha(&mut self, slot: usize, key: &SortKey) {
        let subjects = &self.subjects;
        let pos = self
            .alpha
            .partition_point(|&s| subjects.get(s).map(sort_key).as_ref() < Some(key));
        self.alpha.insert(pos, slot);
    }

    /// Put the cursor on subject `id`; if a search filter or the queue hides it, the list
    /// changes (search cleared, then all subjects) so the next action can never land on
    /// another subject.
    pub fn select_subject(&mut self, id: SubjectId) {
        let find = |app: &Workbench| {
            app.visible
                .iter()
                .position(|&i| app.subjects.get(i).is_some_and(|s| s.id == id))
        };
        if find(self).is_none() && self.search.is_some() {
            self.search = None;
            self.refresh_visible();
        }
        if find(self).is_none()
            && self.list_mode == ListMode::Queue
            && self.slot_of.contains_key(&id)
        {
            self.list_mode = ListMode::Subjects;
            self.refresh_visible();
        }
        if let Some(pos) = find(self) {
            if pos != self.selected {
                self.detail.reset();
                self.detail_mark = None;
            }
            self.selected = pos;
        }
    }

    /// Put the subject in `slot` back in the queue after a change: its old entry is removed and
    /// its new one (if it still needs action and passes the filter) inserted at its place in
    /// the urgency order, without recomputing every other subject.
    fn requeue(&mut self, slot: usize) {
        let Some(triage) = self.subjects.get(slot) else {
            return;
        };
        let id = triage.id;
        self.queue.retain(|&q| q != id);
        if self.archived.contains(&id) {
            return;
        }
        if let Some(entry) = triage.entry(&self.queue_filter) {
            let at = self.queue.partition_point(|&q| {
                self.queued(q)
                    .is_some_and(|e| crate::domain::urgency_order(&e, &entry).is_lt())
            });
            self.queue.insert(at, id);
        }
    }

    /// The queue row of subject `id`, made from its triage.
    fn queued(&self, id: SubjectId) -> Option<QueueEntry> {
        let slot = *self.slot_of.get(&id)?;
        self.subjects.get(slot).map(Triage::queue_entry)
    }

    /// The list row of the subject in `slot` (made from its triage when drawn: a large
    /// caseload keeps no second copy of every name).
    pub fn row(&self, slot: usize) -> Option<Row> {
        self.subjects.get(slot).map(row_of)
    }

    /// The queue's rows, most urgent first (made from the triages: tests, exports of the list).
    pub fn queue_entries(&self) -> Vec<QueueEntry> {
        self.queue
            .iter()
            .filter_map(|&id| self.queued(id))
            .collect()
    }

    /// The triage queue for the current filter ("mine" is the signed-in user's caseload).
    pub fn recompute_queue(&mut self) {
        self.queue = queue_ids(&self.subjects, &self.archived, &self.queue_filter);
    }

    /// Recompute which slots the list shows: search results, the queue or all subjects.
    pub fn refresh_visible(&mut self) {
        let query = self.search.as_ref().map(|s| s.query()).unwrap_or_default();
        if !query.trim().is_empty() {
            let result = if self.building.is_some() {
                // The index is not there yet: nothing to show until it is (a moment).
                self.search_complete = false;
                crate::search::SearchResult::default()
            } else if let Some(bg) = &mut self.background {
                let index = self.index.read().unwrap_or_else(|e| e.into_inner());
                let page = crate::search::first_page(&index, &query, crate::search::PAGE);
                drop(index);
                bg.ask(&self.index, &query);
                self.search_complete = false;
                page
            } else {
                let index = self.index.read().unwrap_or_else(|e| e.into_inner());
                self.search_complete = true;
                self.searcher.query(&index, &query)
            };
            self.visible = result.hits.iter().map(|h| h.slot).collect();
            self.hits = result.hits;
            self.search_total = result.total;
            return;
        }
        if let Some(bg) = &mut self.background {
            bg.cancel();
        }
        self.search_complete = true;
        self.hits.clear();
        self.search_total = 0;
        self.visible = match self.list_mode {
            ListMode::Queue => self
                .queue
                .iter()
                .filter_map(|id| self.slot_of.get(id).copied())
                .collect(),
            ListMode::Subjects => self.alpha.clone(),
        };
    }

    /// Why the subject at list position `pos` is in the queue (most urgent first), while the
    /// queue is listed.
    pub fn queue_reasons(&self, pos: usize) -> Option<&[crate::domain::Reason]> {
        if self.list_mode == ListMode::Queue && self.hits.is_empty() {
            let slot = *self.visible.get(pos)?;
            self.subjects.get(slot).map(|t| &*t.reasons)
        } else {
            None
        }
    }

    /// "Queue: all", "Queue: mine", "Queue: due in 7 days" or "Subjects".
    pub fn list_title(&self) -> String {
        match self.list_mode {
            ListMode::Subjects => "Subjects".to_string(),
            ListMode::Queue => {
                let view = match &self.queue_filter.view {
                    QueueView::All => "all",
                    QueueView::Mine(_) => "mine",
                    QueueView::DueIn7Days => "due in 7 days",
                };
                let filtered = QueueFilter {
                    view: self.queue_filter.view.clone(),
                    ..QueueFilter::default()
                } != self.queue_filter;
                let extra = if filtered { ", filtered" } else { "" };
                format!("Queue: {view}{extra}")
            }
        }
    }

    /// Cycle the list: queue (all, mine, due in 7 days), then every subject alphabetically.
    /// Returns what the list now shows.
    pub fn next_view(&mut self) -> String {
        let keep = self.current_id();
        match (self.list_mode, &self.queue_filter.view) {
            (ListMode::Queue, QueueView::All) => {
                self.queue_filter.view = QueueView::Mine(self.actor.clone())
            }
            (ListMode::Queue, QueueView::Mine(_)) => self.queue_filter.view = QueueView::DueIn7Days,
            (ListMode::Queue, QueueView::DueIn7Days) => self.list_mode = ListMode::Subjects,
            (ListMode::Subjects, _) => {
                self.list_mode = ListMode::Queue;
                self.queue_filter.view = QueueView::All;
            }
        }
        self.recompute_queue();
        self.refresh_visible();
        self.selected = 0;
        if let Some(id) = keep {
            let pos = self
                .visible
                .iter()
                .position(|&i| self.subjects.get(i).is_some_and(|s| s.id == id));
            self.selected = pos.unwrap_or(0);
        }
        format!("{} ({})", self.list_title(), self.visible.len())
    }

    /// Show the queue under `filter` (the view kept).
    pub fn set_filter(&mut self, filter: QueueFilter) -> String {
        self.queue_filter = QueueFilter {
            view: self.queue_filter.view.clone(),
            ..filter
        };
        self.list_mode = ListMode::Queue;
        self.recompute_queue();
        self.refresh_visible();
        self.selected = 0;
        format!("{} ({})", self.list_title(), self.visible.len())
    }

    /// Candidates to merge into subject `keep`: every other subject, each told apart by its
    /// identifiers and how much its record holds (the duplicate finder).
    pub fn merge_candidates(&self, keep: SubjectId) -> Vec<(SubjectId, String)> {
        self.subjects
            .iter()
            .filter(|s| s.id != keep)
            .map(|s| (s.id, crate::ops::mistakes::identify_triage(s)))
            .collect()
    }
}

/// What tells whether a subject's searchable values changed (kept per slot instead of the
/// values themselves).
/// The alphabetical order of `subjects` and the fingerprint of each one's values.
fn order(subjects: &[Triage], values: &[Values]) -> (Vec<usize>, Vec<u64>) {
    let keys: Vec<_> = subjects.iter().map(sort_key).collect();
    let mut alpha: Vec<usize> = (0..subjects.len()).collect();
    alpha.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let fingerprints: Vec<u64> = values.iter().map(fingerprint).collect();
    (alpha, fingerprints)
}

/// A hash of a subject's search values, held in memory to tell a stale slot (foldhash, fixed
/// seed: SipHash took half of the ordering thread's time at 100,000 subjects, on the first
/// frame's path).
fn fingerprint(values: &Values) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0).hash_one(values)
}

/// A change to the search index made while it was being built, put in when it arrives.
pub(super) enum IndexChange {
    Set(usize, Values),
    Remove(usize),
}

type SortKey = (String, String, SubjectId);

/// Alphabetical as people read names: accents folded, so Åström sorts with the As.
fn sort_key(s: &Triage) -> SortKey {
    (
        crate::text::fold(&s.family_name),
        crate::text::fold(&s.given_names),
        s.id,
    )
}

pub(super) fn row_of(s: &Triage) -> Row {
    Row {
        name: crate::text::line(&s.display_name()).into_owned(),
        risk: s.risk,
        review: s.review,
    }
}

/// How many triages [`Workbench::repack_step`] copies per tick (about a millisecond).
const REPACK_STEP: usize = 2048;

/// The ids of the queue for `filter` over `subjects`, most urgent first (the rows are made
/// from the triages again when drawn: see [`Workbench::queue`]).
fn queue_ids(
    subjects: &[Triage],
    archived: &std::collections::HashSet<SubjectId>,
    filter: &QueueFilter,
) -> Vec<SubjectId> {
    let mut ids = crate::domain::queue_order(subjects, filter);
    ids.retain(|id| !archived.contains(id));
    ids
}
