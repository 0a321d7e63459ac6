//! Protected persons' details inside free text: a [`Scrubber`] replaces, in any text, the
//! values of chosen fields of a subject's protected persons (a name and its parts, an address
//! and the parts of it that locate someone, notes) by [`WITHHELD`]; [`for_each_free_text`]
//! reaches every free-text field of a subject.
//!
//! Two uses, one implementation: [`super::redact`] withholds the fields
//! [`PersonField::restricted`] decides wherever they appear in the subject's free text, before
//! it hides the fields themselves; the visit sheet withholds every field that identifies a
//! person ([`PersonField::identifies`]: names too) from what it prints.
//!
//! Matching is by whole words, ignoring case and accents and treating hyphens, apostrophes and
//! spaces alike (`Zoë Kettle` withholds `ZOE KETTLE`, `9 Quarry Hill` withholds
//! `9 quarry-hill`), with the folding search uses.
use super::{
    Breach, BreachOutcome, BreachSource, Change, Condition, ConditionOutcome, Flags, IndexOffence,
    Investigation, Order, PersonField, ProtectedPerson, Relationship, Review, RiskAssessment,
    SafeguardingOption, Section1, Section2, SignOff, Strategy, Subject, TacticalOption, Variation,
    Vehicle, Visit,
};
use crate::text::fold::{fold_words, fold_words_mapped};

mod victim;

/// What replaces a protected person's detail in free text.
pub const WITHHELD: &str = "[withheld: protected person]";

/// The texts to withhold, folded (words separated by one space), longest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scrubber {
    needles: Vec<Needle>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Needle {
    chars: Vec<char>,
    /// Its longest word when it is all ASCII: plain ASCII text, lower-cased, can only hold the
    /// needle if it holds this word (a cheap test before folding the text); `None` for a
    /// needle that ASCII text cannot hold.
    anchor: Option<String>,
}

impl Scrubber {
    /// Withhold `texts` (each folded; empty ones ignored).
    pub fn new(texts: impl IntoIterator<Item = String>) -> Self {
        let mut folded: Vec<String> = texts
            .into_iter()
            .map(|t| fold_words(&t))
            .filter(|t| !t.is_empty())
            .collect();
        // Longest first, so a whole address is withheld as one, not street by street.
        folded.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        folded.dedup();
        let needles = folded
            .into_iter()
            .map(|t| Needle {
                anchor: t.is_ascii().then(|| {
                    t.split(' ')
                        .max_by_key(|w| w.len())
                        .unwrap_or_default()
                        .to_string()
                }),
                chars: t.chars().collect(),
            })
            .collect();
        Self { needles }
    }

    /// Withhold the fields `which` selects of every protected person of `s` (see
    /// [`PersonField::needles`]).
    pub fn of_fields(s: &Subject, which: impl Fn(PersonField) -> bool) -> Self {
        Self::new(s.protected_persons.iter().flat_map(|p| {
            PersonField::of(p)
                .into_iter()
                .filter(|f| which(*f))
                .flat_map(|f| f.needles(p))
        }))
    }

    /// The restricted fields of `s`'s protected persons ([`PersonField::restricted`]): what
    /// roles without `ViewRestricted` may not read, in free text either.
    pub fn restricted(s: &Subject) -> Self {
        Self::of_fields(s, PersonField::restricted)
    }

    /// Every field that identifies one of `s`'s protected persons
    /// ([`PersonField::identifies`]): what a visit sheet never prints.
    pub fn identifying(s: &Subject) -> Self {
        Self::of_fields(s, PersonField::identifies)
    }

