//! Parsing typed values as UK staff type them, with messages that say what is wrong.
//!
//! Every function is pure (`today` is passed in) and never panics, whatever the input.
use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};

use super::spec::{Choice, FieldKind, FieldSpec};

/// The forms [`parse_date`] accepts, for messages.
const DATE_FORMS: &str = "use day/month/year (23/11/2026 or 23/11/26), 23 Nov 2026, 2026-11-23, \
                          today, yesterday, tomorrow, or +14d, -3d, +2w, +3m, +1y";

/// Short guidance for date fields.
pub const DATE_HELP: &str = "e.g. 23/11/2026, 23 Nov 26, today, +14d";

/// Short guidance for time fields.
pub const TIME_HELP: &str = "24-hour clock, e.g. 14:05 or 1405";

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date as shown to staff: `23 Nov 2026` (the domain's [`crate::domain::fmt_date`]).
pub fn show_date(date: NaiveDate) -> String {
    crate::domain::fmt_date(date)
}

/// A date as put into a form for editing: `23/11/2026` (parses back with [`parse_date`]).
pub fn edit_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A time as put into a form for editing: `14:05` (parses back with [`parse_time`]).
pub fn edit_time(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// Parse a date typed by a user: day/month/year with `/`, `-` or `.` (two- or four-digit year),
/// ISO `2026-11-23`, a month name (`23 Nov 2026`, `23 november 26`), `today`, `yesterday`,
/// `tomorrow`, or an offset from today (`+14d`, `-3d`, `+2w`, `+3m`, `+1y`). Case and surrounding
/// spaces do not matter. A two-digit year is 20yy unless that is more than 10 years after
/// `today`, then 19yy.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    read_date(text, today).and_then(crate::domain::dates::check_range)
}

fn read_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Err("Enter a date, e.g. 23/11/2026".to_string());
    }
    match t.as_str() {
        "today" => return Ok(today),
        "yesterday" => return today.pred_opt().ok_or_else(out_of_range),
        "tomorrow" => return today.succ_opt().ok_or_else(out_of_range),
        _ => {}
    }
    if t.starts_with('+') || t.starts_with('-') {
        return parse_offset(&t, today)
            .ok_or_else(|| format!("'{}' is not a date offset: {DATE_FORMS}", short(text)))?;
    }
    let tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ','))
        .filter(|s| !s.is_empty())
        .collect();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if tokens.len() == 2 && tokens.iter().any(|s| all_digits(s)) {
        return Err(format!(
            "'{}' has no year: write the year, e.g. 23/11/2026",
            short(text)
        ));
    }
    if tokens.len() == 3 && tokens.iter().all(|s| all_digits(s)) {
        if tokens[0].len() == 4 {
            let year = number(tokens[0])?;
            let month = number(tokens[1])?;
            let day = number(tokens[2])?;
            return build(year, month, day);
        }
        let day = number(tokens[0])?;
        let month = number(tokens[1])?;
        let year = year(tokens[2], today)?;
        return build(year, month, day);
    }
    if tokens.len() == 3 && all_digits(tokens[0]) && all_digits(tokens[2]) {
        if let Some(month) = month_number(tokens[1]) {
            let day = number(tokens[0])?;
            let year = year(tokens[2], today)?;
            return build(year, month, day);
        }
        return Err(format!(
            "'{}' is not a month: write it as Nov or November",
            short(tokens[1])
        ));
    }
    Err(format!("'{}' is not a date: {DATE_FORMS}", short(text)))
}

fn out_of_range() -> String {
    "That date is out of range".to_string()
}

/// At most 24 characters of what the user typed, for messages.
fn short(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 24 {
        let head: String = t.chars().take(24).collect();
        format!("{head}...")
    } else {
        t.to_string()
    }
}

