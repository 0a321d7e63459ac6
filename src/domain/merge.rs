//! The three-way merge of two edits of one subject: [`merge3`]`(base, mine, theirs)`.
//!
//! `base` is the subject as it was when an edit began, `mine` that edit, `theirs` the subject
//! as someone else saved it meanwhile. Pure: all three are turned into `serde_json` values and
//! walked together, as [`super::changes`] does for the history. Objects are merged key by key;
//! lists of items with an `id` are matched by id; other lists (aliases, risk factors) and plain
//! values are compared whole. At each value:
//!
//! - changed by one side only: that side's value;
//! - changed by both to the same value: that value;
//! - changed by both differently: a [`MergeConflict`] (the result holds theirs until one is
//!   chosen with [`Merged::choose`]).
//!
//! Items: one added on one side only is kept; removed on one side and unchanged on the other is
//! removed; removed on one side and changed on the other is a conflict. Both sides adding an
//! item with the same id (each took the largest id + 1) keeps both: mine gets a fresh id and
//! the references to it in mine (a review's visit, a breach's order and conditions, a
//! safeguarding option's person, a revision's `supersedes`) follow it.
//!
//! The domain's rules hold in the result:
//!
//! - **signed-off is final** ([`check_final`]): a review or assessment `theirs` holds decided
//!   is never changed; a change of mine to it is a [`ConflictKind::Locked`] conflict that only
//!   theirs can settle;
//! - **a decision is about what the decider saw**: approving or returning a record (or the
//!   plan) that someone else changed meanwhile is locked the same way;
//! - **a change to an approved plan awaits sign-off again** ([`reopen_plan`]);
//! - **due dates keep the earlier**: when both sides moved the next review date or the
//!   re-assessment date (two breaches, a review and a breach), the earlier is kept, and a
//!   breach theirs recorded keeps re-assessment due even when mine answered an earlier one,
//!   so no breach's effect is undone by another save; [`Merged::notes`] says so.
//!
//! [`Merged::resolved`] gives the subject once every conflict is chosen, validated.
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use super::{
    ItemId, Review, RiskAssessment, RuleError, Subject, Versioned, check_final, fmt_date,
    fmt_datetime, is_final, plan_changed, redacted, reopen_plan, validated,
};

/// One step of a path into a subject's value: an object's key, or the item of a list with
/// this id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Item(Value),
}

impl Step {
    fn key(&self) -> Option<&str> {
        match self {
            Step::Key(k) => Some(k),
            Step::Item(_) => None,
        }
    }

    fn item_id(&self) -> Option<ItemId> {
        match self {
            Step::Item(id) => id.as_u64().and_then(|n| ItemId::try_from(n).ok()),
            Step::Key(_) => None,
        }
    }
}

/// Whose value a conflict keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// What kind of disagreement a conflict is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both changed the value, differently.
    BothChanged,
    /// Mine deleted the item; theirs changed it.
    DeletedByMe,
    /// Theirs deleted the item; mine changed it.
    DeletedByThem,
    /// Only theirs can stand; the text says why (a decided record is final; a decision on
    /// something changed since).
    Locked(String),
}

/// One value both sides changed differently, as a user can be shown it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeConflict {
    /// The field path as the history writes it (`section2.vehicles[id 1].colour`).
    pub path: String,
    /// The same in words: `Vehicle AB12 CDE, colour`.
    pub label: String,
    /// The values as text: when the edit began, mine, theirs (`(empty)`, `(deleted)`).
    pub base: String,
    pub mine: String,
    pub theirs: String,
    pub kind: ConflictKind,
    /// The values show restricted data (decided by [`super::redact`], never by the path).
    pub restricted: bool,
    /// The side chosen; `None` until chosen (the result holds theirs meanwhile).
    pub choice: Option<Side>,
    steps: Vec<Step>,
    mine_value: Option<Value>,
    theirs_value: Option<Value>,
}

impl MergeConflict {
    /// Whether only theirs can be kept.
    pub fn locked(&self) -> bool {
        matches!(self.kind, ConflictKind::Locked(_))
    }
}

/// Why a merge could not give a subject.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// Some conflicts are not chosen yet.
    #[error("choose yours or theirs for {0} field(s) first")]
    Unresolved(usize),
    /// Only theirs can be kept for this one.
    #[error("{0}")]
    Locked(String),
    /// The merged subject breaks a rule (two changes that do not fit together).
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A subject that could not be turned into values and back (never expected).
    #[error("the two versions could not be compared: {0}")]
    Values(String),
}