    /// What a history read by a role without `ViewRestricted` withholds: the restricted values
    /// of `subject` as stored now, and every value a change marked restricted ever held (a
    /// victim's earlier address, as a whole and in its parts), so that free text recorded in
    /// the history (an old condition naming the street) does not show them either.
    pub fn for_history<'a>(
        subject: Option<&Subject>,
        changes: impl IntoIterator<Item = &'a Change>,
    ) -> Self {
        let mut texts: Vec<String> = subject
            .map(|s| Self::restricted(s).needles.into_iter())
            .into_iter()
            .flatten()
            .map(|n| n.chars.into_iter().collect())
            .collect();
        for c in changes.into_iter().filter(|c| c.restricted) {
            for value in [&c.from, &c.to] {
                match serde_json::from_str::<ProtectedPerson>(value) {
                    Ok(p) => texts.extend(
                        PersonField::of(&p)
                            .into_iter()
                            .filter(|f| f.restricted())
                            .flat_map(|f| f.needles(&p)),
                    ),
                    Err(_) if !value.starts_with(['{', '[']) => {
                        texts.push(value.clone());
                        texts.extend(address_needles(value));
                    }
                    Err(_) => {}
                }
            }
        }
        texts.retain(|t| t.as_str() != super::RESTRICTED);
        Self::new(texts)
    }

    /// Withhold the needles in the values of `changes` (after [`super::redact_changes`] hid
    /// the restricted ones).
    pub fn scrub_changes(&self, changes: &mut [Change]) {
        if self.is_empty() {
            return;
        }
        for c in changes {
            for value in [&mut c.from, &mut c.to] {
                if let Some(new) = self.scrub(value) {
                    *value = new;
                }
            }
        }
    }

    /// True when there is nothing to withhold.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `text` with every whole-word occurrence of a needle replaced by [`WITHHELD`]; `None`
    /// when nothing was found.
    pub fn scrub(&self, text: &str) -> Option<String> {
        self.scrub_with(text, &mut String::new())
    }

    /// [`Scrubber::scrub`] with a buffer for the lower-cased text, reused across texts.
    fn scrub_with(&self, text: &str, lower: &mut String) -> Option<String> {
        if self.needles.is_empty() || text.is_empty() {
            return None;
        }
        // Plain ASCII text folds to its lower case (separators aside): a needle can only be
        // in it if its longest word is.
        let ascii = text.is_ascii();
        if ascii {
            lower.clear();
            lower.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        }
        let maybe: Vec<&Needle> = self
            .needles
            .iter()
            .filter(|n| match (ascii, &n.anchor) {
                (false, _) => true,
                (true, Some(anchor)) => lower.contains(anchor.as_str()),
                (true, None) => false,
            })
            .collect();
        if maybe.is_empty() {
            return None;
        }
        let mut folded: Vec<(char, usize, usize)> = Vec::with_capacity(text.len());
        fold_words_mapped(text, &mut |c, a, b| folded.push((c, a, b)));
        let word = |i: usize| folded.get(i).is_some_and(|f| f.0.is_alphanumeric());
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < folded.len() {
            let starts_word = i == 0 || !word(i - 1);
            let found = starts_word
                .then(|| {
                    maybe.iter().find(|n| {
                        let m = n.chars.len();
                        folded.len() >= i + m
                            && folded[i..i + m]
                                .iter()
                                .zip(&n.chars)
                                .all(|(f, c)| f.0 == *c)
                            && !word(i + m)
                    })
                })
                .flatten();
            match found {
                Some(n) => {
                    let m = n.chars.len();
                    cuts.push((folded[i].1, folded[i + m - 1].2));
                    i += m;
                }
                None => i += 1,
            }
        }
        if cuts.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut cut = cuts.iter().peekable();
        for (i, c) in text.chars().enumerate() {
            match cut.peek() {
                Some(&&(from, to)) if i >= from => {
                    if i == from {
                        out.push_str(WITHHELD);
                    }
                    if i + 1 >= to {
                        cut.next();
                    }
                }
                _ => out.push(c),
            }
        }
        Some(out)
    }

    /// Withhold the needles in every free-text field of `s` ([`for_each_free_text`]). True
    /// when anything was withheld.
    pub fn scrub_subject(&self, s: &mut Subject) -> bool {
        if self.is_empty() {
            return false;
        }
        let mut changed = false;
        let mut lower = String::new();
        for_each_free_text(s, &mut |text| {
            if let Some(new) = self.scrub_with(text, &mut lower) {
                *text = new;
                changed = true;
            }
        });
        changed
    }
}

