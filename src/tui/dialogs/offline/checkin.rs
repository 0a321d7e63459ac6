//! `I`: check a working set in, choosing a side for each field both changed.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::text::Line;

use super::super::merge::{Sides, conflict_lines, draw_list};
use super::{Fields, Step, draw_fields, field_hints, folder, secret_field, text_field};
use crate::domain::Side;
use crate::ops::offline::CheckinPlan;
use crate::ops::{self, OpsError};
use crate::store::{Login, Passphrase};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::text::wrap_line;

/// `e` as the dialog says it: that nothing was checked in, once.
fn nothing_checked_in(e: &OpsError) -> String {
    let text = e.to_string();
    if text.contains("nothing was checked in") {
        format!("{}.", crate::text::capitalise(&text))
    } else {
        format!("Nothing was checked in: {text}.")
    }
}

/// `I`: check a working set in.
pub struct CheckinDialog {
    fields: Fields,
    /// What the folder field held when the dialog opened.
    start: String,
    error: Option<String>,
    /// The check-in worked out, once the folder and passphrase were given.
    plan: Option<CheckinPlan>,
    /// The conflict the keys act on.
    selected: usize,
}

impl CheckinDialog {
    pub fn new(dir: &std::path::Path) -> Self {
        let start = format!("{}/", dir.display().to_string().trim_end_matches('/'));
        Self {
            fields: Fields {
                list: vec![text_field("Working set folder", &start), secret_field()],
                focus: 0,
            },
            start,
            error: None,
            plan: None,
            selected: 0,
        }
    }

    /// The plan being resolved, if the folder was read.
    pub fn plan(&self) -> Option<&CheckinPlan> {
        self.plan.as_ref()
    }

    /// Read the working set and work the check-in out (nothing written yet).
    fn read(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let dir = self.fields.text(0);
        if dir.is_empty() || dir == self.start.trim() {
            self.error = Some("Name the working set's folder".into());
            return Flow::Stay;
        }
        if self.fields.secret_empty(1) {
            self.error = Some("Type your passphrase: the working set opens with it".into());
            return Flow::Stay;
        }
        let login = Login {
            user: ctx.store.actor().name.clone(),
            passphrase: Passphrase::new(self.fields.take_secret(1)),
        };
        let opts = ops::offline::options_for_working_set(ctx.store);
        match ops::offline::plan_check_in(ctx.store, &folder(&dir), &login, &opts) {
            Ok(plan) => {
                self.error = None;
                *ctx.message = None;
                self.selected = 0;
                self.plan = Some(plan);
                Flow::Stay
            }
            Err(e) => {
                self.error = Some(nothing_checked_in(&e));
                Flow::Stay
            }
        }
    }

    fn choose(&mut self, side: Side, ctx: &mut Ctx<'_>) {
        let Some(plan) = &mut self.plan else {
            return;
        };
        if plan.conflicts().is_empty() {
            ctx.say("Nothing to choose: no field was changed on both sides; ctrl-s checks it in");
            return;
        }
        match plan.choose(self.selected, side) {
            Ok(()) => {
                let all = plan.conflicts();
                let n = all.len();
                if let Some(next) = (1..n)
                    .map(|k| (self.selected + k) % n)
                    .find(|&i| all[i].conflict.choice.is_none())
                {
                    self.selected = next;
                }
                *ctx.message = None;
            }
            Err(e) => ctx.say(e.to_string()),
        }
    }

    /// Write the check-in. Done: close and show the subjects as they are now. The office saved
    /// one of them meanwhile: read the working set again (the passphrase is asked again).
    fn apply(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let Some(plan) = self.plan.take() else {
            return Flow::Stay;
        };
        let left = plan.unresolved();
        if left > 0 {
            ctx.say(format!(
                "Not checked in yet: choose the office's or the laptop's value for {left} more \
                 field(s)"
            ));
            self.plan = Some(plan);
            return Flow::Stay;
        }
        match plan.apply(ctx.store) {
            Ok(done) => {
                for (id, _) in &done.applied {
                    if let Ok((subject, _)) = ops::item::load(ctx.store, *id) {
                        ctx.show_saved(subject);
                    }
                }
                ctx.main.checked_out = ops::offline::out_now(ctx.store, ctx.today());
                ctx.say(format!(
                    "Checked in: {} subject(s) changed, {} entr{} of offline work added to the \
                     audit log",
                    done.applied.len(),
                    done.entries,
                    if done.entries == 1 { "y" } else { "ies" }
                ));
                Flow::Close
            }
            Err(e) => {
                self.error = Some(format!(
                    "{} Type your passphrase to read the working set again.",
                    nothing_checked_in(&e)
                ));
                self.fields.focus = 1;
                Flow::Stay
            }
        }
    }

