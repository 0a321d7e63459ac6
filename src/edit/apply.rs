//! Reading a form's initial values from a subject ([`values`]), applying a filled form to a
//! copy of it ([`apply`]) and deleting an item ([`delete`]). The subject passed in is never
//! changed: a change is a new subject, returned only when every check passes.
use chrono::NaiveDate;

use super::items::{item_label, join_and, kind_label, references};
use super::schema::{self, Ctx, Form, Reader, assemble, fields, identity_values, read_identity};
use super::spec::FieldIssue;
use crate::domain::{ItemId, Subject, validate_subject};
use crate::domain::{ItemKind, Target};

/// Why an edit or a delete cannot go ahead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The item, or the item it belongs to, is no longer in the subject (changed or deleted
    /// underneath the form).
    #[error("{0} no longer exists: it may have been changed or deleted elsewhere")]
    NotFound(String),
    /// A kind that lives inside another item was given no parent.
    #[error("Choose the {parent} this {kind} belongs to")]
    NoParent {
        kind: &'static str,
        parent: &'static str,
    },
    /// A delete was asked for without saying which item.
    #[error("Choose the {0} to delete")]
    NoItem(&'static str),
    /// Something else in the plan refers to the item; `by` says what ("the breach on 1 Oct
    /// 2025 21:15 refers to it").
    #[error("Cannot delete {item}: {by}")]
    InUse { item: String, by: String },
    /// This kind of item is not deleted this way.
    #[error("{0}")]
    NotDeletable(String),
    /// Reviews are recorded and revised in the review wizard, not a form.
    #[error(
        "a compliance review is changed in the review wizard: select it and press e (or r for a new review)"
    )]
    UseWizard,
    /// Screenings are recorded on their instrument's own form and never edited.
    #[error(
        "a screening is kept as it was recorded: press n on tab 3 to record a new one on the instrument"
    )]
    UseScreening,
}

impl EditError {
    fn not_found(kind: ItemKind, id: ItemId) -> Self {
        Self::NotFound(format!("{} {id}", kind_label(kind)))
    }
}

/// The initial values of the form for `target`: an existing item's values formatted for
/// editing (dates as `23/11/2026`), or defaults for a new item.
pub fn values(
    subject: &Subject,
    target: &Target,
    today: NaiveDate,
) -> Result<Vec<String>, EditError> {
    let cx = Ctx {
        subject,
        today,
        parent: target.parent,
    };
    let id = target.id;
    let kind = target.kind;
    let s1 = &subject.section1;
    let s2 = &subject.section2;
    let pairs = match kind {
        ItemKind::Subject => identity_values(subject),
        ItemKind::Narrative => vec![("narrative", s1.narrative.clone())],
        ItemKind::ManagementNotes => vec![("notes", s2.notes.clone())],
        ItemKind::Address => initial(&subject.addresses, |x| x.id, kind, id, &cx)?,
        ItemKind::Order => initial(&subject.orders, |x| x.id, kind, id, &cx)?,
        ItemKind::Variation => {
            let order = &subject.orders[order_index(subject, target)?];
            let old = match id {
                None => None,
                Some(n) => Some(
                    variation_index(n, order.variations.len())
                        .and_then(|i| order.variations.get(i))
                        .ok_or_else(|| EditError::not_found(kind, n))?,
                ),
            };
            Form::values(old, &cx)
        }
        ItemKind::Condition => {
            let order = &subject.orders[order_index(subject, target)?];
            initial(&order.conditions, |x| x.id, kind, id, &cx)?
        }
        ItemKind::Notification => {
            let order = &subject.orders[order_index(subject, target)?];
            initial(&order.notifications, |x| x.id, kind, id, &cx)?
        }
        ItemKind::ProtectedPerson => initial(&subject.protected_persons, |x| x.id, kind, id, &cx)?,
        ItemKind::IndexOffence => initial(&s1.index_offences, |x| x.id, kind, id, &cx)?,
        ItemKind::Safeguarding => initial(&s1.safeguarding, |x| x.id, kind, id, &cx)?,
        ItemKind::Investigation => initial(&s2.investigations, |x| x.id, kind, id, &cx)?,
        ItemKind::Device => initial(&s2.devices, |x| x.id, kind, id, &cx)?,
        ItemKind::SocialAccount => initial(&s2.social_media, |x| x.id, kind, id, &cx)?,
        ItemKind::Vehicle => initial(&s2.vehicles, |x| x.id, kind, id, &cx)?,
        ItemKind::Relationship => initial(&s2.relationships, |x| x.id, kind, id, &cx)?,
        ItemKind::Strategy => initial(&s2.strategies, |x| x.id, kind, id, &cx)?,
        ItemKind::Assessment => initial(&subject.assessments, |x| x.id, kind, id, &cx)?,
        ItemKind::TacticalOption => {
            let a = &subject.assessments[assessment_index(subject, target)?];
            initial(&a.tactical_options, |x| x.id, kind, id, &cx)?
        }
        ItemKind::Visit => initial(&subject.visits, |x| x.id, kind, id, &cx)?,
        ItemKind::Breach => initial(&subject.breaches, |x| x.id, kind, id, &cx)?,
        ItemKind::VictimContact => initial(&subject.victim_contacts, |x| x.id, kind, id, &cx)?,
        ItemKind::NeedsAssessment => initial(&subject.needs_assessments, |x| x.id, kind, id, &cx)?,
        ItemKind::VictimsCode => initial(&subject.victims_code, |x| x.id, kind, id, &cx)?,
        ItemKind::Referral => initial(&subject.referrals, |x| x.id, kind, id, &cx)?,
        ItemKind::Meeting => initial(&subject.meetings, |x| x.id, kind, id, &cx)?,
        ItemKind::MeetingAction => {
            let m = &subject.meetings[meeting_index(subject, target)?];
            initial(&m.actions, |x| x.id, kind, id, &cx)?
        }
        ItemKind::Consideration => initial(&subject.considerations, |x| x.id, kind, id, &cx)?,
        ItemKind::Review => return Err(EditError::UseWizard),
        ItemKind::Screening => return Err(EditError::UseScreening),
    };
    Ok(assemble(&fields(kind, subject), pairs))
}