/// The result of [`merge3`].
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged subject, holding theirs' value on each conflict not chosen yet.
    pub subject: Subject,
    pub conflicts: Vec<MergeConflict>,
    /// What the merge decided by rule, in words (the earlier due date kept, both added items
    /// kept, the plan back to awaiting sign-off).
    pub notes: Vec<String>,
    theirs: Subject,
}

/// Merge `mine` and `theirs`, two edits of `base`. See the module docs for the rules.
pub fn merge3(base: &Subject, mine: &Subject, theirs: &Subject) -> Result<Merged, MergeError> {
    let mut notes = Vec::new();
    let cleared = base.reassessment_due.is_some() && mine.reassessment_due.is_none();
    let mut mine = mine.clone();
    // Due dates: the earlier of two moves is kept; take them out of the walk.
    let due = [
        due_date(
            base.next_review,
            &mut mine.next_review,
            theirs.next_review,
            "Next review date",
            &mut notes,
        ),
        due_date(
            base.reassessment_due,
            &mut mine.reassessment_due,
            theirs.reassessment_due,
            "Re-assessment due",
            &mut notes,
        ),
    ];
    let (b, t) = (to_value(base)?, to_value(theirs)?);
    let mine = renumber(&b, &to_value(&mine)?, &t, &mut notes)?;
    let m = to_value(&mine)?;
    let mut raw = Vec::new();
    let merged = merge_value(&mut Vec::new(), &b, &m, &t, &mut raw);
    let mut subject: Subject = from_value(merged)?;
    if let Some(d) = due[0] {
        subject.next_review = d;
    }
    if let Some(d) = due[1] {
        subject.reassessment_due = d;
    }
    still_due(base, cleared, theirs, &mut subject, &mut notes);
    let locks = lock(base, &mine, theirs, &mut subject);
    raw.retain(|r| !locks.iter().any(|l| r.steps.starts_with(&l.steps)));
    let reopened = reopen_plan(theirs, subject.clone());
    if reopened != subject {
        notes.push(
            "The plan was approved since you began: with your change it awaits sign-off again"
                .to_string(),
        );
        subject = reopened;
    }
    let sides = Sides::new(base, &mine, theirs)?;
    let conflicts: Vec<MergeConflict> = raw
        .into_iter()
        .chain(locks)
        .map(|r| sides.conflict(r))
        .collect();
    Ok(Merged {
        subject,
        conflicts,
        notes,
        theirs: theirs.clone(),
    })
}

impl Merged {
    /// Keep `side`'s value for conflict `index`. Refused for a locked conflict and mine.
    pub fn choose(&mut self, index: usize, side: Side) -> Result<(), MergeError> {
        let Some(c) = self.conflicts.get_mut(index) else {
            return Ok(());
        };
        if let (ConflictKind::Locked(why), Side::Mine) = (&c.kind, side) {
            return Err(MergeError::Locked(why.clone()));
        }
        c.choice = Some(side);
        Ok(())
    }

    /// How many conflicts still wait for a choice.
    pub fn unresolved(&self) -> usize {
        self.conflicts.iter().filter(|c| c.choice.is_none()).count()
    }

    /// The merged subject with every conflict settled as chosen: checked against the
    /// finality rule ([`check_final`] against theirs) and validated. Refused while a conflict
    /// is not chosen.
    pub fn resolved(&self) -> Result<Subject, MergeError> {
        match self.unresolved() {
            0 => {}
            n => return Err(MergeError::Unresolved(n)),
        }
        let mut value = to_value(&self.subject)?;
        for c in self
            .conflicts
            .iter()
            .filter(|c| c.choice == Some(Side::Mine))
        {
            set_at(&mut value, &c.steps, c.mine_value.clone());
        }
        let subject = reopen_plan(&self.theirs, from_value(value)?);
        check_final(&self.theirs, &subject)?;
        Ok(validated(subject)?)
    }
}

/// The due date to keep when both sides moved it differently: the earlier (a date over none:
/// still due). Neutralises mine's value so the walk keeps theirs; the caller sets the result.
fn due_date(
    base: Option<NaiveDate>,
    mine: &mut Option<NaiveDate>,
    theirs: Option<NaiveDate>,
    what: &str,
    notes: &mut Vec<String>,
) -> Option<Option<NaiveDate>> {
    if *mine == base || theirs == base || *mine == theirs {
        return None;
    }
    let kept = match (*mine, theirs) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    notes.push(format!(
        "{what}: both changed it; the earlier, {}, is kept",
        kept.map(fmt_date).unwrap_or_default()
    ));
    *mine = theirs;
    Some(kept)
}