/// The parts of an address that locate a person: the whole address, its first line with and
/// without the house number ("7 Linnet Close", "Linnet Close"), and anything that looks like a
/// postcode. Towns are left alone: they locate nobody, and withholding them would make
/// exclusion zones unreadable.
pub(super) fn address_needles(addr: &str) -> Vec<String> {
    let mut out = vec![addr.trim().to_string()];
    let parts: Vec<&str> = addr.split(',').map(str::trim).collect();
    if let Some(first) = parts.first() {
        out.push((*first).to_string());
        let street: Vec<&str> = first
            .split_whitespace()
            .skip_while(|w| {
                w.chars().any(|c| c.is_ascii_digit())
                    || matches!(w.to_lowercase().as_str(), "flat" | "apartment" | "unit")
            })
            .collect();
        if street.len() >= 2 {
            out.push(street.join(" "));
        }
    }
    // Postcodes, and the first line of a multi-part flat address ("Flat 2", "12 High St").
    for part in parts.iter().skip(1) {
        let looks_like_postcode = part.chars().any(|c| c.is_ascii_digit())
            && part.chars().any(|c| c.is_ascii_alphabetic())
            && part.chars().count() <= 8;
        if looks_like_postcode || part.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            out.push((*part).to_string());
        }
    }
    out.retain(|n| n.chars().count() >= 4);
    out
}

/// A name and its parts of three letters or more ("Zoë Kettle", "Zoë", "Kettle").
pub(super) fn name_needles(name: &str) -> Vec<String> {
    let mut out = vec![name.trim().to_string()];
    out.extend(
        name.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_string),
    );
    out
}

/// Call `f` on every free-text field of `s`: narratives, condition texts, areas and check
/// methods, notes, risk and protective factors, rationales, tactical options, review and
/// breach texts, visit findings, sign-off comments, other markers. Names, identifiers,
/// references, the subject's own addresses and labels are not free text; protected persons'
/// own fields are decided by [`PersonField`].
///
/// Every struct is destructured in full (no `..`): a field added to any of them does not
/// compile until it is decided here.
pub fn for_each_free_text(s: &mut Subject, f: &mut impl FnMut(&mut String)) {
    let Subject {
        id: _,
        family_name: _,
        given_names: _,
        aliases: _,
        date_of_birth: _,
        pnc_id: _,
        niche_ref: _,
        addresses: _,
        flags,
        officer: _,
        officer_user: _,
        opened: _,
        orders,
        protected_persons,
        section1,
        section2,
        assessments,
        reviews,
        breaches,
        visits,
        next_review: _,
        reassessment_due: _,
        plan_sign_off,
        victim_contacts,
        needs_assessments,
        victims_code,
        referrals,
        meetings,
        considerations,
        screenings,
    } = s;
    victim::walk(
        victim::Lists {
            contacts: victim_contacts,
            needs: needs_assessments,
            code: victims_code,
            referrals,
            meetings,
            considerations,
            screenings,
        },
        f,
    );
    if let Some(so) = plan_sign_off {
        sign_off(so, f);
    }
    let Flags {
        rso: _,
        mappa_level: _,
        iom: _,
        other,
    } = flags;
    other.iter_mut().for_each(&mut *f);
    orders.iter_mut().for_each(|o| order(o, f));
    protected_persons.iter_mut().for_each(|p| {
        // Decided field by field in `PersonField`; named here so a new field stops the build.
        let ProtectedPerson {
            id: _,
            name: _,
            relationship: _,
            by_proxy: _,
            address: _,
            notes: _,
            contact_preferences: _,
            safe_contact: _,
        } = p;
    });
    plan_section1(section1, f);
    plan_section2(section2, f);
    assessments.iter_mut().for_each(|a| assessment(a, f));
    reviews.iter_mut().for_each(|r| review(r, f));
    breaches.iter_mut().for_each(|b| breach(b, f));
    visits.iter_mut().for_each(|v| {
        let Visit {
            id: _,
            at: _,
            officer: _,
            outcome: _,
            findings,
        } = v;
        f(findings);
    });
}

