//! The wizard reads dates and times with the shared UK parser.
use crate::domain::testkit::{d, today};
use crate::edit::review::input::{format_date, parse_date, parse_time};

#[test]
fn dates_in_every_accepted_form() {
    for (text, expected) in [
        ("2026-07-01", d(2026, 7, 1)),
        ("01/07/2026", d(2026, 7, 1)),
        ("1/7/2026", d(2026, 7, 1)),
        (" 29/02/2028 ", d(2028, 2, 29)),
        ("today", today()),
        ("Today", today()),
        ("+0d", today()),
        ("+7d", d(2026, 6, 22)),
        ("+30D", d(2026, 7, 15)),
        ("01-07-26", d(2026, 7, 1)),
        ("1 Jul 2026", d(2026, 7, 1)),
        ("tomorrow", d(2026, 6, 16)),
        ("+2w", d(2026, 6, 29)),
    ] {
        assert_eq!(parse_date(text, today()), Ok(expected), "{text:?}");
    }
}

#[test]
fn bad_dates_are_refused_with_a_message() {
    for text in [
        "",
        "07/2026",
        "+d",
        "+-1d",
        "1/+7/2026",
        "31/06/2026",
        "29/02/2026",
        "2026-7-1-1",
        "٣/7/2026",
    ] {
        let e = parse_date(text, today()).expect_err(text);
        assert!(!e.is_empty(), "{text:?}");
    }
}

#[test]
fn format_date_round_trips() {
    assert_eq!(format_date(d(2026, 6, 5)), "05/06/2026");
    assert_eq!(
        parse_date(&format_date(d(2026, 6, 5)), today()),
        Ok(d(2026, 6, 5))
    );
}

#[test]
fn times() {
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    assert_eq!(parse_time("14:05"), Ok(t(14, 5)));
    assert_eq!(parse_time("9:30"), Ok(t(9, 30)));
    assert_eq!(parse_time("1405"), Ok(t(14, 5)));
    for text in ["", "24:00", "12:60", "+1:05", "2pm", "12:30:00"] {
        assert!(parse_time(text).is_err(), "{text:?}");
    }
}