/// A breach theirs recorded while mine answered the one that raised re-assessment (`cleared`)
/// still needs re-assessment: the flag stays, from the earliest such breach (the breach rule,
/// `ops::breach`, is never undone by a merge).
fn still_due(
    base: &Subject,
    cleared: bool,
    theirs: &Subject,
    res: &mut Subject,
    notes: &mut Vec<String>,
) {
    if !cleared || res.reassessment_due.is_some() {
        return;
    }
    let since = theirs
        .breaches
        .iter()
        .filter(|b| !base.breaches.iter().any(|x| x.id == b.id))
        .map(|b| b.at.date())
        .min();
    if let Some(date) = since {
        res.reassessment_due = Some(date);
        notes.push(format!(
            "A breach was recorded since you began: re-assessment is still due from {}",
            fmt_date(date)
        ));
    }
}

fn to_value(s: &Subject) -> Result<Value, MergeError> {
    serde_json::to_value(s).map_err(|e| MergeError::Values(e.to_string()))
}

fn from_value(v: Value) -> Result<Subject, MergeError> {
    serde_json::from_value(v).map_err(|e| MergeError::Values(e.to_string()))
}

/// A conflict found by the walk, before it is put in words.
struct Raw {
    steps: Vec<Step>,
    kind: ConflictKind,
    base: Option<Value>,
    mine: Option<Value>,
    theirs: Option<Value>,
}

fn merge_value(
    steps: &mut Vec<Step>,
    b: &Value,
    m: &Value,
    t: &Value,
    out: &mut Vec<Raw>,
) -> Value {
    if m == t || m == b {
        return t.clone();
    }
    if t == b {
        return m.clone();
    }
    match (b, m, t) {
        (Value::Object(bo), Value::Object(mo), Value::Object(to))
            if same_keys(bo, mo) && same_keys(bo, to) =>
        {
            let mut res = Map::new();
            for (k, bv) in bo {
                let (Some(mv), Some(tv)) = (mo.get(k), to.get(k)) else {
                    continue;
                };
                steps.push(Step::Key(k.clone()));
                res.insert(k.clone(), merge_value(steps, bv, mv, tv, out));
                steps.pop();
            }
            Value::Object(res)
        }
        (Value::Array(ba), Value::Array(ma), Value::Array(ta))
            if has_ids(ba) && has_ids(ma) && has_ids(ta) =>
        {
            Value::Array(merge_items(steps, ba, ma, ta, out))
        }
        _ => {
            out.push(Raw {
                steps: steps.clone(),
                kind: ConflictKind::BothChanged,
                base: Some(b.clone()),
                mine: Some(m.clone()),
                theirs: Some(t.clone()),
            });
            t.clone()
        }
    }
}

/// Items matched by id: theirs' order, then items only mine added.
fn merge_items(
    steps: &mut Vec<Step>,
    ba: &[Value],
    ma: &[Value],
    ta: &[Value],
    out: &mut Vec<Raw>,
) -> Vec<Value> {
    let mut res = Vec::new();
    for ti in ta {
        let Some(id) = item_id(ti) else { continue };
        steps.push(Step::Item(id.clone()));
        match (find(ba, id), find(ma, id)) {
            (Some(bi), Some(mi)) => res.push(merge_value(steps, bi, mi, ti, out)),
            (Some(bi), None) if bi == ti => {} // deleted by mine, untouched by theirs
            (Some(bi), None) => {
                out.push(Raw {
                    steps: steps.clone(),
                    kind: ConflictKind::DeletedByMe,
                    base: Some(bi.clone()),
                    mine: None,
                    theirs: Some(ti.clone()),
                });
                res.push(ti.clone());
            }
            // Added by both: identical (different ones were renumbered before the walk).
            (None, Some(mi)) => res.push(merge_value(steps, &Value::Null, mi, ti, out)),
            (None, None) => res.push(ti.clone()),
        }
        steps.pop();
    }
    for bi in ba {
        let Some(id) = item_id(bi) else { continue };
        if find(ta, id).is_some() {
            continue;
        }
        if let Some(mi) = find(ma, id)
            && mi != bi
        {
            let mut at = steps.clone();
            at.push(Step::Item(id.clone()));
            out.push(Raw {
                steps: at,
                kind: ConflictKind::DeletedByThem,
                base: Some(bi.clone()),
                mine: Some(mi.clone()),
                theirs: None,
            });
        }
    }
    for mi in ma {
        if let Some(id) = item_id(mi)
            && find(ba, id).is_none()
            && find(ta, id).is_none()
        {
            res.push(mi.clone());
        }
    }
    res
}

