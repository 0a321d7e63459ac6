//! The fields two people changed at once, side by side: when a save meets a newer version that
//! changed the same fields (`ops::merge`), this dialog opens over the form (or the review
//! wizard) and lists each field with its value as the user has it, as the other person saved it
//! (who, when) and as it was when the form opened. `keep_mine` / `keep_theirs` choose for the
//! selected field, `save` saves the choices (merged again, in case yet another save landed),
//! and `cancel` goes back to the form with nothing lost. Everything else either of them changed
//! is kept without asking.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::wrap_select;
use crate::domain::{MergeConflict, Side};
use crate::ops::merge::Conflicts;
use crate::ops::{self, OpsError, Saved};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::text::wrap_line;
use crate::tui::views::widgets::{block, centered};

pub struct MergeDialog {
    pub conflicts: Conflicts,
    /// The conflict the keys act on.
    pub selected: usize,
    /// The subject's name, for the title.
    name: String,
}

/// The status line after a save: what was saved, and what of others' work the merge kept.
pub fn saved_text(saved: &Saved) -> String {
    match &saved.merged {
        Some(m) => format!("Saved: {}; {}", saved.summary, m.note),
        None => format!("Saved: {}", saved.summary),
    }
}

impl MergeDialog {
    pub fn new(conflicts: Conflicts) -> Self {
        let name = conflicts.theirs.display_name();
        Self {
            conflicts,
            selected: 0,
            name,
        }
    }

    /// The conflicts, in order.
    pub fn list(&self) -> &[MergeConflict] {
        &self.conflicts.merged.conflicts
    }

    fn choose(&mut self, side: Side, ctx: &mut Ctx<'_>) -> Flow {
        match self.conflicts.merged.choose(self.selected, side) {
            Ok(()) => {
                // On to the next field still to choose, if any.
                let n = self.list().len();
                if let Some(next) = (1..n)
                    .map(|k| (self.selected + k) % n)
                    .find(|&i| self.list()[i].choice.is_none())
                {
                    self.selected = next;
                }
                *ctx.message = None;
            }
            Err(e) => ctx.say(e.to_string()),
        }
        Flow::Stay
    }

    /// Save the choices through `ops` (merged again). Saved: hand the result to the form under
    /// this dialog; more conflicts (someone saved again): show those.
    fn save(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let left = self.conflicts.merged.unresolved();
        if left > 0 {
            ctx.say(format!(
                "Not saved yet: choose yours or theirs for {left} more field(s)"
            ));
            return Flow::Stay;
        }
        match ops::merge::save_resolved(ctx.store, &self.conflicts) {
            Ok(saved) => Flow::Return(Box::new(saved)),
            Err(OpsError::Merge(next)) => {
                self.conflicts = *next;
                self.selected = 0;
                ctx.say(
                    "Someone saved this subject again meanwhile: choose again for these fields",
                );
                Flow::Stay
            }
            Err(e) => {
                ctx.say(format!("Not saved: {e}"));
                Flow::Stay
            }
        }
    }

    /// The dialog's lines for `width` columns, and the first line of each conflict.
    fn lines(&self, p: &Paint<'_>, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
        let t = p.theme;
        let text = |s: &str| crate::text::line(s).into_owned();
        let mut out = Vec::new();
        let intro = format!(
            "Someone else saved this subject since you opened the form. Everything else you or \
             they changed is kept. You both changed {} field(s): choose which value to keep.",
            self.list().len()
        );
        out.extend(wrap_line(Line::styled(intro, t.warn), width, 0));
        for note in &self.conflicts.merged.notes {
            out.extend(wrap_line(Line::styled(text(note), t.dim), width, 2));
        }
        out.push(Line::raw(""));
        let mut starts = Vec::new();
        for (i, c) in self.list().iter().enumerate() {
            starts.push(out.len());
            let by = self.conflicts.by.get(i).map(String::as_str).unwrap_or("");
            let sides = Sides {
                mine: "yours",
                theirs: "theirs",
                theirs_note: &format!(" (saved by {})", text(by)),
                base: "when you opened",
            };
            out.extend(conflict_lines(
                p,
                c,
                &text(&c.label),
                i == self.selected,
                &sides,
                width,
            ));
        }
        (out, starts)
    }
}

