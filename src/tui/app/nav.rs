//! Moving around: the list, the detail scroll, tabs, search, the palette and help.
use super::{App, Overlay, Search};
use crate::domain::PlanPart;
use crate::tui::action::Action;

impl App {
    pub(super) fn edit_text(&mut self, edit: impl FnOnce(&mut String)) {
        if let Overlay::Palette { query, selected } = &mut self.overlay {
            edit(query);
            *selected = 0;
            return;
        }
        if let Some(search) = &mut self.search {
            edit(&mut search.query);
            let query = search.query.clone();
            self.apply_search(&query);
        }
    }

    pub(super) fn apply_search(&mut self, query: &str) {
        if let Some(s) = &mut self.search {
            s.query = query.to_string();
        }
        self.refresh_visible();
        self.selected = 0;
        self.detail_scroll = 0;
        self.detail_mark = None;
    }

    pub(super) fn clear_search(&mut self) {
        let keep = self.current().map(|s| s.id);
        self.search = None;
        self.refresh_visible();
        self.selected = 0;
        if let Some(id) = keep {
            self.select_subject(id);
        }
    }

    /// `enter` on a search hit: open the subject at the item that matched (the tab it is on,
    /// scrolled to it and marked).
    pub(super) fn open_hit(&mut self) {
        let Some(hit) = self.hits.get(self.selected).cloned() else {
            return;
        };
        if let Some(s) = &mut self.search {
            s.editing = false;
        }
        self.focus = super::Focus::Detail;
        self.tab = match hit.part {
            crate::domain::PlanPart::Section2 => PlanPart::Section2,
            _ => PlanPart::Section1,
        };
        self.detail_scroll = 0;
        self.detail_mark = hit
            .target
            .map(|_| crate::text::line(&hit.text).into_owned());
        self.scroll_to_mark = self.detail_mark.is_some();
        self.message = Some(format!(
            "Found in {}: {}",
            hit.field,
            crate::text::line(&hit.text)
        ));
    }

    /// Actions listed in the palette for `query` (name or description contains every word).
    /// Actions listed in the palette for `query`: every word must appear in the name or the
    /// description; names starting with the query come first, then names containing it.
    pub fn palette_matches(query: &str) -> Vec<Action> {
        let q = query.trim().to_lowercase();
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut found: Vec<(u8, usize, Action)> = Action::ALL
            .into_iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let name = a.name().replace('_', " ");
                let hay = format!("{} {} {}", a.name(), name, a.description()).to_lowercase();
                if !words.iter().all(|w| hay.contains(w)) {
                    return None;
                }
                let rank = if q.is_empty() || a.name().starts_with(&q) || name.starts_with(&q) {
                    0
                } else if a.name().contains(&q) || name.contains(&q) {
                    1
                } else {
                    2
                };
                Some((rank, i, a))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, _, a)| a).collect()
    }

    pub(super) fn start_search(&mut self) {
        self.focus = super::Focus::List;
        let query = self.search.take().map(|s| s.query).unwrap_or_default();
        self.search = Some(Search {
            query,
            editing: true,
        });
    }

    pub(super) fn dispatch_search(&mut self, action: Action) {
        match action {
            Action::Cancel => self.clear_search(),
            Action::Open => {
                if self.visible.is_empty() {
                    if let Some(s) = &mut self.search {
                        s.editing = false;
                    }
                    self.message = Some("No subject matches the search".into());
                } else {
                    self.open_record(true);
                }
            }
            Action::MoveDown | Action::MoveUp => self.move_list(action),
            _ => {}
        }
    }

    pub(super) fn dispatch_help(&mut self, action: Action, scroll: u16) {
        let len = crate::tui::views::help::lines(self).len();
        let last = u16::try_from(len.saturating_sub(1)).unwrap_or(u16::MAX);
        self.overlay = match action {
            Action::MoveDown => Overlay::Help {
                scroll: scroll.saturating_add(1).min(last),
            },
            Action::MoveUp => Overlay::Help {
                scroll: scroll.saturating_sub(1),
            },
            Action::PageDown => Overlay::Help {
                scroll: scroll.saturating_add(10).min(last),
            },
            Action::PageUp => Overlay::Help {
                scroll: scroll.saturating_sub(10),
            },
            Action::Top => Overlay::Help { scroll: 0 },
            Action::Bottom => Overlay::Help { scroll: last },
            Action::Help | Action::Back | Action::Cancel => Overlay::None,
            _ => Overlay::Help { scroll },
        };
    }

    pub(super) fn dispatch_palette(&mut self, action: Action, query: &str, selected: usize) {
        let matches = Self::palette_matches(query);
        match action {
            Action::Cancel | Action::Back => self.overlay = Overlay::None,
            Action::MoveDown | Action::MoveUp => {
                let n = matches.len().max(1);
                let selected = if action == Action::MoveDown {
                    (selected + 1) % n
                } else {
                    (selected + n - 1) % n
                };
                self.overlay = Overlay::Palette {
                    query: query.to_string(),
                    selected,
                };
            }
            Action::Open => {
                self.overlay = Overlay::None;
                match matches.get(selected) {
                    Some(&chosen) => self.dispatch(chosen),
                    None => self.message = Some(format!("No action matches \"{query}\"")),
                }
            }
            _ => {}
        }
    }

    pub(super) fn set_tab(&mut self, tab: PlanPart) {
        if self.tab != tab {
            self.tab = tab;
            self.detail_scroll = 0;
        }
    }

    pub(super) fn move_list(&mut self, action: Action) {
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
            self.detail_scroll = 0;
        }
    }

    pub(super) fn scroll_detail(&mut self, action: Action) {
        self.detail_scroll = match action {
            Action::MoveDown => self.detail_scroll.saturating_add(1),
            Action::MoveUp => self.detail_scroll.saturating_sub(1),
            Action::PageDown => self.detail_scroll.saturating_add(10),
            Action::PageUp => self.detail_scroll.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => u16::MAX,
            _ => self.detail_scroll,
        };
    }
}