fn same_keys(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    a.len() == b.len() && a.keys().all(|k| b.contains_key(k))
}

/// True when every element is an object with an `id`, and no id repeats (as the history's
/// diff decides).
fn has_ids(items: &[Value]) -> bool {
    let ids: Vec<&Value> = items.iter().filter_map(item_id).collect();
    ids.len() == items.len() && ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id))
}

fn item_id(item: &Value) -> Option<&Value> {
    item.as_object()?.get("id")
}

fn find<'a>(items: &'a [Value], id: &Value) -> Option<&'a Value> {
    items.iter().find(|x| item_id(x) == Some(id))
}

fn get<'a>(v: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(v, |v, s| match s {
        Step::Key(k) => v.get(k),
        Step::Item(id) => find(v.as_array()?, id),
    })
}

fn get_mut<'a>(v: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(v, |v, s| match s {
        Step::Key(k) => v.get_mut(k),
        Step::Item(id) => v
            .as_array_mut()?
            .iter_mut()
            .find(|x| item_id(x) == Some(id)),
    })
}

/// Put `value` at `steps`: a field is set; an item is replaced, added (at the end) or, for
/// `None`, removed.
fn set_at(root: &mut Value, steps: &[Step], value: Option<Value>) {
    let Some((last, parent)) = steps.split_last() else {
        if let Some(v) = value {
            *root = v;
        }
        return;
    };
    let Some(container) = get_mut(root, parent) else {
        return;
    };
    match (last, value) {
        (Step::Key(k), Some(v)) => {
            if let Some(obj) = container.as_object_mut() {
                obj.insert(k.clone(), v);
            }
        }
        (Step::Key(_), None) => {}
        (Step::Item(id), value) => {
            let Some(list) = container.as_array_mut() else {
                return;
            };
            let pos = list.iter().position(|x| item_id(x) == Some(id));
            match (pos, value) {
                (Some(i), Some(v)) => list[i] = v,
                (None, Some(v)) => list.push(v),
                (Some(i), None) => {
                    list.remove(i);
                }
                (None, None) => {}
            }
        }
    }
}

// ---- Both added an item with the same id: mine gets a fresh one. ----

/// `mine` with each item it added under an id theirs also added (to something else) given a
/// fresh id, and the references to it in `mine` following it.
fn renumber(
    b: &Value,
    m: &Value,
    t: &Value,
    notes: &mut Vec<String>,
) -> Result<Subject, MergeError> {
    let mut clashes = Vec::new();
    collisions(&mut Vec::new(), b, m, t, &mut clashes);
    let mut m = m.clone();
    let mut moves = Vec::new();
    for (list, id) in clashes {
        let ids = |v: &Value| -> Vec<u64> {
            get(v, &list)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| item_id(x)?.as_u64()).collect())
                .unwrap_or_default()
        };
        let fresh = [ids(b), ids(&m), ids(t)]
            .iter()
            .flatten()
            .max()
            .map_or(1, |n| n.saturating_add(1));
        let mut at = list.clone();
        at.push(Step::Item(id.clone()));
        if let Some(item) = get_mut(&mut m, &at).and_then(Value::as_object_mut) {
            item.insert("id".to_string(), Value::from(fresh));
        }
        notes.push(format!(
            "You and they both added {}: both are kept",
            describe_list(&list).to_lowercase()
        ));
        if let (Some(from), Ok(to)) = (
            id.as_u64().and_then(|n| ItemId::try_from(n).ok()),
            ItemId::try_from(fresh),
        ) {
            moves.push((list, from, to));
        }
    }
    let mut mine = from_value(m)?;
    for (list, from, to) in moves {
        follow(&mut mine, &list, from, to);
    }
    Ok(mine)
}

