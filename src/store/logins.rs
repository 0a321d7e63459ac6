//! Failed logins: counted per user in the plaintext `meta` table (the passphrase that would
//! open the audit key is what failed, so nothing can be sealed yet), each next attempt for that
//! user slowed by a delay that doubles with every consecutive failure ([`LoginDelay`]), and
//! written into the audit log (sealed, chained) by the next successful login of anyone.
//!
//! `meta` row `login_failures/NAME` = `COUNT RECORDED FIRST LAST`: consecutive failures, how
//! many of them are already in the audit log, and the times (UTC) of the first and last. Only
//! existing, enabled users are counted (an unknown name cannot fill the table). Deleting the
//! row (with the file and no passphrase) removes the delay but not what the log already holds.
use std::time::Duration;

use crate::store::db::{Connection, OptionalExtension, params};

use super::audit::{self, AuditEvent, AuditKind};
use super::crypto::Keys;
use super::error::sqlite_error;
use super::{StoreError, begin, now_text};

const PREFIX: &str = "login_failures/";

/// How long a login for a user waits after consecutive failed ones: nothing after none, then
/// `step`, doubling with each further failure, at most `cap`. The wait comes before the
/// passphrase is checked, so a guesser cannot skip it by stopping early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginDelay {
    pub step: Duration,
    pub cap: Duration,
}

impl Default for LoginDelay {
    /// Half a second after the first failure, then 1, 2, 4, 8 s; at most 8 s.
    fn default() -> Self {
        Self {
            step: Duration::from_millis(500),
            cap: Duration::from_secs(8),
        }
    }
}

impl LoginDelay {
    /// The wait before a login after `failures` consecutive failed ones.
    pub fn after(&self, failures: u32) -> Duration {
        if failures == 0 {
            return Duration::ZERO;
        }
        let doublings = (failures - 1).min(20);
        self.step.saturating_mul(1u32 << doublings).min(self.cap)
    }
}

/// The failures counted for one user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub recorded: u32,
    pub first: String,
    pub last: String,
}

fn parse(value: &str) -> Failures {
    let mut parts = value.split(' ');
    let mut num = || parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let count = num();
    let recorded = num();
    let rest: Vec<&str> = value.split(' ').skip(2).collect();
    Failures {
        count,
        recorded: recorded.min(count),
        first: rest.first().map(|s| (*s).to_string()).unwrap_or_default(),
        last: rest.get(1).map(|s| (*s).to_string()).unwrap_or_default(),
    }
}

fn text(f: &Failures) -> String {
    format!("{} {} {} {}", f.count, f.recorded, f.first, f.last)
}

/// The consecutive failed logins counted for `user`.
pub(crate) fn failures(conn: &Connection, user: &str) -> crate::store::db::Result<Failures> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [format!("{PREFIX}{user}")],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|v| parse(&v))
        .unwrap_or_default())
}

/// Count one more failed login for `user`.
pub(crate) fn record_failure(conn: &Connection, user: &str) -> crate::store::db::Result<()> {
    let tx = conn.unchecked_transaction()?;
    let mut f = failures(&tx, user)?;
    let now = now_text();
    f.count = f.count.saturating_add(1);
    if f.first.is_empty() {
        f.first.clone_from(&now);
    }
    f.last = now;
    tx.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![format!("{PREFIX}{user}"), text(&f)],
    )?;
    tx.commit()
}

/// After a successful login as `me`: every failure not yet in the audit log goes into it (one
/// entry per user, by `me`), and `me`'s own count starts again. One transaction.
pub(crate) fn log_failures(
    conn: &mut Connection,
    db: &std::path::Path,
    keys: &Keys,
    me: &str,
) -> Result<(), StoreError> {
    let ctx = "recording failed logins";
    let pending: Vec<(String, Failures)> = {
        let mut stmt = conn
            .prepare("SELECT key, value FROM meta WHERE key LIKE 'login_failures/%'")
            .map_err(|e| sqlite_error(e, db, ctx))?;
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| sqlite_error(e, db, ctx))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| sqlite_error(e, db, ctx))?
            .into_iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(PREFIX)?.to_string(), parse(&v))))
            .collect()
    };
    if pending.is_empty() {
        return Ok(());
    }
    let tx = begin(conn).map_err(|e| sqlite_error(e, db, ctx))?;
    for (user, mut f) in pending {
        let new = f.count.saturating_sub(f.recorded);
        if new > 0 {
            let what = format!(
                "{new} failed login{} as {user} (wrong passphrase; first {}, last {})",
                if new == 1 { "" } else { "s" },
                f.first,
                f.last
            );
            let event = AuditEvent {
                what: &what,
                ..Default::default()
            };
            audit::append(&tx, keys, db, me, AuditKind::Account, &event)?;
        }
        let key = format!("{PREFIX}{user}");
        if user == me {
            tx.execute("DELETE FROM meta WHERE key = ?1", [&key])
                .map_err(|e| sqlite_error(e, db, ctx))?;
        } else {
            f.recorded = f.count;
            tx.execute(
                "UPDATE meta SET value = ?2 WHERE key = ?1",
                params![key, text(&f)],
            )
            .map_err(|e| sqlite_error(e, db, ctx))?;
        }
    }
    tx.commit().map_err(|e| sqlite_error(e, db, ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_with_each_failure_up_to_its_cap() {
        let d = LoginDelay::default();
        assert_eq!(d.after(0), Duration::ZERO);
        assert_eq!(d.after(1), Duration::from_millis(500));
        assert_eq!(d.after(2), Duration::from_secs(1));
        assert_eq!(d.after(4), Duration::from_secs(4));
        assert_eq!(d.after(5), Duration::from_secs(8));
        assert_eq!(d.after(1000), Duration::from_secs(8));
    }

    #[test]
    fn counts_read_back_and_junk_reads_as_none() {
        let f = Failures {
            count: 3,
            recorded: 1,
            first: "a".into(),
            last: "b".into(),
        };
        assert_eq!(parse(&text(&f)), f);
        assert_eq!(parse("junk"), Failures::default());
    }
}
