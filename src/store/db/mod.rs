//! The store's one seam to its database engine: SQLite (embedded, the default) or PostgreSQL
//! (the unit's server). Everything else in `store` speaks to a [`Connection`] in one SQL
//! dialect (SQLite's `?` placeholders; PostgreSQL's are written for it here), reads columns
//! through [`Row::get`] and binds values that are integers, text, bytes or null. What only
//! one engine has (SQLite's PRAGMAs, its backup API, PostgreSQL's LISTEN) is reached through
//! [`Connection::sqlite`] or [`Connection::postgres`] where it is needed.
//!
//! The server only ever holds what SQLite's file holds: ids, versions, timestamps and sealed
//! bytes (everything is sealed before it reaches this module).
mod pg;
mod value;

use std::cell::RefCell;

pub use pg::{PgConnection, Reconnect};
pub use value::{FromSql, ToSql, ValueRef};

/// What a database call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", pg::describe(.0))]
    Postgres(#[from] postgres::Error),
    /// A query for one row found none (see [`OptionalExtension::optional`]).
    #[error("the query returned no rows")]
    NoRows,
    /// A column did not hold what the code reads it as.
    #[error("column {column}: {message}")]
    Column { column: usize, message: String },
    /// A query was started while the rows of another were still being read (PostgreSQL:
    /// one query at a time on a connection).
    #[error("the database connection is busy with another query")]
    Reentrant,
}

/// The result of a database call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// What kind of failure this is, as SQLite names them (PostgreSQL's SQLSTATEs are mapped
    /// onto the same kinds: out of space, busy, read-only, permission), so one mapping to
    /// [`super::StoreError`] serves both engines.
    pub fn sqlite_error_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Error::Sqlite(e) => e.sqlite_error_code(),
            Error::Postgres(e) => pg::error_code(e),
            _ => None,
        }
    }
}

impl Error {
    /// The connection to the server is gone (the server stopped, the network failed).
    pub fn is_connection_lost(&self) -> bool {
        matches!(self, Error::Postgres(e) if e.is_closed() || std::error::Error::source(e)
            .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some()))
    }
}

/// `.optional()` on a one-row query: no row is `Ok(None)`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// How a transaction takes the store: `Deferred` reads until it first writes; `Immediate`
/// takes the one writer's place at once (SQLite's write lock; on PostgreSQL a transaction-level
/// advisory lock every writer takes, so writes are serialised as they are on SQLite and the
/// audit chain has one order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionBehavior {
    Deferred,
    Immediate,
}

/// An open connection to the store's database.
#[derive(Debug)]
pub enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgConnection>),
}

/// Parameters to bind, in order (`params![a, b]`, `[a]` or `[]`).
pub trait Params {
    fn values(&self) -> Vec<ValueRef<'_>>;
}

impl Params for [&dyn ToSql] {
    fn values(&self) -> Vec<ValueRef<'_>> {
        self.iter().map(|p| p.to_value()).collect()
    }
}

impl Params for [&dyn ToSql; 0] {
    fn values(&self) -> Vec<ValueRef<'_>> {
        Vec::new()
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn values(&self) -> Vec<ValueRef<'_>> {
                self.iter().map(|p| p.to_value()).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8);

impl<P: Params + ?Sized> Params for &P {
    fn values(&self) -> Vec<ValueRef<'_>> {
        (**self).values()
    }
}

/// Bind these values in order: `params![id, &name, payload]`.
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::store::db::ToSql]
    };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::store::db::ToSql),+] as &[&dyn $crate::store::db::ToSql]
    };
}
pub(crate) use params;

