//! Periods, cadence, the current assessment, next review date and re-assessment.
use crate::domain::testkit::{assessment, breach, d, day, dt, rated, review, subject, today};
use crate::domain::*;

// --- Period ---

#[test]
fn period_parses_days_weeks_months() {
    assert_eq!(Period::parse("14d"), Some(Period::Days(14)));
    assert_eq!(Period::parse("2w"), Some(Period::Weeks(2)));
    assert_eq!(Period::parse("3m"), Some(Period::Months(3)));
    assert_eq!(Period::parse("  6m \n"), Some(Period::Months(6)));
    assert_eq!(Period::parse("3 m"), Some(Period::Months(3)));
}

#[test]
fn period_rejects_zero() {
    assert_eq!(Period::parse("0d"), None);
    assert_eq!(Period::parse("0w"), None);
    assert_eq!(Period::parse("0m"), None);
}

#[test]
fn period_rejects_garbage() {
    for text in [
        "",
        " ",
        "d",
        "3",
        "3y",
        "soon",
        "-1d",
        "1.5m",
        "m3",
        "3dd",
        "two weeks",
        "99999999999d",
    ] {
        assert_eq!(Period::parse(text), None, "{text:?} should be rejected");
    }
}

#[test]
fn period_rejects_non_ascii_units_without_panicking() {
    // Splitting at the last byte used to panic inside a multi-byte character.
    for text in ["3é", "2µ", "£", "2ｗ", "3 月", "é"] {
        assert_eq!(Period::parse(text), None, "{text:?} should be rejected");
    }
}

#[test]
fn period_displays_as_it_is_written() {
    assert_eq!(Period::Days(14).to_string(), "14d");
    assert_eq!(Period::Weeks(2).to_string(), "2w");
    assert_eq!(Period::Months(3).to_string(), "3m");
    for p in [Period::Days(1), Period::Weeks(52), Period::Months(18)] {
        assert_eq!(Period::parse(&p.to_string()), Some(p));
    }
}

#[test]
fn period_after_adds_days_and_weeks() {
    assert_eq!(Period::Days(1).after(d(2025, 12, 31)), d(2026, 1, 1));
    assert_eq!(Period::Days(14).after(d(2026, 6, 15)), d(2026, 6, 29));
    assert_eq!(Period::Weeks(2).after(d(2026, 6, 15)), d(2026, 6, 29));
    assert_eq!(Period::Weeks(4).after(d(2026, 2, 10)), d(2026, 3, 10));
}

#[test]
fn period_after_months_clamps_to_month_end() {
    assert_eq!(Period::Months(1).after(d(2026, 1, 31)), d(2026, 2, 28));
    assert_eq!(Period::Months(1).after(d(2028, 1, 31)), d(2028, 2, 29));
    assert_eq!(Period::Months(3).after(d(2025, 11, 30)), d(2026, 2, 28));
    assert_eq!(Period::Months(3).after(d(2026, 1, 31)), d(2026, 4, 30));
    assert_eq!(Period::Months(12).after(d(2028, 2, 29)), d(2029, 2, 28));
    assert_eq!(Period::Months(6).after(d(2026, 6, 15)), d(2026, 12, 15));
}