/// A number of at most 9 digits (anything longer is not a day, month or year).
fn number(s: &str) -> Result<u32, String> {
    if s.len() > 9 {
        return Err(format!("'{}' is too long to be part of a date", short(s)));
    }
    s.parse::<u32>()
        .map_err(|_| format!("'{}' is not a number", short(s)))
}

/// A year typed with two or four digits.
fn year(s: &str, today: NaiveDate) -> Result<u32, String> {
    match s.len() {
        4 => number(s),
        2 => {
            let yy = number(s)?;
            let this_year = u32::try_from(today.year()).unwrap_or(0);
            Ok(if 2000 + yy <= this_year + 10 {
                2000 + yy
            } else {
                1900 + yy
            })
        }
        _ => Err(format!(
            "year '{}' should have 4 digits (2026) or 2 (26)",
            short(s)
        )),
    }
}

/// The month number for a month name or its abbreviation (`nov`, `sept`, `november`).
fn month_number(s: &str) -> Option<u32> {
    if s.len() < 3 {
        return None;
    }
    let s = if s == "sept" { "sep" } else { s };
    MONTHS
        .iter()
        .position(|m| m.starts_with(s))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A calendar date from its parts, or a message naming the part that does not exist.
fn build(year: u32, month: u32, day: u32) -> Result<NaiveDate, String> {
    if !(1..=12).contains(&month) {
        return Err(format!(
            "month {month} does not exist; dates are day/month/year"
        ));
    }
    let y = i32::try_from(year).map_err(|_| out_of_range())?;
    if !(crate::domain::dates::MIN_YEAR..=crate::domain::dates::MAX_YEAR).contains(&y) {
        return Err(format!("year {year} looks wrong: write it as 2026 or 26"));
    }
    NaiveDate::from_ymd_opt(y, month, day).ok_or_else(|| {
        let name = MONTHS
            .get(month as usize - 1)
            .map(|m| {
                let mut abbr: String = m.chars().take(3).collect();
                abbr[..1].make_ascii_uppercase();
                abbr
            })
            .unwrap_or_default();
        format!("{day} {name} {year} does not exist")
    })
}

/// `+14d`, `-3d`, `+2w`, `+3m`, `+1y`: `None` when malformed, an error when out of range.
fn parse_offset(t: &str, today: NaiveDate) -> Option<Result<NaiveDate, String>> {
    let (sign, rest) = t.split_at(1);
    let unit = rest.chars().last()?;
    let digits = rest.get(..rest.len() - unit.len_utf8())?.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let too_far = || "That offset is too far from today".to_string();
    let Ok(n) = digits.parse::<u32>() else {
        return Some(Err(too_far()));
    };
    let forward = sign == "+";
    let moved = match unit {
        'd' | 'w' => {
            let days = if unit == 'w' {
                u64::from(n) * 7
            } else {
                u64::from(n)
            };
            if forward {
                today.checked_add_days(Days::new(days))
            } else {
                today.checked_sub_days(Days::new(days))
            }
        }
        'm' | 'y' => {
            let months = if unit == 'y' {
                n.checked_mul(12)
            } else {
                Some(n)
            };
            months.and_then(|m| {
                if forward {
                    today.checked_add_months(Months::new(m))
                } else {
                    today.checked_sub_months(Months::new(m))
                }
            })
        }
        _ => return None,
    };
    Some(moved.ok_or_else(too_far))
}

/// Parse a time of day: `14:05`, `1405`, `9:30`, `09.30`, `930`.
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Enter a time, e.g. 14:05".to_string());
    }
    let bad = || format!("'{}' is not a time: {TIME_HELP}", short(text));
    let (h, m) = match t.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None if (3..=4).contains(&t.len()) && t.is_ascii() => t.split_at(t.len() - 2),
        None => return Err(bad()),
    };
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(bad());
    }
    let hour: u32 = h.parse().map_err(|_| bad())?;
    let minute: u32 = m.parse().map_err(|_| bad())?;
    if hour > 23 {
        return Err(format!("hour {hour} does not exist (00 to 23)"));
    }
    if minute > 59 {
        return Err(format!("minute {minute} does not exist (00 to 59)"));
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(bad)
}

