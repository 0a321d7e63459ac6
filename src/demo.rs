//! The compiled-in demo caseload, moved in time so it always looks current.
//!
//! `demo-data/demo.json` is written as seen on [`DEMO_ANCHOR`] (23 Nov 2026). Opening the demo on
//! another day shifts every date and date-time in it by the same number of days, so reviews that
//! were overdue stay overdue by the same amount and breach spreads keep their shape.
use chrono::{Days, NaiveDate, NaiveDateTime};
use serde_json::Value;

use crate::domain::Subject;
use crate::interchange::{self, ImportError};

/// The day the demo data was written for.
pub const DEMO_ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 23) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The demo subjects as they would look on `today`.
pub fn subjects_as_of(today: NaiveDate) -> Result<Vec<Subject>, ImportError> {
    let offset = (today - DEMO_ANCHOR).num_days();
    if offset == 0 {
        return interchange::demo_subjects();
    }
    let mut value: Value = match serde_json::from_str(interchange::DEMO_JSON) {
        Ok(v) => v,
        Err(_) => return interchange::demo_subjects(),
    };
    shift(&mut value, offset);
    interchange::parse(&value.to_string())
}

fn shift(value: &mut Value, days: i64) {
    match value {
        Value::String(s) => {
            if let Some(shifted) = shift_text(s, days) {
                *s = shifted;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| shift(v, days)),
        Value::Object(map) => map.values_mut().for_each(|v| shift(v, days)),
        _ => {}
    }
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

fn shift_text(text: &str, days: i64) -> Option<String> {
    if text.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
    {
        return add_days(d, days).map(|d| d.format("%Y-%m-%d").to_string());
    }
    if text.len() == 19
        && let Ok(dt) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
    {
        let d = add_days(dt.date(), days)?;
        return Some(
            d.and_time(dt.time())
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_datetimes_shift_other_text_does_not() {
        assert_eq!(shift_text("2026-11-23", 7).as_deref(), Some("2026-11-30"));
        assert_eq!(
            shift_text("2026-11-23T14:05:00", -23).as_deref(),
            Some("2026-10-31T14:05:00")
        );
        assert_eq!(shift_text("00/000001A", 7), None);
        assert_eq!(shift_text("AB12 CDE", 7), None);
    }
}

/// A demo account: name, passphrase, roles. The passphrases are published (README, the login
/// screen): the demo store is temporary and fictional.
pub struct DemoUser {
    pub name: &'static str,
    pub passphrase: &'static str,
    pub roles: &'static [crate::domain::Role],
}

/// The demo store's users, one per role.
pub const DEMO_USERS: [DemoUser; 4] = {
    use crate::domain::Role;
    [
        DemoUser {
            name: "reviewer",
            passphrase: "demo-reviewer",
            roles: &[Role::Reviewer],
        },
        DemoUser {
            name: "supervisor",
            passphrase: "demo-supervisor",
            roles: &[Role::Supervisor],
        },
        DemoUser {
            name: "viewer",
            passphrase: "demo-viewer",
            roles: &[Role::Viewer],
        },
        DemoUser {
            name: "admin",
            passphrase: "demo-admin",
            roles: &[Role::Administrator],
        },
    ]
};

/// Create the demo store in the empty directory `dir`: the [`DEMO_USERS`] and the demo caseload
/// as of `today`. The key derivation is made cheap (the data and passphrases are public anyway).
pub fn create_store(dir: &std::path::Path, today: NaiveDate) -> Result<(), DemoError> {
    use crate::ops;
    use crate::store::{KdfParams, Login, Passphrase, StoreOptions};
    let opts = StoreOptions {
        kdf: KdfParams {
            memory_kib: 8 * 1024,
            iterations: 1,
            parallelism: 1,
        },
        ..StoreOptions::default()
    };
    let [reviewer, rest @ ..] = &DEMO_USERS;
    let admin = &rest[2];
    let mut store = ops::users::create_store_with(
        dir,
        &opts,
        &Login::new(admin.name, admin.passphrase),
        admin.roles,
    )?;
    for u in [reviewer, &rest[0], &rest[1]] {
        ops::users::add(&mut store, u.name, &Passphrase::new(u.passphrase), u.roles)?;
    }
    drop(store);
    // Seeded by the supervisor: the caseload holds decided sign-offs, which only a supervisor
    // may write.
    let supervisor = &rest[0];
    let mut store = ops::users::log_in_with(
        dir,
        &opts,
        &Login::new(supervisor.name, supervisor.passphrase),
    )?;
    let subjects = subjects_as_of(today)?;
    ops::import::seed(&mut store, &subjects, "Loaded the fictional demo caseload")?;
    Ok(())
}

/// Why the demo store could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the built-in demo data is invalid: {0}")]
    Data(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::ops::OpsError),
}
