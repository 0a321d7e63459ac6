//! The governance view: the super-complaint recommendations with their measures, RAG and
//! status for this quarter, and the unit's action plan with every update; `a` adds a line,
//! `e` records an update (supervisors and administrators: the store checks). Counts only.
use std::any::Any;

use ratatui::Frame;

use super::form::{FormDialog, Purpose, new_form};
use super::text_view::TextView;
use crate::domain::{ItemKind, PlanStatus, RECOMMENDATIONS, Rag, ReportPeriod, Subject, Target};
use crate::edit::{Choice, FieldKind, FieldSpec};
use crate::ops;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};

/// Which of the unit's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitForm {
    NewAction,
    UpdateAction,
    Training,
}

pub struct Governance {
    pub period: ReportPeriod,
    pub page: TextView,
}

impl Governance {
    pub fn open(ctx: &mut Ctx<'_>) -> Result<Self, String> {
        let period = ReportPeriod::quarter_of(ctx.today());
        let page = page(ctx, &period)?;
        Ok(Self { period, page })
    }
}

fn page(ctx: &mut Ctx<'_>, period: &ReportPeriod) -> Result<TextView, String> {
    let policy = ctx.policy().clone();
    let rows = ops::governance::rows(ctx.store, &policy, period).map_err(|e| e.to_string())?;
    let (unit, _) = ops::governance::records(ctx.store).map_err(|e| e.to_string())?;
    Ok(TextView::new(
        "Governance: super-complaint recommendations",
        ops::governance::text(period, &rows, &unit),
    ))
}

