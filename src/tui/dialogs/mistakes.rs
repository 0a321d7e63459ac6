//! Putting mistakes right from the app: the reason asked before deleting a subject created in
//! error, archiving one, or merging two records ([`Why`]), and the choice of the duplicate to
//! merge into the selected subject ([`Duplicates`]). Every rule is the store's (through
//! `ops::mistakes`); deleting and merging are confirmed with a question naming the subjects.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::confirm::{Confirm, OnYes};
use super::reason::MAX_REASON;
use super::{list_lines, wrap_select};
use crate::domain::{Subject, SubjectId};
use crate::ops;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hint_text, hints};
use crate::tui::form::LineEdit;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered, error_line, field_line};

/// What the reason is for.
pub enum WhyFor {
    /// Deleting a subject created in error; `created` says when and by whom, `until` until
    /// when it may be deleted (the store's record).
    Delete {
        subject: SubjectId,
        name: String,
        created: String,
        until: String,
    },
    /// Archiving a subject whose orders have all ended.
    Archive { subject: SubjectId, name: String },
    /// Merging `from` into `keep` (both shown side by side).
    Merge {
        keep: Box<Subject>,
        from: Box<Subject>,
    },
}

/// The reason for a deletion, an archive or a merge, typed before it is confirmed.
pub struct Why {
    pub purpose: WhyFor,
    pub reason: LineEdit,
    pub error: Option<String>,
}

impl Why {
    pub fn new(purpose: WhyFor) -> Self {
        Self {
            purpose,
            reason: LineEdit::default().with_max(MAX_REASON),
            error: None,
        }
    }

    fn title(&self) -> String {
        match &self.purpose {
            WhyFor::Delete { subject, .. } => {
                format!("Delete subject {subject} (created in error): why?")
            }
            WhyFor::Archive { subject, .. } => format!("Archive subject {subject}: why?"),
            WhyFor::Merge { keep, from } => {
                format!("Merge subject {} into subject {}: why?", from.id, keep.id)
            }
        }
    }

    /// The reason given: the confirmation, or (archiving) the archive itself.
    fn go(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let reason = self.reason.text().trim().to_string();
        if reason.is_empty() {
            self.error = Some("Type the reason: it is recorded in the audit log".into());
            return Flow::Stay;
        }
        match &self.purpose {
            WhyFor::Delete {
                subject,
                name,
                created,
                until,
            } => Flow::Replace(Box::new(
                Confirm::new(
                    format!(
                        "Delete subject {subject}, {name}, created in error? Its record, history \
                         and drafts are deleted for good; the audit log keeps that it was \
                         deleted, by whom and why."
                    ),
                    OnYes::DeleteSubject {
                        subject: *subject,
                        reason: reason.clone(),
                    },
                )
                .with_details(vec![
                    format!("created {created}"),
                    format!("may be deleted until {until}"),
                    format!("reason: {reason}"),
                ]),
            )),
            WhyFor::Merge { keep, from } => Flow::Replace(Box::new(
                Confirm::new(
                    format!(
                        "Merge subject {} ({}) into subject {} ({})? Everything of {} is added \
                         to {}, both histories are kept under {}, and record {} is removed.",
                        from.id,
                        from.display_name(),
                        keep.id,
                        keep.display_name(),
                        from.id,
                        keep.id,
                        keep.id,
                        from.id
                    ),
                    OnYes::MergeSubjects {
                        keep: keep.id,
                        from: from.id,
                        reason: reason.clone(),
                    },
                )
                .with_details(vec![
                    format!("keep: {}", ops::mistakes::identify(keep)),
                    format!("merge in and remove: {}", ops::mistakes::identify(from)),
                    format!("reason: {reason}"),
                ]),
            )),
            WhyFor::Archive { subject, .. } => {
                let id = *subject;
                let policy = ctx.policy().clone();
                let today = ctx.today();
                match ops::mistakes::archive(ctx.store, &policy, id, &reason, today) {
                    Ok(from) => {
                        ctx.main.archived.insert(id);
                        ctx.main.recompute_queue();
                        ctx.main.refresh_visible();
                        let from = from.map_or_else(|| "never".to_string(), |d| d.to_string());
                        ctx.say(format!(
                            "Archived subject {id} on {today}: out of the queue; an \
                             administrator may erase it from {from}"
                        ));
                    }
                    Err(e) => ctx.say(format!("Not archived: {e}")),
                }
                Flow::Close
            }
        }
    }

    fn draw_merge(
        &self,
        frame: &mut Frame,
        p: &Paint<'_>,
        area: Rect,
        keep: &Subject,
        from: &Subject,
    ) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        for (rect, title, s) in [(left, "Keep", keep), (right, "Merge in, then remove", from)] {
            let b = block(p.theme, format!("{title}: subject {}", s.id), false);
            let inner = b.inner(rect);
            frame.render_widget(b, rect);
            let lines: Vec<Line> = facts(s)
                .into_iter()
                .map(|(k, v)| field_line(p.theme, k, &crate::text::line(&v), false))
                .collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        }
    }
}

