//! `spmp item` (add, edit, delete an item of a plan; list a kind's fields) and `spmp sign-off`.
//! The same use cases as the TUI's forms (`ops::item`, `ops::sign_off`): the form's values are
//! filled from `--set KEY=VALUE` over its defaults (or the stored values), then parsed, checked
//! and committed exactly as a form saved on screen.
use super::*;
use crate::cli::ItemCommand;
use crate::domain::{Decision, ItemKind, SignTarget, Target};
use crate::edit::{FieldKind, FieldSpec};
use crate::ops::OpsError;

/// Exit code when the change was refused (a bad value, a rule): nothing was changed.
const REFUSED: u8 = 1;

pub(super) fn item(cli: &Cli, action: &ItemCommand, today: NaiveDate) -> Result<ExitCode> {
    let policy = load_config(cli)?;
    if let ItemCommand::Fields { kind } = action {
        return fields(*kind, &policy, today);
    }
    let mut store = open_store(cli)?;
    // Nothing of a subject is read for a user who may not change it (its forms hold its data).
    ops::access::may(&store, Permission::Edit)?;
    let result = match action {
        ItemCommand::Add {
            subject: None,
            kind: ItemKind::Subject,
            set,
            ..
        } => {
            let target = Target::new_item(ItemKind::Subject, None);
            let form = ops::item::form(None, target, &policy, today)?;
            let values = filled(&form, set)?;
            ops::item::create_subject(&mut store, today, &values)
        }
        ItemCommand::Add { subject: None, .. } => {
            return Err(eyre!(
                "--subject ID is required: only --kind subject (without --subject) adds a new \
                 subject"
            ));
        }
        ItemCommand::Add {
            subject: Some(id),
            kind: ItemKind::Subject,
            ..
        } => {
            return Err(eyre!(
                "a subject's identity is edited, not added: `spmp item edit --subject {id} \
                 --kind subject --id 0 --set KEY=VALUE`"
            ));
        }
        ItemCommand::Add {
            subject: Some(id),
            kind,
            parent,
            set,
        } => save(
            &mut store,
            &policy,
            today,
            *id,
            Target::new_item(*kind, *parent),
            set,
        ),
        ItemCommand::Edit {
            subject,
            kind,
            id,
            parent,
            set,
        } => save(
            &mut store,
            &policy,
            today,
            *subject,
            Target::existing(*kind, *id, *parent),
            set,
        ),
        ItemCommand::Delete {
            subject,
            kind,
            id,
            parent,
        } => ops::item::load(&store, *subject).and_then(|(base, version)| {
            ops::item::delete(
                &mut store,
                &base,
                version,
                &Target::existing(*kind, *id, *parent),
            )
        }),
        ItemCommand::Fields { .. } => return Ok(ExitCode::SUCCESS),
    };
    // The identity form warns of another subject with the same PNC ID or Niche reference.
    let identity = matches!(
        action,
        ItemCommand::Add {
            kind: ItemKind::Subject,
            ..
        } | ItemCommand::Edit {
            kind: ItemKind::Subject,
            ..
        }
    );
    if identity && let Ok(saved) = &result {
        for warning in ops::item::identifier_warnings(&store, &saved.subject)? {
            errln!("{warning}");
        }
    }
    outcome(result)
}

/// Fill the form of `target` on subject `id` from `set` and save it.
fn save(
    store: &mut Store,
    policy: &Policy,
    today: NaiveDate,
    id: u64,
    target: Target,
    set: &[String],
) -> Result<ops::Saved, OpsError> {
    let (base, version) = ops::item::load(store, id)?;
    let form = ops::item::form(Some(&base), target, policy, today)?;
    let values = filled(&form, set).map_err(|e| OpsError::refused(e.to_string()))?;
    ops::item::save(
        store,
        policy,
        today,
        ops::item::SaveItem {
            base: &base,
            version,
            target,
            values: &values,
        },
    )
}

/// The form's values with each `KEY=VALUE` of `set` put in place.
fn filled(form: &ops::item::Form, set: &[String]) -> Result<Vec<String>> {
    let mut values = form.values.clone();
    for pair in set {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| eyre!("--set {pair:?}: write it as KEY=VALUE"))?;
        let key = key.trim();
        let at = form
            .fields
            .iter()
            .position(|f| f.key == key)
            .ok_or_else(|| {
                let keys: Vec<&str> = form.fields.iter().map(|f| f.key).collect();
                eyre!(
                    "this form has no field {key:?}: its fields are {}",
                    keys.join(", ")
                )
            })?;
        if let Some(slot) = values.get_mut(at) {
            *slot = value.replace("\\n", "\n");
        }
    }
    Ok(values)
}