/// Parse yes or no (`yes`, `y`, `true`, `1` / `no`, `n`, `false`, `0`).
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err("Answer yes or no".to_string()),
    }
}

/// The form value for a yes/no field.
pub fn show_bool(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

/// Parse a whole number in `min..=max`.
pub fn parse_number(text: &str, min: i64, max: i64) -> Result<i64, String> {
    let t = text.trim();
    let n: i64 = t
        .parse()
        .map_err(|_| format!("'{}' is not a whole number", short(text)))?;
    if n < min || n > max {
        return Err(format!("{n} is out of range: enter {min} to {max}"));
    }
    Ok(n)
}

/// The index of `value` among `choices`: its key, else (ignoring case and surrounding spaces) its
/// key or its label, so a value typed on the command line or kept by an older draft is read.
pub fn choice_index(choices: &[Choice], value: &str) -> Option<usize> {
    let v = value.trim();
    choices
        .iter()
        .position(|c| c.key == v)
        .or_else(|| choices.iter().position(|c| c.key.eq_ignore_ascii_case(v)))
        .or_else(|| {
            choices
                .iter()
                .position(|c| c.label.trim().eq_ignore_ascii_case(v))
        })
}

/// The entries of a multi-line value, trimmed, blank lines dropped.
pub fn lines(value: &str) -> Vec<String> {
    value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The inline check a form runs on one field: a required field is not empty and a value parses
/// for its kind (a choice is one of its labels, every entry of a multi-choice is).
pub fn check(spec: &FieldSpec, value: &str, today: NaiveDate) -> Result<(), String> {
    let empty = match spec.kind {
        FieldKind::Lines | FieldKind::MultiChoice(_) => lines(value).is_empty(),
        _ => value.trim().is_empty(),
    };
    if empty {
        return if spec.required {
            Err(format!("{} is required", spec.label))
        } else {
            Ok(())
        };
    }
    match &spec.kind {
        FieldKind::Text => plain_text(value, false),
        FieldKind::Multiline | FieldKind::Lines => plain_text(value, true),
        FieldKind::Date | FieldKind::OptDate => parse_date(value, today).map(|_| ()),
        FieldKind::Time => parse_time(value).map(|_| ()),
        FieldKind::Bool => parse_bool(value).map(|_| ()),
        FieldKind::Number { min, max } => parse_number(value, *min, *max).map(|_| ()),
        FieldKind::Choice(choices) => match choice_index(choices, value) {
            Some(_) => Ok(()),
            None => Err(not_a_choice(value, choices)),
        },
        FieldKind::MultiChoice(choices) => {
            for item in lines(value) {
                if choice_index(choices, &item).is_none() {
                    return Err(format!("'{}' is not one of the choices", short(&item)));
                }
            }
            Ok(())
        }
    }
}

/// Stored text holds no control characters (pasted terminal escapes, NULs); only multi-line
/// fields may hold line breaks and tabs.
fn plain_text(value: &str, multiline: bool) -> Result<(), String> {
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    match value.chars().find(|c| c.is_control() && !allowed(*c)) {
        None => Ok(()),
        Some('\n' | '\r') => Err("Must be one line: remove the line break".to_string()),
        Some(c) => Err(format!(
            "Contains a control character (U+{:04X}): remove it",
            u32::from(c)
        )),
    }
}

fn not_a_choice(value: &str, choices: &[Choice]) -> String {
    if choices.is_empty() {
        return "There is nothing to choose from".to_string();
    }
    let list = choices
        .iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if list.chars().count() <= 80 {
        format!("'{}' is not one of: {list}", short(value))
    } else {
        format!("'{}' is not one of the choices", short(value))
    }
}