#[test]
fn period_after_saturates_instead_of_panicking() {
    let max = chrono::NaiveDate::MAX;
    assert_eq!(Period::Days(1).after(max), max);
    assert_eq!(Period::Weeks(u32::MAX).after(d(2026, 1, 1)), max);
    assert_eq!(Period::Months(u32::MAX).after(d(2026, 1, 1)), max);
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Holder {
    every: Period,
}

#[test]
fn period_serde_is_a_string_in_toml() {
    let h: Holder = toml::from_str("every = \"2w\"").expect("valid toml");
    assert_eq!(h.every, Period::Weeks(2));
    let text = toml::to_string(&Holder {
        every: Period::Months(3),
    })
    .expect("serialises");
    assert_eq!(text.trim(), "every = \"3m\"");
    let e = toml::from_str::<Holder>("every = \"0m\"").expect_err("zero rejected");
    assert!(e.to_string().contains("invalid period \"0m\""), "{e}");
    assert!(toml::from_str::<Holder>("every = 3").is_err());
}

#[test]
fn period_serde_is_a_string_in_json() {
    assert_eq!(
        serde_json::to_string(&Period::Days(10)).expect("serialises"),
        "\"10d\""
    );
    let p: Period = serde_json::from_str("\"6m\"").expect("valid json");
    assert_eq!(p, Period::Months(6));
    assert!(serde_json::from_str::<Period>("\"fortnight\"").is_err());
    assert!(serde_json::from_str::<Period>("14").is_err());
}

// --- Cadence ---

#[test]
fn default_cadence_matches_domain() {
    let c = Cadence::default();
    assert_eq!(c.very_high, Period::Weeks(2));
    assert_eq!(c.high, Period::Weeks(4));
    assert_eq!(c.medium, Period::Months(3));
    assert_eq!(c.low, Period::Months(6));
    assert_eq!(c.for_level(RiskLevel::VeryHigh), Period::Weeks(2));
    assert_eq!(c.for_level(RiskLevel::High), Period::Weeks(4));
    assert_eq!(c.for_level(RiskLevel::Medium), Period::Months(3));
    assert_eq!(c.for_level(RiskLevel::Low), Period::Months(6));
}

#[test]
fn cadence_toml_round_trip_and_strictness() {
    let c: Cadence =
        toml::from_str("very_high = \"7d\"\nhigh = \"2w\"\nmedium = \"1m\"\nlow = \"2m\"")
            .expect("valid cadence");
    assert_eq!(c.very_high, Period::Days(7));
    assert_eq!(c.low, Period::Months(2));
    let back: Cadence = toml::from_str(&toml::to_string(&c).expect("serialises")).expect("parses");
    assert_eq!(back, c);
    assert!(
        toml::from_str::<Cadence>(
            "very_high = \"7d\"\nhigh = \"2w\"\nmedium = \"1m\"\nlow = \"2m\"\nnever = \"1d\""
        )
        .is_err()
    );
}

// --- current assessment ---

#[test]
fn current_assessment_is_the_latest_by_date_not_list_order() {
    let mut s = subject();
    s.assessments = vec![
        rated(1, d(2026, 3, 1), RiskLevel::Low),
        rated(2, d(2026, 5, 1), RiskLevel::High),
        rated(3, d(2026, 4, 1), RiskLevel::VeryHigh),
    ];
    assert_eq!(s.current_assessment().map(|a| a.id), Some(2));
    assert_eq!(s.current_risk(), Some(RiskLevel::High));
}

#[test]
fn current_assessment_tie_goes_to_the_later_entry() {
    let mut s = subject();
    s.assessments = vec![
        rated(1, d(2026, 5, 1), RiskLevel::Low),
        rated(2, d(2026, 5, 1), RiskLevel::High),
        rated(3, d(2026, 4, 1), RiskLevel::VeryHigh),
    ];
    assert_eq!(s.current_assessment().map(|a| a.id), Some(2));
    s.assessments.swap(0, 1);
    assert_eq!(s.current_assessment().map(|a| a.id), Some(1));
}

#[test]
fn current_risk_is_the_highest_group_of_the_current_assessment() {
    let mut s = subject();
    assert_eq!(s.current_assessment(), None);
    assert_eq!(s.current_risk(), None);
    s.assessments = vec![assessment(
        1,
        today(),
        &[
            (RiskGroup::NamedVictim, RiskLevel::Medium),
            (RiskGroup::Children, RiskLevel::VeryHigh),
            (RiskGroup::Public, RiskLevel::Low),
        ],
    )];
    assert_eq!(s.current_risk(), Some(RiskLevel::VeryHigh));
}

// --- next review date ---

#[test]
fn explicit_next_review_wins() {
    let mut s = subject();
    s.assessments = vec![rated(1, d(2026, 1, 1), RiskLevel::VeryHigh)];
    s.reviews = vec![review(1, d(2026, 6, 1))];
    s.next_review = Some(d(2026, 9, 9));
    assert_eq!(next_review_date(&s, &Cadence::default()), d(2026, 9, 9));
    s.next_review = Some(d(2026, 6, 2));
    assert_eq!(next_review_date(&s, &Cadence::default()), d(2026, 6, 2));
}

#[test]
fn no_review_no_assessment_is_medium_from_plan_opening() {
    let mut s = subject();
    s.opened = d(2026, 1, 31);
    // Medium: 3 months, clamped to 30 April
    assert_eq!(next_review_date(&s, &Cadence::default()), d(2026, 4, 30));
}

#[test]
fn assessment_without_ratings_counts_as_medium() {
    let mut s = subject();
    s.opened = d(2026, 1, 10);
    s.assessments = vec![assessment(1, d(2026, 1, 10), &[])];
    assert_eq!(next_review_date(&s, &Cadence::default()), d(2026, 4, 10));
}

#[test]
fn cadence_applies_to_the_latest_review_date() {
    let mut s = subject();
    s.opened = d(2025, 1, 10);
    s.reviews = vec![review(1, d(2026, 6, 1)), review(2, d(2026, 3, 1))];
    let c = Cadence::default();
    for (level, expected) in [
        (RiskLevel::VeryHigh, d(2026, 6, 15)),
        (RiskLevel::High, d(2026, 6, 29)),
        (RiskLevel::Medium, d(2026, 9, 1)),
        (RiskLevel::Low, d(2026, 12, 1)),
    ] {
        s.assessments = vec![rated(1, d(2026, 5, 1), level)];
        assert_eq!(next_review_date(&s, &c), expected, "{level:?}");
    }
    assert_eq!(s.last_review_date(), Some(d(2026, 6, 1)));
}

#[test]
fn cadence_from_plan_opening_without_reviews() {
    let mut s = subject();
    s.opened = d(2026, 6, 1);
    s.assessments = vec![rated(1, d(2026, 6, 3), RiskLevel::VeryHigh)];
    assert_eq!(next_review_date(&s, &Cadence::default()), d(2026, 6, 15));
    assert_eq!(s.last_review_date(), None);
}

#[test]
fn configured_cadence_is_used() {
    let mut s = subject();
    s.opened = d(2026, 6, 1);
    s.assessments = vec![rated(1, d(2026, 6, 3), RiskLevel::High)];
    let c = Cadence {
        high: Period::Days(10),
        ..Cadence::default()
    };
    assert_eq!(next_review_date(&s, &c), d(2026, 6, 11));
}

#[test]
fn breach_brings_the_review_forward() {
    let mut s = subject();
    s.next_review = Some(d(2026, 9, 1));
    assert_eq!(
        review_date_after_breach(&s, &Cadence::default(), d(2026, 6, 15), 7),
        d(2026, 6, 22)
    );
    // an earlier date already due is kept
    s.next_review = Some(d(2026, 6, 18));
    assert_eq!(
        review_date_after_breach(&s, &Cadence::default(), d(2026, 6, 15), 7),
        d(2026, 6, 18)
    );
    // 0 days: review the same day
    s.next_review = None;
    s.opened = d(2026, 6, 1);
    assert_eq!(
        review_date_after_breach(&s, &Cadence::default(), d(2026, 6, 15), 0),
        d(2026, 6, 15)
    );
}

// --- ReviewDue ---

fn due_on(date: chrono::NaiveDate) -> ReviewDue {
    let mut s = subject();
    s.next_review = Some(date);
    ReviewDue::of(&s, &Cadence::default(), today())
}

#[test]
fn review_due_overdue() {
    let r = due_on(day(-12));
    assert_eq!(
        r,
        ReviewDue::Overdue {
            date: d(2026, 6, 3),
            days: 12
        }
    );
    assert!(r.is_overdue());
    assert_eq!(r.text(), "OVERDUE by 12 days (3 Jun 2026)");
    assert_eq!(due_on(day(-1)).text(), "OVERDUE by 1 day (14 Jun 2026)");
}

#[test]
fn review_due_today_is_not_overdue() {
    let r = due_on(today());
    assert_eq!(
        r,
        ReviewDue::Due {
            date: today(),
            days: 0
        }
    );
    assert!(!r.is_overdue());
    assert_eq!(r.text(), "due today (15 Jun 2026)");
}

#[test]
fn review_due_in_some_days() {
    assert_eq!(due_on(day(1)).text(), "due in 1 day (16 Jun 2026)");
    let r = due_on(day(5));
    assert_eq!(
        r,
        ReviewDue::Due {
            date: d(2026, 6, 20),
            days: 5
        }
    );
    assert_eq!(r.text(), "due in 5 days (20 Jun 2026)");
}

#[test]
fn review_due_from_cadence() {
    let mut s = subject();
    s.opened = d(2026, 5, 1);
    s.assessments = vec![rated(1, d(2026, 5, 1), RiskLevel::VeryHigh)];
    let r = ReviewDue::of(&s, &Cadence::default(), today());
    assert_eq!(
        r,
        ReviewDue::Overdue {
            date: d(2026, 5, 15),
            days: 31
        }
    );
}

#[test]
fn date_formats() {
    assert_eq!(fmt_date(d(2026, 11, 3)), "3 Nov 2026");
    assert_eq!(fmt_datetime(dt(2026, 11, 23, 14, 5)), "23 Nov 2026 14:05");
}

// --- needs_reassessment ---

#[test]
fn no_breach_needs_no_reassessment() {
    let mut s = subject();
    assert!(!s.needs_reassessment());
    s.assessments = vec![rated(1, d(2026, 5, 1), RiskLevel::Low)];
    assert!(!s.needs_reassessment());
}

#[test]
fn breach_without_any_assessment_needs_one() {
    let mut s = subject();
    s.breaches = vec![breach(1, dt(2025, 2, 1, 9, 0), 1)];
    assert!(s.needs_reassessment());
}

#[test]
fn breach_before_the_latest_assessment_is_covered() {
    let mut s = subject();
    s.assessments = vec![rated(1, d(2026, 5, 1), RiskLevel::High)];
    s.breaches = vec![breach(1, dt(2026, 4, 30, 23, 59), 1)];
    assert!(!s.needs_reassessment());
}

#[test]
fn breach_on_the_day_of_the_assessment_needs_the_flag() {
    // An assessment has only a date, so a breach that day may have come before it: by itself
    // it does not count. Recording the breach sets the flag, which does.
    let mut s = subject();
    s.assessments = vec![rated(1, d(2026, 5, 1), RiskLevel::High)];
    s.breaches = vec![breach(1, dt(2026, 5, 1, 23, 59), 1)];
    assert!(!s.needs_reassessment());
    s.reassessment_due = Some(d(2026, 5, 1));
    assert!(s.needs_reassessment());
}

#[test]
fn the_flag_alone_needs_reassessment() {
    let mut s = subject();
    s.reassessment_due = Some(d(2026, 6, 1));
    assert!(s.needs_reassessment(), "flag without any breach");
    s.assessments = vec![rated(1, d(2026, 6, 10), RiskLevel::Low)];
    assert!(s.needs_reassessment(), "flag wins over a later assessment");
    s.reassessment_due = None;
    assert!(!s.needs_reassessment());
}

#[test]
fn breach_after_the_latest_assessment_needs_reassessment() {
    let mut s = subject();
    s.assessments = vec![
        rated(1, d(2026, 1, 1), RiskLevel::Low),
        rated(2, d(2026, 5, 1), RiskLevel::High),
    ];
    s.breaches = vec![breach(1, dt(2026, 5, 2, 10, 0), 1)];
    assert!(s.needs_reassessment());
}

#[test]
fn only_the_latest_assessment_counts() {
    // The breach came after an older assessment but before the current one (listed first).
    let mut s = subject();
    s.assessments = vec![
        rated(2, d(2026, 5, 1), RiskLevel::High),
        rated(1, d(2026, 1, 1), RiskLevel::Low),
    ];
    s.breaches = vec![breach(1, dt(2026, 3, 1, 10, 0), 1)];
    assert!(!s.needs_reassessment());
}