/// The values of item `id` of `list`, or a new item's defaults when `id` is `None`.
fn initial<T: Form>(
    list: &[T],
    id_of: fn(&T) -> ItemId,
    kind: ItemKind,
    id: Option<ItemId>,
    cx: &Ctx,
) -> Result<Vec<(&'static str, String)>, EditError> {
    let old = match id {
        None => None,
        Some(id) => Some(
            list.iter()
                .find(|x| id_of(x) == id)
                .ok_or_else(|| EditError::not_found(kind, id))?,
        ),
    };
    Ok(T::values(old, cx))
}

/// Variations have no stored id: a variation's id is its position in the order, from 1.
fn variation_index(id: ItemId, len: usize) -> Option<usize> {
    usize::try_from(id)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .filter(|i| *i < len)
}

/// The index of the order `target` belongs to.
fn order_index(subject: &Subject, target: &Target) -> Result<usize, EditError> {
    let parent = target.parent.ok_or(EditError::NoParent {
        kind: kind_label(target.kind),
        parent: kind_label(ItemKind::Order),
    })?;
    subject
        .orders
        .iter()
        .position(|o| o.id == parent)
        .ok_or_else(|| EditError::not_found(ItemKind::Order, parent))
}

/// The index of the assessment a tactical option belongs to: its parent, or the current
/// assessment when no parent is given.
fn assessment_index(subject: &Subject, target: &Target) -> Result<usize, EditError> {
    let id = match target.parent {
        Some(id) => id,
        None => {
            subject
                .current_assessment()
                .ok_or(EditError::NoParent {
                    kind: kind_label(target.kind),
                    parent: kind_label(ItemKind::Assessment),
                })?
                .id
        }
    };
    subject
        .assessments
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| EditError::not_found(ItemKind::Assessment, id))
}

/// The index of the meeting `target` belongs to.
fn meeting_index(subject: &Subject, target: &Target) -> Result<usize, EditError> {
    let id = target.parent.ok_or(EditError::NoParent {
        kind: kind_label(target.kind),
        parent: kind_label(ItemKind::Meeting),
    })?;
    subject
        .meetings
        .iter()
        .position(|m| m.id == id)
        .ok_or_else(|| EditError::not_found(ItemKind::Meeting, id))
}