/// Lists where mine and theirs both added an item with the same id, different items.
fn collisions(
    steps: &mut Vec<Step>,
    b: &Value,
    m: &Value,
    t: &Value,
    out: &mut Vec<(Vec<Step>, Value)>,
) {
    match (b, m, t) {
        (Value::Object(bo), Value::Object(mo), Value::Object(to)) => {
            for (k, bv) in bo {
                if let (Some(mv), Some(tv)) = (mo.get(k), to.get(k)) {
                    steps.push(Step::Key(k.clone()));
                    collisions(steps, bv, mv, tv, out);
                    steps.pop();
                }
            }
        }
        (Value::Array(ba), Value::Array(ma), Value::Array(ta))
            if has_ids(ba) && has_ids(ma) && has_ids(ta) =>
        {
            for mi in ma {
                let Some(id) = item_id(mi) else { continue };
                let Some(ti) = find(ta, id) else { continue };
                match find(ba, id) {
                    Some(bi) => {
                        steps.push(Step::Item(id.clone()));
                        collisions(steps, bi, mi, ti, out);
                        steps.pop();
                    }
                    None if mi != ti => out.push((steps.clone(), id.clone())),
                    None => {}
                }
            }
        }
        _ => {}
    }
}

/// Make the references in `s` to item `from` of `list` name `to`. Every reference between
/// items of a subject is here; a list not named has no references to its items.
fn follow(s: &mut Subject, list: &[Step], from: ItemId, to: ItemId) {
    let keys: Vec<&str> = list.iter().filter_map(Step::key).collect();
    let parent = list.iter().find_map(Step::item_id);
    let swap = |x: &mut ItemId| {
        if *x == from {
            *x = to;
        }
    };
    match (keys.as_slice(), parent) {
        (["visits"], _) => {
            for r in &mut s.reviews {
                r.visit.iter_mut().for_each(swap);
            }
        }
        (["reviews"], _) => {
            for r in &mut s.reviews {
                r.supersedes.iter_mut().for_each(swap);
            }
        }
        (["assessments"], _) => {
            for a in &mut s.assessments {
                a.supersedes.iter_mut().for_each(swap);
            }
        }
        (["orders"], _) => {
            s.breaches.iter_mut().for_each(|b| swap(&mut b.order));
            for r in &mut s.reviews {
                r.outcomes.iter_mut().for_each(|o| swap(&mut o.order));
            }
        }
        (["orders", "conditions"], Some(order)) => {
            for b in s.breaches.iter_mut().filter(|b| b.order == order) {
                b.conditions.iter_mut().for_each(swap);
            }
            for r in &mut s.reviews {
                for o in r.outcomes.iter_mut().filter(|o| o.order == order) {
                    swap(&mut o.condition);
                }
            }
        }
        (["protected_persons"], _) => {
            for x in &mut s.section1.safeguarding {
                x.person.iter_mut().for_each(swap);
            }
            s.victim_contacts
                .iter_mut()
                .for_each(|x| swap(&mut x.person));
            s.needs_assessments
                .iter_mut()
                .for_each(|x| swap(&mut x.person));
            s.victims_code.iter_mut().for_each(|x| swap(&mut x.person));
            for x in &mut s.referrals {
                x.person.iter_mut().for_each(swap);
            }
        }
        _ => {}
    }
}

// ---- The domain's rules on the result. ----

/// A conflict only theirs can settle, with its reason.
fn locked(
    steps: Vec<Step>,
    reason: String,
    b: Option<Value>,
    m: Option<Value>,
    t: Option<Value>,
) -> Raw {
    Raw {
        steps,
        kind: ConflictKind::Locked(reason),
        base: b,
        mine: m,
        theirs: t,
    }
}

