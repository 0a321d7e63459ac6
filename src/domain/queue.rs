//! The triage queue: what needs doing now, and why, most urgent first.
//!
//! [`reasons`] lists why one subject needs attention on a day; [`queue`] collects every subject
//! with at least one reason, filtered by a [`QueueFilter`], in the order [`urgency_order`]
//! defines. Everything is pure: the same subjects, config and `today` give the same queue, and the
//! command line, the TUI and the tests all use these functions.
use std::cmp::Ordering;

use chrono::NaiveDate;

use super::{OrderKind, RiskLevel, Subject, SubjectId};
use crate::domain::Policy;

mod reason;
mod rules;
mod triage;

pub use reason::{
    BREACH_RECENT_DAYS, ORDER_ENDING_DAYS, OrderRef, REVIEW_SOON_DAYS, Reason, ReasonKind,
};
pub use rules::{Pending, reasons, reasons_on};
pub use triage::{Digest, Triage};

/// One row of the queue: a subject and every reason it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub subject: SubjectId,
    /// "FAMILY, Given" (see [`Subject::display_name`]).
    pub name: String,
    pub pnc: Option<String>,
    pub officer: Option<String>,
    /// The highest level in the current assessment.
    pub risk: Option<RiskLevel>,
    pub next_review: NaiveDate,
    /// In tier order, most urgent first; never empty.
    pub reasons: Vec<Reason>,
}

impl QueueEntry {
    /// The most urgent tier among the reasons (1 is the top); 9 if there were none.
    pub fn tier(&self) -> u8 {
        top_tier(&self.reasons)
    }

    /// The longest wait among the reasons of the entry's top tier (see [`Reason::waiting_days`]).
    pub fn waiting_days(&self) -> i64 {
        longest_wait(&self.reasons)
    }

    pub fn has(&self, kind: ReasonKind) -> bool {
        self.reasons.iter().any(|r| r.kind() == kind)
    }
}

/// Which part of the queue to show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum QueueView {
    /// Everything with a reason.
    #[default]
    All,
    /// Subjects whose officer in charge is this user (their login): linked as the officer user,
    /// or named by the login in the officer text (records from before officers were users).
    Mine(String),
    /// Subjects whose review is overdue or due within [`REVIEW_SOON_DAYS`] days: the week's work.
    DueIn7Days,
}

/// Narrows the queue. The default shows everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueFilter {
    pub view: QueueView,
    /// Only entries with at least one reason of these kinds; empty means any. The entry still
    /// shows all its reasons.
    pub reasons: Vec<ReasonKind>,
    /// Only subjects whose current risk is at least this level (no assessment never matches).
    pub risk: Option<RiskLevel>,
    /// Only subjects with an order of this kind in force today.
    pub order_kind: Option<OrderKind>,
    /// Only subjects whose officer in charge matches this text: part of their name, number or
    /// login, ignoring case (`"marsh"` finds "DS Lena Marsh (4521)").
    pub officer: Option<String>,
}

/// Every subject with at least one reason on `today` that `filter` admits, most urgent first
/// (see [`urgency_order`]).
pub fn queue(
    subjects: &[Subject],
    config: &Policy,
    today: NaiveDate,
    filter: &QueueFilter,
) -> Vec<QueueEntry> {
    by_urgency(collect_entries(subjects, config, today, filter))
}

/// The queue of subjects already triaged (the TUI keeps its caseload so): every one `filter`
/// admits, most urgent first. The same entries as [`queue`] over the subjects they came from.
pub fn queue_of(triaged: &[Triage], filter: &QueueFilter) -> Vec<QueueEntry> {
    by_urgency(triaged.iter().filter_map(|t| t.entry(filter)).collect())
}

/// The most urgent tier among `reasons` (1 is the top); 9 if there are none.
fn top_tier(reasons: &[Reason]) -> u8 {
    reasons.iter().map(|r| r.kind().tier()).min().unwrap_or(9)
}

