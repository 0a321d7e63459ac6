//! The three formats: same rows, same order; sanitised; CSV quoting and formula neutralising.
use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use super::*;
use crate::domain::{Reason, ReasonKind};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn entries() -> Vec<QueueEntry> {
    vec![
        QueueEntry {
            subject: 7,
            name: "WRZOSEK, Łukasz".to_string(),
            pnc: Some("00/000007A".to_string()),
            officer: Some("DC Amira Pell".to_string()),
            risk: Some(RiskLevel::VeryHigh),
            next_review: date(2026, 11, 11),
            reasons: vec![
                Reason::ReviewOverdue {
                    due: date(2026, 11, 11),
                    days: 12,
                },
                Reason::VeryHighRisk,
            ],
        },
        QueueEntry {
            subject: 3,
            name: "=HYPERLINK(\"x\"),\u{1b}[31m".to_string(),
            pnc: None,
            officer: None,
            risk: None,
            next_review: date(2026, 11, 25),
            reasons: vec![Reason::ReviewDueSoon {
                due: date(2026, 11, 25),
                days_left: 2,
            }],
        },
    ]
}

#[test]
fn table_lists_rows_in_order_aligned_and_sanitised() {
    let text = table(&entries(), 200);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("#  Name"), "{text}");
    assert!(lines[1].contains("WRZOSEK, Łukasz"), "{text}");
    assert!(
        lines[1].contains("review overdue by 12 days (due 11 Nov 2026); Very High risk"),
        "{text}"
    );
    assert!(lines[1].contains("V.HIGH") && lines[1].contains("11 Nov 2026"));
    assert!(!text.contains('\u{1b}'), "escape must be made visible");
    assert!(lines[2].contains("^["), "{text}");
    // Columns line up: "Risk" header sits over each risk tag.
    let col = lines[0].find("Risk").unwrap_or(0);
    let col_chars = lines[0][..col].chars().count();
    let tag_at = |l: &str| l.chars().take(col_chars).collect::<String>().width();
    assert_eq!(tag_at(lines[1]), tag_at(lines[0]));
    assert!(
        lines[1]
            .chars()
            .skip(col_chars)
            .collect::<String>()
            .starts_with("V.HIGH")
    );
}

#[test]
fn table_fits_the_width_cutting_reasons_with_an_ellipsis() {
    let text = table(&entries(), 80);
    for line in text.lines() {
        assert!(line.width() <= 80, "{} wide: {line}", line.width());
    }
    assert!(text.contains('…'), "{text}");
    assert!(
        !text.contains("PNC"),
        "no room for the PNC at 80 columns: {text}"
    );
    assert!(table(&entries(), 120).contains("00/000007A"));
    assert_eq!(table(&[], 80), "Nothing in the queue.\n");
}

#[test]
fn csv_quotes_and_neutralises_formulas() {
    for lead in ["=1+1", "+1", "-1", "@SUM(A1)"] {
        assert_eq!(crate::report::csv::safe(lead), format!("'{lead}"));
    }
    let text = csv(&entries());
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "rank,subject_id,name,pnc,officer,risk,next_review,reasons"
    );
    assert_eq!(
        lines[1],
        "1,7,\"WRZOSEK, Łukasz\",00/000007A,DC Amira Pell,Very High,2026-11-11,\
         review overdue by 12 days (due 11 Nov 2026); Very High risk"
    );
    assert_eq!(
        lines[2],
        "2,3,\"'=HYPERLINK(\"\"x\"\"),^[[31m\",,,,2026-11-25,review due in 2 days (25 Nov 2026)"
    );
    assert_eq!(lines[3], "");
}

#[test]
fn json_is_pretty_ordered_and_carries_reason_kinds() {
    let text = json(&entries(), date(2026, 11, 23));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(value["format"], "spmp-queue");
    assert_eq!(value["today"], "2026-11-23");
    assert_eq!(value["count"], 2);
    assert_eq!(value["entries"][0]["subject"], 7);
    assert_eq!(value["entries"][0]["rank"], 1);
    assert_eq!(value["entries"][0]["risk"], "very_high");
    assert_eq!(
        value["entries"][0]["reasons"][1]["kind"],
        ReasonKind::VeryHighRisk.name()
    );
    assert_eq!(value["entries"][1]["pnc"], serde_json::Value::Null);
    assert!(
        !text.contains('\u{1b}') && !text.contains("\\u001b"),
        "{text}"
    );
    assert!(text.starts_with("{\n  \"format\": \"spmp-queue\",") && text.ends_with("}\n"));
    assert_eq!(json(&entries(), date(2026, 11, 23)), text, "stable");
}
