//! The PostgreSQL side of the seam: a blocking `postgres` client, its statements prepared once
//! and kept, the store's SQL (written with SQLite's `?` placeholders) rewritten for it once.
use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};

use super::{Error, Result, TransactionBehavior, ValueRef, borrow};

/// The advisory lock every writing transaction takes first: writers are serialised, as on
/// SQLite, so the audit chain has one order and a save sees every save before it.
pub(crate) const WRITER_LOCK: i64 = 0x5350_4d50; // "SPMP"

/// How a lost connection is made again (the address and TLS set-up it was first made with).
pub type Reconnect = Box<dyn Fn() -> std::result::Result<postgres::Client, postgres::Error> + Send>;

/// How often a lost connection is tried again, at most.
const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// A connection to the unit's server.
pub struct PgConnection {
    client: RefCell<postgres::Client>,
    /// Makes the connection again when the server went away and came back.
    reconnect: Option<Reconnect>,
    /// When it was last tried.
    last_attempt: std::cell::Cell<Option<std::time::Instant>>,
    /// Session settings to set again on a new connection (the lock timeout).
    session: RefCell<Vec<String>>,
    /// `meta` values written in the open transaction, written to the table once at its commit
    /// (see [`super::Connection::meta_write`]).
    pending_meta: RefCell<std::collections::BTreeMap<String, String>>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    in_transaction: std::cell::Cell<bool>,
    /// The open transaction took the writers' lock: its commit tells the listeners.
    writing: std::cell::Cell<bool>,
    /// This session's backend process (its own notifications are not news), once listening.
    listening: std::cell::Cell<Option<i32>>,
    /// Commits seen from other sessions since this one started listening.
    seen: std::cell::Cell<i64>,
    /// Cursors opened (their names are numbered).
    cursors: std::cell::Cell<u64>,
}

/// How many rows a cursor hands over at a time.
const FETCH: usize = 1_000;

/// The rows of one query on the server (see [`PgConnection::rows`]).
pub(crate) struct PgRows<'c> {
    conn: &'c PgConnection,
    buffer: std::vec::IntoIter<postgres::Row>,
    /// The cursor still open, when the rows come through one.
    cursor: Option<String>,
    /// The transaction was begun for the cursor, and ends with it.
    own_transaction: bool,
}

impl PgRows<'_> {
    /// The next row, fetching the next batch when the last is used up.
    pub(super) fn next(&mut self) -> Result<Option<postgres::Row>> {
        if let Some(row) = self.buffer.next() {
            return Ok(Some(row));
        }
        let Some(name) = &self.cursor else {
            return Ok(None);
        };
        let rows = self
            .conn
            .live()?
            .query(&format!("FETCH {FETCH} FROM {name}"), &[])?;
        if rows.is_empty() {
            self.close();
            return Ok(None);
        }
        self.buffer = rows.into_iter();
        Ok(self.buffer.next())
    }

    fn close(&mut self) {
        let Some(name) = self.cursor.take() else {
            return;
        };
        if let Ok(mut client) = self.conn.live() {
            if self.own_transaction {
                // Read only: ending it closes the cursor.
                let _ = client.batch_execute("COMMIT");
            } else {
                let _ = client.batch_execute(&format!("CLOSE {name}"));
            }
        }
        if self.own_transaction {
            self.conn.in_transaction.set(false);
        }
    }
}

impl Drop for PgRows<'_> {
    fn drop(&mut self) {
        self.close();
    }
}

/// The channel a writing commit notifies on (live refresh on other workstations).
const CHANNEL: &str = "spmp_changes";

impl std::fmt::Debug for PgConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConnection").finish_non_exhaustive()
    }
}

