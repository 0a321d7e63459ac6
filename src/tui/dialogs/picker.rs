//! A list to choose one entry from: which kind of item to add (and to which order or
//! assessment), which item to edit or delete, which record to sign off.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::confirm::{Confirm, OnYes};
use super::form::FormDialog;
use super::{list_lines, wrap_select};
use crate::domain::{ItemKind, SignTarget, Subject, SubjectId, Target};
use crate::edit;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hint_text, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered};

pub struct Picker {
    pub subject: SubjectId,
    pub title: String,
    pub labels: Vec<String>,
    pub selected: usize,
    pub purpose: Purpose,
}

/// What choosing an entry does; each holds one option per label.
pub enum Purpose {
    Edit(Vec<Target>),
    Delete(Vec<Target>),
    AddKind(Vec<ItemKind>),
    AddParent(ItemKind, Vec<Target>),
    SignOff(Vec<SignTarget>),
}

/// Kinds that live inside another item and need it chosen first.
fn needs_parent(kind: ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Variation
            | ItemKind::Condition
            | ItemKind::Notification
            | ItemKind::TacticalOption
            | ItemKind::MeetingAction
    )
}

/// Open a form (or a message why not) as a flow.
fn form(ctx: &mut Ctx<'_>, subject: Option<SubjectId>, target: Target) -> Flow {
    // A review is revised in the review wizard, pre-filled with its answers.
    if let (ItemKind::Review, Some(id), Some(review)) = (target.kind, subject, target.id) {
        return match super::wizard::Wizard::revise(ctx, id, review, 0, Vec::new()) {
            Ok(w) => Flow::Replace(Box::new(w)),
            Err(e) => {
                ctx.say(e);
                Flow::Close
            }
        };
    }
    // A screening is kept as recorded: opening one shows it beside the one before it.
    if let (ItemKind::Screening, Some(id), Some(n)) = (target.kind, subject, target.id) {
        let Some(s) = ctx.main.subject(id).cloned() else {
            return Flow::Close;
        };
        return match crate::ops::screening::compare_text(&s, n, 100) {
            Ok(lines) => Flow::Replace(Box::new(super::text_view::TextView::new(
                format!("Risk screening: {}", s.display_name()),
                lines,
            ))),
            Err(e) => {
                ctx.say(e.to_string());
                Flow::Close
            }
        };
    }
    match FormDialog::item(ctx, subject, target, None) {
        Ok(f) => Flow::Replace(Box::new(f)),
        Err(e) => {
            ctx.say(e);
            Flow::Close
        }
    }
}

/// What adding `kind` to `subject` opens: its form, or first a choice of the order or
/// assessment it belongs to. `Err` says why nothing can be added.
pub fn add_kind(ctx: &mut Ctx<'_>, subject: &Subject, kind: ItemKind) -> Flow {
    // A screening is on one of force policy's instruments: with several, choose which (its
    // number is the target's parent, as `spmp item add --parent N` gives it).
    let instruments: Vec<String> = ctx
        .policy()
        .instruments
        .iter()
        .map(|i| format!("{} v{}", i.name, i.version))
        .collect();
    if kind == ItemKind::Screening && instruments.len() > 1 {
        return Flow::Replace(Box::new(Picker {
            subject: subject.id,
            title: "Risk screening: on which instrument?".to_string(),
            labels: instruments
                .iter()
                .map(|l| crate::text::line(l).into_owned())
                .collect(),
            selected: 0,
            purpose: Purpose::AddParent(
                kind,
                (1..=instruments.len() as u32)
                    .map(|n| Target::existing(ItemKind::Screening, n, None))
                    .collect(),
            ),
        }));
    }
    if !needs_parent(kind) {
        return form(ctx, Some(subject.id), Target::new_item(kind, None));
    }
    let parents = edit::parents(subject, kind);
    match parents.as_slice() {
        [] => {
            let what = match kind {
                ItemKind::TacticalOption => "Record a risk assessment first",
                ItemKind::MeetingAction => "Record the meeting first (tab 6)",
                _ => "Add an order first",
            };
            ctx.say(format!(
                "{what}: a {} belongs to one",
                edit::kind_label(kind).to_lowercase()
            ));
            Flow::Close
        }
        [one] => form(ctx, Some(subject.id), Target::new_item(kind, one.target.id)),
        many => Flow::Replace(Box::new(Picker {
            subject: subject.id,
            title: format!("{}: which one does it belong to?", edit::kind_label(kind)),
            labels: many
                .iter()
                .map(|p| crate::text::line(&p.label).into_owned())
                .collect(),
            selected: 0,
            purpose: Purpose::AddParent(kind, many.iter().map(|p| p.target).collect()),
        })),
    }
}

