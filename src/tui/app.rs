//! Application state and `App::dispatch`, the only place state changes.
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

use crate::config::Config;
use crate::domain::{ReviewDue, RiskLevel, Subject};
use crate::search::{Field, SearchIndex};
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Keymap, Layer};
use crate::tui::theme::Theme;

/// The two panes that take focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// The tabs of the detail area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Section1,
    Section2,
    Risk,
    Timeline,
    Reviews,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Section1,
        Tab::Section2,
        Tab::Risk,
        Tab::Timeline,
        Tab::Reviews,
    ];

    /// A shorter title for the tab bar when the full ones do not fit.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Section1 => "1 Offending",
            Tab::Section2 => "2 Management",
            Tab::Risk => "3 Risk",
            Tab::Timeline => "4 Timeline",
            Tab::Reviews => "5 Reviews",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Section1 => "1 Offending & safeguarding",
            Tab::Section2 => "2 Investigations & management",
            Tab::Risk => "3 Risk",
            Tab::Timeline => "4 Timeline",
            Tab::Reviews => "5 Reviews",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn offset(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        let i = (self.index() as isize + by).rem_euclid(n);
        Tab::ALL[i as usize]
    }
}

/// A dialog over the main screen. The open dialog gets keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help { scroll: u16 },
    Palette { query: String, selected: usize },
}

/// The search box over the subject list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub query: String,
    /// Typing goes into the box while editing; after `enter` the filter stays and keys navigate.
    pub editing: bool,
}

/// A row of the subject list, computed once when subjects are loaded (not per frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub risk: Option<RiskLevel>,
    pub review: ReviewDue,
    pub orders: String,
}

/// Everything the screen shows; views read it, only `dispatch` and `handle_key` change it.
pub struct App {
    pub subjects: Vec<Subject>,
    pub rows: Vec<Row>,
    index: SearchIndex,
    /// Indices into `subjects` currently listed (all, or the search results in rank order).
    pub visible: Vec<usize>,
    /// The field that matched, per visible row, while a search filter is on.
    pub matched: Vec<Option<Field>>,
    pub selected: usize,
    pub focus: Focus,
    pub tab: Tab,
    pub detail_scroll: u16,
    pub overlay: Overlay,
    pub search: Option<Search>,
    pub keymap: Keymap,
    pub config: Config,
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
}

