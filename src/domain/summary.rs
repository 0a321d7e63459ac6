//! A subject's summary: the subject as the list, the triage queue, the unit's figures, the
//! duplicate finder and search need it, and nothing more.
//!
//! A summary is a [`Subject`] with every free-text field those never read left empty (the
//! narrative, findings, notes, descriptions, rationales, risk and protective factors, the
//! screenings). It is still a `Subject`, so every rule (`queue`, `stats`, `ReviewDue::of`,
//! `identifier_clashes`, the search entries) runs on it unchanged: there is one home for each
//! rule, and a test (`tests/summaries.rs`) checks that the queue, the list rows, the figures and
//! the search hits are the same from summaries as from whole subjects over generated and demo
//! caseloads. The store keeps a sealed summary beside each record (docs/FORMAT.md); opening
//! the app reads summaries only and decodes a whole subject when it is opened.
//!
//! What is kept: identity (names, aliases, date of birth, PNC ID, Niche reference, addresses,
//! flags, officer), orders with their dates, notifications and variations' dates (conditions
//! by id and kind), protected persons' names, Section 2's findable values and the relationships'
//! dates and decisions, assessments' dates, ratings, tactical options and sign-offs (with the
//! returned comment the queue quotes), reviews' dates, outcomes and sign-offs, breaches' and
//! visits' times, and the victim side's dates, services and meeting actions.
use super::Subject;

/// Which summary layout [`summary_of`] makes. Stored with the summaries: when it changes, the
/// store rebuilds every summary from the records at the next open.
pub const SUMMARY_FORMAT: u32 = 1;

/// `subject` as a summary (see the module documentation).
pub fn summary_of(subject: &Subject) -> Subject {
    into_summary(subject.clone())
}

/// [`summary_of`] an owned subject: what is left out is dropped (its memory freed), not copied.
pub fn into_summary(subject: Subject) -> Subject {
    let mut s = subject;
    s.section1 = Default::default();
    s.section2.notes = Default::default();
    s.section2.strategies = Default::default();
    for i in &mut s.section2.investigations {
        i.offence = Default::default();
        i.status = Default::default();
    }
    for v in &mut s.section2.vehicles {
        v.markers = Default::default();
    }
    for r in &mut s.section2.relationships {
        r.checks = Default::default();
        r.decision_reason = Default::default();
    }
    for o in &mut s.orders {
        for v in &mut o.variations {
            v.note = Default::default();
        }
        for c in &mut o.conditions {
            c.text = Default::default();
            c.check_method = Default::default();
            c.area = None;
        }
    }
    for p in &mut s.protected_persons {
        p.notes = Default::default();
        p.address = None;
        p.contact_preferences = Default::default();
        p.safe_contact = Default::default();
    }
    for a in &mut s.assessments {
        a.harm = Default::default();
        a.risk_factors = Default::default();
        a.protective_factors = Default::default();
        a.rationale = Default::default();
        a.breach_rationale = Default::default();
    }
    for r in &mut s.reviews {
        r.notifications_note = Default::default();
        r.summary = Default::default();
        r.late_reason = Default::default();
        for o in &mut r.outcomes {
            o.note = Default::default();
        }
    }
    for b in &mut s.breaches {
        b.description = Default::default();
        b.action = Default::default();
    }
    for v in &mut s.visits {
        v.findings = Default::default();
    }
    for c in &mut s.victim_contacts {
        c.said = Default::default();
        c.views = Default::default();
    }
    for n in &mut s.needs_assessments {
        n.needs = Default::default();
        n.outcome = Default::default();
    }
    for c in &mut s.victims_code {
        c.notes = Default::default();
    }
    for r in &mut s.referrals {
        r.notes = Default::default();
    }
    for m in &mut s.meetings {
        m.decisions = Default::default();
    }
    for c in &mut s.considerations {
        c.reason = Default::default();
    }
    s.screenings = Default::default();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_keeps_identity_and_drops_the_narrative() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut s = Subject::new(7, "Fictional", "Alex", today);
        s.aliases.push("Al".into());
        s.pnc_id = Some("26/123456A".into());
        s.section1.narrative = "a long account".into();
        let sum = summary_of(&s);
        assert_eq!(sum.aliases, s.aliases);
        assert_eq!(sum.pnc_id, s.pnc_id);
        assert!(sum.section1.narrative.is_empty());
        assert_eq!(summary_of(&sum), sum, "a summary of a summary is itself");
    }
}
