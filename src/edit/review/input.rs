//! Reading typed dates and times in wizard steps.
//!
//! Every wizard date and time goes through these two functions, which use the shared parser.
use chrono::{NaiveDate, NaiveTime};

/// How a date is written back into a form value: `15/06/2026`, as UK staff type it.
pub(crate) fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A date as UK staff type it (`23/11/2026`, `23-11-26`, `today`, `+14d`, ...): the shared
/// parser of [`crate::edit::parse`]. The error is a message for the user.
pub(crate) fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    crate::edit::parse::parse_date(text, today)
}

/// A time of day typed as `14:05`, `1405` or `9.30`.
pub(crate) fn parse_time(text: &str) -> Result<NaiveTime, String> {
    crate::edit::parse::parse_time(text)
}
