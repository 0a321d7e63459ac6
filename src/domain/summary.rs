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
    let mut s = subject.clone();
    s.section1 = Default::default();
    s.section2.notes.clear();
    s.section2.strategies.clear();
    for i in &mut s.section2.investigations {
        i.offence.clear();
        i.status.clear();
    }
    for v in &mut s.section2.vehicles {
        v.markers.clear();
    }
    for r in &mut s.section2.relationships {
        r.checks.clear();
        r.decision_reason.clear();
    }
    for o in &mut s.orders {
        for v in &mut o.variations {
            v.note.clear();
        }
        for c in &mut o.conditions {
            c.text.clear();
            c.check_method.clear();
            c.area = None;
        }
    }
    for p in &mut s.protected_persons {
        p.notes.clear();
        p.address = None;
        p.contact_preferences.clear();
        p.safe_contact.clear();
    }
    for a in &mut s.assessments {
        a.harm.clear();
        a.risk_factors.clear();
        a.protective_factors.clear();
        a.rationale.clear();
        a.breach_rationale.clear();
    }
    for r in &mut s.reviews {
        r.notifications_note.clear();
        r.summary.clear();
        r.late_reason.clear();
        for o in &mut r.outcomes {
            o.note.clear();
        }
    }
    for b in &mut s.breaches {
        b.description.clear();
        b.action.clear();
    }
    for v in &mut s.visits {
        v.findings.clear();
    }
    for c in &mut s.victim_contacts {
        c.said.clear();
        c.views.clear();
    }
    for n in &mut s.needs_assessments {
        n.needs.clear();
        n.outcome.clear();
    }
    for c in &mut s.victims_code {
        c.notes.clear();
    }
    for r in &mut s.referrals {
        r.notes.clear();
    }
    for m in &mut s.meetings {
        m.decisions.clear();
    }
    for c in &mut s.considerations {
        c.reason.clear();
    }
    s.screenings.clear();
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
