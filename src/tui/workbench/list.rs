//! The list's data: subjects in stable slots, their rows, alphabetical order, the queue, and
//! which slots the list shows (queue, all subjects, or search results).
use chrono::NaiveDate;

use super::{ListMode, Workbench};
use crate::domain::{
    Policy, QueueEntry, QueueFilter, QueueView, ReviewDue, RiskLevel, Subject, SubjectId,
};
use crate::search::{SearchIndex, Searcher};

/// A row of the subject list, computed when subjects change (not per frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub risk: Option<RiskLevel>,
    pub review: ReviewDue,
}

impl Workbench {
    /// Load `subjects` (rows, alphabetical order, search index and queue built once).
    pub fn set_subjects(&mut self, subjects: Vec<Subject>, select: Option<SubjectId>) {
        let keep = select.or_else(|| self.current().map(|s| s.id));
        let (config, today) = (&self.policy, self.today);
        // The search index is the biggest piece: build it on another core while the rows, the
        // alphabetical order and the queue are made here.
        let (index, rows, alpha, queue) = std::thread::scope(|scope| {
            let index = scope.spawn(|| SearchIndex::build(&subjects));
            let rows: Vec<Row> = subjects.iter().map(|s| row_of(s, config, today)).collect();
            let keys: Vec<_> = subjects.iter().map(sort_key).collect();
            let mut alpha: Vec<usize> = (0..subjects.len()).collect();
            alpha.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
            let queue = crate::ops::caseload::queue(
                &subjects,
                &self.archived,
                config,
                today,
                &self.queue_filter,
            );
            let index = index
                .join()
                .unwrap_or_else(|_| SearchIndex::build(&subjects));
            (index, rows, alpha, queue)
        });
        self.rows = rows;
        self.slot_of = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        self.alpha = alpha;
        self.index = index;
        self.queue = queue;
        self.searcher = Searcher::new();
        self.subjects = subjects;
        self.refresh_visible();
        if let Some(id) = keep {
            self.select_subject(id);
        }
    }

    /// Put a changed subject in place (or add a new one) and keep the cursor on it. Only that
    /// subject's row, search entries and alphabetical position are redone; the queue is
    /// recomputed (it depends on every subject's dates).
    pub fn upsert_subject(&mut self, subject: Subject) {
        let id = subject.id;
        let row = row_of(&subject, &self.policy, self.today);
        let key = sort_key(&subject);
        let slot = match self.slot_of.get(&id).copied() {
            Some(slot) => {
                let moved = self.subjects.get(slot).map(sort_key) != Some(key.clone());
                self.index.update(slot, &subject);
                self.subjects[slot] = subject;
                self.rows[slot] = row;
                if moved {
                    self.alpha.retain(|&s| s != slot);
                    self.insert_alpha(slot, &key);
                }
                slot
            }
            None => {
                let slot = self.index.push(&subject);
                debug_assert_eq!(slot, self.subjects.len());
                let slot = self.subjects.len();
                self.subjects.push(subject);
                self.rows.push(row);
                self.slot_of.insert(id, slot);
                self.insert_alpha(slot, &key);
                slot
            }
        };
        self.requeue(slot);
        self.refresh_visible();
        self.select_subject(id);
    }

    /// Take subject `id` out of the list (deleted, or merged into another record); the cursor
    /// goes to the next row (or the one before).
    pub fn remove_subject(&mut self, id: SubjectId) {
        if !self.slot_of.contains_key(&id) {
            return;
        }
        let pos = self
            .visible
            .iter()
            .position(|&i| self.subjects.get(i).map(|s| s.id) == Some(id));
        let neighbour = pos.and_then(|p| {
            [p + 1, p.wrapping_sub(1)]
                .into_iter()
                .find_map(|q| self.visible.get(q))
                .and_then(|&i| self.subjects.get(i))
                .map(|s| s.id)
        });
        let keep = match self.current().map(|s| s.id) {
            Some(current) if current != id => Some(current),
            _ => neighbour,
        };
        self.archived.remove(&id);
        self.consulted.remove(&id);
        let rest: Vec<Subject> = self
            .subjects
            .iter()
            .filter(|s| s.id != id)
            .cloned()
            .collect();
        self.set_subjects(rest, keep);
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
        let Some(subject) = self.subjects.get(slot) else {
            return;
        };
        let id = subject.id;
        self.queue.retain(|e| e.subject != id);
        if self.archived.contains(&id) {
            return;
        }
        let mut entry = crate::domain::queue(
            std::slice::from_ref(subject),
            &self.policy,
            self.today,
            &self.queue_filter,
        );
        if let Some(entry) = entry.pop() {
            let at = self
                .queue
                .partition_point(|e| crate::domain::urgency_order(e, &entry).is_lt());
            self.queue.insert(at, entry);
        }
    }

    /// The triage queue for the current filter ("mine" is the signed-in user's caseload).
    pub fn recompute_queue(&mut self) {
        self.queue = crate::ops::caseload::queue(
            &self.subjects,
            &self.archived,
            &self.policy,
            self.today,
            &self.queue_filter,
        );
    }

    /// Recompute which slots the list shows: search results, the queue or all subjects.
    pub fn refresh_visible(&mut self) {
        let query = self.search.as_ref().map(|s| s.query()).unwrap_or_default();
        if !query.trim().is_empty() {
            let result = self.searcher.query(&self.index, &query);
            self.visible = result.hits.iter().map(|h| h.slot).collect();
            self.hits = result.hits;
            self.search_total = result.total;
            return;
        }
        self.hits.clear();
        self.search_total = 0;
        self.visible = match self.list_mode {
            ListMode::Queue => self
                .queue
                .iter()
                .filter_map(|e| self.slot_of.get(&e.subject).copied())
                .collect(),
            ListMode::Subjects => self.alpha.clone(),
        };
    }

    /// The queue entry of the subject in `slot`, while the queue is listed.
    pub fn queue_entry(&self, pos: usize) -> Option<&QueueEntry> {
        if self.list_mode == ListMode::Queue && self.hits.is_empty() {
            self.queue.get(pos)
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
        let keep = self.current().map(|s| s.id);
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

    /// The unit's figures over every subject loaded, archived subjects left out (as
    /// `spmp stats`).
    pub fn stats(&self) -> crate::domain::Stats {
        crate::ops::caseload::stats(
            &self.subjects,
            &self.archived,
            &self.policy,
            self.today,
            self.policy.breach_chart_months,
        )
    }
}

type SortKey = (String, String, SubjectId);

/// Alphabetical as people read names: accents folded, so Åström sorts with the As.
fn sort_key(s: &Subject) -> SortKey {
    (
        crate::text::fold(&s.family_name),
        crate::text::fold(&s.given_names),
        s.id,
    )
}

fn row_of(s: &Subject, config: &Policy, today: NaiveDate) -> Row {
    Row {
        name: crate::text::line(&s.display_name()).into_owned(),
        risk: s.current_risk(),
        review: ReviewDue::of(s, &config.cadence, today),
    }
}
