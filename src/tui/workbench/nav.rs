//! Moving around the main screen: the list, the detail scroll, tabs and the search box.
use crossterm::event::KeyEvent;

use super::{Focus, Search, Workbench};
use crate::domain::PlanPart;
use crate::search::Hit;
use crate::tui::action::Action;

impl Workbench {
    /// Start typing in the search box (keeping what was typed before).
    pub fn start_search(&mut self) {
        self.focus = Focus::List;
        let line = self.search.take().map(|s| s.line).unwrap_or_default();
        self.search = Some(Search {
            line,
            editing: true,
        });
    }

    /// A key for the search box while it is typed in: it edits the query and the list follows.
    /// True if the key was used.
    pub fn search_key(&mut self, event: &KeyEvent) -> bool {
        let Some(search) = &mut self.search else {
            return false;
        };
        let before = search.query();
        if !search.line.handle_key(event) {
            return false;
        }
        if search.query() != before {
            self.apply_search();
        }
        true
    }

    /// Pasted text for the search box while it is typed in (one line; see `form::paste`).
    pub fn search_paste(&mut self, text: &str) -> crate::tui::form::paste::Outcome {
        let Some(search) = &mut self.search else {
            return crate::tui::form::paste::Outcome::Refused(
                "Not pasted: the search box is closed".into(),
            );
        };
        let outcome = search.line.paste(text);
        if outcome.changed() {
            self.apply_search();
        }
        outcome
    }

    /// Empty the search box (it stays open for typing).
    pub fn clear_search_text(&mut self) {
        if let Some(search) = &mut self.search
            && !search.line.is_empty()
        {
            search.line.clear();
            self.apply_search();
        }
    }

    /// The list after the query changed: results in rank order, the first selected.
    fn apply_search(&mut self) {
        self.refresh_visible();
        self.selected = 0;
        self.detail.reset();
        self.detail_mark = None;
    }

    /// Close the search box, keeping the subject that was selected.
    pub fn clear_search(&mut self) {
        let keep = self.current_id();
        self.search = None;
        self.refresh_visible();
        self.selected = 0;
        if let Some(id) = keep {
            self.select_subject(id);
        }
    }

    /// Stop typing; the results stay listed.
    pub fn keep_results(&mut self) {
        if let Some(s) = &mut self.search {
            s.editing = false;
        }
    }

    /// Show the search hit under the cursor at the item that matched (the tab it is on,
    /// scrolled to it and marked). Returns where it was found, for the status line.
    pub fn open_hit(&mut self) -> Option<String> {
        let hit = self.hits.get(self.selected).cloned()?;
        self.keep_results();
        self.focus = Focus::Detail;
        self.tab = match hit.part {
            PlanPart::Section2 => PlanPart::Section2,
            _ => PlanPart::Section1,
        };
        self.detail.reset();
        self.detail_mark = hit.target;
        self.scroll_to_mark = self.detail_mark.is_some();
        if hit.via_protected_person() {
            let subject = self
                .current_id()
                .and_then(|id| self.listed(id))
                .map(crate::domain::Triage::display_name)
                .unwrap_or_default();
            return Some(format!(
                "Found: {}, protected person of {}",
                crate::text::line(&hit.text),
                crate::text::line(&subject)
            ));
        }
        Some(format!(
            "Found in {}: {}",
            hit.field,
            crate::text::line(&hit.text)
        ))
    }

    /// The search hit under the cursor, while search results are listed.
    pub fn current_hit(&self) -> Option<&Hit> {
        self.hits.get(self.selected)
    }

    pub fn set_tab(&mut self, tab: PlanPart) {
        if self.tab != tab {
            self.tab = tab;
            self.detail.reset();
        }
    }

    /// Move the cursor in the list.
    pub fn move_list(&mut self, action: Action) {
        let n = self.visible.len();
        if n == 0 {
            return;
        }
        let page = self.list_height.max(1);
        let before = self.selected;
        self.selected = match action {
            Action::MoveDown => (self.selected + 1).min(n - 1),
            Action::MoveUp => self.selected.saturating_sub(1),
            Action::PageDown => (self.selected + page).min(n - 1),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => n - 1,
            _ => self.selected,
        };
        if before != self.selected {
            self.detail.reset();
        }
    }

    /// Put the cursor on list row `pos` (a click), if there is one.
    pub fn select_row(&mut self, pos: usize) {
        if pos >= self.visible.len() {
            return;
        }
        self.focus = Focus::List;
        if pos != self.selected {
            self.selected = pos;
            self.detail.reset();
            self.detail_mark = None;
        }
    }
}