/// Apply a filled form: parse every field (collecting every fault against its field), build
/// a new subject with the item created or replaced, and run the domain's validation, mapping
/// each fault to the field it concerns. Returns the new subject and the item's id (0 for the
/// subject's identity, narrative and management notes). A new risk assessment clears
/// `reassessment_due`.
pub fn apply(
    subject: &Subject,
    target: &Target,
    values: &[String],
    today: NaiveDate,
) -> Result<(Subject, ItemId), Vec<FieldIssue>> {
    let specs = fields(target.kind, subject);
    if values.len() != specs.len() {
        return Err(vec![FieldIssue {
            field: None,
            message: format!(
                "The form has {} values for {} fields: close it and open it again",
                values.len(),
                specs.len()
            ),
        }]);
    }
    let mut r = Reader::new(&specs, values, today);
    let cx = Ctx {
        subject,
        today,
        parent: target.parent,
    };
    let mut s = subject.clone();
    let placed = place(&mut s, target, &mut r, &cx);
    let mut issues = r.into_issues();
    let (id, path) = match placed {
        Ok(p) => p,
        Err(e) => {
            issues.push(FieldIssue {
                field: None,
                message: e.to_string(),
            });
            return Err(issues);
        }
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    if target.kind == ItemKind::Assessment && target.id.is_none() {
        s.reassessment_due = None;
    }
    let faults = validate_subject(&s);
    if !faults.is_empty() {
        return Err(schema::map_faults(&specs, target.kind, &path, &faults));
    }
    Ok((s, id))
}

/// Create or replace the item in `s`; returns its id and its path for validation faults
/// (`orders[2]`; empty for the identity).
fn place(
    s: &mut Subject,
    target: &Target,
    r: &mut Reader,
    cx: &Ctx,
) -> Result<(ItemId, String), EditError> {
    let (kind, id) = (target.kind, target.id);
    let at = |list: &str, (id, i): (ItemId, usize)| (id, format!("{list}[{i}]"));
    Ok(match kind {
        ItemKind::Subject => {
            *s = read_identity(r, cx.subject);
            (0, String::new())
        }
        ItemKind::Narrative => {
            s.section1.narrative = r.text("narrative");
            (0, "section1.narrative".to_string())
        }
        ItemKind::ManagementNotes => {
            s.section2.notes = r.text("notes");
            (0, "section2.notes".to_string())
        }
        ItemKind::Address => at(
            "addresses",
            upsert(&mut s.addresses, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Order => at("orders", upsert(&mut s.orders, |x| x.id, kind, id, r, cx)?),
        ItemKind::Variation => {
            let oi = order_index(cx.subject, target)?;
            let list = &mut s.orders[oi].variations;
            let i = match id {
                Some(n) => {
                    let i = variation_index(n, list.len())
                        .ok_or_else(|| EditError::not_found(kind, n))?;
                    let item = Form::read(r, list.get(i), n, cx);
                    list[i] = item;
                    i
                }
                None => {
                    list.push(Form::read(r, None, 0, cx));
                    list.len() - 1
                }
            };
            let n = ItemId::try_from(i + 1).unwrap_or(ItemId::MAX);
            (n, format!("orders[{oi}].variations[{i}]"))
        }
        ItemKind::Condition => {
            let oi = order_index(cx.subject, target)?;
            let list = &mut s.orders[oi].conditions;
            at(
                &format!("orders[{oi}].conditions"),
                upsert(list, |x| x.id, kind, id, r, cx)?,
            )
        }
        ItemKind::Notification => {
            let oi = order_index(cx.subject, target)?;
            let list = &mut s.orders[oi].notifications;
            at(
                &format!("orders[{oi}].notifications"),
                upsert(list, |x| x.id, kind, id, r, cx)?,
            )
        }
        ItemKind::ProtectedPerson => at(
            "protected_persons",
            upsert(&mut s.protected_persons, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::IndexOffence => at(
            "section1.index_offences",
            upsert(&mut s.section1.index_offences, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Safeguarding => at(
            "section1.safeguarding",
            upsert(&mut s.section1.safeguarding, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Investigation => at(
            "section2.investigations",
            upsert(&mut s.section2.investigations, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Device => at(
            "section2.devices",
            upsert(&mut s.section2.devices, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::SocialAccount => at(
            "section2.social_media",
            upsert(&mut s.section2.social_media, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Vehicle => at(
            "section2.vehicles",
            upsert(&mut s.section2.vehicles, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Relationship => at(
            "section2.relationships",
            upsert(&mut s.section2.relationships, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Strategy => at(
            "section2.strategies",
            upsert(&mut s.section2.strategies, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Assessment => at(
            "assessments",
            upsert(&mut s.assessments, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::TacticalOption => {
            let ai = assessment_index(cx.subject, target)?;
            let list = &mut s.assessments[ai].tactical_options;
            at(
                &format!("assessments[{ai}].tactical_options"),
                upsert(list, |x| x.id, kind, id, r, cx)?,
            )
        }
        ItemKind::Visit => at("visits", upsert(&mut s.visits, |x| x.id, kind, id, r, cx)?),
        ItemKind::Breach => at(
            "breaches",
            upsert(&mut s.breaches, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::VictimContact => at(
            "victim_contacts",
            upsert(&mut s.victim_contacts, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::NeedsAssessment => at(
            "needs_assessments",
            upsert(&mut s.needs_assessments, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::VictimsCode => at(
            "victims_code",
            upsert(&mut s.victims_code, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Referral => at(
            "referrals",
            upsert(&mut s.referrals, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Meeting => at(
            "meetings",
            upsert(&mut s.meetings, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::MeetingAction => {
            let mi = meeting_index(cx.subject, target)?;
            let list = &mut s.meetings[mi].actions;
            at(
                &format!("meetings[{mi}].actions"),
                upsert(list, |x| x.id, kind, id, r, cx)?,
            )
        }
        ItemKind::Consideration => at(
            "considerations",
            upsert(&mut s.considerations, |x| x.id, kind, id, r, cx)?,
        ),
        ItemKind::Review => return Err(EditError::UseWizard),
        ItemKind::Screening => return Err(EditError::UseScreening),
    })
}

/// Replace item `id` of `list` with the form's item, or append a new one with a fresh id (the
/// highest id in the list plus one, or 1). Returns the item's id and index.
fn upsert<T: Form>(
    list: &mut Vec<T>,
    id_of: fn(&T) -> ItemId,
    kind: ItemKind,
    id: Option<ItemId>,
    r: &mut Reader,
    cx: &Ctx,
) -> Result<(ItemId, usize), EditError> {
    match id {
        Some(id) => {
            let i = list
                .iter()
                .position(|x| id_of(x) == id)
                .ok_or_else(|| EditError::not_found(kind, id))?;
            let item = T::read(r, list.get(i), id, cx);
            list[i] = item;
            Ok((id, i))
        }
        None => {
            let id = match list.iter().map(id_of).max() {
                None => 1,
                Some(max) => max.checked_add(1).ok_or_else(|| {
                    EditError::NotDeletable(format!(
                        "No ids are left for another {}",
                        kind_label(kind)
                    ))
                })?,
            };
            list.push(T::read(r, None, id, cx));
            Ok((id, list.len() - 1))
        }
    }
}

/// Remove the item `target` names. Refused, saying what refers to it, when a breach or review
/// refers to an order or condition, a safeguarding option to a protected person, or a review
/// to a visit. The subject's identity, narrative and notes are not deleted here.
pub fn delete(subject: &Subject, target: &Target) -> Result<Subject, EditError> {
    let kind = target.kind;
    if matches!(
        kind,
        ItemKind::Subject | ItemKind::Narrative | ItemKind::ManagementNotes
    ) {
        return Err(EditError::NotDeletable(format!(
            "The {} cannot be deleted here; edit it instead",
            kind_label(kind).to_lowercase()
        )));
    }
    let id = target.id.ok_or(EditError::NoItem(kind_label(kind)))?;
    let label = item_label(subject, target).ok_or_else(|| EditError::not_found(kind, id))?;
    let refs = references(subject, target, id);
    if !refs.is_empty() {
        let verb = if refs.len() == 1 { "refers" } else { "refer" };
        return Err(EditError::InUse {
            item: label,
            by: format!("{} {verb} to it", join_and(&refs)),
        });
    }
    let mut s = subject.clone();
    let gone = |found: bool| {
        if found {
            Ok(())
        } else {
            Err(EditError::not_found(kind, id))
        }
    };
    match kind {
        ItemKind::Subject | ItemKind::Narrative | ItemKind::ManagementNotes => {}
        ItemKind::Address => gone(remove(&mut s.addresses, |x| x.id, id))?,
        ItemKind::Order => gone(remove(&mut s.orders, |x| x.id, id))?,
        ItemKind::Variation => {
            let list = &mut s.orders[order_index(subject, target)?].variations;
            let i =
                variation_index(id, list.len()).ok_or_else(|| EditError::not_found(kind, id))?;
            list.remove(i);
        }
        ItemKind::Condition => {
            let oi = order_index(subject, target)?;
            gone(remove(&mut s.orders[oi].conditions, |x| x.id, id))?;
        }
        ItemKind::Notification => {
            let oi = order_index(subject, target)?;
            gone(remove(&mut s.orders[oi].notifications, |x| x.id, id))?;
        }
        ItemKind::ProtectedPerson => gone(remove(&mut s.protected_persons, |x| x.id, id))?,
        ItemKind::IndexOffence => gone(remove(&mut s.section1.index_offences, |x| x.id, id))?,
        ItemKind::Safeguarding => gone(remove(&mut s.section1.safeguarding, |x| x.id, id))?,
        ItemKind::Investigation => gone(remove(&mut s.section2.investigations, |x| x.id, id))?,
        ItemKind::Device => gone(remove(&mut s.section2.devices, |x| x.id, id))?,
        ItemKind::SocialAccount => gone(remove(&mut s.section2.social_media, |x| x.id, id))?,
        ItemKind::Vehicle => gone(remove(&mut s.section2.vehicles, |x| x.id, id))?,
        ItemKind::Relationship => gone(remove(&mut s.section2.relationships, |x| x.id, id))?,
        ItemKind::Strategy => gone(remove(&mut s.section2.strategies, |x| x.id, id))?,
        ItemKind::Assessment => gone(remove(&mut s.assessments, |x| x.id, id))?,
        ItemKind::TacticalOption => {
            let ai = assessment_index(subject, target)?;
            gone(remove(
                &mut s.assessments[ai].tactical_options,
                |x| x.id,
                id,
            ))?;
        }
        ItemKind::Visit => gone(remove(&mut s.visits, |x| x.id, id))?,
        ItemKind::Breach => gone(remove(&mut s.breaches, |x| x.id, id))?,
        ItemKind::Review => {
            // Only a review awaiting sign-off can be withdrawn; a decided one is final.
            if let Some(r) = s.reviews.iter().find(|r| r.id == id)
                && crate::domain::is_final(&r.sign_off)
            {
                return Err(EditError::NotDeletable(format!(
                    "{label} is {} and is kept as it was: edit it to start a new version",
                    r.sign_off.status.label()
                )));
            }
            gone(remove(&mut s.reviews, |x| x.id, id))?;
        }
        ItemKind::VictimContact => gone(remove(&mut s.victim_contacts, |x| x.id, id))?,
        ItemKind::NeedsAssessment => gone(remove(&mut s.needs_assessments, |x| x.id, id))?,
        ItemKind::VictimsCode => gone(remove(&mut s.victims_code, |x| x.id, id))?,
        ItemKind::Referral => gone(remove(&mut s.referrals, |x| x.id, id))?,
        ItemKind::Meeting => gone(remove(&mut s.meetings, |x| x.id, id))?,
        ItemKind::MeetingAction => {
            let mi = meeting_index(subject, target)?;
            gone(remove(&mut s.meetings[mi].actions, |x| x.id, id))?;
        }
        ItemKind::Consideration => gone(remove(&mut s.considerations, |x| x.id, id))?,
        ItemKind::Screening => {
            // A screening is evidence of the assessment made at the time: kept as it was.
            return Err(EditError::NotDeletable(format!(
                "{label} is kept as it was recorded: record a new screening instead"
            )));
        }
    }
    // A safety net: a delete must not leave a fault the subject did not have.
    let before = validate_subject(subject);
    if let Some(fault) = validate_subject(&s)
        .into_iter()
        .find(|f| !before.contains(f))
    {
        return Err(EditError::InUse {
            item: label,
            by: format!("it would leave a fault: {fault}"),
        });
    }
    Ok(s)
}

/// Remove the item with `id`; whether it was there.
fn remove<T>(list: &mut Vec<T>, id_of: fn(&T) -> ItemId, id: ItemId) -> bool {
    let len = list.len();
    list.retain(|x| id_of(x) != id);
    list.len() != len
}
