use chrono::{NaiveDate, NaiveTime};

use crate::domain::testkit::{d, today};
use crate::edit::parse::*;
use crate::edit::spec::{FieldKind, FieldSpec};

fn ok(text: &str) -> NaiveDate {
    match parse_date(text, today()) {
        Ok(date) => date,
        Err(e) => panic!("{text:?} should parse: {e}"),
    }
}

fn err(text: &str) -> String {
    match parse_date(text, today()) {
        Ok(date) => panic!("{text:?} should be refused, got {date}"),
        Err(e) => e,
    }
}

#[test]
fn every_accepted_date_form_gives_the_exact_date() {
    let nov23 = d(2026, 11, 23);
    for text in [
        "23/11/2026",
        "23/11/26",
        "23-11-26",
        "23-11-2026",
        "23.11.2026",
        "2026-11-23",
        "23 Nov 2026",
        "23 November 2026",
        "23 nov 26",
        "  23 NOV 2026 ",
        "23 NOVEMBER 26",
        "23-Nov-2026",
    ] {
        assert_eq!(ok(text), nov23, "{text}");
    }
    assert_eq!(ok("1/2/2026"), d(2026, 2, 1));
    assert_eq!(ok("29/02/2028"), d(2028, 2, 29));
    assert_eq!(ok("3 sept 2026"), d(2026, 9, 3));
}

#[test]
fn words_and_offsets_count_from_today() {
    assert_eq!(ok("today"), d(2026, 6, 15));
    assert_eq!(ok(" Today "), d(2026, 6, 15));
    assert_eq!(ok("yesterday"), d(2026, 6, 14));
    assert_eq!(ok("TOMORROW"), d(2026, 6, 16));
    assert_eq!(ok("+14d"), d(2026, 6, 29));
    assert_eq!(ok("-3d"), d(2026, 6, 12));
    assert_eq!(ok("+2w"), d(2026, 6, 29));
    assert_eq!(ok("+3m"), d(2026, 9, 15));
    assert_eq!(ok("+1y"), d(2027, 6, 15));
    assert_eq!(ok("-1Y"), d(2025, 6, 15));
    assert_eq!(ok("+0d"), today());
}

#[test]
fn two_digit_years_pivot_ten_years_ahead() {
    assert_eq!(ok("23-11-85"), d(1985, 11, 23));
    assert_eq!(
        ok("1/1/36"),
        d(2036, 1, 1),
        "10 years after 2026 is still 20yy"
    );
    assert_eq!(ok("1/1/37"), d(1937, 1, 1), "11 years after is 19yy");
    assert_eq!(ok("1/1/00"), d(2000, 1, 1));
    assert_eq!(ok("2 Mar 85"), d(1985, 3, 2));
}

#[test]
fn impossible_dates_are_refused_with_what_is_wrong() {
    assert!(err("31/02/2026").contains("31 Feb 2026 does not exist"));
    assert!(err("29/02/2027").contains("29 Feb 2027 does not exist"));
    assert!(err("2026-13-01").contains("month 13 does not exist"));
    assert!(err("0/5/2026").contains("0 May 2026 does not exist"));
    let us = err("11/23/2026");
    assert!(
        us.contains("month 23 does not exist; dates are day/month/year"),
        "{us}"
    );
    assert!(err("23/11").contains("write the year"));
    assert!(err("23 Nov").contains("write the year"));
    assert!(err("1/1/026").contains("4 digits"));
    assert!(err("23 Noc 2026").contains("not a month"));
    assert!(err("1/1/0026").contains("looks wrong"));
}

#[test]
fn empty_and_garbage_are_refused_listing_the_forms() {
    assert!(err("").contains("Enter a date"));
    assert!(err("   ").contains("Enter a date"));
    for garbage in [
        "next tuesday",
        "banana",
        "23112026",
        "+d",
        "+14",
        "+14x",
        "1/2/3/4",
    ] {
        let e = err(garbage);
        assert!(
            e.contains("23/11/2026") && e.contains("+14d"),
            "{garbage}: {e}"
        );
    }
}

#[test]
fn odd_input_never_panics() {
    let odd = [
        "+99999999d",
        "-99999999d",
        "+99999999999999999999999d",
        "+4294967295m",
        "+4294967295y",
        "-4294967295w",
        "99999999999/99999999999/99999999999",
        "4294967296/1/2026",
        "1/4294967296/2026",
        "31/12/9999",
        "2026-02-31",
        "++1d",
        "+-1d",
        "-",
        "+",
        "+é",
        "+1é",
        "é/é/é",
        "23 é 2026",
        "日本/1/2026",
        "\u{0}",
        "1\n2\n2026",
        "/ / /",
        "--",
        "  .  ",
        "1.1.",
        "23 november",
        "november 23 2026",
    ];
    for text in odd {
        let _ = parse_date(text, today());
        let _ = parse_time(text);
        let _ = parse_number(text, 0, 3);
        let _ = parse_bool(text);
    }
    assert!(err("+99999999d").contains("too far"));
    assert!(err("+99999999999999999999999d").contains("too far"));
    let extreme = NaiveDate::MAX;
    assert!(parse_date("tomorrow", extreme).is_err());
    assert!(parse_date("1/1/30", extreme).is_ok());
}

