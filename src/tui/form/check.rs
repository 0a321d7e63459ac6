//! The stand-in per-field check and date preview, used until `crate::edit::parse` has the full
//! UK date parser. The form calls them only through the [`Checker`] and [`DatePreview`] it holds
//! (see [`FormState::with_checker`](super::FormState::with_checker)), so switching is one line.
use chrono::{Datelike, Duration, NaiveDate};

use crate::edit::{FieldKind, FieldSpec};

/// Checks one field's value: `Ok` or the message shown next to the field.
pub type Checker = fn(&FieldSpec, &str, NaiveDate) -> Result<(), String>;

/// How a date field's value is read, in UK form (`23 Nov 2026`), or `None` if it is not a date.
pub type DatePreview = fn(&str, NaiveDate) -> Option<String>;

/// The default [`Checker`]: required fields are not empty, dates, times, numbers and choices are
/// well formed. An empty optional field is always fine.
pub fn check_field(spec: &FieldSpec, value: &str, today: NaiveDate) -> Result<(), String> {
    let text = value.trim();
    if text.is_empty() {
        return if spec.required {
            Err("Required".to_string())
        } else {
            Ok(())
        };
    }
    match &spec.kind {
        FieldKind::Text | FieldKind::Multiline | FieldKind::Lines => Ok(()),
        FieldKind::Date | FieldKind::OptDate => parse_date(text, today)
            .map(|_| ())
            .ok_or_else(|| "Not a date: use DD/MM/YYYY, YYYY-MM-DD, today or +14d".to_string()),
        FieldKind::Time => parse_time(text)
            .map(|_| ())
            .ok_or_else(|| "Not a time: use HH:MM, e.g. 14:05".to_string()),
        FieldKind::Bool => match text {
            "yes" | "no" => Ok(()),
            _ => Err("Choose yes or no".to_string()),
        },
        FieldKind::Number { min, max } => match text.parse::<i64>() {
            Ok(n) if (*min..=*max).contains(&n) => Ok(()),
            _ => Err(format!("A whole number from {min} to {max}")),
        },
        FieldKind::Choice(labels) => {
            if labels.iter().any(|l| l == text) {
                Ok(())
            } else {
                Err(format!("Not one of the choices: {text}"))
            }
        }
        FieldKind::MultiChoice(labels) => {
            match value
                .lines()
                .find(|v| !v.is_empty() && !labels.iter().any(|l| l == v))
            {
                Some(bad) => Err(format!("Not one of the choices: {bad}")),
                None => Ok(()),
            }
        }
    }
}

/// The default [`DatePreview`]: the date as `23 Nov 2026`.
pub fn preview_date(value: &str, today: NaiveDate) -> Option<String> {
    parse_date(value.trim(), today).map(|d| d.format("%-d %b %Y").to_string())
}

/// A small date reader: `YYYY-MM-DD`, `DD/MM/YYYY` (one-digit day and month allowed, four-digit
/// year required), `today`, and `+N`/`-N` days or weeks from today (`+14d`, `-2w`).
pub fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lower = text.trim().to_lowercase();
    if lower == "today" {
        return Some(today);
    }
    if let Some(sign) = lower.chars().next().filter(|c| *c == '+' || *c == '-') {
        let body = &lower[1..];
        let (digits, unit) = match body.strip_suffix('w') {
            Some(d) => (d, 7),
            None => (body.strip_suffix('d').unwrap_or(body), 1),
        };
        let n: i64 = digits.parse().ok().filter(|n| *n <= 36_500)?;
        let days = Duration::try_days(n * unit)?;
        return if sign == '+' {
            today.checked_add_signed(days)
        } else {
            today.checked_sub_signed(days)
        };
    }
    let (day, month, year) = if let Some((y, rest)) = lower.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (d, m, y)
    } else {
        let mut parts = lower.split('/');
        let d = parts.next()?;
        let m = parts.next()?;
        let y = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        (d, m, y)
    };
    let digits = |s: &str, lens: &[usize]| {
        (lens.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(digits(year, &[4])?).ok()?,
        digits(month, &[1, 2])?,
        digits(day, &[1, 2])?,
    )?;
    (date.year() >= 1000).then_some(date)
}

/// `HH:MM` or `HHMM`, 00:00 to 23:59.
fn parse_time(text: &str) -> Option<(u32, u32)> {
    let (h, m) = match text.split_once(':') {
        Some(parts) => parts,
        None if text.len() == 4 && text.is_ascii() => text.split_at(2),
        None => return None,
    };
    let ok = |s: &str| (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !ok(h) || m.len() != 2 || !ok(m) {
        return None;
    }
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 9).unwrap_or_default()
    }

    fn spec(kind: FieldKind, required: bool) -> FieldSpec {
        FieldSpec::new("f", "F", kind, required)
    }

    #[test]
    fn form_check_dates_in_uk_and_iso_form() {
        let d = |s| parse_date(s, today()).map(|d| d.to_string());
        assert_eq!(d("2026-11-23").as_deref(), Some("2026-11-23"));
        assert_eq!(d("23/11/2026").as_deref(), Some("2026-11-23"));
        assert_eq!(d("3/1/2026").as_deref(), Some("2026-01-03"));
        assert_eq!(d("Today").as_deref(), Some("2026-11-09"));
        assert_eq!(d("+14d").as_deref(), Some("2026-11-23"));
        assert_eq!(d("-1w").as_deref(), Some("2026-11-02"));
        for bad in [
            "23/11/26",
            "31/02/2026",
            "2026-13-01",
            "x",
            "",
            "+",
            "+99999999999d",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
        assert_eq!(
            preview_date("+14d", today()).as_deref(),
            Some("23 Nov 2026")
        );
    }

    #[test]
    fn form_check_each_kind() {
        let t = today();
        assert!(check_field(&spec(FieldKind::Text, true), " ", t).is_err());
        assert!(check_field(&spec(FieldKind::Date, false), "", t).is_ok());
        assert!(check_field(&spec(FieldKind::Time, true), "14:05", t).is_ok());
        assert!(check_field(&spec(FieldKind::Time, true), "1405", t).is_ok());
        assert!(check_field(&spec(FieldKind::Time, true), "24:00", t).is_err());
        let n = spec(FieldKind::Number { min: 1, max: 5 }, false);
        assert!(check_field(&n, "5", t).is_ok());
        assert!(check_field(&n, "6", t).is_err());
        let labels = vec!["Low".to_string(), "High".to_string()];
        let c = spec(FieldKind::Choice(labels.clone()), true);
        assert!(check_field(&c, "High", t).is_ok());
        assert!(check_field(&c, "Mid", t).is_err());
        let m = spec(FieldKind::MultiChoice(labels), true);
        assert!(check_field(&m, "Low\nHigh", t).is_ok());
        assert!(check_field(&m, "Low\nMid", t).is_err());
        assert!(check_field(&m, "", t).is_err());
    }
}
