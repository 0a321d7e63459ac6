//! The audit log for an auditor: CSV (one row per entry) or JSON (an array of entries).
use crate::store::AuditEntry;

/// The header and one row per entry; text is sanitised and guarded against formula injection.
pub fn csv(entries: &[AuditEntry]) -> String {
    super::csv::table(
        &[
            "seq",
            "at_utc",
            "user",
            "kind",
            "subject",
            "what",
            "justification",
            "recipient",
        ],
        entries.iter().map(|e| {
            vec![
                e.seq.to_string(),
                e.at.clone(),
                e.actor.clone(),
                e.kind.label().to_string(),
                e.subject.map(|s| s.to_string()).unwrap_or_default(),
                e.what.clone(),
                e.justification.clone().unwrap_or_default(),
                e.recipient.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// The entries as a JSON array (strings are JSON-escaped, control characters included).
pub fn json(entries: &[AuditEntry]) -> String {
    let mut text = serde_json::to_string_pretty(entries).unwrap_or_else(|e| {
        // AuditEntry holds only strings, numbers and an enum: serialising cannot fail.
        format!("{{\"error\": \"{e}\"}}")
    });
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditKind;

    fn entry() -> AuditEntry {
        AuditEntry {
            seq: 3,
            at: "2026-11-23T10:00:00.000Z".to_string(),
            actor: "reviewer".to_string(),
            kind: AuditKind::Disclosure,
            subject: Some(7),
            what: "Exported, with a comma".to_string(),
            justification: Some("=HYPERLINK(\"x\")".to_string()),
            recipient: Some("CPS".to_string()),
        }
    }

    #[test]
    fn csv_quotes_commas_and_defuses_formulas() {
        let text = csv(&[entry()]);
        let row = text.lines().nth(1).expect("a row");
        assert!(
            row.starts_with("3,2026-11-23T10:00:00.000Z,reviewer,disclosure,7,"),
            "{row}"
        );
        assert!(row.contains("\"Exported, with a comma\""), "{row}");
        assert!(row.contains("'=HYPERLINK"), "{row}");
        assert!(row.ends_with(",CPS"), "{row}");
    }

    #[test]
    fn json_is_an_array_of_entries() {
        let value: serde_json::Value = serde_json::from_str(&json(&[entry()])).expect("json");
        assert_eq!(value[0]["kind"], "Disclosure");
        assert_eq!(value[0]["recipient"], "CPS");
    }
}
