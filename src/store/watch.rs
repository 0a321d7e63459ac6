//! What tells an open TUI that another process committed: SQLite's change counter and every
//! record's revision (`ops::caseload::Watch` compares them with what it last saw).
use super::{Store, StoreError, id_from_sql};
use crate::domain::{Permission, SubjectId};

impl Store {
    /// A number that changes when another connection (another process or workstation) commits
    /// to the store, and never for this one's own commits (SQLite's `PRAGMA data_version`):
    /// the TUI asks it every second to see work done elsewhere.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        match self.conn.postgres() {
            Some(pg) => pg.data_version(),
            None => self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)),
        }
        .map_err(|e| self.sql(e, "asking for changes made elsewhere"))
    }

    /// Every subject's id and revision, in id order: what tells which records changed since.
    pub fn revisions(&self) -> Result<Vec<(SubjectId, u64)>, StoreError> {
        self.require(Permission::View)?;
        let mut stmt = self
            .conn
            // The summaries' row of each record carries its revision (the triggers of schema
            // 10 keep them equal), and the index on (id, version) answers without reading
            // the rows: a large store's records are read in no part here.
            .prepare_cached(
                "SELECT id, version FROM summaries INDEXED BY summaries_revisions ORDER BY id",
            )
            .map_err(|e| self.sql(e, "listing revisions"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.sql(e, "listing revisions"))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, version) = row.map_err(|e| self.sql(e, "listing revisions"))?;
            out.push((id_from_sql(id), u64::try_from(version).unwrap_or(0)));
        }
        Ok(out)
    }
}