/// Keep theirs wherever mine would change a record theirs holds decided, or decide on
/// something theirs changed. Returns those conflicts; `res` holds theirs there.
fn lock(base: &Subject, mine: &Subject, theirs: &Subject, res: &mut Subject) -> Vec<Raw> {
    let mut out = Vec::new();
    lock_list(
        Versions {
            key: "reviews",
            what: "review",
            date: |r: &Review| r.date,
            content: Clone::clone,
            keep: |_, t: &Review| t.clone(),
        },
        (&base.reviews, &mine.reviews, &theirs.reviews),
        &mut res.reviews,
        &mut out,
    );
    lock_list(
        Versions {
            key: "assessments",
            what: "risk assessment",
            date: |a: &RiskAssessment| a.date,
            content: judgement,
            // Tactical options are actions tracked as they happen, not part of what is final.
            keep: |r: &RiskAssessment, t: &RiskAssessment| RiskAssessment {
                tactical_options: r.tactical_options.clone(),
                ..t.clone()
            },
        },
        (&base.assessments, &mine.assessments, &theirs.assessments),
        &mut res.assessments,
        &mut out,
    );
    let decided = |s: &Subject| s.plan_sign_off.clone();
    if decided(mine) != decided(base) && decided(theirs) != decided(mine) {
        let reason = match theirs.plan_sign_off.as_ref() {
            Some(so) if decided(theirs) != decided(base) => Some(format!(
                "The plan was {} by {} since you began: check it again",
                so.status.label(),
                so.signer_text()
            )),
            None if decided(theirs) != decided(base) => {
                Some("The plan's sign-off was withdrawn since you began".to_string())
            }
            _ if plan_changed(base, theirs) => Some(
                "The plan was changed by someone else since you began: check it again before \
                 deciding"
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(reason) = reason {
            res.plan_sign_off = theirs.plan_sign_off.clone();
            let v = |s: &Subject| serde_json::to_value(&s.plan_sign_off).ok();
            out.push(locked(
                vec![Step::Key("plan_sign_off".to_string())],
                reason,
                v(base),
                v(mine),
                v(theirs),
            ));
        }
    }
    out
}

/// An assessment's judgement: all but its tactical options.
fn judgement(a: &RiskAssessment) -> RiskAssessment {
    RiskAssessment {
        tactical_options: Vec::new(),
        ..a.clone()
    }
}

/// One list of versioned records, for [`lock_list`].
struct Versions<T> {
    /// The list's key in the subject's value, and what one is called.
    key: &'static str,
    what: &'static str,
    date: fn(&T) -> NaiveDate,
    /// What of a record is final.
    content: fn(&T) -> T,
    /// Theirs (second) with what of the merged record (first) may still change.
    keep: fn(&T, &T) -> T,
}

/// [`lock`] for one list of versioned records. For each record of `base`:
///
/// - mine decided it (its sign-off changed) and theirs deleted it, decided it otherwise, or
///   changed what it says: the decision was about something else; locked;
/// - mine changed or deleted it and theirs holds it decided: it is final; locked.
fn lock_list<T: Versioned + Clone + PartialEq + serde::Serialize>(
    list: Versions<T>,
    (base, mine, theirs): (&[T], &[T], &[T]),
    res: &mut Vec<T>,
    out: &mut Vec<Raw>,
) {
    let pick = |l: &[T], id: ItemId| l.iter().find(|x| x.id() == id).cloned();
    // What a record says, without its sign-off.
    let unsigned = |x: &T| {
        let mut v = serde_json::to_value((list.content)(x)).ok();
        if let Some(Value::Object(o)) = v.as_mut() {
            o.remove("sign_off");
        }
        v
    };
    for b in base {
        let id = b.id();
        let (m, t) = (pick(mine, id), pick(theirs, id));
        let label = capital(&format!(
            "the {} of {}",
            list.what,
            fmt_date((list.date)(b))
        ));
        let mine_decided = m.as_ref().is_some_and(|m| m.sign_off() != b.sign_off());
        let mine_changed = m.as_ref().is_none_or(|m| unsigned(m) != unsigned(b));
        let reason = match &t {
            None if mine_decided => Some(format!(
                "{label} was deleted by someone else since you began"
            )),
            Some(t)
                if mine_decided
                    && t.sign_off() != b.sign_off()
                    && m.as_ref().is_some_and(|m| m.sign_off() != t.sign_off()) =>
            {
                Some(format!(
                    "{label} was {} by {} since you began: a decided record is final",
                    t.sign_off().status.label(),
                    t.sign_off().signer_text()
                ))
            }
            Some(t) if mine_decided && unsigned(t) != unsigned(b) => Some(format!(
                "{label} was changed by someone else since you began: check it again before \
                 deciding"
            )),
            Some(t) if mine_changed && is_final(t.sign_off()) => Some(format!(
                "{label} was {} by {} since you began: a decided record is final, so your \
                 change to it cannot be saved (open it again to revise it)",
                t.sign_off().status.label(),
                t.sign_off().signer_text()
            )),
            _ => None,
        };
        let Some(reason) = reason else { continue };
        let pos = res.iter().position(|x| x.id() == id);
        match (&t, pos) {
            (Some(t), Some(i)) => res[i] = (list.keep)(&res[i], t),
            (Some(t), None) => res.push(t.clone()),
            (None, Some(i)) => {
                res.remove(i);
            }
            (None, None) => {}
        }
        let v = |x: Option<&T>| x.and_then(|x| serde_json::to_value(x).ok());
        out.push(locked(
            vec![Step::Key(list.key.to_string()), Step::Item(Value::from(id))],
            reason,
            v(Some(b)),
            v(m.as_ref()),
            v(t.as_ref()),
        ));
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---- Words for users. ----

/// The three sides as values (and redacted, to mark restricted conflicts).
struct Sides {
    plain: [Value; 3],
    hidden: [Value; 3],
}

impl Sides {
    fn new(base: &Subject, mine: &Subject, theirs: &Subject) -> Result<Self, MergeError> {
        let hide = |s: &Subject| to_value(&redacted(s).unwrap_or_else(|| s.clone()));
        Ok(Self {
            plain: [to_value(base)?, to_value(mine)?, to_value(theirs)?],
            hidden: [hide(base)?, hide(mine)?, hide(theirs)?],
        })
    }

    fn conflict(&self, r: Raw) -> MergeConflict {
        let restricted =
            (0..3).any(|i| get(&self.plain[i], &r.steps) != get(&self.hidden[i], &r.steps));
        let item = matches!(r.steps.last(), Some(Step::Item(_)));
        let show_side = |v: &Option<Value>| match (v, item, &r.base) {
            (None, _, _) => "(deleted)".to_string(),
            (Some(v), true, Some(b)) if v != b => changed_fields(b, v),
            (Some(v), _, _) => show(v),
        };
        let base = match &r.base {
            Some(b) => show(b),
            None => "(none)".to_string(),
        };
        let locked = matches!(r.kind, ConflictKind::Locked(_));
        MergeConflict {
            path: history_path(&r.steps),
            label: describe(&r.steps, &self.plain),
            base,
            mine: show_side(&r.mine),
            theirs: show_side(&r.theirs),
            kind: r.kind,
            restricted,
            choice: locked.then_some(Side::Theirs),
            mine_value: r.mine,
            theirs_value: r.theirs,
            steps: r.steps,
        }
    }
}

/// The path as the history writes it: `section2.vehicles[id 1].colour`.
fn history_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Item(id) => out.push_str(&format!("[id {}]", plain(id))),
        }
    }
    if out.is_empty() {
        "subject".to_string()
    } else {
        out
    }
}

/// What staff call an item of each list, and the fields that name one.
const LISTS: [(&str, &str, &[&str]); 26] = [
    ("addresses", "Address", &["postcode", "lines"]),
    ("orders", "Order", &["reference", "court"]),
    ("conditions", "Condition", &["category", "text"]),
    ("notifications", "Notification", &["trigger"]),
    ("protected_persons", "Protected person", &["name"]),
    ("index_offences", "Index offence", &["offence"]),
    ("safeguarding", "Safeguarding option", &["option"]),
    ("investigations", "Investigation", &["reference", "offence"]),
    (
        "devices",
        "Device",
        &["make_model", "imei_serial", "number"],
    ),
    (
        "social_media",
        "Social-media account",
        &["handle", "platform"],
    ),
    ("vehicles", "Vehicle", &["vrm"]),
    ("relationships", "Relationship", &["partner"]),
    ("strategies", "Management strategy", &["text"]),
    ("assessments", "Risk assessment", &["date"]),
    ("tactical_options", "Tactical option", &["option"]),
    ("reviews", "Compliance review", &["date"]),
    ("breaches", "Breach", &["at"]),
    ("visits", "Visit", &["at"]),
    ("victim_contacts", "Victim contact", &["date"]),
    ("needs_assessments", "Needs assessment", &["date"]),
    ("victims_code", "Victims' Code record", &["date"]),
    ("referrals", "Referral", &["service", "date"]),
    ("meetings", "Meeting", &["date"]),
    ("actions", "Meeting action", &["action"]),
    ("considerations", "Order considered", &["date"]),
    ("screenings", "Risk screening", &["date"]),
];

/// Field names in words where the key alone would not do.
const WORDS: [(&str, &str); 24] = [
    ("family_name", "family name"),
    ("given_names", "given names"),
    ("date_of_birth", "date of birth"),
    ("pnc_id", "PNC ID"),
    ("niche_ref", "Niche reference"),
    ("officer", "officer in charge"),
    ("officer_user", "officer in charge (user)"),
    ("next_review", "next review date"),
    ("reassessment_due", "re-assessment due"),
    ("plan_sign_off", "plan sign-off"),
    ("mappa_level", "MAPPA level"),
    ("rso", "registered sex offender"),
    ("iom", "IOM"),
    ("imei_serial", "IMEI/serial"),
    ("make_model", "make and model"),
    ("vrm", "VRM"),
    ("url", "URL"),
    ("lines", "address"),
    ("at", "date and time"),
    ("sign_off", "sign-off"),
    ("notes", "notes"),
    ("notifications_note", "notes on notifications"),
    ("breach_rationale", "how it answers the breach"),
    ("late_reason", "why late"),
];

fn words(key: &str) -> String {
    WORDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.replace('_', " "), |(_, w)| (*w).to_string())
}