/// The longest wait among the reasons of the top tier of `reasons` (see
/// [`Reason::waiting_days`]).
fn longest_wait(reasons: &[Reason]) -> i64 {
    let tier = top_tier(reasons);
    reasons
        .iter()
        .filter(|r| r.kind().tier() == tier)
        .map(Reason::waiting_days)
        .max()
        .unwrap_or(0)
}

/// The ids of [`queue_of`]'s entries in its order, without making the entries (the TUI keeps
/// its queue so and makes a row when it is drawn: a large caseload's entries were 36 MB).
pub fn queue_order(triaged: &[Triage], filter: &QueueFilter) -> Vec<SubjectId> {
    let mut keys: Vec<UrgencyKey> = triaged
        .iter()
        .enumerate()
        .filter(|(_, t)| filter.admits(t))
        .map(|(i, t)| {
            let r = &t.reasons;
            (
                top_tier(r),
                longest_wait(r),
                t.assessed_risk,
                t.next_review(),
                i,
            )
        })
        .collect();
    // As `by_urgency`, with the names made only for a full tie.
    sort_keys(&mut keys, |a, b| {
        let (a, b) = (&triaged[a], &triaged[b]);
        cmp_display_names(
            (&a.family_name, &a.given_names),
            (&b.family_name, &b.given_names),
        )
        .then(a.id.cmp(&b.id))
    });
    keys.into_iter().map(|(.., i)| triaged[i].id).collect()
}

/// `entries` most urgent first ([`urgency_order`]), sorted as [`queue`] sorts them (entries
/// assessed one subject at a time, `spmp queue` over a large store).
pub fn by_urgency(entries: Vec<QueueEntry>) -> Vec<QueueEntry> {
    // Sort small keys, not whole entries: steps 1 to 4 of `urgency_order` are computed once per
    // entry, names are compared only on a full tie, and the entries move once. The order is
    // exactly `urgency_order` (a test checks).
    let mut keys: Vec<UrgencyKey> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.tier(), e.waiting_days(), e.risk, e.next_review, i))
        .collect();
    sort_keys(&mut keys, |a, b| tie_break(&entries[a], &entries[b]));
    let mut slots: Vec<Option<QueueEntry>> = entries.into_iter().map(Some).collect();
    keys.iter().filter_map(|(.., i)| slots[*i].take()).collect()
}

/// Steps 1 to 4 of [`urgency_order`] for one entry (tier, wait, risk, next review), and where
/// the entry is.
type UrgencyKey = (u8, i64, Option<RiskLevel>, NaiveDate, usize);

/// Sort `keys` most urgent first: steps 1 to 4 of [`urgency_order`] on the keys, then
/// `names_then_ids` (step 5) on the places of the entries tied.
fn sort_keys(keys: &mut [UrgencyKey], names_then_ids: impl Fn(usize, usize) -> Ordering) {
    keys.sort_unstable_by(|(ta, wa, ra, na, a), (tb, wb, rb, nb, b)| {
        ta.cmp(tb)
            .then(wb.cmp(wa))
            .then(rb.cmp(ra))
            .then(na.cmp(nb))
            .then_with(|| names_then_ids(*a, *b))
    });
}

/// Below this many subjects the queue is built on the calling thread alone.
const PARALLEL_FROM: usize = 20_000;