/// The reason asked before deleting `subject`, created as `creation` says (the store's record);
/// `officers` name its creator by rank, name and number.
pub fn delete_why(
    subject: &Subject,
    creation: &crate::store::Creation,
    officers: &[(String, crate::domain::Officer, bool)],
) -> Why {
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%d %b %Y %H:%M UTC").to_string();
    Why::new(WhyFor::Delete {
        subject: subject.id,
        name: subject.display_name(),
        created: format!(
            "{} by {}",
            when(creation.at),
            ops::users::label_of(officers, &creation.by)
        ),
        until: when(creation.until),
    })
}

/// What tells two records of one person apart, label and value.
fn facts(s: &Subject) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        ("Name", s.display_name()),
        ("Aliases", s.aliases.join(", ")),
        (
            "Born",
            s.date_of_birth
                .map(crate::domain::fmt_date)
                .unwrap_or_default(),
        ),
        ("PNC ID", opt(&s.pnc_id)),
        ("Niche", opt(&s.niche_ref)),
        ("Opened", crate::domain::fmt_date(s.opened)),
        ("Officer", opt(&s.officer)),
        ("Items", items(s)),
    ]
}

/// "2 orders, 1 review, 3 assessments, no breaches, 1 visit".
fn items(s: &Subject) -> String {
    let count = |n: usize, one: &str, many: &str| match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    [
        count(s.orders.len(), "order", "orders"),
        count(s.reviews.len(), "review", "reviews"),
        count(s.assessments.len(), "assessment", "assessments"),
        count(s.breaches.len(), "breach", "breaches"),
        count(s.visits.len(), "visit", "visits"),
    ]
    .join(", ")
}

/// Delete subject `id` (created in error) and show the result.
pub fn delete_subject(ctx: &mut Ctx<'_>, id: SubjectId, reason: &str) {
    match ops::mistakes::delete_subject(ctx.store, id, reason) {
        Ok(report) => {
            ctx.main.remove_subject(id);
            ctx.undo.forget(id);
            let mut text = format!(
                "Deleted subject {id} (created in error): record, {} history entries and {} \
                 drafts gone; the audit log keeps that it was deleted, by whom and why",
                report.history_entries, report.drafts
            );
            if !report.checkpointed {
                text.push_str(
                    " (another program has the store open: old pages leave the WAL when it \
                     closes)",
                );
            }
            ctx.say(text);
        }
        Err(e) => ctx.say(format!("Not deleted: {e}")),
    }
}

/// Merge subject `from` into `keep` and show the result.
pub fn merge_subjects(ctx: &mut Ctx<'_>, keep: SubjectId, from: SubjectId, reason: &str) {
    match ops::mistakes::merge_subjects(ctx.store, keep, from, reason) {
        Ok(report) => {
            ctx.main.remove_subject(from);
            ctx.undo.forget(from);
            // The session's earlier changes of the kept record would undo the merge.
            ctx.undo.forget(keep);
            ctx.show_saved(report.subject);
            ctx.say(format!(
                "Merged subject {from} into subject {keep}: added {}; {} history entries moved; \
                 record {from} removed",
                report.added, report.history_moved
            ));
        }
        Err(e) => ctx.say(format!("Not merged: {e}")),
    }
}

