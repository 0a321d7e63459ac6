//! Hand-built subjects and helpers shared by the detail-tab tests. "Today" is 23 Nov 2026.
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::text::Line;

use super::ViewCtx;
use crate::domain::Policy;
use crate::domain::*;
use crate::text::width;
use crate::tui::theme::Theme;

mod plan;
use plan::{orders, section1, section2};

/// A date; tests only use valid ones.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// A date and time.
pub fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    let time = NaiveTime::from_hms_opt(h, min, 0).unwrap_or(NaiveTime::MIN);
    d(y, m, day).and_time(time)
}

/// The fixed "today" of every test.
pub fn today() -> NaiveDate {
    d(2026, 11, 23)
}

/// Policy and theme owned in one place so tests can borrow a [`ViewCtx`].
pub struct Env {
    pub config: Policy,
    pub theme: Theme,
}

impl Env {
    pub fn new() -> Self {
        Self {
            config: Policy::default(),
            theme: Theme::color(),
        }
    }

    pub fn ctx(&self, width: u16) -> ViewCtx<'_> {
        ViewCtx {
            today: today(),
            config: &self.config,
            theme: &self.theme,
            width,
        }
    }
}

/// Lines as plain strings, from the spans' content.
pub fn plain(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// All lines joined with newlines, for `contains` checks.
pub fn joined(lines: &[Line]) -> String {
    plain(lines).join("\n")
}

/// No span carries a control character (ESC, BEL, C1, newline...).
pub fn assert_no_controls(lines: &[Line]) {
    for l in lines {
        for s in &l.spans {
            assert!(
                !s.content.chars().any(char::is_control),
                "control in {:?}",
                s.content
            );
        }
    }
}

/// No line is wider than `w` cells.
pub fn assert_fits(lines: &[Line], w: usize) {
    for l in plain(lines) {
        assert!(width(&l) <= w, "line wider than {w}: {l:?}");
    }
}

/// A subject with an empty plan.
pub fn empty_subject() -> Subject {
    Subject::new(2, "Empty", "Eve", d(2026, 1, 1))
}

fn assessments() -> Vec<RiskAssessment> {
    let rating = |group, level| GroupRating { group, level };
    let option = |id, option: &str, due, status| TacticalOption {
        id,
        option: option.into(),
        owner: Some("PC Patel".into()),
        due: Some(due),
        status,
    };
    let earlier = RiskAssessment {
        id: 1,
        date: d(2026, 3, 1),
        assessor: "DS Brown".into(),
        harm: String::new(),
        ratings: vec![rating(RiskGroup::NamedVictim, RiskLevel::High)],
        risk_factors: Vec::new(),
        protective_factors: Vec::new(),
        rationale: "Initial assessment.".into(),
        tactical_options: Vec::new(),
        sign_off: SignOff::default(),
        breach_rationale: String::new(),
        supersedes: None,
    };
    let current = RiskAssessment {
        id: 2,
        date: d(2026, 9, 15),
        assessor: "DS Brown".into(),
        harm: "Serious psychological harm to the victim; violence if confronted.".into(),
        ratings: vec![
            rating(RiskGroup::NamedVictim, RiskLevel::VeryHigh),
            rating(RiskGroup::FuturePartners, RiskLevel::High),
            rating(RiskGroup::Children, RiskLevel::Low),
        ],
        risk_factors: vec!["Fixation on the victim".into(), "New relationship".into()],
        protective_factors: vec!["Stable employment".into()],
        rationale: "Escalation after the exclusion zone breach in May; the subject has \
                    started a new relationship and minimises past behaviour."
            .into(),
        tactical_options: vec![
            option(
                1,
                "Marker on victim's address",
                d(2026, 10, 1),
                ActionStatus::Done,
            ),
            option(
                2,
                "Home visit, varied times",
                d(2026, 11, 20),
                ActionStatus::InProgress,
            ),
            option(3, "MARAC referral", d(2026, 12, 1), ActionStatus::Proposed),
        ],
        sign_off: SignOff {
            status: SignOffStatus::Approved,
            by: Some("DI Khan".into()),
            at: Some(dt(2026, 9, 16, 10, 30)),
            comment: String::new(),
            rank: None,
            signer: String::new(),
        },
        breach_rationale: String::new(),
        supersedes: None,
    };
    vec![earlier, current]
}

fn breach(
    id: ItemId,
    at: NaiveDateTime,
    condition: ItemId,
    source: BreachSource,
    text: &str,
) -> Breach {
    Breach {
        id,
        at,
        order: 1,
        conditions: vec![condition],
        source,
        reference: None,
        description: text.into(),
        action: String::new(),
        outcome: BreachOutcome::Pending,
    }
}

fn reviews() -> Vec<Review> {
    let outcome = |condition, outcome, note: &str| ConditionOutcome {
        order: 1,
        condition,
        outcome,
        note: note.into(),
    };
    let june = Review {
        id: 1,
        date: d(2026, 6, 1),
        reviewer: "DS Brown".into(),
        outcomes: vec![
            outcome(1, ComplianceOutcome::Complied, ""),
            outcome(2, ComplianceOutcome::Breached, "ANPR hit 3 May"),
        ],
        notifications_note: String::new(),
        visit: None,
        risk_reassessed: false,
        next_review: d(2026, 7, 1),
        summary: "Breach of the exclusion zone dealt with by NFA.".into(),
        sign_off: SignOff {
            status: SignOffStatus::Returned,
            by: Some("DI Khan".into()),
            at: Some(dt(2026, 6, 2, 9, 0)),
            comment: "Re-assess the risk after the ANPR breach".into(),
            rank: None,
            signer: String::new(),
        },
        late_reason: String::new(),
        supersedes: None,
    };
    let november = Review {
        id: 2,
        date: d(2026, 11, 12),
        reviewer: "DS Brown".into(),
        outcomes: vec![
            outcome(1, ComplianceOutcome::Complied, "victim confirms no contact"),
            outcome(3, ComplianceOutcome::NotVerified, ""),
        ],
        notifications_note: "Initial notification received one day late".into(),
        visit: Some(1),
        risk_reassessed: false,
        next_review: d(2026, 11, 26),
        summary: "Compliant; programme report awaited.".into(),
        sign_off: SignOff::default(),
        late_reason: String::new(),
        supersedes: None,
    };
    vec![june, november]
}

/// A full subject: two orders (one expired), notifications received late / overdue / due, three
/// breaches in the chart window and one before it, two assessments, two reviews, two visits, an
/// alias with an escape sequence in it.
pub fn sample_subject() -> Subject {
    let mut s = Subject::new(1, "Smith", "John Paul", d(2026, 1, 10));
    s.aliases = vec!["Johnny\u{1b}]0;pwned\u{7} S".into(), "J. Smyth".into()];
    s.date_of_birth = Some(d(1985, 3, 14));
    s.pnc_id = Some("26/123456X".into());
    s.niche_ref = Some("NN-0042".into());
    s.flags = Flags {
        rso: false,
        mappa_level: Some(2),
        iom: true,
        other: Vec::new(),
    };
    s.officer = Some("PC 1234 Patel".into());
    s.addresses = vec![
        Address {
            id: 1,
            kind: AddressKind::Home,
            lines: "4 Mill Lane, Bradford".into(),
            postcode: Some("BD1 2BB".into()),
            from: Some(d(2024, 1, 1)),
            to: Some(d(2026, 5, 31)),
        },
        Address {
            id: 2,
            kind: AddressKind::Home,
            lines: "12 Acacia Avenue, Leeds".into(),
            postcode: Some("LS1 1AA".into()),
            from: Some(d(2026, 6, 1)),
            to: None,
        },
    ];
    s.orders = orders();
    s.protected_persons = vec![
        ProtectedPerson {
            contact_preferences: String::new(),
            safe_contact: String::new(),
            id: 1,
            name: "Jane Doe".into(),
            relationship: "ex-partner".into(),
            by_proxy: false,
            address: Some("1 Rose Court, Leeds LS6 2XX".into()),
            notes: String::new(),
        },
        ProtectedPerson {
            contact_preferences: String::new(),
            safe_contact: String::new(),
            id: 2,
            name: "Mary Doe".into(),
            relationship: "victim's mother".into(),
            by_proxy: true,
            address: None,
            notes: String::new(),
        },
    ];
    s.section1 = section1();
    s.section2 = section2();
    s.assessments = assessments();
    s.breaches = vec![
        breach(
            1,
            dt(2024, 1, 1, 12, 0),
            1,
            BreachSource::Intelligence,
            "Old breach",
        ),
        breach(
            2,
            dt(2026, 5, 3, 8, 15),
            2,
            BreachSource::Anpr,
            "Vehicle seen in the exclusion zone",
        ),
        breach(
            3,
            dt(2026, 5, 20, 22, 0),
            1,
            BreachSource::Visit,
            "Letter for the victim found",
        ),
        breach(
            4,
            dt(2026, 11, 19, 21, 40),
            1,
            BreachSource::VictimReport,
            "Sent 14 messages to the victim via a new Instagram account",
        ),
    ];
    s.visits = vec![
        Visit {
            id: 1,
            at: dt(2026, 11, 10, 14, 5),
            officer: "PC Patel".into(),
            outcome: VisitOutcome::Seen,
            findings: "Subject at home; phone checked.".into(),
        },
        Visit {
            id: 2,
            at: dt(2026, 11, 21, 19, 30),
            officer: "PC Gray".into(),
            outcome: VisitOutcome::NoAccess,
            findings: "No answer; lights on.".into(),
        },
    ];
    s.reviews = reviews();
    s
}
