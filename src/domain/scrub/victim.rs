//! The free text of the victim's side, partners, screenings and SPO decisions, for
//! [`super::for_each_free_text`]. Each struct is destructured in full (no `..`).
use crate::domain::{
    Consideration, Meeting, MeetingAction, NeedsAssessment, Referral, Screening, VictimContact,
    VictimsCodeRecord,
};

pub(super) struct Lists<'a> {
    pub contacts: &'a mut Vec<VictimContact>,
    pub needs: &'a mut Vec<NeedsAssessment>,
    pub code: &'a mut Vec<VictimsCodeRecord>,
    pub referrals: &'a mut Vec<Referral>,
    pub meetings: &'a mut Vec<Meeting>,
    pub considerations: &'a mut Vec<Consideration>,
    pub screenings: &'a mut Vec<Screening>,
}

pub(super) fn walk(l: Lists<'_>, f: &mut impl FnMut(&mut String)) {
    for c in l.contacts {
        let VictimContact {
            id: _,
            person: _,
            date: _,
            by: _,
            method: _,
            said,
            views,
        } = c;
        f(said);
        f(views);
    }
    for n in l.needs {
        let NeedsAssessment {
            id: _,
            person: _,
            date: _,
            by: _,
            needs,
            outcome,
        } = n;
        f(needs);
        f(outcome);
    }
    for c in l.code {
        let VictimsCodeRecord {
            id: _,
            person: _,
            date: _,
            by: _,
            rights: _,
            how: _,
            notes,
        } = c;
        f(notes);
    }
    for r in l.referrals {
        let Referral {
            id: _,
            person: _,
            service: _,
            date: _,
            consent: _,
            outcome: _,
            follow_up: _,
            notes,
        } = r;
        f(notes);
    }
    for m in l.meetings {
        let Meeting {
            id: _,
            kind: _,
            date: _,
            decisions,
            actions,
        } = m;
        f(decisions);
        for a in actions {
            let MeetingAction {
                id: _,
                action,
                owner: _,
                due: _,
                done: _,
                tactical: _,
            } = a;
            f(action);
        }
    }
    for c in l.considerations {
        let Consideration {
            id: _,
            date: _,
            by: _,
            kind: _,
            decision: _,
            reason,
        } = c;
        f(reason);
    }
    for s in l.screenings {
        // Questions, answers and labels come from the force's instrument file, not the case.
        let Screening {
            id: _,
            date: _,
            by: _,
            instrument: _,
            instrument_name: _,
            instrument_version: _,
            answers: _,
            score: _,
            band: _,
            judgement: _,
            rationale,
        } = s;
        f(rationale);
    }
}
