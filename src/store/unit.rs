//! The unit's own records: the action plan answering the super-complaint recommendations and
//! the training records of its staff ([`UnitRecords`]). One row of the `unit` table, sealed
//! under the data key with its row and revision as associated data (`unit/records@3`), saved
//! with optimistic versions like a subject, every save audited. An action plan line's history
//! is kept inside it: updates are appended, never replaced.
use crate::store::db::{OptionalExtension, params};

use super::error::sqlite_error;
use super::{Store, StoreError, audit, begin, codec, seal};
use crate::domain::{Permission, UnitRecords};

/// The format of the sealed unit records, versioned apart from subjects.
const UNIT_FORMAT: u16 = 1;

const ROW: &str = "records";

fn context(version: i64) -> String {
    format!("unit/{ROW}@{version}")
}

/// Open revision `version` of the unit's records.
pub(super) fn open(
    keys: &super::crypto::Keys,
    version: i64,
    sealed: &[u8],
) -> Result<UnitRecords, String> {
    let plain = keys
        .open(&context(version), sealed)
        .map_err(|e| e.to_string())?;
    let (v, body) = plain
        .split_first_chunk::<2>()
        .ok_or_else(|| "too short".to_string())?;
    let v = u16::from_le_bytes(*v);
    if v > UNIT_FORMAT {
        return Err(format!(
            "format {v} is newer than this spmp understands; upgrade spmp"
        ));
    }
    codec::decode_body(v, body).map_err(|e| e.to_string())
}

/// The stored row, if any: its revision and sealed bytes (for `verify`).
pub(super) fn row(
    conn: &crate::store::db::Connection,
) -> crate::store::db::Result<Option<(i64, Vec<u8>)>> {
    conn.query_row(
        "SELECT version, payload FROM unit WHERE key = ?1",
        params![ROW],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

impl Store {
    /// The unit's records and their revision (0: none saved yet). Any user may read them.
    pub fn unit_records(&self) -> Result<(UnitRecords, u64), StoreError> {
        self.require(Permission::View)?;
        let ctx = "reading the unit's records";
        let row = row(&self.conn).map_err(|e| sqlite_error(e, &self.db, ctx))?;
        let Some((version, sealed)) = row else {
            return Ok((UnitRecords::default(), 0));
        };
        let corrupt = |message: String| StoreError::Refused {
            message: format!("the unit's records cannot be read: {message}"),
        };
        let plain = self
            .session
            .keys
            .open(&context(version), &sealed)
            .map_err(|e| corrupt(e.to_string()))?;
        let (v, body) = plain
            .split_first_chunk::<2>()
            .ok_or_else(|| corrupt("too short".into()))?;
        let v = u16::from_le_bytes(*v);
        if v > UNIT_FORMAT {
            return Err(corrupt(format!(
                "format {v} is newer than this spmp understands; upgrade spmp"
            )));
        }
        let records: UnitRecords =
            codec::decode_body(v, body).map_err(|e| corrupt(e.to_string()))?;
        Ok((records, u64::try_from(version).unwrap_or(0)))
    }

    /// Save the unit's records if their stored revision is still `expected`; supervisors and
    /// administrators (who may sign off). `what` goes to the audit log.
    pub fn save_unit_records(
        &mut self,
        records: &UnitRecords,
        expected: u64,
        what: &str,
    ) -> Result<u64, StoreError> {
        if self.require(Permission::SignOff).is_err() {
            self.require(Permission::ManageUsers)?;
        }
        let db = self.db.clone();
        let ctx = "saving the unit's records";
        let sql = |e| sqlite_error(e, &db, ctx);
        let body = codec::encode_with_version(UNIT_FORMAT, records)?;
        let tx = begin(&mut self.conn).map_err(sql)?;
        let stored: i64 = tx
            .query_row(
                "SELECT coalesce(max(version), 0) FROM unit WHERE key = ?1",
                params![ROW],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if u64::try_from(stored).unwrap_or(0) != expected {
            return Err(StoreError::Refused {
                message: format!(
                    "the unit's records were changed by someone else since you opened them \
                     (revision {stored}, you had {expected}): open them again and redo the change"
                ),
            });
        }
        let version = stored + 1;
        let sealed = seal(&self.session.keys, &context(version), &body)?;
        tx.execute(
            "INSERT INTO unit (key, version, updated, payload) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key) DO UPDATE SET version = ?2, updated = ?3, payload = ?4",
            params![ROW, version, super::now_text(), sealed],
        )
        .map_err(sql)?;
        let actor = self.session.actor.name.clone();
        audit::append(
            &tx,
            &self.session.keys,
            &db,
            &actor,
            audit::AuditKind::Alteration,
            &audit::AuditEvent {
                subject: None,
                what,
                justification: None,
                recipient: None,
                binding: None,
            },
        )?;
        tx.commit().map_err(sql)?;
        Ok(u64::try_from(version).unwrap_or(0))
    }
}
