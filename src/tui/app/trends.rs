//! The Trends view: the unit's figures (`domain::stats`), computed once when it opens.
use super::{App, Breakdown, Overlay, TrendsView};
use crate::tui::action::Action;

impl App {
    /// The figures over every subject loaded, archived subjects left out (as `spmp stats`).
    pub fn trends_stats(&self) -> crate::domain::Stats {
        let months = self.config.breach_chart_months.clamp(1, 120);
        if !self.subjects.iter().any(|s| self.archived.contains(&s.id)) {
            return crate::domain::stats(&self.subjects, &self.config, self.today, months);
        }
        let live: Vec<crate::domain::Subject> = self
            .subjects
            .iter()
            .filter(|s| !self.archived.contains(&s.id))
            .cloned()
            .collect();
        crate::domain::stats(&live, &self.config, self.today, months)
    }

    pub(super) fn show_trends(&mut self) {
        self.overlay = Overlay::Trends(Box::new(TrendsView {
            stats: self.trends_stats(),
            breakdown: Breakdown::OrderKind,
            scroll: 0,
        }));
    }

    pub(super) fn dispatch_trends(&mut self, action: Action, mut v: Box<TrendsView>) {
        // `prepare` stops the scroll at the last line for the screen's size.
        match action {
            Action::MoveDown => v.scroll = v.scroll.saturating_add(1),
            Action::MoveUp => v.scroll = v.scroll.saturating_sub(1),
            Action::PageDown => v.scroll = v.scroll.saturating_add(10),
            Action::PageUp => v.scroll = v.scroll.saturating_sub(10),
            Action::Top => v.scroll = 0,
            Action::Bottom => v.scroll = u16::MAX,
            Action::NextView | Action::NextTab | Action::PrevTab => {
                v.breakdown = v.breakdown.other();
            }
            Action::Cancel | Action::Back | Action::Trends => return,
            _ => {}
        }
        self.overlay = Overlay::Trends(v);
    }
}