impl Picker {
    fn choose(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let i = self.selected;
        let subject = self.subject;
        match &self.purpose {
            Purpose::AddKind(kinds) => {
                let (Some(kind), Some(s)) = (kinds.get(i).copied(), ctx.main.subject(subject))
                else {
                    return Flow::Close;
                };
                let s = s.clone();
                add_kind(ctx, &s, kind)
            }
            Purpose::AddParent(kind, parents) => match parents.get(i) {
                Some(parent) => form(ctx, Some(subject), Target::new_item(*kind, parent.id)),
                None => Flow::Close,
            },
            Purpose::Edit(targets) => match targets.get(i) {
                Some(target) => form(ctx, Some(subject), *target),
                None => Flow::Close,
            },
            Purpose::Delete(targets) => match targets.get(i) {
                Some(target) if target.kind == ItemKind::Subject => {
                    let Some(s) = ctx.main.subject(subject).cloned() else {
                        return Flow::Close;
                    };
                    match crate::ops::mistakes::deletable(ctx.store, subject) {
                        Ok(c) => {
                            let officers =
                                crate::ops::users::officers(ctx.store).unwrap_or_default();
                            Flow::Replace(Box::new(super::mistakes::delete_why(&s, &c, &officers)))
                        }
                        Err(e) => {
                            ctx.say(format!("Cannot delete subject {subject}: {e}"));
                            Flow::Close
                        }
                    }
                }
                Some(target) => {
                    let label = self.labels.get(i).cloned().unwrap_or_default();
                    Flow::Replace(Box::new(Confirm::new(
                        format!("Delete {label}? This is kept in the history."),
                        OnYes::Delete {
                            subject,
                            target: *target,
                        },
                    )))
                }
                None => Flow::Close,
            },
            Purpose::SignOff(targets) => match targets.get(i) {
                Some(target) => match FormDialog::sign_off(ctx, subject, *target) {
                    Ok(f) => Flow::Replace(Box::new(f)),
                    Err(e) => {
                        ctx.say(e);
                        Flow::Close
                    }
                },
                None => Flow::Close,
            },
        }
    }
}

impl Component for Picker {
    fn kind(&self) -> Kind {
        Kind::Picker
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::MoveDown | Action::MoveUp | Action::Top | Action::Bottom => {
                self.selected = wrap_select(self.selected, self.labels.len(), action);
                Flow::Stay
            }
            Action::Cancel | Action::Back => Flow::Close,
            Action::Open => self.choose(ctx),
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let height = (self.labels.len() as u16)
            .saturating_add(4)
            .min(p.screen.height.saturating_sub(2));
        let area = centered(p.screen, 90, height.max(6));
        frame.render_widget(Clear, area);
        let b = block(p.theme, self.title.clone(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let rows = usize::from(inner.height.saturating_sub(1));
        let mut lines = list_lines(p.theme, &self.labels, self.selected, rows, inner.width);
        let keys = hints(
            p.keymap,
            Layer::Normal,
            &[
                (Action::Open, "choose"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "cancel"),
            ],
        );
        lines.push(Line::styled(hint_text(&keys), p.theme.dim));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[
                (Action::Open, "choose"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "close"),
            ],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