    /// The resolution's lines for `width` columns, and the first line of each conflict.
    fn plan_lines(
        &self,
        plan: &CheckinPlan,
        p: &Paint<'_>,
        width: usize,
    ) -> (Vec<Line<'static>>, Vec<usize>) {
        let t = p.theme;
        let conflicts = plan.conflicts();
        let mut out = Vec::new();
        let intro = format!(
            "Working set {}: {} subject(s) changed on the laptop, {} entr{} of offline work for \
             the audit log. Everything only one side changed is kept.",
            plan.id(),
            plan.changed(),
            plan.entries(),
            if plan.entries() == 1 { "y" } else { "ies" }
        );
        out.extend(wrap_line(Line::raw(intro), width, 0));
        let ask = if conflicts.is_empty() {
            "Nothing was changed on both sides: check it in to write it all.".to_string()
        } else {
            format!(
                "The office and the laptop both changed {} field(s): choose which value each \
                 keeps. Nothing is written until every one is chosen.",
                conflicts.len()
            )
        };
        out.extend(wrap_line(Line::styled(ask, t.warn), width, 0));
        for (id, name, note) in plan.notes() {
            let text = crate::text::line(&format!("{id} {name}: {note}")).into_owned();
            out.extend(wrap_line(Line::styled(text, t.dim), width, 2));
        }
        out.push(Line::raw(""));
        let sides = Sides {
            mine: "laptop",
            theirs: "office",
            theirs_note: " now",
            base: "when checked out",
        };
        let mut starts = Vec::new();
        for (i, c) in conflicts.iter().enumerate() {
            starts.push(out.len());
            let heading =
                crate::text::line(&format!("{} {}: {}", c.subject, c.name, c.conflict.label))
                    .into_owned();
            out.extend(conflict_lines(
                p,
                &c.conflict,
                &heading,
                i == self.selected,
                &sides,
                width,
            ));
        }
        (out, starts)
    }
}

impl Component for CheckinDialog {
    fn kind(&self) -> Kind {
        Kind::Offline
    }

    fn layers(&self) -> &'static [Layer] {
        if self.plan.is_some() {
            &[Layer::Dialog, Layer::Normal]
        } else {
            &[Layer::Input]
        }
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        if self.plan.is_some() {
            return false;
        }
        let used = self.fields.key(event);
        if used {
            self.error = None;
        }
        used
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) -> bool {
        if self.plan.is_some() {
            return false;
        }
        match self.fields.paste(text) {
            Ok(()) => self.error = None,
            Err(why) => ctx.say(why),
        }
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        if let Some(plan) = &self.plan {
            let n = plan.conflicts().len();
            match action {
                Action::MoveDown | Action::MoveUp | Action::Top | Action::Bottom => {
                    self.selected = super::super::wrap_select(self.selected, n, action);
                }
                Action::KeepMine => self.choose(Side::Mine, ctx),
                Action::KeepTheirs => self.choose(Side::Theirs, ctx),
                Action::Save => return self.apply(ctx),
                Action::Cancel | Action::Back => {
                    ctx.say("Nothing was checked in: the working set can be checked in later");
                    return Flow::Close;
                }
                _ => {}
            }
            return Flow::Stay;
        }
        match self.fields.action(action) {
            Step::Stay => Flow::Stay,
            Step::Submit => self.read(ctx),
            Step::Cancel => {
                ctx.say("Nothing was checked in");
                Flow::Close
            }
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        match &self.plan {
            Some(plan) => {
                let width = usize::from(p.screen.width.min(110).saturating_sub(2));
                let (lines, starts) = self.plan_lines(plan, p, width);
                draw_list(
                    frame,
                    p,
                    format!("Check in working set {}", plan.id()),
                    (lines, &starts),
                    self.selected,
                );
            }
            None => {
                let intro = "Bring a laptop's work back: the working set's folder (copied from \
                             the laptop) and your passphrase. It is checked whole first; \
                             nothing is written until you say so.";
                draw_fields(
                    frame,
                    p,
                    "Check in a working set".into(),
                    intro,
                    (&self.fields, &self.error),
                );
            }
        }
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        if self.plan.is_none() {
            return field_hints(keymap, "read it");
        }
        let mut out = hints(
            keymap,
            Layer::Dialog,
            &[
                (Action::KeepMine, "keep laptop's"),
                (Action::KeepTheirs, "keep office's"),
            ],
        );
        out.extend(hints(
            keymap,
            Layer::Normal,
            &[(Action::MoveDown, "next field")],
        ));
        out.extend(hints(keymap, Layer::Dialog, &[(Action::Save, "check in")]));
        out.extend(hints(keymap, Layer::Normal, &[(Action::Cancel, "cancel")]));
        out
    }

    fn forget_secrets(&mut self) {
        self.fields.forget_secrets();
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