#[test]
fn times_in_the_forms_staff_type() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid");
    assert_eq!(parse_time("14:05"), Ok(t(14, 5)));
    assert_eq!(parse_time("1405"), Ok(t(14, 5)));
    assert_eq!(parse_time("9:30"), Ok(t(9, 30)));
    assert_eq!(parse_time("09.30"), Ok(t(9, 30)));
    assert_eq!(parse_time(" 930 "), Ok(t(9, 30)));
    assert_eq!(parse_time("00:00"), Ok(t(0, 0)));
    assert_eq!(parse_time("23:59"), Ok(t(23, 59)));
    assert!(
        parse_time("25:00")
            .unwrap_err()
            .contains("hour 25 does not exist")
    );
    assert!(
        parse_time("14:60")
            .unwrap_err()
            .contains("minute 60 does not exist")
    );
    assert!(parse_time("").unwrap_err().contains("Enter a time"));
    for bad in ["14", "14:5", "14:005", "ab:cd", "1:2:3", "-1:00", "12345"] {
        assert!(parse_time(bad).is_err(), "{bad}");
    }
}

#[test]
fn bools_and_numbers() {
    assert_eq!(parse_bool("Yes"), Ok(true));
    assert_eq!(parse_bool(" y "), Ok(true));
    assert_eq!(parse_bool("no"), Ok(false));
    assert_eq!(parse_bool("false"), Ok(false));
    assert!(parse_bool("maybe").unwrap_err().contains("yes or no"));
    assert_eq!(parse_number(" 2 ", 0, 3), Ok(2));
    assert!(
        parse_number("4", 0, 3)
            .unwrap_err()
            .contains("enter 0 to 3")
    );
    assert!(
        parse_number("two", 0, 3)
            .unwrap_err()
            .contains("not a whole number")
    );
    assert!(parse_number("99999999999999999999", 0, 3).is_err());
}

#[test]
fn shown_and_edited_dates_and_times() {
    assert_eq!(show_date(d(2026, 11, 23)), "23 Nov 2026");
    assert_eq!(edit_date(d(2026, 1, 5)), "05/01/2026");
    assert_eq!(ok(&edit_date(d(1985, 3, 2))), d(1985, 3, 2));
    let t = NaiveTime::from_hms_opt(9, 5, 0).expect("valid");
    assert_eq!(edit_time(t), "09:05");
    assert_eq!(parse_time(&edit_time(t)), Ok(t));
}

#[test]
fn check_runs_the_inline_rules_of_each_kind() {
    let spec = |kind, required| FieldSpec::new("k", "Date made", kind, required);
    let t = today();
    assert!(
        check(&spec(FieldKind::Text, true), "  ", t)
            .unwrap_err()
            .contains("Date made is required")
    );
    assert_eq!(check(&spec(FieldKind::Text, false), "", t), Ok(()));
    assert_eq!(check(&spec(FieldKind::OptDate, false), "", t), Ok(()));
    assert!(check(&spec(FieldKind::Date, true), "", t).is_err());
    assert!(
        check(&spec(FieldKind::OptDate, false), "31/02/2026", t)
            .unwrap_err()
            .contains("does not exist")
    );
    assert_eq!(check(&spec(FieldKind::Date, true), "+3m", t), Ok(()));
    assert!(check(&spec(FieldKind::Time, true), "25:00", t).is_err());
    assert!(check(&spec(FieldKind::Bool, false), "perhaps", t).is_err());
    assert!(check(&spec(FieldKind::Number { min: 0, max: 3 }, false), "5", t).is_err());
    assert!(check(&spec(FieldKind::Lines, true), "\n  \n", t).is_err());
    let labels = vec![
        crate::edit::Choice::new("low", "Low"),
        crate::edit::Choice::new("very_high", "Very High"),
    ];
    assert_eq!(
        check(
            &spec(FieldKind::Choice(labels.clone()), true),
            "very high",
            t
        ),
        Ok(())
    );
    let e = check(&spec(FieldKind::Choice(labels.clone()), true), "Extreme", t).unwrap_err();
    assert!(e.contains("not one of: Low, Very High"), "{e}");
    let multi = spec(FieldKind::MultiChoice(labels), false);
    assert_eq!(check(&multi, "Low\n\nVery High\n", t), Ok(()));
    assert!(
        check(&multi, "Low\nMedium", t)
            .unwrap_err()
            .contains("'Medium'")
    );
}

#[test]
fn lines_trim_and_drop_blank_lines() {
    assert_eq!(
        lines("  a \n\n  \n b\r\n"),
        vec!["a".to_string(), "b".to_string()]
    );
}

#[test]
fn text_holds_no_control_characters_and_one_line_fields_no_line_breaks() {
    let t = today();
    let text = FieldSpec::new("k", "Court", FieldKind::Text, false);
    let notes = FieldSpec::new("k", "Notes", FieldKind::Multiline, false);
    assert_eq!(check(&text, "Leeds Magistrates' Court", t), Ok(()));
    assert!(
        check(&text, "Leeds\nCourt", t)
            .unwrap_err()
            .contains("one line")
    );
    let esc = check(&text, "a\u{1b}[2Jb", t).unwrap_err();
    assert!(esc.contains("U+001B"), "{esc}");
    assert_eq!(check(&notes, "line 1\r\nline 2\tindented", t), Ok(()));
    assert!(check(&notes, "bad\u{0}", t).unwrap_err().contains("U+0000"));
    assert!(
        check(&notes, "bad\u{9b}", t)
            .unwrap_err()
            .contains("U+009B")
    );
}
