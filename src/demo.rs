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

/// A demo account: name, passphrase, roles and who they are as an officer (all fictional). The
/// passphrases are published (README, the login screen): the demo store is temporary and
/// fictional.
pub struct DemoUser {
    pub name: &'static str,
    pub passphrase: &'static str,
    pub roles: &'static [crate::domain::Role],
    /// Rank as written ("DS"), display name, collar number.
    pub rank: &'static str,
    pub display_name: &'static str,
    pub number: &'static str,
}

impl DemoUser {
    /// The user as an officer of the demo unit.
    pub fn officer(&self) -> crate::domain::Officer {
        let (rank, detective) = match crate::domain::Rank::parse(self.rank) {
            Some((r, d)) => (Some(r), d),
            None => (None, false),
        };
        crate::domain::Officer {
            display_name: self.display_name.to_string(),
            rank,
            detective,
            number: self.number.to_string(),
            team: crate::domain::DEFAULT_UNIT_NAME.to_string(),
        }
    }
}

/// The demo store's users: one per role, and a chief inspector who approves plans.
pub const DEMO_USERS: [DemoUser; 5] = {
    use crate::domain::Role;
    [
        DemoUser {
            name: "reviewer",
            passphrase: "demo-reviewer",
            roles: &[Role::Reviewer],
            rank: "DC",
            display_name: "Amira Pell",
            number: "2719",
        },
        DemoUser {
            name: "supervisor",
            passphrase: "demo-supervisor",
            roles: &[Role::Supervisor],
            rank: "DS",
            display_name: "Lena Marsh",
            number: "4521",
        },
        DemoUser {
            name: "dci",
            passphrase: "demo-dci-hale",
            roles: &[Role::Supervisor],
            rank: "DCI",
            display_name: "Marcus Hale",
            number: "1187",
        },
        DemoUser {
            name: "viewer",
            passphrase: "demo-viewer",
            roles: &[Role::Viewer],
            rank: "PC",
            display_name: "Nia Rowe",
            number: "3310",
        },
        DemoUser {
            name: "admin",
            passphrase: "demo-admin",
            roles: &[Role::Administrator],
            rank: "staff",
            display_name: "Lee Varga",
            number: "S1042",
        },
    ]
};

/// Create the demo store in the empty directory `dir`: the [`DEMO_USERS`] and the demo caseload
/// as of `today`. The key derivation is made cheap (the data and passphrases are public anyway).
pub fn create_store(dir: &std::path::Path, today: NaiveDate) -> Result<(), DemoError> {
    use crate::domain::Role;
    use crate::ops;
    use crate::store::{KdfParams, Login, NewUser, Passphrase, StoreOptions};
    let opts = StoreOptions {
        kdf: KdfParams {
            memory_kib: 8 * 1024,
            iterations: 1,
            parallelism: 1,
        },
        ..StoreOptions::default()
    };
    let is_admin = |u: &&DemoUser| u.roles.contains(&Role::Administrator);
    let admin = DEMO_USERS
        .iter()
        .find(is_admin)
        .ok_or_else(|| ops::OpsError::refused("the demo has no administrator"))?;
    let mut store = ops::users::create_store_with(
        dir,
        &opts,
        &Login::new(admin.name, admin.passphrase),
        admin.roles,
    )?;
    ops::users::set_officer(&mut store, admin.name, &admin.officer())?;
    for u in DEMO_USERS.iter().filter(|u| !is_admin(u)) {
        let passphrase = Passphrase::new(u.passphrase);
        let officer = u.officer();
        ops::users::add(
            &mut store,
            &NewUser {
                name: u.name,
                passphrase: &passphrase,
                roles: u.roles,
                officer: &officer,
            },
        )?;
    }
    drop(store);
    // Seeded by the chief inspector: the caseload holds decided sign-offs (plans included),
    // which only a supervisor of that rank may write.
    let dci = DEMO_USERS
        .iter()
        .find(|u| u.rank == "DCI")
        .ok_or_else(|| ops::OpsError::refused("the demo has no chief inspector"))?;
    let mut store = ops::users::log_in_with(dir, &opts, &Login::new(dci.name, dci.passphrase))?;
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