/// Say what was saved, or why nothing was.
fn outcome(result: Result<ops::Saved, OpsError>) -> Result<ExitCode> {
    match result {
        Ok(saved) => {
            outln!(
                "Saved: {} (subject {}, revision {})",
                saved.summary,
                saved.subject.id,
                saved.version
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(OpsError::Invalid(issues)) => {
            errln!("spmp: not saved (nothing was changed):");
            for issue in issues {
                errln!("  {}", crate::text::line(&issue.message));
            }
            Ok(ExitCode::from(REFUSED))
        }
        Err(e @ (OpsError::Refused(_) | OpsError::Rule(_) | OpsError::Conflict { .. })) => {
            errln!("spmp: not saved (nothing was changed): {e}");
            Ok(ExitCode::from(REFUSED))
        }
        Err(e) => Err(e.into()),
    }
}

/// `spmp item fields --kind KIND`: what a form of that kind holds.
fn fields(kind: ItemKind, policy: &Policy, today: NaiveDate) -> Result<ExitCode> {
    let blank = crate::domain::Subject::new(0, "", "", today);
    let specs = match kind {
        ItemKind::Screening => ops::screening::fields(ops::screening::instrument(policy, None)?),
        _ => crate::edit::fields(kind, &blank),
    };
    let mut out = format!(
        "Fields of {} (give them with --set KEY=VALUE):\n",
        crate::edit::kind_label(kind).to_lowercase()
    );
    for f in &specs {
        out.push_str(&field_line(f));
    }
    if specs
        .iter()
        .any(|f| matches!(f.kind, FieldKind::Choice(ref c) | FieldKind::MultiChoice(ref c) if c.is_empty()))
    {
        out.push_str(
            "Choices left empty above come from the subject: its orders are keyed by order id \
             (1), conditions by order.condition (1.2), people by id.\n",
        );
    }
    out::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn field_line(f: &FieldSpec) -> String {
    let kind = match &f.kind {
        FieldKind::Text => "text".to_string(),
        FieldKind::Multiline => "text, several lines (\\n for a new line)".to_string(),
        FieldKind::Lines => "one entry per line (\\n between them)".to_string(),
        FieldKind::Date => "date (23/11/2026, today, +14d...)".to_string(),
        FieldKind::OptDate => "date or empty".to_string(),
        FieldKind::Time => "time (14:05)".to_string(),
        FieldKind::Bool => "yes or no".to_string(),
        FieldKind::Number { min, max } => format!("a whole number {min} to {max}"),
        FieldKind::Choice(c) => format!("one of: {}", choices(c)),
        FieldKind::MultiChoice(c) => format!("any of (\\n between them): {}", choices(c)),
    };
    format!(
        "  {:<16} {}{}: {kind}\n",
        f.key,
        f.label,
        if f.required { " (required)" } else { "" }
    )
}

fn choices(c: &[crate::edit::Choice]) -> String {
    c.iter()
        .map(|c| format!("{} ({})", c.key, c.label))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn sign_off(cli: &Cli, args: &SignOffArgs<'_>) -> Result<ExitCode> {
    let policy = load_config(cli)?;
    let mut store = open_store(cli)?;
    let target = match (args.review, args.assessment, args.plan) {
        (Some(n), _, _) => SignTarget::Review(n),
        (None, Some(n), _) => SignTarget::Assessment(n),
        (None, None, true) => SignTarget::Plan,
        (None, None, false) => {
            return Err(eyre!(
                "name the record: --review N, --assessment N or --plan"
            ));
        }
    };
    let decision = if args.approve {
        Decision::Approve
    } else {
        Decision::Return {
            comment: args.comment.unwrap_or_default().to_string(),
        }
    };
    let at = chrono::Local::now().naive_local();
    outcome(ops::sign_off::decide_now(
        &mut store,
        &policy,
        args.subject,
        target,
        decision,
        at,
    ))
}

pub(super) fn submit_plan(cli: &Cli, subject: u64) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    let result = ops::item::load(&store, subject)
        .and_then(|(base, version)| ops::sign_off::submit_plan(&mut store, &base, version));
    outcome(result)
}

/// What `spmp sign-off` was asked.
pub(super) struct SignOffArgs<'a> {
    pub(super) subject: u64,
    pub(super) review: Option<u32>,
    pub(super) assessment: Option<u32>,
    pub(super) plan: bool,
    pub(super) approve: bool,
    pub(super) comment: Option<&'a str>,
}