fn opt(text: &mut Option<String>, f: &mut impl FnMut(&mut String)) {
    if let Some(t) = text {
        f(t);
    }
}

fn order(o: &mut Order, f: &mut impl FnMut(&mut String)) {
    let Order {
        id: _,
        kind: _,
        court: _,
        reference: _,
        applied: _,
        made: _,
        served: _,
        end: _,
        discharged: _,
        refused: _,
        variations,
        conditions,
        notifications: _,
    } = o;
    for v in variations {
        let Variation {
            date: _,
            kind: _,
            note,
        } = v;
        f(note);
    }
    for c in conditions {
        let Condition {
            id: _,
            kind: _,
            category: _,
            text,
            area,
            starts: _,
            ends: _,
            check_method,
        } = c;
        f(text);
        opt(area, f);
        f(check_method);
    }
}

fn plan_section1(s1: &mut Section1, f: &mut impl FnMut(&mut String)) {
    let Section1 {
        narrative,
        index_offences,
        safeguarding,
    } = s1;
    f(narrative);
    for x in index_offences {
        let IndexOffence {
            id: _,
            offence,
            date: _,
            reference: _,
            outcome,
        } = x;
        f(offence);
        f(outcome);
    }
    for x in safeguarding {
        let SafeguardingOption {
            id: _,
            person: _,
            option,
            status: _,
            notes,
        } = x;
        f(option);
        f(notes);
    }
}

fn plan_section2(s2: &mut Section2, f: &mut impl FnMut(&mut String)) {
    let Section2 {
        investigations,
        devices: _,
        social_media: _,
        vehicles,
        relationships,
        strategies,
        notes,
    } = s2;
    for x in investigations {
        let Investigation {
            id: _,
            reference: _,
            offence,
            status: _,
            officer: _,
            opened: _,
        } = x;
        f(offence);
    }
    for x in vehicles {
        let Vehicle {
            id: _,
            vrm: _,
            make: _,
            model: _,
            colour: _,
            markers,
        } = x;
        f(markers);
    }
    for x in relationships {
        let Relationship {
            id: _,
            learned: _,
            partner: _,
            disclosure: _,
            checks,
            decision: _,
            decided: _,
            decision_reason,
        } = x;
        f(checks);
        f(decision_reason);
    }
    for x in strategies {
        let Strategy {
            id: _,
            text,
            owner: _,
            status: _,
        } = x;
        f(text);
    }
    f(notes);
}

fn sign_off(s: &mut SignOff, f: &mut impl FnMut(&mut String)) {
    let SignOff {
        status: _,
        by: _,
        at: _,
        comment,
        signer: _,
        rank: _,
    } = s;
    f(comment);
}

fn assessment(a: &mut RiskAssessment, f: &mut impl FnMut(&mut String)) {
    let RiskAssessment {
        id: _,
        date: _,
        assessor: _,
        harm,
        ratings: _,
        risk_factors,
        protective_factors,
        rationale,
        tactical_options,
        sign_off: so,
        supersedes: _,
        breach_rationale,
    } = a;
    f(harm);
    f(breach_rationale);
    risk_factors.iter_mut().for_each(&mut *f);
    protective_factors.iter_mut().for_each(&mut *f);
    f(rationale);
    for t in tactical_options {
        let TacticalOption {
            id: _,
            option,
            owner: _,
            due: _,
            status: _,
        } = t;
        f(option);
    }
    sign_off(so, f);
}