impl Component for MergeDialog {
    fn kind(&self) -> Kind {
        Kind::Merge
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Dialog, Layer::Normal]
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::MoveDown | Action::MoveUp | Action::Top | Action::Bottom => {
                self.selected = wrap_select(self.selected, self.list().len(), action);
                Flow::Stay
            }
            Action::KeepMine => self.choose(Side::Mine, ctx),
            Action::KeepTheirs => self.choose(Side::Theirs, ctx),
            Action::Save => self.save(ctx),
            Action::Cancel | Action::Back => {
                ctx.say("Back to your form: nothing was saved; saving again merges again");
                Flow::Close
            }
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let width = p.screen.width.min(110);
        let (lines, starts) = self.lines(p, usize::from(width.saturating_sub(2)));
        let title = format!(
            "Changed by you and by someone else: {}",
            crate::text::line(&self.name)
        );
        draw_list(frame, p, title, (lines, &starts), self.selected);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        let mut out = hints(
            keymap,
            Layer::Dialog,
            &[
                (Action::KeepMine, "keep yours"),
                (Action::KeepTheirs, "keep theirs"),
            ],
        );
        out.extend(hints(
            keymap,
            Layer::Normal,
            &[(Action::MoveDown, "next field")],
        ));
        out.extend(hints(keymap, Layer::Dialog, &[(Action::Save, "save")]));
        out.extend(hints(
            keymap,
            Layer::Normal,
            &[(Action::Cancel, "back to the form")],
        ));
        out
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What each side of a conflict is called: "yours" / "theirs" (" (saved by ...)") / "when you
/// opened" on a save; "laptop" / "office" / "when checked out" at a check-in.
pub(crate) struct Sides<'a> {
    pub mine: &'a str,
    pub theirs: &'a str,
    /// Said after `theirs` by its value only.
    pub theirs_note: &'a str,
    pub base: &'a str,
}

/// One conflict's lines for `width` columns: `heading` with the choice made, then the values
/// side by side, the chosen one marked.
pub(crate) fn conflict_lines(
    p: &Paint<'_>,
    c: &MergeConflict,
    heading: &str,
    selected: bool,
    sides: &Sides<'_>,
    width: usize,
) -> Vec<Line<'static>> {
    let t = p.theme;
    let text = |s: &str| crate::text::line(s).into_owned();
    let mut out = Vec::new();
    let chosen = match c.choice {
        Some(Side::Mine) => format!("[{}]", sides.mine),
        Some(Side::Theirs) => format!("[{}]", sides.theirs),
        None => "[choose]".to_string(),
    };
    let marker = if selected { "> " } else { "  " };
    let head = Line::from(vec![
        Span::raw(marker),
        Span::styled(heading.to_string(), t.heading),
        Span::raw("  "),
        Span::styled(chosen, if c.choice.is_some() { t.ok } else { t.alert }),
    ]);
    let head = if selected {
        head.style(t.selected)
    } else {
        head
    };
    out.extend(wrap_line(head, width, 4));
    let pick = |side| {
        if c.choice == Some(side) {
            t.selected
        } else {
            t.base
        }
    };
    let values = Line::from(vec![
        Span::raw("    "),
        Span::styled(format!("{}: ", sides.mine), t.key),
        Span::styled(text(&c.mine), pick(Side::Mine)),
        Span::raw(" | "),
        Span::styled(format!("{}{}: ", sides.theirs, sides.theirs_note), t.key),
        Span::styled(text(&c.theirs), pick(Side::Theirs)),
        Span::raw(" | "),
        Span::styled(format!("{}: ", sides.base), t.dim),
        Span::styled(text(&c.base), t.dim),
    ]);
    out.extend(wrap_line(values, width, 6));
    out.push(Line::raw(""));
    out
}

/// Draw `lines` in a box titled `title`, as tall as they are (within the screen), scrolled so
/// that the item `selected` (its lines start at `starts[selected]`) is in view.
pub(crate) fn draw_list(
    frame: &mut Frame,
    p: &Paint<'_>,
    title: String,
    (lines, starts): (Vec<Line<'static>>, &[usize]),
    selected: usize,
) {
    // The box's inner width is 2 less than its own.
    let width = p.screen.width.min(110);
    let tall = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let area = centered(p.screen, width, tall.min(p.screen.height.saturating_sub(2)));
    frame.render_widget(Clear, area);
    let b = block(p.theme, title, true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    // The selected item in view: its first line, and as much of it as fits.
    let height = usize::from(inner.height);
    let start = starts.get(selected).copied().unwrap_or(0);
    let end = starts.get(selected + 1).copied().unwrap_or(lines.len());
    let offset = end.saturating_sub(height).min(start);
    let offset = u16::try_from(offset).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((offset, 0)), inner);
}