fn lite_params<'a>(values: &'a [ValueRef<'_>]) -> Vec<rusqlite::types::ToSqlOutput<'a>> {
    values.iter().map(ValueRef::to_lite).collect()
}

impl Connection {
    /// An SQLite database file opened (or created) as it is, with no PRAGMAs set (tests and
    /// tools; a store is opened by `store::open`).
    pub fn open_sqlite(path: &std::path::Path) -> Result<Self> {
        Ok(Connection::Sqlite(rusqlite::Connection::open(path)?))
    }

    /// A new SQLite database in memory (tests).
    pub fn open_in_memory() -> Result<Self> {
        Ok(Connection::Sqlite(rusqlite::Connection::open_in_memory()?))
    }

    /// The SQLite connection, when the store is SQLite.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            Connection::Postgres(_) => None,
        }
    }

    /// The SQLite connection, when the store is SQLite, to change it.
    pub fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            Connection::Postgres(_) => None,
        }
    }

    /// The PostgreSQL connection, when the store is on a server.
    pub fn postgres(&self) -> Option<&PgConnection> {
        match self {
            Connection::Sqlite(_) => None,
            Connection::Postgres(c) => Some(c),
        }
    }

    /// Run one statement; the number of rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        match self {
            Connection::Sqlite(c) => {
                let values = params.values();
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(lite_params(&values)))?)
            }
            Connection::Postgres(c) => c.execute(sql, &params.values()),
        }
    }

    /// Run statements separated by semicolons, without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Connection::Postgres(c) => c.execute_batch(sql),
        }
    }

    /// The first row of a query, mapped by `f`; [`Error::NoRows`] if there is none.
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// A statement to run (prepared once per connection and kept).
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        self.prepare_cached(sql)
    }

    /// A statement to run, prepared once per connection and kept.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match self {
                Connection::Sqlite(c) => StatementInner::Sqlite(c.prepare_cached(sql)?),
                Connection::Postgres(c) => StatementInner::Postgres {
                    conn: c,
                    stmt: c.prepare(sql)?,
                    sql: sql.to_string(),
                },
            },
        })
    }

    /// Start a transaction (see [`TransactionBehavior`]); it rolls back when dropped
    /// uncommitted.
    pub fn transaction_with_behavior(
        &mut self,
        behavior: TransactionBehavior,
    ) -> Result<Transaction<'_>> {
        self.begin(behavior)
    }

    /// A [`TransactionBehavior::Deferred`] transaction started through a shared reference:
    /// the caller makes sure none is open already.
    pub fn unchecked_transaction(&self) -> Result<Transaction<'_>> {
        self.begin(TransactionBehavior::Deferred)
    }

    fn begin(&self, behavior: TransactionBehavior) -> Result<Transaction<'_>> {
        match self {
            Connection::Sqlite(c) => c.execute_batch(match behavior {
                TransactionBehavior::Deferred => "BEGIN DEFERRED",
                TransactionBehavior::Immediate => "BEGIN IMMEDIATE",
            })?,
            Connection::Postgres(c) => c.begin(behavior)?,
        }
        Ok(Transaction {
            conn: self,
            done: false,
        })
    }

    /// How long a statement waits for another writer before the store is busy (SQLite's busy
    /// timeout; PostgreSQL's `lock_timeout`).
    pub fn busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.busy_timeout(wait)?),
            Connection::Postgres(c) => {
                c.set_session(&format!("SET lock_timeout = {}", wait.as_millis().max(1)))
            }
        }
    }

    /// A value of the store's `meta` table as the open transaction sees it.
    pub fn meta_read(&self, key: &str) -> Result<Option<String>> {
        if let Connection::Postgres(c) = self
            && let Some(v) = c.pending_meta(key)?
        {
            return Ok(Some(v));
        }
        self.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()
    }

    /// Set a value of the `meta` table. On PostgreSQL, inside a transaction, it is written once
    /// at the commit: a row updated once per saved subject of an import would otherwise leave
    /// a chain of row versions, one per update, that every later read walks (quadratic time).
    /// Read it back with [`Connection::meta_read`].
    pub fn meta_write(&self, key: &str, value: &str) -> Result<()> {
        if let Connection::Postgres(c) = self
            && c.defer_meta(key, value)?
        {
            return Ok(());
        }
        self.prepare_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![key, value])
        .map(drop)
    }

    /// Whether no transaction is open.
    pub fn is_autocommit(&self) -> bool {
        match self {
            Connection::Sqlite(c) => c.is_autocommit(),
            Connection::Postgres(c) => !c.in_transaction(),
        }
    }
}

/// An open transaction: everything run through it (it derefs to the [`Connection`]) is kept
/// by [`Transaction::commit`], and undone if it is dropped first.
#[derive(Debug)]
pub struct Transaction<'c> {
    conn: &'c Connection,
    done: bool,
}

