//! Builders for tests: small valid values of every domain type, so a test only spells out the
//! fields it is about. Every builder returns a value that passes [`super::validate_subject`]
//! when put into [`subject`] (see [`full_subject`] for one with every list populated).
use chrono::{NaiveDate, NaiveDateTime};

use super::*;

/// A date; panics on an impossible date, which is a bug in the test.
pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// A date and time (hours and minutes).
pub(crate) fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day)
        .and_hms_opt(h, min, 0)
        .expect("valid test time")
}

/// The fixed "today" most tests use: Monday 15 June 2026.
pub(crate) fn today() -> NaiveDate {
    d(2026, 6, 15)
}

/// `today()` moved by `days` (negative for the past).
pub(crate) fn day(days: i64) -> NaiveDate {
    today() + chrono::Duration::days(days)
}

/// A subject with only the required fields: SMITH, John, plan opened 10 Jan 2025.
pub(crate) fn subject() -> Subject {
    Subject::new(1, "Smith", "John", d(2025, 1, 10))
}

/// An SPO made and in force until further order, with no conditions or notifications.
pub(crate) fn order(id: ItemId, kind: OrderKind) -> Order {
    Order {
        refused: None,
        id,
        kind,
        court: "Leeds Magistrates' Court".to_string(),
        reference: None,
        applied: None,
        made: Some(d(2025, 1, 10)),
        served: None,
        end: OrderEnd::UntilFurtherOrder,
        discharged: None,
        variations: Vec::new(),
        conditions: Vec::new(),
        notifications: Vec::new(),
    }
}

/// An SPO made on `made` with the given end.
pub(crate) fn spo(id: ItemId, made: Option<NaiveDate>, end: OrderEnd) -> Order {
    Order {
        made,
        end,
        ..order(id, OrderKind::Spo)
    }
}

/// A no-contact prohibition without its own dates.
pub(crate) fn condition(id: ItemId) -> Condition {
    Condition {
        id,
        kind: ConditionKind::Prohibition,
        category: "contact".to_string(),
        text: "Not to contact the protected person by any means".to_string(),
        area: None,
        starts: None,
        ends: None,
        check_method: "victim contact".to_string(),
    }
}

/// An initial notification triggered on `trigger`, not yet received.
pub(crate) fn notification(id: ItemId, trigger: NaiveDate) -> Notification {
    Notification {
        id,
        kind: NotificationKind::Initial,
        trigger,
        received: None,
        station: None,
        reference: None,
    }
}

/// A risk assessment on `date` by DS Khan with the given ratings.
pub(crate) fn assessment(
    id: ItemId,
    date: NaiveDate,
    ratings: &[(RiskGroup, RiskLevel)],
) -> RiskAssessment {
    RiskAssessment {
        id,
        date,
        assessor: "DS Khan".to_string(),
        harm: String::new(),
        ratings: ratings
            .iter()
            .map(|(group, level)| GroupRating {
                group: group.clone(),
                level: *level,
            })
            .collect(),
        risk_factors: Vec::new(),
        protective_factors: Vec::new(),
        rationale: "Fixated, recent escalation".to_string(),
        tactical_options: Vec::new(),
        sign_off: SignOff::default(),
        supersedes: None,
        breach_rationale: String::new(),
    }
}

/// An assessment rating only the named victim at `level`.
pub(crate) fn rated(id: ItemId, date: NaiveDate, level: RiskLevel) -> RiskAssessment {
    assessment(id, date, &[(RiskGroup::NamedVictim, level)])
}

/// A review by DC Jones on `date`, setting the next review four weeks on.
pub(crate) fn review(id: ItemId, date: NaiveDate) -> Review {
    Review {
        id,
        date,
        reviewer: "DC Jones".to_string(),
        outcomes: Vec::new(),
        notifications_note: String::new(),
        visit: None,
        risk_reassessed: false,
        next_review: date + chrono::Duration::days(28),
        summary: String::new(),
        sign_off: SignOff::default(),
        supersedes: None,
        late_reason: String::new(),
    }
}

/// A breach of `order` at `at`, reported by the victim.
pub(crate) fn breach(id: ItemId, at: NaiveDateTime, order: ItemId) -> Breach {
    Breach {
        id,
        at,
        order,
        conditions: Vec::new(),
        source: BreachSource::VictimReport,
        reference: None,
        description: "Sent messages".to_string(),
        action: String::new(),
        outcome: BreachOutcome::Pending,
    }
}

/// A visit by PC Patel at `at` where the subject was seen.
pub(crate) fn visit(id: ItemId, at: NaiveDateTime) -> Visit {
    Visit {
        id,
        at,
        officer: "PC Patel".to_string(),
        outcome: VisitOutcome::Seen,
        findings: String::new(),
    }
}

