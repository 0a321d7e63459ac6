//! `T`: the Trends view. The unit's figures over the whole screen, computed once when it opens
//! (no save can happen while it is open), not per frame. `draw.rs` lays them out.
mod draw;

use std::any::Any;

use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;

/// How the view breaks breaches down by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    /// By the kind of the order breached (SPO, ISPO...).
    OrderKind,
    /// By the category of each condition breached.
    Category,
}

impl Breakdown {
    pub fn other(self) -> Self {
        match self {
            Breakdown::OrderKind => Breakdown::Category,
            Breakdown::Category => Breakdown::OrderKind,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Breakdown::OrderKind => "by order kind",
            Breakdown::Category => "by condition category",
        }
    }
}

pub struct Trends {
    pub stats: crate::domain::Stats,
    pub breakdown: Breakdown,
    pub scroll: Scroll,
    /// How many archived subjects were left out.
    pub archived: usize,
}

impl Trends {
    pub fn new(stats: crate::domain::Stats, archived: usize) -> Self {
        Self {
            stats,
            breakdown: Breakdown::OrderKind,
            scroll: Scroll::default(),
            archived,
        }
    }
}

impl Component for Trends {
    fn kind(&self) -> Kind {
        Kind::Trends
    }

    fn action(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::NextView | Action::NextTab | Action::PrevTab => {
                self.breakdown = self.breakdown.other();
                Flow::Stay
            }
            Action::Cancel | Action::Back | Action::Trends => Flow::Close,
            a => {
                self.scroll.apply(a);
                Flow::Stay
            }
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        draw::draw(frame, p, self);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[
                (Action::MoveDown, "scroll"),
                (Action::NextView, "by kind / by category"),
                (Action::Cancel, "close"),
            ],
        )
    }

    fn full_screen(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