impl App {
    pub fn new(
        mut subjects: Vec<Subject>,
        keymap: Keymap,
        config: Config,
        theme: Theme,
        today: NaiveDate,
        banner: String,
    ) -> Self {
        // Alphabetical as people read names: accents folded, so Åström sorts with the As.
        subjects.sort_by_cached_key(|s| {
            (
                crate::search::fold(&s.family_name),
                crate::search::fold(&s.given_names),
                s.id,
            )
        });
        let rows = subjects
            .iter()
            .map(|s| Row {
                name: crate::sanitize::line(&s.display_name()).into_owned(),
                risk: s.current_risk(),
                review: ReviewDue::of(s, &config.cadence, today),
                orders: s
                    .orders
                    .iter()
                    .filter(|o| o.is_active(today))
                    .map(|o| o.kind.short().to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            })
            .collect();
        let index = SearchIndex::build(&subjects);
        let visible = (0..subjects.len()).collect();
        Self {
            matched: vec![None; subjects.len()],
            subjects,
            rows,
            index,
            visible,
            selected: 0,
            focus: Focus::List,
            tab: Tab::Section1,
            detail_scroll: 0,
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
        }
    }

    /// Fit scroll positions to a screen of `size` before drawing it: the list window follows the
    /// cursor and the detail scroll stops at the last line.
    pub fn prepare(&mut self, size: ratatui::layout::Rect) {
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
            let n = crate::tui::views::detail::tab_lines(self, s, self.tab, w).len();
            self.detail_scroll = self
                .detail_scroll
                .min(crate::tui::views::detail::max_scroll(n, dh));
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
        let typing = matches!(self.overlay, Overlay::Palette { .. })
            || self.search.as_ref().is_some_and(|s| s.editing);
        if typing { Layer::Input } else { Layer::Normal }
    }

    /// Route one terminal key event: in a text field printable characters are typed first;
    /// everything else goes through the keymap of the current layer.
    pub fn handle_key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_press(&event) else {
            return;
        };
        let layer = self.layer();
        if layer == Layer::Input {
            if let Some(c) = key.printable() {
                self.edit_text(|t| t.push(c));
                return;
            }
            if let Some(action) = self.keymap.action(layer, &key) {
                self.dispatch(action);
            } else if event.code == KeyCode::Backspace {
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

    fn edit_text(&mut self, edit: impl FnOnce(&mut String)) {
        match &mut self.overlay {
            Overlay::Palette { query, selected } => {
                edit(query);
                *selected = 0;
                return;
            }
            Overlay::Help { .. } | Overlay::None => {}
        }
        if let Some(search) = &mut self.search {
            edit(&mut search.query);
            let query = search.query.clone();
            self.apply_search(&query);
        }
    }

    fn apply_search(&mut self, query: &str) {
        if query.trim().is_empty() {
            self.visible = (0..self.subjects.len()).collect();
            self.matched = vec![None; self.visible.len()];
        } else {
            let hits = self.index.query(query);
            self.visible = hits.iter().map(|h| h.subject).collect();
            self.matched = hits.iter().map(|h| Some(h.field)).collect();
        }
        self.selected = 0;
        self.detail_scroll = 0;
    }

    fn clear_search(&mut self) {
        self.search = None;
        let keep = self.visible.get(self.selected).copied();
        self.apply_search("");
        if let Some(i) = keep {
            self.selected = i;
        }
    }

    /// Actions listed in the palette for `query` (name or description contains every word).
    pub fn palette_matches(query: &str) -> Vec<Action> {
        let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
        Action::ALL
            .into_iter()
            .filter(|a| {
                let hay = format!("{} {}", a.name(), a.description()).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    /// Apply one action. The only mutator of the app's state.
    pub fn dispatch(&mut self, action: Action) {
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        match self.overlay.clone() {
            Overlay::Help { scroll } => return self.dispatch_help(action, scroll),
            Overlay::Palette { query, selected } => {
                return self.dispatch_palette(action, &query, selected);
            }
            Overlay::None => {}
        }
        if self.search.as_ref().is_some_and(|s| s.editing) {
            match action {
                Action::Cancel => self.clear_search(),
                Action::Open => {
                    if let Some(s) = &mut self.search {
                        s.editing = false;
                    }
                    if self.visible.is_empty() {
                        self.message = Some("No subject matches the search".into());
                    }
                }
                Action::MoveDown | Action::MoveUp => self.move_list(action),
                _ => {}
            }
            return;
        }
        self.dispatch_normal(action);
    }

    fn dispatch_help(&mut self, action: Action, scroll: u16) {
        self.overlay = match action {
            Action::MoveDown => Overlay::Help {
                scroll: scroll.saturating_add(1),
            },
            Action::MoveUp => Overlay::Help {
                scroll: scroll.saturating_sub(1),
            },
            Action::PageDown => Overlay::Help {
                scroll: scroll.saturating_add(10),
            },
            Action::PageUp => Overlay::Help {
                scroll: scroll.saturating_sub(10),
            },
            Action::Top => Overlay::Help { scroll: 0 },
            Action::Help | Action::Back | Action::Cancel => Overlay::None,
            _ => Overlay::Help { scroll },
        };
    }

    fn dispatch_palette(&mut self, action: Action, query: &str, selected: usize) {
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
            Action::Search => {
                self.focus = Focus::List;
                let query = self.search.take().map(|s| s.query).unwrap_or_default();
                self.search = Some(Search {
                    query,
                    editing: true,
                });
            }
            Action::Back => match self.focus {
                Focus::Detail => self.focus = Focus::List,
                Focus::List if self.search.is_some() => self.clear_search(),
                Focus::List => self.should_quit = true,
            },
            Action::Cancel => {
                if self.focus == Focus::Detail {
                    self.focus = Focus::List;
                } else if self.search.is_some() {
                    self.clear_search();
                }
                self.message = None;
            }
            Action::Open => {
                if self.current().is_some() {
                    self.focus = Focus::Detail;
                }
            }
            Action::NextPane | Action::PrevPane => {
                self.focus = match self.focus {
                    Focus::List if self.current().is_some() => Focus::Detail,
                    _ => Focus::List,
                }
            }
            Action::NextTab => self.set_tab(self.tab.offset(1)),
            Action::PrevTab => self.set_tab(self.tab.offset(-1)),
            Action::TabSection1 => self.set_tab(Tab::Section1),
            Action::TabSection2 => self.set_tab(Tab::Section2),
            Action::TabRisk => self.set_tab(Tab::Risk),
            Action::TabTimeline => self.set_tab(Tab::Timeline),
            Action::TabReviews => self.set_tab(Tab::Reviews),
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => match self.focus {
                Focus::List => self.move_list(action),
                Focus::Detail => self.scroll_detail(action),
            },
        }
    }

    fn set_tab(&mut self, tab: Tab) {
        if self.tab != tab {
            self.tab = tab;
            self.detail_scroll = 0;
        }
    }

    fn move_list(&mut self, action: Action) {
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

    fn scroll_detail(&mut self, action: Action) {
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