/// A home address from `from`, still current when `to` is `None`.
pub(crate) fn address(id: ItemId, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Address {
    Address {
        id,
        kind: AddressKind::Home,
        lines: format!("{id} Acacia Avenue, Leeds"),
        postcode: Some("LS1 1AA".to_string()),
        from,
        to,
    }
}

/// A relationship learned of on `learned`.
pub(crate) fn relationship(id: ItemId, learned: NaiveDate) -> Relationship {
    Relationship {
        id,
        learned,
        partner: "Jane Doe".to_string(),
        disclosure: None,
        checks: String::new(),
        decision: DisclosureDecision::Pending,
        decided: None,
        decision_reason: String::new(),
    }
}

/// A valid subject with every list populated and cross-references that resolve:
/// order 1 (SPO, conditions 1 and 2, one notification), order 2 (ISPO, discharged), protected
/// person 1, visit 1, review 1 (visit 1, outcomes for order 1), breach 1 of order 1 condition 1.
pub(crate) fn full_subject() -> Subject {
    let mut s = subject();
    s.aliases = vec!["Johnny Smith".to_string()];
    s.date_of_birth = Some(d(1985, 3, 2));
    s.pnc_id = Some("26/123456X".to_string());
    s.niche_ref = Some("N123456".to_string());
    s.addresses = vec![address(1, Some(d(2020, 1, 1)), Some(d(2024, 12, 31))), {
        let mut a = address(2, Some(d(2025, 1, 1)), None);
        a.kind = AddressKind::Home;
        a
    }];
    s.flags = Flags {
        rso: false,
        mappa_level: Some(2),
        iom: true,
        other: vec!["Violent".to_string()],
    };
    s.officer = Some("DC Jones".to_string());

    let mut spo = spo(1, Some(d(2025, 2, 3)), OrderEnd::Fixed(d(2027, 2, 2)));
    spo.applied = Some(d(2025, 1, 10));
    spo.served = Some(d(2025, 2, 4));
    spo.reference = Some("LS/2025/0001".to_string());
    spo.conditions = vec![condition(1), {
        let mut c = condition(2);
        c.category = "exclusion zone".to_string();
        c.text = "Not to enter the exclusion zone".to_string();
        c.area = Some("Headingley".to_string());
        c
    }];
    spo.notifications = vec![Notification {
        received: Some(d(2025, 2, 6)),
        station: Some("Elland Road".to_string()),
        ..notification(1, d(2025, 2, 4))
    }];
    spo.variations = vec![Variation {
        date: d(2025, 9, 1),
        kind: VariationKind::Varied,
        note: "exclusion zone widened".to_string(),
    }];
    let mut ispo = order(2, OrderKind::InterimSpo);
    ispo.made = Some(d(2024, 11, 1));
    ispo.end = OrderEnd::Fixed(d(2025, 5, 1));
    ispo.discharged = Some(d(2025, 2, 3));
    s.orders = vec![spo, ispo];

    s.protected_persons = vec![ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "Alice Brown".to_string(),
        relationship: "ex-partner".to_string(),
        by_proxy: false,
        address: Some("secret".to_string()),
        notes: String::new(),
    }];
    s.section1 = Section1 {
        narrative: "Repeated unwanted contact".to_string(),
        index_offences: vec![IndexOffence {
            id: 1,
            offence: "Stalking s.2A PHA 1997".to_string(),
            date: Some(d(2024, 10, 1)),
            reference: Some("13/12345/24".to_string()),
            outcome: "charged".to_string(),
        }],
        safeguarding: vec![SafeguardingOption {
            id: 1,
            person: Some(1),
            option: "Panic alarm".to_string(),
            status: ActionStatus::Done,
            notes: String::new(),
        }],
    };
    s.section2 = Section2 {
        investigations: vec![Investigation {
            id: 1,
            reference: "13/999/25".to_string(),
            offence: "Harassment".to_string(),
            status: "open".to_string(),
            officer: Some("DC Jones".to_string()),
            opened: Some(d(2025, 4, 1)),
        }],
        devices: vec![Device {
            id: 1,
            device_type: "Phone".to_string(),
            make_model: "Pixel 8".to_string(),
            imei_serial: Some("356938035643809".to_string()),
            number: Some("07700 900123".to_string()),
            status: DeviceStatus::Declared,
            date: Some(d(2025, 2, 6)),
        }],
        social_media: vec![SocialAccount {
            id: 1,
            platform: "Instagram".to_string(),
            handle: "@jsmith".to_string(),
            url: None,
            declared: true,
        }],
        vehicles: vec![Vehicle {
            id: 1,
            vrm: "AB12 CDE".to_string(),
            make: "Ford".to_string(),
            model: "Focus".to_string(),
            colour: "Blue".to_string(),
            markers: String::new(),
        }],
        relationships: vec![Relationship {
            disclosure: Some(d(2025, 7, 10)),
            decision: DisclosureDecision::Disclose,
            decided: Some(d(2025, 7, 10)),
            ..relationship(1, d(2025, 7, 1))
        }],
        strategies: vec![Strategy {
            id: 1,
            text: "Monthly home visits".to_string(),
            owner: Some("PC Patel".to_string()),
            status: ActionStatus::InProgress,
        }],
        notes: String::new(),
    };
    let mut first = assessment(
        1,
        d(2025, 2, 10),
        &[
            (RiskGroup::NamedVictim, RiskLevel::Medium),
            (RiskGroup::Public, RiskLevel::Low),
        ],
    );
    first.tactical_options = vec![TacticalOption {
        id: 1,
        option: "Marker on address".to_string(),
        owner: Some("PC Patel".to_string()),
        due: Some(d(2025, 3, 1)),
        status: ActionStatus::Done,
    }];
    s.assessments = vec![first, rated(2, d(2025, 10, 2), RiskLevel::High)];
    s.visits = vec![visit(1, dt(2025, 5, 1, 18, 30))];
    let mut r = review(1, d(2025, 5, 1));
    r.visit = Some(1);
    r.outcomes = vec![
        ConditionOutcome {
            order: 1,
            condition: 1,
            outcome: ComplianceOutcome::Complied,
            note: String::new(),
        },
        ConditionOutcome {
            order: 1,
            condition: 2,
            outcome: ComplianceOutcome::NotVerified,
            note: String::new(),
        },
    ];
    s.reviews = vec![r];
    s.breaches = vec![Breach {
        conditions: vec![1],
        ..breach(1, dt(2025, 10, 1, 21, 15), 1)
    }];
    s.next_review = Some(d(2025, 10, 8));
    s
}