impl<'c> Transaction<'c> {
    /// Start a transaction through a shared reference: the caller makes sure none is open.
    pub fn new_unchecked(conn: &'c Connection, behavior: TransactionBehavior) -> Result<Self> {
        conn.begin(behavior)
    }

    /// Make the transaction's work durable (returns once the engine has it on disk).
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        match self.conn {
            Connection::Sqlite(c) => Ok(c.execute_batch("COMMIT")?),
            Connection::Postgres(c) => c.end("COMMIT"),
        }
    }

    /// Undo the transaction's work.
    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.undo()
    }

    fn undo(&self) -> Result<()> {
        match self.conn {
            Connection::Sqlite(c) => {
                if c.is_autocommit() {
                    return Ok(());
                }
                Ok(c.execute_batch("ROLLBACK")?)
            }
            Connection::Postgres(c) => c.end("ROLLBACK"),
        }
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.undo();
        }
    }
}

/// A prepared statement.
pub struct Statement<'c> {
    inner: StatementInner<'c>,
}

enum StatementInner<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    Postgres {
        conn: &'c PgConnection,
        stmt: postgres::Statement,
        sql: String,
    },
}

impl Statement<'_> {
    /// Run it; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        let values = params.values();
        match &mut self.inner {
            StatementInner::Sqlite(s) => {
                Ok(s.execute(rusqlite::params_from_iter(lite_params(&values)))?)
            }
            StatementInner::Postgres { conn, stmt, .. } => conn.execute_prepared(stmt, &values),
        }
    }

    /// Its first row mapped by `f`; [`Error::NoRows`] if there is none.
    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let values = params.values();
        match &mut self.inner {
            StatementInner::Sqlite(s) => {
                let mut rows = s.query(rusqlite::params_from_iter(lite_params(&values)))?;
                match rows.next()? {
                    Some(r) => f(&Row::Sqlite(r)),
                    None => Err(Error::NoRows),
                }
            }
            StatementInner::Postgres { conn, stmt, .. } => {
                let rows = conn.query(stmt, &values)?;
                match rows.first() {
                    Some(r) => f(&Row::Postgres(r)),
                    None => Err(Error::NoRows),
                }
            }
        }
    }

    /// Every row mapped by `f`, in order, as they are read.
    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        let values = params.values();
        let rows = match &mut self.inner {
            StatementInner::Sqlite(s) => {
                RowsInner::Sqlite(s.query(rusqlite::params_from_iter(lite_params(&values)))?)
            }
            StatementInner::Postgres { conn, stmt, sql } => {
                RowsInner::Postgres(conn.rows(stmt, sql, &values)?)
            }
        };
        Ok(MappedRows { rows, f })
    }

    /// Whether the query has any row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        match self.query_row(params, |_| Ok(())) {
            Ok(()) => Ok(true),
            Err(Error::NoRows) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(pg::PgRows<'s>),
}

/// The rows of a query, each mapped as it is read.
pub struct MappedRows<'s, F> {
    rows: RowsInner<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match &mut self.rows {
            RowsInner::Sqlite(rows) => match rows.next() {
                Ok(Some(r)) => Some((self.f)(&Row::Sqlite(r))),
                Ok(None) => None,
                Err(e) => Some(Err(e.into())),
            },
            RowsInner::Postgres(rows) => match rows.next() {
                Ok(Some(r)) => Some((self.f)(&Row::Postgres(&r))),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            },
        }
    }
}

/// One row of a query's result.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// How many columns the row has.
    pub fn column_count(&self) -> usize {
        match self {
            Row::Sqlite(r) => r.as_ref().column_count(),
            Row::Postgres(r) => r.len(),
        }
    }

    /// Column `idx` (from 0) read as `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        let value = match self {
            Row::Sqlite(r) => ValueRef::from_lite(r.get_ref(idx)?),
            Row::Postgres(r) => pg::column(r, idx)?,
        };
        T::from_sql(value).map_err(|message| Error::Column {
            column: idx,
            message,
        })
    }
}

/// A column's position (from 0).
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// The PostgreSQL connection's state that only one caller may use at a time.
pub(crate) fn borrow<T>(cell: &RefCell<T>) -> Result<std::cell::RefMut<'_, T>> {
    cell.try_borrow_mut().map_err(|_| Error::Reentrant)
}
