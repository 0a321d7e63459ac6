//! A store's rows as its engine holds them, the SQLite file or the server's database alike:
//! for tests that count rows or judge that a refusal changed nothing, so they run against both
//! backends (`SPMP_TEST_STORE=server`). Tampering with rows stays SQLite only.
#![allow(dead_code)]
use std::collections::BTreeMap;
use std::path::Path;

use spmp::store::testkit;

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

/// [`Raw::snapshot`] of the store kept for `dir`.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    Raw::open(dir).snapshot()
}

/// [`Raw::count`] on the store kept for `dir`.
pub fn count(dir: &Path, sql: &str) -> i64 {
    Raw::open(dir).count(sql)
}
