//! Reading typed dates and times in wizard steps.
//!
//! A deliberately small local parser: the full UK date parser is being written in
//! [`crate::edit::parse`]; swap the body of [`parse_date`] for a call to
//! `crate::edit::parse::parse_date` once it lands (every wizard date goes through this one fn).
use chrono::{Days, NaiveDate, NaiveTime};

/// How a date is written back into a form value: `15/06/2026`, as UK staff type it.
pub(crate) fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A date typed as `YYYY-MM-DD`, `DD/MM/YYYY` (or `D/M/YYYY`), `today`, or `+Nd` (N days from
/// `today`). The error is a message for the user.
pub(crate) fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not a date: type DD/MM/YYYY, YYYY-MM-DD, today or +7d");
    if text.eq_ignore_ascii_case("today") {
        return Ok(today);
    }
    if let Some(days) = text.strip_prefix('+') {
        let n = days
            .strip_suffix(['d', 'D'])
            .and_then(digits)
            .ok_or_else(bad)?;
        return today
            .checked_add_days(Days::new(u64::from(n)))
            .ok_or_else(bad);
    }
    let parts: Vec<&str> = if text.contains('-') {
        text.split('-').collect()
    } else {
        text.split('/').rev().collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return Err(bad());
    }
    let (Some(y), Some(m), Some(d)) = (digits(y), digits(m), digits(d)) else {
        return Err(bad());
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| format!("{text:?} is not a day of the calendar"))
}

/// A time of day typed as `14:05` or `1405`.
pub(crate) fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not a time: type HH:MM, e.g. 14:05");
    let (h, m) = match text.split_once(':') {
        Some(parts) => parts,
        None if text.len() == 4 && text.is_ascii() => text.split_at(2),
        None => return Err(bad()),
    };
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let (Some(h), Some(m)) = (digits(h), digits(m)) else {
        return Err(bad());
    };
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// A short run of ASCII digits as a number (no sign, no spaces).
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
