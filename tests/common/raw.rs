//! A store's rows as its engine holds them, the SQLite file or the server's database alike:
//! for tests that count rows, judge that a refusal changed nothing, or tamper with rows as an
//! insider with the file (or a DBA with the database) would, so they run against both backends
//! (`SPMP_TEST_STORE=server`). Statements use `$1`-style parameters, which both engines take.
#![allow(dead_code)]
use std::collections::BTreeMap;
use std::path::Path;

use spmp::store::testkit;

/// A value bound to or read from a statement: the two kinds the store's rows hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum V {
    Int(i64),
    /// A BLOB (SQLite) or BYTEA (server) value, or NULL.
    Bytes(Option<Vec<u8>>),
}

impl V {
    pub fn int(&self) -> i64 {
        match self {
            V::Int(i) => *i,
            other => panic!("not an integer: {other:?}"),
        }
    }
}

/// A raw connection to the store kept for `dir`.
pub enum Raw {
    Sqlite(rusqlite::Connection),
    Server(Box<postgres::Client>),
}

impl Raw {
    /// The store kept for `dir` ([`testkit::place`]).
    pub fn open(dir: &Path) -> Raw {
        let place = testkit::place(dir);
        match place.to_str().filter(|p| p.starts_with("postgresql://")) {
            Some(url) => Raw::Server(Box::new(
                postgres::Client::connect(url, postgres::NoTls).expect("the test server"),
            )),
            None => Raw::Sqlite(
                rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).expect("spmp.db"),
            ),
        }
    }

    /// The one integer `sql` gives (a count).
    pub fn count(&mut self, sql: &str) -> i64 {
        match self {
            Raw::Sqlite(c) => c.query_row(sql, [], |r| r.get(0)).expect(sql),
            Raw::Server(c) => c.query_one(sql, &[]).expect(sql).get::<_, i64>(0),
        }
    }

    /// The names of the store's tables.
    pub fn tables(&mut self) -> Vec<String> {
        let sql = match self {
            Raw::Sqlite(_) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Raw::Server(_) => {
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
                 ORDER BY tablename"
            }
        };
        self.texts(sql)
    }

    /// Every row of `table` as text, in the order written (SQLite's rowid, the server's
    /// physical order, which an append-only table keeps); each row one string per column on
    /// SQLite, one JSON object on the server (a user's row holds `"name"` either way).
    pub fn rows(&mut self, table: &str) -> Vec<Vec<String>> {
        match self {
            Raw::Sqlite(c) => {
                let mut stmt = c
                    .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
                    .expect("select");
                let n = stmt.column_count();
                let mut rows = stmt.query([]).expect("query");
                let mut all = Vec::new();
                while let Some(row) = rows.next().expect("row") {
                    all.push(
                        (0..n)
                            .map(|i| {
                                let v: rusqlite::types::Value = row.get(i).expect("value");
                                format!("{v:?}")
                            })
                            .collect(),
                    );
                }
                all
            }
            Raw::Server(c) => c
                .query(
                    &format!("SELECT to_jsonb(t)::text FROM \"{table}\" t ORDER BY ctid"),
                    &[],
                )
                .expect("select")
                .iter()
                .map(|r| vec![r.get::<_, String>(0)])
                .collect(),
        }
    }

    /// Every row of every table: what "nothing changed" is judged on.
    pub fn snapshot(&mut self) -> BTreeMap<String, Vec<Vec<String>>> {
        self.tables()
            .into_iter()
            .map(|t| {
                let rows = self.rows(&t);
                (t, rows)
            })
            .collect()
    }

    /// Run one statement (or, without parameters, several separated by `;`).
    pub fn execute(&mut self, sql: &str, params: &[V]) {
        match self {
            Raw::Sqlite(c) if params.is_empty() => c.execute_batch(sql).expect(sql),
            Raw::Sqlite(c) => {
                let params: Vec<rusqlite::types::Value> = params
                    .iter()
                    .map(|v| match v {
                        V::Int(i) => rusqlite::types::Value::Integer(*i),
                        V::Bytes(Some(b)) => rusqlite::types::Value::Blob(b.clone()),
                        V::Bytes(None) => rusqlite::types::Value::Null,
                    })
                    .collect();
                // SQLite numbers `$N` parameters in the order they appear; `?N` by N.
                let numbered = sql.replace('$', "?");
                c.execute(&numbered, rusqlite::params_from_iter(params))
                    .expect(sql);
            }
            Raw::Server(c) if params.is_empty() => c.batch_execute(sql).expect(sql),
            Raw::Server(c) => {
                let owned: Vec<Box<dyn postgres::types::ToSql + Sync>> = params
                    .iter()
                    .map(|v| -> Box<dyn postgres::types::ToSql + Sync> {
                        match v {
                            V::Int(i) => Box::new(*i),
                            V::Bytes(b) => Box::new(b.clone()),
                        }
                    })
                    .collect();
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    owned.iter().map(|b| b.as_ref()).collect();
                c.execute(sql, &refs).expect(sql);
            }
        }
    }

    /// The rows `sql` gives (no parameters), each column an integer or bytes.
    pub fn query(&mut self, sql: &str) -> Vec<Vec<V>> {
        match self {
            Raw::Sqlite(c) => {
                let mut stmt = c.prepare(sql).expect(sql);
                let n = stmt.column_count();
                stmt.query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                                rusqlite::types::Value::Integer(v) => V::Int(v),
                                rusqlite::types::Value::Blob(b) => V::Bytes(Some(b)),
                                rusqlite::types::Value::Null => V::Bytes(None),
                                other => panic!("{sql}: a column of {other:?}"),
                            })
                        })
                        .collect()
                })
                .expect(sql)
                .collect::<Result<_, _>>()
                .expect(sql)
            }
            Raw::Server(c) => c
                .query(sql, &[])
                .expect(sql)
                .iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| match *r.columns()[i].type_() {
                            postgres::types::Type::INT8 => V::Int(r.get(i)),
                            postgres::types::Type::INT4 => V::Int(i64::from(r.get::<_, i32>(i))),
                            postgres::types::Type::BYTEA => V::Bytes(r.get(i)),
                            ref other => panic!("{sql}: a column of {other}"),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    fn texts(&mut self, sql: &str) -> Vec<String> {
        match self {
            Raw::Sqlite(c) => c
                .prepare(sql)
                .expect(sql)
                .query_map([], |r| r.get(0))
                .expect(sql)
                .collect::<Result<_, _>>()
                .expect(sql),
            Raw::Server(c) => c
                .query(sql, &[])
                .expect(sql)
                .iter()
                .map(|r| r.get(0))
                .collect(),
        }
    }
}

/// Bytes that are no sealed value: a payload damaged on the disk.
pub const DAMAGED: [u8; 6] = [0x01, 0x00, 0xde, 0xad, 0xbe, 0xef];

/// Damage the `payload` of the rows of `table` that `condition` (SQL) selects, in the store kept
/// for `dir`.
pub fn damage(dir: &Path, table: &str, condition: &str) {
    Raw::open(dir).execute(
        &format!("UPDATE {table} SET payload = $1 WHERE {condition}"),
        &[V::Bytes(Some(DAMAGED.to_vec()))],
    );
}

/// [`Raw::snapshot`] of the store kept for `dir`.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    Raw::open(dir).snapshot()
}

/// [`Raw::count`] on the store kept for `dir`.
pub fn count(dir: &Path, sql: &str) -> i64 {
    Raw::open(dir).count(sql)
}