impl Component for Why {
    fn kind(&self) -> Kind {
        Kind::Reason
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        super::reason::reason_key(&mut self.reason, &mut self.error, event)
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx<'_>) -> bool {
        super::reason::reason_paste(&mut self.reason, &mut self.error, text)
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::ClearField => {
                self.reason.clear();
                Flow::Stay
            }
            Action::Cancel | Action::Back => {
                ctx.say("Cancelled: nothing was changed");
                Flow::Close
            }
            Action::Open | Action::Save => self.go(ctx),
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let key = |a| p.keymap.hint(Layer::Input, a).unwrap_or_default();
        let mut facts = Vec::new();
        let (intro, next) = match &self.purpose {
            WhyFor::Delete {
                name,
                created,
                until,
                ..
            } => {
                facts.push(field_line(t, "Created", &crate::text::line(created), false));
                facts.push(field_line(
                    t,
                    "Deletable until",
                    &crate::text::line(until),
                    false,
                ));
                (
                    format!(
                        "{}: only a record made by mistake is deleted this way, for good; the \
                         reason is recorded in the audit log with your name.",
                        crate::text::line(name)
                    ),
                    "go on (asks to confirm)",
                )
            }
            WhyFor::Archive { name, .. } => (
                format!(
                    "{}: archiving takes it out of the queue and starts the retention period; \
                     the reason is recorded in the audit log with your name.",
                    crate::text::line(name)
                ),
                "archive",
            ),
            WhyFor::Merge { .. } => (
                "The record on the right is merged into the one on the left: the left keeps its \
                 identity, gains everything of the right (differing details kept as aliases and \
                 notes), and both histories; the right is removed."
                    .to_string(),
                "go on (asks to confirm)",
            ),
        };
        let mut lines = vec![Line::raw(intro)];
        lines.extend(facts);
        lines.push(field_line(
            t,
            "Reason",
            &crate::text::line(&self.reason.text()),
            true,
        ));
        if let Some(e) = error_line(t, &self.error) {
            lines.push(e);
        }
        lines.push(Line::styled(
            format!(
                "{} {next}  {} cancel (nothing changed)",
                key(Action::Open),
                key(Action::Cancel)
            ),
            t.dim,
        ));
        let width = 100.min(p.screen.width);
        let inner_width = usize::from(width.saturating_sub(2)).max(1);
        let text_rows: usize = lines
            .iter()
            .map(|l| l.width().div_ceil(inner_width).max(1))
            .sum();
        let compare = match &self.purpose {
            WhyFor::Merge { .. } => 12,
            _ => 0,
        };
        let height = u16::try_from(text_rows + compare + 2).unwrap_or(u16::MAX);
        let area = centered(p.screen, width, height);
        frame.render_widget(Clear, area);
        let b = block(t, self.title(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let [top, bottom] = Layout::vertical([
            Constraint::Length(u16::try_from(compare).unwrap_or(0)),
            Constraint::Min(0),
        ])
        .areas(inner);
        if let WhyFor::Merge { keep, from } = &self.purpose {
            self.draw_merge(frame, p, top, keep, from);
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), bottom);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Input,
            &[(Action::Open, "go on"), (Action::Cancel, "cancel")],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Which record is the duplicate of the selected one: every other subject, filtered by what is
/// typed (name, alias, date of birth, PNC ID, Niche reference, id).
pub struct Duplicates {
    pub keep: Box<Subject>,
    pub query: LineEdit,
    /// Every other subject: (id, label).
    pub candidates: Vec<(SubjectId, String)>,
    pub selected: usize,
}

impl Duplicates {
    /// The finder for records to merge into `keep`, among `candidates` (id and label:
    /// `Workbench::merge_candidates`).
    pub fn new(keep: Subject, candidates: Vec<(SubjectId, String)>) -> Self {
        Self {
            keep: Box::new(keep),
            query: LineEdit::default().with_max(100),
            candidates,
            selected: 0,
        }
    }

    /// The candidates matching the query: every word, accents and case folded.
    pub fn shown(&self) -> Vec<&(SubjectId, String)> {
        let q = crate::text::fold(&self.query.text());
        let words: Vec<&str> = q.split_whitespace().collect();
        self.candidates
            .iter()
            .filter(|(_, label)| {
                let hay = crate::text::fold(label);
                words.iter().all(|w| hay.contains(w))
            })
            .collect()
    }
}

impl Component for Duplicates {
    fn kind(&self) -> Kind {
        Kind::Picker
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        let before = self.query.text();
        let used = self.query.handle_key(event);
        if self.query.text() != before {
            self.selected = 0;
        }
        used
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) -> bool {
        let outcome = self.query.paste(text);
        if outcome.changed() {
            self.selected = 0;
        }
        ctx.say(outcome.message());
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        let n = self.shown().len();
        match action {
            Action::Cancel | Action::Back => Flow::Close,
            Action::ClearField => {
                self.query.clear();
                self.selected = 0;
                Flow::Stay
            }
            Action::MoveDown | Action::MoveUp => {
                self.selected = wrap_select(self.selected, n, action);
                Flow::Stay
            }
            Action::Open | Action::Save => {
                let Some(id) = self.shown().get(self.selected).map(|(id, _)| *id) else {
                    ctx.say("No subject matches: type part of the duplicate's name or PNC ID");
                    return Flow::Stay;
                };
                match ops::item::load(ctx.store, id) {
                    Ok((from, _)) => Flow::Replace(Box::new(Why::new(WhyFor::Merge {
                        keep: self.keep.clone(),
                        from: Box::new(from),
                    }))),
                    Err(e) => {
                        ctx.say(e.to_string());
                        Flow::Stay
                    }
                }
            }
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let shown = self.shown();
        let area = centered(
            p.screen,
            100,
            (shown.len() as u16)
                .saturating_add(6)
                .max(9)
                .min(p.screen.height.saturating_sub(2)),
        );
        frame.render_widget(Clear, area);
        let b = block(
            t,
            format!("Merge which record into subject {}?", self.keep.id),
            true,
        );
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let mut lines = vec![
            Line::raw(format!(
                "Keep: {}",
                crate::text::line(&ops::mistakes::identify(&self.keep))
            )),
            field_line(t, "Find", &crate::text::line(&self.query.text()), true),
        ];
        let rows = usize::from(inner.height.saturating_sub(3));
        let labels: Vec<String> = shown.iter().map(|(_, l)| l.clone()).collect();
        if labels.is_empty() {
            lines.push(Line::styled("  no other subject matches", t.dim));
        } else {
            lines.extend(list_lines(t, &labels, self.selected, rows, inner.width));
        }
        let keys = hints(
            p.keymap,
            Layer::Input,
            &[
                (Action::Open, "choose"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "cancel"),
            ],
        );
        lines.push(Line::styled(hint_text(&keys), t.dim));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Input,
            &[
                (Action::Open, "choose"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "cancel"),
            ],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