/// The entries for `subjects` in subject order. Large caseloads are split across the available
/// cores (scoped threads, no shared state): the work is memory-bound, one subject at a time.
fn collect_entries(
    subjects: &[Subject],
    config: &Policy,
    today: NaiveDate,
    filter: &QueueFilter,
) -> Vec<QueueEntry> {
    let entry = |s: &Subject| Triage::of(s, config, today).entry(filter);
    // The length first: asking for the cores reads the cgroup files each time, and
    // `spmp queue` assesses a large store one summary at a time.
    if subjects.len() < PARALLEL_FROM {
        return subjects.iter().filter_map(entry).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 {
        return subjects.iter().filter_map(entry).collect();
    }
    let chunk = subjects.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = subjects
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().filter_map(entry).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::new();
        for h in handles {
            // A panic in a worker is a bug in the rules: re-raise it here as it would have been
            // raised on this thread.
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// "FAMILY, Given" ([`Subject::display_name`]) with one allocation when the family name is
/// ASCII (the common case), since the queue names every entry.
pub(crate) fn display_name(family: &str, given: &str) -> String {
    let family = family.trim();
    let given = given.trim();
    if !family.is_ascii() {
        let family = family.to_uppercase();
        return if given.is_empty() {
            family
        } else {
            format!("{family}, {given}")
        };
    }
    let mut out = String::with_capacity(family.len() + given.len() + 2);
    out.extend(family.chars().map(|c| c.to_ascii_uppercase()));
    if !given.is_empty() {
        out.push_str(", ");
        out.push_str(given);
    }
    out
}

/// `display_name(a_family, a_given).cmp(&display_name(b_family, b_given))`, without making
/// either name: the queue's sort compares names on every tie of its other keys (at 100,000
/// subjects that was most of the time to the first frame). Strings compare as their characters
/// do, so the two names are compared as the characters they would hold.
pub(crate) fn cmp_display_names(a: (&str, &str), b: (&str, &str)) -> Ordering {
    fn chars<'a>(family: &'a str, given: &'a str) -> impl Iterator<Item = char> + 'a {
        let given = given.trim();
        let comma = if given.is_empty() { "" } else { ", " };
        family
            .trim()
            .chars()
            .flat_map(char::to_uppercase)
            .chain(comma.chars())
            .chain(given.chars())
    }
    chars(a.0, a.1).cmp(chars(b.0, b.1))
}

/// THE ordering rule of the queue, most urgent first. A total order: every pair of distinct
/// subjects has a fixed place, so the queue reads the same every time it is printed.
///
/// 1. **Tier** of the entry's most urgent reason, lowest first:
///    1. a recent breach not yet re-assessed: inspections found breaches handled in isolation
///       with risk plans never updated, and a fresh breach is the clearest sign of escalation;
///    2. review overdue or notification overdue: a missed check or a missed legal clock;
///    3. Very High risk: harm is imminent and more likely than not;
///    4. order made but not served (it cannot be enforced until served) or a tactical option
///       past due (a planned control has not happened);
///    5. order ending within 60 days or an interim SPO awaiting the full hearing: a court
///       decision to prepare before a deadline;
///    6. High risk;
///    7. a review or risk assessment awaiting sign-off;
///    8. review due within 7 days (not yet overdue).
/// 2. Within a tier, the **longest wait** first: the most days overdue or since the event; for
///    things still to come, the fewest days left (see [`Reason::waiting_days`]).
/// 3. Then the higher **current risk** (no assessment ranks below Low).
/// 4. Then the earlier **next review date**.
/// 5. Then the **name** (as shown, "FAMILY, Given"), then the **subject id**, so ties are stable.
pub fn urgency_order(a: &QueueEntry, b: &QueueEntry) -> Ordering {
    a.tier()
        .cmp(&b.tier())
        .then_with(|| b.waiting_days().cmp(&a.waiting_days()))
        .then_with(|| tie_break(a, b))
}

/// Steps 3 to 5 of [`urgency_order`].
fn tie_break(a: &QueueEntry, b: &QueueEntry) -> Ordering {
    b.risk
        .cmp(&a.risk)
        .then_with(|| a.next_review.cmp(&b.next_review))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.subject.cmp(&b.subject))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_their_display_names_do_without_making_them() {
        let names = [
            ("Smith", "Anne"),
            ("Smith", ""),
            ("  Smith ", " Anne "),
            ("Smiths", "Anne"),
            ("smith", "anne"),
            ("Strauß", "Jo"),
            ("Strauss", "Jo"),
            ("Straus", "Jo"),
            ("Åström", "Björn"),
            ("Astrom", "Bjorn"),
            ("Yıldırım", "Mehmet"),
            ("O'Dowd", "Aoife"),
            ("O Dowd", "Aoife"),
            ("", "Anne"),
            ("", ""),
            ("Ní Bhriain", "Siobhán"),
            ("Ñúñez", "Priya"),
            ("ǆ", "x"),
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    cmp_display_names(a, b),
                    display_name(a.0, a.1).cmp(&display_name(b.0, b.1)),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