impl PgConnection {
    /// Wrap a connected client; `reconnect` makes it again after the server was lost.
    pub fn new(client: postgres::Client, reconnect: Option<Reconnect>) -> Self {
        Self {
            client: RefCell::new(client),
            reconnect,
            last_attempt: std::cell::Cell::new(None),
            session: RefCell::new(Vec::new()),
            pending_meta: RefCell::new(std::collections::BTreeMap::new()),
            statements: RefCell::new(HashMap::new()),
            in_transaction: std::cell::Cell::new(false),
            writing: std::cell::Cell::new(false),
            listening: std::cell::Cell::new(None),
            seen: std::cell::Cell::new(0),
            cursors: std::cell::Cell::new(0),
        }
    }

    /// The client itself, for what only PostgreSQL has (LISTEN, COPY).
    pub fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        self.live()
    }

    /// Whether the connection to the server is lost (and not made again yet).
    pub fn is_lost(&self) -> bool {
        self.client.try_borrow().is_ok_and(|c| c.is_closed())
    }

    /// The client, made again first if the server was lost and may be back (outside a
    /// transaction, at most every [`RETRY_EVERY`]): the statements are prepared anew, the
    /// session settings set again, and listening starts again with a change counted, so the
    /// work committed meanwhile is looked for.
    fn live(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        let mut client = borrow(&self.client)?;
        if !client.is_closed() || self.in_transaction.get() {
            return Ok(client);
        }
        let Some(reconnect) = &self.reconnect else {
            return Ok(client);
        };
        let now = std::time::Instant::now();
        if self
            .last_attempt
            .get()
            .is_some_and(|t| now.duration_since(t) < RETRY_EVERY)
        {
            return Ok(client);
        }
        self.last_attempt.set(Some(now));
        if let Ok(mut fresh) = reconnect() {
            for sql in borrow(&self.session)?.iter() {
                fresh.batch_execute(sql)?;
            }
            *client = fresh;
            borrow(&self.statements)?.clear();
            self.listening.set(None);
            self.seen.set(self.seen.get() + 1);
        }
        Ok(client)
    }

    /// Set a session setting now and on every new connection.
    pub(super) fn set_session(&self, sql: &str) -> Result<()> {
        self.live()?.batch_execute(sql)?;
        borrow(&self.session)?.push(sql.to_string());
        Ok(())
    }

    pub(super) fn prepare(&self, sql: &str) -> Result<postgres::Statement> {
        let mut client = self.live()?;
        if let Some(s) = borrow(&self.statements)?.get(sql) {
            return Ok(s.clone());
        }
        let stmt = client.prepare(&translate(sql))?;
        drop(client);
        borrow(&self.statements)?.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub(super) fn execute(&self, sql: &str, values: &[ValueRef<'_>]) -> Result<usize> {
        let stmt = self.prepare(sql)?;
        self.execute_prepared(&stmt, values)
    }

    pub(super) fn execute_prepared(
        &self,
        stmt: &postgres::Statement,
        values: &[ValueRef<'_>],
    ) -> Result<usize> {
        let params = bind(values);
        let refs: Vec<&(dyn PgToSql + Sync)> = params.iter().map(|p| p as _).collect();
        let n = self.live()?.execute(stmt, &refs)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(super) fn query(
        &self,
        stmt: &postgres::Statement,
        values: &[ValueRef<'_>],
    ) -> Result<Vec<postgres::Row>> {
        let params = bind(values);
        let refs: Vec<&(dyn PgToSql + Sync)> = params.iter().map(|p| p as _).collect();
        Ok(self.live()?.query(stmt, &refs)?)
    }

    /// The rows of a query, read as they are used: a query over a whole table (no parameters)
    /// goes through a cursor, a batch of rows at a time, so reading 100,000 records does not
    /// hold them all; others are read at once.
    pub(super) fn rows(
        &self,
        stmt: &postgres::Statement,
        sql: &str,
        values: &[ValueRef<'_>],
    ) -> Result<PgRows<'_>> {
        let whole_table = values.is_empty()
            && sql
                .trim_start()
                .get(..6)
                .is_some_and(|w| w.eq_ignore_ascii_case("SELECT"));
        if !whole_table {
            return Ok(PgRows {
                conn: self,
                buffer: self.query(stmt, values)?.into_iter(),
                cursor: None,
                own_transaction: false,
            });
        }
        let own_transaction = !self.in_transaction.get();
        let mut client = self.live()?;
        if own_transaction {
            client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ")?;
            self.in_transaction.set(true);
        }
        let name = format!("spmp_rows_{}", self.cursors.get());
        self.cursors.set(self.cursors.get() + 1);
        let declared = client.batch_execute(&format!(
            "DECLARE {name} NO SCROLL CURSOR FOR {}",
            translate(sql)
        ));
        drop(client);
        let rows = PgRows {
            conn: self,
            buffer: Vec::new().into_iter(),
            cursor: Some(name),
            own_transaction,
        };
        // On failure, dropping `rows` ends the transaction it began.
        declared?;
        Ok(rows)
    }

    pub(super) fn execute_batch(&self, sql: &str) -> Result<()> {
        Ok(self.live()?.batch_execute(sql)?)
    }

    pub(super) fn begin(&self, behavior: TransactionBehavior) -> Result<()> {
        let mut client = self.live()?;
        match behavior {
            // A reader's snapshot, as SQLite's deferred transaction gives.
            TransactionBehavior::Deferred => {
                client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ")?;
            }
            TransactionBehavior::Immediate => {
                client.batch_execute("BEGIN")?;
                if let Err(e) = client.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])
                {
                    let _ = client.batch_execute("ROLLBACK");
                    return Err(e.into());
                }
            }
        }
        self.in_transaction.set(true);
        self.writing.set(behavior == TransactionBehavior::Immediate);
        Ok(())
    }

    /// A `meta` value written earlier in the open transaction.
    pub(super) fn pending_meta(&self, key: &str) -> Result<Option<String>> {
        Ok(borrow(&self.pending_meta)?.get(key).cloned())
    }

    /// Keep a `meta` value to write at the commit; `false` outside a transaction.
    pub(super) fn defer_meta(&self, key: &str, value: &str) -> Result<bool> {
        if !self.in_transaction.get() {
            return Ok(false);
        }
        borrow(&self.pending_meta)?.insert(key.to_string(), value.to_string());
        Ok(true)
    }

    pub(super) fn end(&self, how: &str) -> Result<()> {
        let pending = std::mem::take(&mut *borrow(&self.pending_meta)?);
        if how == "COMMIT" {
            for (key, value) in &pending {
                self.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[ValueRef::Text(key.into()), ValueRef::Text(value.into())],
                )?;
            }
        }
        self.in_transaction.set(false);
        let notify = self.writing.replace(false) && how == "COMMIT";
        let mut client = borrow(&self.client)?;
        if notify {
            // Delivered to the listeners when (and only if) the commit succeeds.
            client.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
        }
        Ok(client.batch_execute(how)?)
    }

    /// A number that changes when another session commits a write (LISTEN/NOTIFY: the first
    /// call starts listening), never for this session's own commits.
    pub fn data_version(&self) -> Result<i64> {
        let mut client = self.live()?;
        let me = match self.listening.get() {
            Some(pid) => pid,
            None => {
                client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
                let pid: i32 = client
                    .query_one("SELECT pg_backend_pid()", &[])?
                    .try_get(0)?;
                self.listening.set(Some(pid));
                pid
            }
        };
        let mut news = 0;
        let mut notifications = client.notifications();
        let mut pending = notifications.timeout_iter(std::time::Duration::ZERO);
        while let Some(n) = postgres::fallible_iterator::FallibleIterator::next(&mut pending)? {
            if n.process_id() != me {
                news += 1;
            }
        }
        self.seen.set(self.seen.get() + news);
        Ok(self.seen.get())
    }

    pub(super) fn in_transaction(&self) -> bool {
        self.in_transaction.get()
    }
}

/// The store's SQL as PostgreSQL takes it: `?` and `?N` placeholders become `$N`, SQLite's
/// `INDEXED BY name` hints are dropped. Quoted text is left alone.
pub(crate) fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0u32;
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    out.push_str(&format!("${next}"));
                } else {
                    next = next.max(digits.parse().unwrap_or(0));
                    out.push('$');
                    out.push_str(&digits);
                }
            }
            _ => out.push(c),
        }
    }
    drop_indexed_by(&out)
}

