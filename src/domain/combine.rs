//! Combining two records of the same person into one: [`combine`]. Pure: the store's merge
//! (`Store::merge_subjects`) writes the result and moves the histories.
//!
//! The record kept (`keep`, "A") gains everything of the other (`from`, "B"):
//!
//! - **Identity**: A's names, date of birth, PNC ID and Niche reference stay. A value A lacks is
//!   taken from B. B's name, when it differs, and B's aliases become aliases of A (compared
//!   ignoring case and spacing); a date of birth, PNC ID or Niche reference of B that differs
//!   from A's is written into A's management notes ("From merged subject B: ..."), never lost.
//!   The officer in charge is A's, else B's; the plan's opening date the earlier; flags are
//!   combined (RSO or IOM if either, the higher MAPPA level, every other marker once).
//! - **Items** (addresses, orders, protected persons, index offences, safeguarding options,
//!   investigations, devices, social-media accounts, vehicles, relationships, strategies) are
//!   added with fresh ids after A's own. One identical to an item of A in everything but its id
//!   is not added twice: references to it point at A's.
//! - **Events** (risk assessments, reviews, breaches, visits) are all added with fresh ids, never
//!   de-duplicated: each is a record of something that happened, and a decided one is final.
//!   Their content is unchanged apart from ids.
//! - **References** follow the renumbering: a review's `visit` and its outcomes' `order`, a
//!   breach's `order`, a safeguarding option's `person`, and `supersedes` of reviews and
//!   assessments. Conditions, notification clocks and tactical options keep their ids (they are
//!   numbered within their order or assessment), so a breach's `conditions` and an outcome's
//!   `condition` stay as they were.
//! - **Text**: B's narrative and management notes are appended to A's under a line naming B.
//! - **Dates**: the earlier next review and re-assessment date.
//! - **Sign-off**: A's plan sign-off stays; if A's plan was approved, the combined plan awaits
//!   sign-off again ([`super::reopen_plan`]), as any change to an approved plan does.
use std::collections::HashMap;

use super::{ItemId, Subject, SubjectId, reopen_plan};

/// One item that got a new id in the combined record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renumbered {
    /// The list it is in ("orders", "reviews"...).
    pub list: &'static str,
    pub from: ItemId,
    pub to: ItemId,
}

/// The result of [`combine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    pub subject: Subject,
    /// Every item of B that got a different id.
    pub renumbered: Vec<Renumbered>,
    /// How many items of B were added, by list (lists with none left out).
    pub added: Vec<(&'static str, usize)>,
    /// Items of B identical to one of A's, not added twice.
    pub duplicates: usize,
    /// Identity values of B that differed from A's and were kept as aliases or notes (field
    /// names only: "name", "date of birth"...).
    pub kept_aside: Vec<&'static str>,
}