fn review(r: &mut Review, f: &mut impl FnMut(&mut String)) {
    let Review {
        id: _,
        date: _,
        reviewer: _,
        outcomes,
        notifications_note,
        visit: _,
        risk_reassessed: _,
        next_review: _,
        summary,
        sign_off: so,
        supersedes: _,
        late_reason,
    } = r;
    f(late_reason);
    for o in outcomes {
        let ConditionOutcome {
            order: _,
            condition: _,
            outcome: _,
            note,
        } = o;
        f(note);
    }
    f(notifications_note);
    f(summary);
    sign_off(so, f);
}

fn breach(b: &mut Breach, f: &mut impl FnMut(&mut String)) {
    let Breach {
        id: _,
        at: _,
        order: _,
        conditions: _,
        source,
        reference: _,
        description,
        action,
        outcome,
    } = b;
    match source {
        BreachSource::Other(text) => f(text),
        BreachSource::VictimReport
        | BreachSource::Visit
        | BreachSource::Intelligence
        | BreachSource::Anpr
        | BreachSource::ThirdParty => {}
    }
    f(description);
    f(action);
    match outcome {
        BreachOutcome::Other(text) => f(text),
        BreachOutcome::Pending
        | BreachOutcome::Arrest
        | BreachOutcome::Charge
        | BreachOutcome::Caution
        | BreachOutcome::Nfa
        | BreachOutcome::Conviction => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{condition, full_subject, order, subject};
    use super::super::*;
    use super::*;

    fn victim() -> ProtectedPerson {
        ProtectedPerson {
            contact_preferences: String::new(),
            safe_contact: String::new(),
            id: 1,
            name: "Zoë Kettle".to_string(),
            relationship: "ex-partner".to_string(),
            by_proxy: false,
            address: Some("9 Quarry Hill, Wakefield, WF1 2AB".to_string()),
            notes: "Hearing impaired; prefers text messages".to_string(),
        }
    }

    fn with_victim() -> Subject {
        let mut s = subject();
        s.protected_persons.push(victim());
        s
    }

    #[test]
    fn restricted_fields_are_withheld_by_whole_words_ignoring_case_accents_and_hyphens() {
        let s = with_victim();
        let w = Scrubber::restricted(&s);
        let cases = [
            (
                "Not to enter Quarry Hill, Wakefield",
                format!("Not to enter {WITHHELD}, Wakefield"),
            ),
            (
                "Not to go to 9 QUARRY-HILL or WF1 2AB",
                format!("Not to go to {WITHHELD} or {WITHHELD}"),
            ),
            (
                "She lives at 9 Quarry Hill, Wakefield, WF1 2AB.",
                format!("She lives at {WITHHELD}."),
            ),
            ("Quarry Híll", WITHHELD.to_string()),
        ];
        for (text, want) in cases {
            assert_eq!(w.scrub(text), Some(want), "{text}");
        }
        // Whole words only; towns and the name (not restricted) stay.
        for text in [
            "Quarry Hillside allotments",
            "Wakefield city centre",
            "Must not contact Zoë Kettle",
            "",
        ] {
            assert_eq!(w.scrub(text), None, "{text}");
        }
        // The notes are restricted too, wherever they are repeated whole.
        assert_eq!(
            w.scrub("Note: hearing impaired; prefers text messages."),
            Some(format!("Note: {WITHHELD}."))
        );
    }

    #[test]
    fn the_visit_sheet_withholds_names_as_well() {
        let s = with_victim();
        let w = Scrubber::identifying(&s);
        assert_eq!(
            w.scrub("Must not contact ZOE KETTLE or Kettle's family at Quarry Hill"),
            Some(format!(
                "Must not contact {WITHHELD} or {WITHHELD}'s family at {WITHHELD}"
            ))
        );
        assert_eq!(
            w.scrub("Hearing impaired"),
            None,
            "notes are not identifying"
        );
    }

    #[test]
    fn nothing_restricted_means_nothing_to_withhold() {
        assert!(Scrubber::restricted(&subject()).is_empty());
        let mut s = with_victim();
        s.protected_persons[0].address = None;
        s.protected_persons[0].notes.clear();
        assert!(Scrubber::restricted(&s).is_empty());
        assert!(!Scrubber::identifying(&s).is_empty(), "the name identifies");
    }

    #[test]
    fn redact_withholds_the_victims_street_in_every_free_text_field() {
        let mut s = full_subject();
        s.protected_persons = vec![victim()];
        let mut c = condition(9);
        c.text = "Not to enter Quarry Hill".to_string();
        let mut o = order(9, OrderKind::Spo);
        o.conditions.push(c);
        s.orders.push(o);
        // Every free-text field names the street.
        let mut fields = 0;
        for_each_free_text(&mut s, &mut |t| {
            *t = format!("seen near 9 Quarry Hill at night ({fields})");
            fields += 1;
        });
        assert!(
            fields >= 20,
            "the walk reaches the subject's free text: {fields}"
        );
        let before = s.clone();
        redact(&mut s);
        let mut seen = 0;
        for_each_free_text(&mut s, &mut |t| {
            assert!(
                t.starts_with(&format!("seen near {WITHHELD} at night")),
                "{t}"
            );
            seen += 1;
        });
        assert_eq!(seen, fields);
        assert_eq!(s.protected_persons[0].address.as_deref(), Some(RESTRICTED));
        assert_eq!(s.protected_persons[0].name, "Zoë Kettle");
        // Names, identifiers and the subject's own addresses are not free text.
        assert_eq!(s.family_name, before.family_name);
        assert_eq!(s.addresses, before.addresses);
        assert_eq!(s.section2.devices, before.section2.devices);
    }

    #[test]
    fn a_change_whose_text_holds_the_victims_street_is_marked_restricted() {
        let mut old = with_victim();
        let mut o = order(1, OrderKind::Spo);
        o.conditions.push(condition(1));
        old.orders.push(o);
        let mut new = old.clone();
        new.orders[0].conditions[0].text = "Not to enter Quarry Hill".to_string();
        new.orders[0].conditions[0].check_method = "ANPR".to_string();
        let got = changes(Some(&old), &new);
        let restricted: Vec<(&str, bool)> = got
            .iter()
            .map(|c| (c.path.as_str(), c.restricted))
            .collect();
        assert_eq!(
            restricted,
            [
                ("orders[id 1].conditions[id 1].check_method", false),
                ("orders[id 1].conditions[id 1].text", true),
            ]
        );
    }

    #[test]
    fn old_history_is_withheld_with_current_and_earlier_restricted_values() {
        let s = with_victim();
        // An old row: free text naming the street, not marked restricted; and the victim's
        // earlier address, marked restricted.
        let mut moved = Change::new(
            "protected_persons[id 1].address",
            "4 Linnet Close, Harrowmere",
            "9 Quarry Hill, Wakefield, WF1 2AB",
        );
        moved.restricted = true;
        let mut rows = vec![
            Change::new(
                "orders[id 1].conditions[id 1].text",
                "",
                "Not to enter Linnet Close",
            ),
            Change::new("section2.notes", "Seen on Quarry Hill", ""),
            moved,
        ];
        let w = Scrubber::for_history(Some(&s), &rows);
        redact_changes(&mut rows);
        w.scrub_changes(&mut rows);
        assert_eq!(rows[0].to, format!("Not to enter {WITHHELD}"));
        assert_eq!(rows[1].from, format!("Seen on {WITHHELD}"));
        assert_eq!(
            (rows[2].from.as_str(), rows[2].to.as_str()),
            (RESTRICTED, RESTRICTED)
        );
    }
}