fn drop_indexed_by(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut words = sql.split(' ').peekable();
    let mut first = true;
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("INDEXED")
            && words.peek().is_some_and(|n| n.eq_ignore_ascii_case("BY"))
        {
            words.next();
            words.next();
            continue;
        }
        if !first {
            out.push(' ');
        }
        out.push_str(w);
        first = false;
    }
    out
}

/// One bound value, written as the type PostgreSQL inferred for its placeholder.
#[derive(Debug)]
struct Param<'a>(&'a ValueRef<'a>);

fn bind<'a>(values: &'a [ValueRef<'a>]) -> Vec<Param<'a>> {
    values.iter().map(Param).collect()
}

impl PgToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self.0 {
            ValueRef::Null => Ok(IsNull::Yes),
            ValueRef::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => Err(format!("an integer cannot be bound as {ty}").into()),
            },
            ValueRef::Real(r) => r.to_sql(ty, out),
            ValueRef::Text(t) => t.as_ref().to_sql(ty, out),
            ValueRef::Blob(b) => b.as_ref().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Column `idx` of `row` as a value.
pub(super) fn column(row: &postgres::Row, idx: usize) -> Result<ValueRef<'_>> {
    let Some(col) = row.columns().get(idx) else {
        return Err(Error::Column {
            column: idx,
            message: format!("the row has {} columns", row.len()),
        });
    };
    let v = match *col.type_() {
        Type::INT8 => row.try_get::<_, Option<i64>>(idx)?.map(ValueRef::Integer),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(idx)?
            .map(|i| ValueRef::Integer(i64::from(i))),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(idx)?
            .map(|i| ValueRef::Integer(i64::from(i))),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(idx)?
            .map(|b| ValueRef::Integer(i64::from(b))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(idx)?.map(ValueRef::Real),
        Type::BYTEA => row
            .try_get::<_, Option<&[u8]>>(idx)?
            .map(|b| ValueRef::Blob(b.into())),
        Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => row
            .try_get::<_, Option<&str>>(idx)?
            .map(|t| ValueRef::Text(t.into())),
        ref other => {
            return Err(Error::Column {
                column: idx,
                message: format!("PostgreSQL type {other} is not one the store reads"),
            });
        }
    };
    Ok(v.unwrap_or(ValueRef::Null))
}

/// A PostgreSQL error as one line: the server's own message where it sent one.
pub(super) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("PostgreSQL: {} ({})", db.message(), db.code().code()),
        None => format!("PostgreSQL: {e}"),
    }
}

/// A server error as the kind SQLite would name it.
pub(super) fn error_code(e: &postgres::Error) -> Option<rusqlite::ErrorCode> {
    use postgres::error::SqlState;
    use rusqlite::ErrorCode;
    let code = e.code()?;
    if *code == SqlState::DISK_FULL || *code == SqlState::PROGRAM_LIMIT_EXCEEDED {
        Some(ErrorCode::DiskFull)
    } else if *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::QUERY_CANCELED
    {
        Some(ErrorCode::DatabaseBusy)
    } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
        Some(ErrorCode::ReadOnly)
    } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        Some(ErrorCode::PermissionDenied)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn placeholders_are_numbered_and_quoted_text_is_left_alone() {
        assert_eq!(
            translate("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2"
        );
        assert_eq!(
            translate("UPDATE t SET a = ?2 WHERE id = ?1"),
            "UPDATE t SET a = $2 WHERE id = $1"
        );
        assert_eq!(
            translate("SELECT id FROM summaries INDEXED BY summaries_revisions ORDER BY id"),
            "SELECT id FROM summaries ORDER BY id"
        );
    }
}