impl Component for Governance {
    fn kind(&self) -> Kind {
        Kind::TextView
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::AddItem => open_form(ctx, UnitForm::NewAction),
            Action::EditItem => open_form(ctx, UnitForm::UpdateAction),
            Action::NewSubject => open_form(ctx, UnitForm::Training),
            Action::Governance => Flow::Close,
            a => self.page.action(a, ctx),
        }
    }

    fn resume(&mut self, _value: Box<dyn Any>, ctx: &mut Ctx<'_>) -> Flow {
        match page(ctx, &self.period) {
            Ok(p) => {
                let scroll = std::mem::take(&mut self.page.scroll);
                self.page = p;
                self.page.scroll = scroll;
            }
            Err(e) => ctx.say(e),
        }
        Flow::Stay
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        self.page.draw(frame, p);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[
                (Action::MoveDown, "scroll"),
                (Action::AddItem, "add action"),
                (Action::EditItem, "update action"),
                (Action::NewSubject, "record training"),
                (Action::Cancel, "close"),
            ],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn rags() -> Vec<Choice> {
    Rag::ALL
        .iter()
        .map(|r| Choice::new(r.key(), r.label()))
        .collect()
}

fn statuses() -> Vec<Choice> {
    PlanStatus::ALL
        .iter()
        .map(|s| Choice::new(s.key(), s.label()))
        .collect()
}

/// The form of a new action plan line, an update of one, or a training record.
fn open_form(ctx: &mut Ctx<'_>, which: UnitForm) -> Flow {
    let today = ctx.today();
    let mut fields = Vec::new();
    let mut values = Vec::new();
    let title = match which {
        UnitForm::Training => {
            let users = match ops::users::officers(ctx.store) {
                Ok(list) => list,
                Err(e) => {
                    ctx.say(e.to_string());
                    return Flow::Stay;
                }
            };
            let people = users
                .iter()
                .filter(|(_, _, enabled)| *enabled)
                .map(|(login, o, _)| Choice::new(login.clone(), o.label(login)))
                .collect();
            let courses = ctx
                .policy()
                .training_courses
                .iter()
                .map(|c| Choice::new(c.clone(), c.clone()))
                .collect();
            let fields = vec![
                FieldSpec::new(
                    "officer",
                    "Officer or staff",
                    FieldKind::Choice(people),
                    true,
                ),
                FieldSpec::new("course", "Course", FieldKind::Choice(courses), true),
                FieldSpec::new("completed", "Completed", FieldKind::Date, true),
                FieldSpec::new("expires", "Expires", FieldKind::OptDate, false),
            ];
            let values = vec![
                String::new(),
                String::new(),
                crate::edit::parse::edit_date(today),
                String::new(),
            ];
            return push(
                new_form("Record training".to_string(), fields, values, today),
                which,
                today,
            );
        }
        UnitForm::NewAction => {
            let recs = RECOMMENDATIONS
                .iter()
                .map(|(r, t)| Choice::new(*r, format!("{r} {t}")))
                .collect();
            fields.push(FieldSpec::new(
                "recommendation",
                "Recommendation",
                FieldKind::Choice(recs),
                true,
            ));
            fields.push(FieldSpec::new("action", "Action", FieldKind::Text, true));
            fields.push(
                FieldSpec::new("owner", "Owner", FieldKind::Text, true)
                    .with_help("A role or team, not a person's name: the report leaves the unit"),
            );
            fields.push(FieldSpec::new("due", "Due", FieldKind::OptDate, false));
            "New action plan line"
        }
        UnitForm::UpdateAction => {
            let plan = match ops::governance::records(ctx.store) {
                Ok((u, _)) => u.action_plan,
                Err(e) => {
                    ctx.say(e.to_string());
                    return Flow::Stay;
                }
            };
            if plan.is_empty() {
                ctx.say("No action plan lines yet: press a to add one");
                return Flow::Stay;
            }
            let lines = plan
                .iter()
                .map(|e| {
                    Choice::new(
                        e.id.to_string(),
                        format!("{} {}", e.recommendation, e.action),
                    )
                })
                .collect();
            fields.push(FieldSpec::new(
                "line",
                "Line",
                FieldKind::Choice(lines),
                true,
            ));
            "Update an action plan line"
        }
    };
    fields.push(FieldSpec::new(
        "update",
        "Update",
        FieldKind::Multiline,
        true,
    ));
    fields.push(
        FieldSpec::new("rag", "RAG", FieldKind::Choice(rags()), true).with_help(
            "RED unlikely to be implemented in full by its deadline; AMBER likely; GREEN done",
        ),
    );
    fields.push(FieldSpec::new(
        "status",
        "Status",
        FieldKind::Choice(statuses()),
        true,
    ));
    for f in &fields {
        values.push(match f.key {
            "rag" => "amber".to_string(),
            "status" => "on_track".to_string(),
            _ => String::new(),
        });
    }
    let form = new_form(title.to_string(), fields, values, today);
    push(form, which, today)
}

fn push(form: crate::tui::form::FormState, which: UnitForm, today: chrono::NaiveDate) -> Flow {
    Flow::Push(Box::new(FormDialog {
        subject: None,
        target: Target::new_item(ItemKind::Narrative, None),
        purpose: Purpose::Unit(which),
        version: 0,
        base: Subject::new(0, "", "", today),
        form,
        then: Vec::new(),
        suggested: None,
    }))
}

/// Save one of the unit's forms: a new action plan line, an update of the chosen one, or a
/// training record.
pub fn save_form(
    ctx: &mut Ctx<'_>,
    which: UnitForm,
    fields: &[FieldSpec],
    values: &[String],
) -> Result<String, String> {
    let get = |key: &str| {
        fields
            .iter()
            .position(|f| f.key == key)
            .and_then(|i| values.get(i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let pick = |key: &str| {
        let v = get(key);
        fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.kind {
                FieldKind::Choice(c) => {
                    crate::edit::parse::choice_index(c, &v).map(|i| c[i].key.clone())
                }
                _ => None,
            })
            .unwrap_or(v)
    };
    let rag = Rag::ALL
        .into_iter()
        .find(|r| r.key() == pick("rag"))
        .unwrap_or_default();
    let status = PlanStatus::ALL
        .into_iter()
        .find(|s| s.key() == pick("status"))
        .unwrap_or_default();
    let today = ctx.today();
    if which == UnitForm::Training {
        let completed = crate::edit::parse::parse_date(&get("completed"), today)?;
        let expires = match get("expires").as_str() {
            "" => None,
            t => Some(crate::edit::parse::parse_date(t, today)?),
        };
        let policy = ctx.policy().clone();
        let id = ops::governance::add_training(
            ctx.store,
            &policy,
            &pick("officer"),
            &pick("course"),
            completed,
            expires,
        )
        .map_err(|e| e.to_string())?;
        return Ok(format!("Saved: training record {id}"));
    }
    if which == UnitForm::UpdateAction {
        let id: u32 = pick("line")
            .parse()
            .map_err(|_| "Choose the line".to_string())?;
        ops::governance::update_action(ctx.store, today, id, &get("update"), rag, status)
            .map_err(|e| e.to_string())?;
        Ok(format!("Saved: updated action plan line {id}"))
    } else {
        let due = match get("due").as_str() {
            "" => None,
            t => Some(crate::edit::parse::parse_date(t, today)?),
        };
        let id = ops::governance::add_action(
            ctx.store,
            today,
            &ops::governance::NewAction {
                recommendation: &pick("recommendation"),
                action: &get("action"),
                owner: &get("owner"),
                due,
                update: &get("update"),
                rag,
                status,
            },
        )
        .map_err(|e| e.to_string())?;
        Ok(format!("Saved: added action plan line {id}"))
    }
}