/// "a vehicle", for notes about a list.
fn describe_list(list: &[Step]) -> String {
    let key = list.iter().rev().find_map(Step::key).unwrap_or_default();
    let noun = LISTS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or_else(|| words(key), |(_, n, _)| (*n).to_string());
    let article = if noun.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// The place `steps` points at in words: `Vehicle AB12 CDE, colour`.
fn describe(steps: &[Step], sides: &[Value; 3]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut at: Vec<Option<&Value>> = sides.iter().map(Some).collect();
    for (i, s) in steps.iter().enumerate() {
        at = at
            .iter()
            .map(|v| {
                v.and_then(|v| match s {
                    Step::Key(k) => v.get(k),
                    Step::Item(id) => find(v.as_array()?, id),
                })
            })
            .collect();
        match s {
            Step::Key(k) if matches!(k.as_str(), "section1" | "section2") => {}
            // A list named by the item that follows.
            Step::Key(_) if matches!(steps.get(i + 1), Some(Step::Item(_))) => {}
            Step::Key(k) => parts.push(words(k)),
            Step::Item(id) => {
                let list = steps[..i]
                    .iter()
                    .rev()
                    .find_map(Step::key)
                    .unwrap_or_default();
                let item = at.iter().flatten().next().copied();
                parts.push(item_name(list, item, id));
            }
        }
    }
    capital(&parts.join(", "))
}

/// "Vehicle AB12 CDE", "Compliance review of 12/11/2026", "Variation 2".
fn item_name(list: &str, item: Option<&Value>, id: &Value) -> String {
    let (noun, fields) = LISTS.iter().find(|(k, _, _)| *k == list).map_or_else(
        || (words(list), &[][..]),
        |(_, n, f)| ((*n).to_string(), *f),
    );
    let name = fields.iter().find_map(|f| {
        let v = item?.get(*f)?;
        let text = show(v);
        (!text.is_empty() && v.is_string()).then(|| {
            let dated = date_text(v.as_str().unwrap_or_default()).is_some();
            let cut: String = text.chars().take(40).collect();
            let cut = if cut.len() < text.len() {
                format!("{cut}…")
            } else {
                cut
            };
            if dated { format!("of {cut}") } else { cut }
        })
    });
    match name {
        Some(n) => format!("{noun} {n}"),
        None => format!("{noun} {}", plain(id)),
    }
}

/// A date or date-time as stored (`2026-11-23`, `2026-11-23T14:02:00`) in UK form.
fn date_text(s: &str) -> Option<String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(fmt_date(d));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(fmt_datetime)
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value for a user: `(empty)` for nothing, dates in UK form, yes/no, lists joined, an
/// item or other structure as its fields.
fn show(v: &Value) -> String {
    match v {
        Value::Null => "(empty)".to_string(),
        Value::String(s) if s.is_empty() => "(empty)".to_string(),
        Value::String(s) => date_text(s).unwrap_or_else(|| s.clone()),
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) if a.is_empty() => "(empty)".to_string(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| k.as_str() != "id")
            .map(|(k, v)| format!("{}: {}", words(k), show(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The fields of an item that differ from `base`: `changed: colour red; make Ford`.
fn changed_fields(base: &Value, v: &Value) -> String {
    let (Some(b), Some(o)) = (base.as_object(), v.as_object()) else {
        return show(v);
    };
    let fields: Vec<String> = o
        .iter()
        .filter(|(k, x)| b.get(*k) != Some(*x))
        .map(|(k, x)| format!("{} {}", words(k), show(x)))
        .collect();
    format!("changed: {}", fields.join("; "))
}

#[cfg(test)]
mod tests;