impl Combined {
    /// "order 1 -> 3, review 2 -> 5" (ids only: no personal data).
    pub fn renumbering_text(&self) -> String {
        self.renumbered
            .iter()
            .map(|r| format!("{} {} -> {}", r.list, r.from, r.to))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "2 orders, 1 review" (counts only).
    pub fn added_text(&self) -> String {
        let parts: Vec<String> = self
            .added
            .iter()
            .map(|(list, n)| format!("{n} {list}"))
            .collect();
        if parts.is_empty() {
            "nothing".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// Text compared as people type it: case and spacing ignored.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// "Given Family", as an alias is written.
fn full_name(s: &Subject) -> String {
    format!("{} {}", s.given_names.trim(), s.family_name.trim())
        .trim()
        .to_string()
}

struct Builder<'a> {
    keep: &'a Subject,
    from_id: SubjectId,
    renumbered: Vec<Renumbered>,
    added: Vec<(&'static str, usize)>,
    duplicates: usize,
}

impl Builder<'_> {
    /// Add `items` of B to `into` (A's list): fresh ids after A's, or, with `dedup`, A's id for
    /// an item identical to one of A's but for its id. Returns B's id -> the id in A.
    fn append<T: Clone + PartialEq>(
        &mut self,
        list: &'static str,
        into: &mut Vec<T>,
        items: Vec<T>,
        id: fn(&T) -> ItemId,
        set: fn(&mut T, ItemId),
        dedup: bool,
    ) -> HashMap<ItemId, ItemId> {
        let originals = into.len();
        let mut next = super::next_id(into.iter().map(id));
        let mut map = HashMap::new();
        let mut added = 0;
        for mut item in items {
            let old = id(&item);
            let same = dedup
                .then(|| {
                    into[..originals].iter().find(|a| {
                        let mut probe = item.clone();
                        set(&mut probe, id(a));
                        probe == **a
                    })
                })
                .flatten();
            if let Some(a) = same {
                map.insert(old, id(a));
                self.duplicates += 1;
                continue;
            }
            set(&mut item, next);
            if old != next {
                self.renumbered.push(Renumbered {
                    list,
                    from: old,
                    to: next,
                });
            }
            map.insert(old, next);
            into.push(item);
            next = next.saturating_add(1);
            added += 1;
        }
        if added > 0 {
            self.added.push((list, added));
        }
        map
    }

    /// `a` followed by `b` under a line naming B (either alone if the other is empty or they
    /// are the same).
    fn text(&self, a: &str, b: &str) -> String {
        if b.trim().is_empty() || norm(a) == norm(b) {
            a.to_string()
        } else if a.trim().is_empty() {
            b.to_string()
        } else {
            format!(
                "{}\n\nFrom merged subject {}:\n{}",
                a.trim_end(),
                self.from_id,
                b.trim()
            )
        }
    }
}

fn remap(map: &HashMap<ItemId, ItemId>, id: ItemId) -> ItemId {
    map.get(&id).copied().unwrap_or(id)
}

fn earlier<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Combine `from` (B) into `keep` (A): the record A becomes, with what was renumbered. The
/// rules are in the module docs. The result keeps A's id; it is not validated here (the store
/// validates before writing).
pub fn combine(keep: &Subject, from: &Subject) -> Combined {
    let mut s = keep.clone();
    let b = from.clone();
    let mut k = Builder {
        keep,
        from_id: from.id,
        renumbered: Vec::new(),
        added: Vec::new(),
        duplicates: 0,
    };

    // Identity.
    let mut kept_aside = Vec::new();
    let mut notes = Vec::new();
    let alias = |s: &mut Subject, name: &str| {
        let n = norm(name);
        if n.is_empty()
            || n == norm(&full_name(s))
            || n == norm(&s.display_name())
            || s.aliases.iter().any(|a| norm(a) == n)
        {
            return false;
        }
        s.aliases.push(name.trim().to_string());
        true
    };
    if norm(&full_name(&b)) != norm(&full_name(keep)) && alias(&mut s, &full_name(&b)) {
        kept_aside.push("name");
    }
    for a in &b.aliases {
        alias(&mut s, a);
    }
    fn take<T: Clone + PartialEq>(
        a: &mut Option<T>,
        b: &Option<T>,
        what: &'static str,
        shown: impl Fn(&T) -> String,
        notes: &mut Vec<String>,
        kept_aside: &mut Vec<&'static str>,
    ) {
        match (a.as_ref(), b) {
            (None, Some(_)) => *a = b.clone(),
            (Some(x), Some(y)) if x != y => {
                notes.push(format!("{what} {}", shown(y)));
                kept_aside.push(what);
            }
            _ => {}
        }
    }
    take(
        &mut s.date_of_birth,
        &b.date_of_birth,
        "date of birth",
        |d| super::fmt_date(*d),
        &mut notes,
        &mut kept_aside,
    );
    take(
        &mut s.pnc_id,
        &b.pnc_id,
        "PNC ID",
        Clone::clone,
        &mut notes,
        &mut kept_aside,
    );
    take(
        &mut s.niche_ref,
        &b.niche_ref,
        "Niche reference",
        Clone::clone,
        &mut notes,
        &mut kept_aside,
    );
    if s.officer.as_deref().is_none_or(|o| o.trim().is_empty()) {
        s.officer.clone_from(&b.officer);
        s.officer_user.clone_from(&b.officer_user);
    }
    s.opened = s.opened.min(b.opened);
    s.flags.rso |= b.flags.rso;
    s.flags.iom |= b.flags.iom;
    s.flags.mappa_level = s.flags.mappa_level.max(b.flags.mappa_level);
    for m in &b.flags.other {
        if !s.flags.other.iter().any(|x| norm(x) == norm(m)) {
            s.flags.other.push(m.clone());
        }
    }

    // Items, references first.
    k.append(
        "addresses",
        &mut s.addresses,
        b.addresses,
        |x| x.id,
        |x, id| x.id = id,
        true,
    );
    let people = k.append(
        "protected persons",
        &mut s.protected_persons,
        b.protected_persons,
        |x| x.id,
        |x, id| x.id = id,
        true,
    );
    let orders = k.append(
        "orders",
        &mut s.orders,
        b.orders,
        |x| x.id,
        |x, id| x.id = id,
        true,
    );
    let visits = k.append(
        "visits",
        &mut s.visits,
        b.visits,
        |x| x.id,
        |x, id| x.id = id,
        false,
    );
    let s1 = b.section1;
    s.section1.narrative = k.text(&keep.section1.narrative, &s1.narrative);
    k.append(
        "index offences",
        &mut s.section1.index_offences,
        s1.index_offences,
        |x| x.id,
        |x, id| x.id = id,
        true,
    );
    let safeguarding = s1
        .safeguarding
        .into_iter()
        .map(|mut x| {
            x.person = x.person.map(|p| remap(&people, p));
            x
        })
        .collect();
    k.append(
        "safeguarding options",
        &mut s.section1.safeguarding,
        safeguarding,
        |x| x.id,
        |x, id| x.id = id,
        true,
    );
    let s2 = b.section2;
    macro_rules! section2 {
        ($($field:ident: $label:literal),*) => {$(
            k.append(
                $label,
                &mut s.section2.$field,
                s2.$field,
                |x| x.id,
                |x, id| x.id = id,
                true,
            );
        )*};
    }
    section2!(
        investigations: "investigations",
        devices: "devices",
        social_media: "social-media accounts",
        vehicles: "vehicles",
        relationships: "relationships",
        strategies: "strategies"
    );
    let mut management = k.text(&keep.section2.notes, &s2.notes);
    if !notes.is_empty() {
        let line = format!(
            "From merged subject {} (kept aside, differs from this record): {}",
            from.id,
            notes.join("; ")
        );
        management = if management.trim().is_empty() {
            line
        } else {
            format!("{}\n\n{line}", management.trim_end())
        };
    }
    s.section2.notes = management;

    // Events: fresh ids for all, then their references.
    let first_assessment = super::next_id(s.assessments.iter().map(|x| x.id));
    let assessments: HashMap<ItemId, ItemId> = b
        .assessments
        .iter()
        .zip(first_assessment..)
        .map(|(x, n)| (x.id, n))
        .collect();
    let moved: Vec<_> = b
        .assessments
        .into_iter()
        .map(|mut x| {
            x.supersedes = x.supersedes.map(|p| remap(&assessments, p));
            x
        })
        .collect();
    k.append(
        "risk assessments",
        &mut s.assessments,
        moved,
        |x| x.id,
        |x, id| x.id = id,
        false,
    );
    let first_review = super::next_id(s.reviews.iter().map(|x| x.id));
    let reviews: HashMap<ItemId, ItemId> = b
        .reviews
        .iter()
        .zip(first_review..)
        .map(|(x, n)| (x.id, n))
        .collect();
    let moved: Vec<_> = b
        .reviews
        .into_iter()
        .map(|mut x| {
            x.supersedes = x.supersedes.map(|p| remap(&reviews, p));
            x.visit = x.visit.map(|v| remap(&visits, v));
            for o in &mut x.outcomes {
                o.order = remap(&orders, o.order);
            }
            x
        })
        .collect();
    k.append(
        "reviews",
        &mut s.reviews,
        moved,
        |x| x.id,
        |x, id| x.id = id,
        false,
    );
    let moved: Vec<_> = b
        .breaches
        .into_iter()
        .map(|mut x| {
            x.order = remap(&orders, x.order);
            x
        })
        .collect();
    k.append(
        "breaches",
        &mut s.breaches,
        moved,
        |x| x.id,
        |x, id| x.id = id,
        false,
    );

    // The victim's side: people remapped, everything added (events, never matched).
    let person = |p: ItemId| remap(&people, p);
    macro_rules! events {
        ($($field:ident: $label:literal, $fix:expr);*) => {$(
            let moved: Vec<_> = b.$field.into_iter().map($fix).collect();
            k.append($label, &mut s.$field, moved, |x| x.id, |x, id| x.id = id, false);
        )*};
    }
    events!(
        victim_contacts: "victim contacts", |mut x: super::VictimContact| {
            x.person = person(x.person);
            x
        };
        needs_assessments: "needs assessments", |mut x: super::NeedsAssessment| {
            x.person = person(x.person);
            x
        };
        victims_code: "Victims' Code records", |mut x: super::VictimsCodeRecord| {
            x.person = person(x.person);
            x
        };
        referrals: "referrals", |mut x: super::Referral| {
            x.person = x.person.map(person);
            x
        };
        meetings: "meetings", |x| x;
        considerations: "orders considered", |x| x;
        screenings: "screenings", |x| x
    );

    s.next_review = earlier(s.next_review, b.next_review);
    s.reassessment_due = earlier(s.reassessment_due, b.reassessment_due);
    let subject = reopen_plan(k.keep, s);
    Combined {
        subject,
        renumbered: k.renumbered,
        added: k.added,
        duplicates: k.duplicates,
        kept_aside,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit;
    use crate::domain::{SignOff, SignOffStatus, check_final, validate_subject};

    /// The full test subject as `id`, its review approved.
    fn reviewed(id: SubjectId) -> Subject {
        let mut s = testkit::full_subject();
        s.id = id;
        for r in &mut s.reviews {
            r.sign_off = SignOff {
                status: SignOffStatus::Approved,
                by: Some("DI Okafor".into()),
                ..SignOff::default()
            };
        }
        s
    }

    #[test]
    fn combining_keeps_both_and_renumbers_every_reference() {
        let a = reviewed(1);
        let mut b = reviewed(2);
        b.family_name = "Other".into();
        b.orders[0].court = "Another court".into();
        b.visits[0].findings = "Seen at the door".into();
        b.pnc_id = Some("99/999999Z".into());
        let c = combine(&a, &b);
        let s = &c.subject;
        assert!(validate_subject(s).is_empty(), "{:?}", validate_subject(s));
        assert_eq!(s.id, 1);
        assert_eq!(s.reviews.len(), a.reviews.len() + b.reviews.len());
        assert_eq!(
            s.assessments.len(),
            a.assessments.len() + b.assessments.len()
        );
        assert_eq!(s.breaches.len(), a.breaches.len() + b.breaches.len());
        check_final(&a, s).expect("A's decided records are unchanged");
        // B's decided records come across unchanged but for ids.
        for r in &b.reviews {
            let new_id = c
                .renumbered
                .iter()
                .find(|n| n.list == "reviews" && n.from == r.id)
                .map_or(r.id, |n| n.to);
            let moved = s.reviews.iter().find(|x| x.id == new_id).expect("moved");
            assert_eq!(moved.sign_off, r.sign_off);
            assert_eq!(moved.summary, r.summary);
            if let Some(v) = moved.visit {
                assert!(
                    s.visits
                        .iter()
                        .any(|x| x.id == v && x.findings == "Seen at the door")
                );
            }
            for o in &moved.outcomes {
                assert_eq!(
                    s.order(o.order).map(|x| x.court.as_str()),
                    Some("Another court"),
                    "the outcome names B's order under its new id"
                );
            }
        }
        assert!(
            s.reviews
                .iter()
                .any(|r| r.sign_off.status == SignOffStatus::Approved)
        );
        assert!(s.aliases.iter().any(|x| x.contains("Other")));
        assert!(s.section2.notes.contains("99/999999Z"));
        assert!(c.kept_aside.contains(&"PNC ID"));
    }

    #[test]
    fn identical_items_are_not_added_twice() {
        let a = reviewed(1);
        let b = Subject { id: 2, ..a.clone() };
        let c = combine(&a, &b);
        assert_eq!(c.subject.orders.len(), a.orders.len());
        assert_eq!(c.subject.addresses.len(), a.addresses.len());
        assert_eq!(c.subject.reviews.len(), a.reviews.len() * 2);
        assert!(c.duplicates >= a.orders.len());
        // A review of B names B's visit, which is A's visit 1 copied under a new id.
        let last = c.subject.reviews.last().expect("review");
        assert_ne!(last.visit, a.reviews[0].visit);
        assert!(validate_subject(&c.subject).is_empty());
        assert_eq!(c.subject.aliases, a.aliases, "same name: no alias");
    }
}
