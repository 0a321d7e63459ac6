//! Drafts typed while the server store cannot be reached: kept on the workstation, sealed exactly
//! as the server would hold them, until the server is back.
//!
//! When [`Store::put_draft`] cannot write to the server because the connection is lost, the
//! sealed row (its keyed row key, its time and its sealed bytes: nothing readable) is written to
//! a file of its own under [`StoreOptions::offline_drafts`](super::super::StoreOptions), in a
//! folder named by the user's keyed draft-owner reference (which names nobody and differs from
//! store to store). The file is written whole and synced before it is renamed into place, so a
//! crash leaves the last whole copy. The next time the store can be written (a later draft, the
//! app connecting again, the next login) every kept draft is written to the server, unless the
//! server already holds a newer copy of it, and its file is removed.
//!
//! A kept file is read back only if it opens under the user's keys with its own row key as the
//! context: a file copied in from elsewhere, or changed, is set aside (renamed `.unreadable`)
//! and never written to the store.
use std::io::Write as _;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use super::super::error::sqlite_error;
use super::super::{Store, StoreError, begin, open};
use super::{open_row, owner_ref};
use crate::store::db::params;

/// Where the app keeps them: `offline-drafts` in the user's local data directory.
pub(crate) fn default_offline_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "spmp")
        .map(|dirs| dirs.data_local_dir().join("offline-drafts"))
}

/// The first bytes of a kept draft.
const MAGIC: &[u8] = b"spmp offline draft 1\n";

/// A draft row as the server would hold it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Kept {
    pub stored: String,
    pub updated: String,
    pub sealed: Vec<u8>,
}

fn encode(kept: &Kept) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for text in [&kept.stored, &kept.updated] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&kept.sealed);
    out
}

fn decode(bytes: &[u8]) -> Option<Kept> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut text = || -> Option<String> {
        let (len, after) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
        let (value, after) = (after.get(..len)?, after.get(len..)?);
        rest = after;
        String::from_utf8(value.to_vec()).ok()
    };
    let stored = text()?;
    let updated = text()?;
    Some(Kept {
        stored,
        updated,
        sealed: rest.to_vec(),
    })
}

impl Store {
    /// This user's folder of kept drafts for this store, when drafts are kept at all and the
    /// store is on a server.
    fn offline_folder(&self) -> Option<PathBuf> {
        open::server_url(&self.dir)?;
        let root = self.opts.offline_drafts.as_ref()?;
        Some(root.join(owner_ref(&self.session.keys, &self.session.actor.name)))
    }

    /// The kept file of draft row `stored`.
    fn offline_file(&self, folder: &Path, stored: &str) -> PathBuf {
        let name = self
            .session
            .keys
            .reference(&[b"offline draft", stored.as_bytes()]);
        folder.join(format!("{name}.draft"))
    }

    /// Keep a draft row that could not be written to the server; `false` when this store does
    /// not keep drafts here (or the file could not be written): the caller reports the loss of
    /// the connection as it was.
    pub(super) fn keep_offline(&self, kept: &Kept) -> bool {
        let Some(folder) = self.offline_folder() else {
            return false;
        };
        let file = self.offline_file(&folder, &kept.stored);
        write_whole(&folder, &file, &encode(kept)).is_ok()
    }

    /// Forget the kept copy of draft row `stored` (it was deleted or written since).
    pub(super) fn forget_offline(&self, stored: &str) {
        if let Some(folder) = self.offline_folder() {
            let _ = std::fs::remove_file(self.offline_file(&folder, stored));
        }
    }

    /// How many drafts typed while the server could not be reached wait on this workstation.
    pub fn offline_drafts_waiting(&self) -> usize {
        self.offline_folder()
            .and_then(|folder| std::fs::read_dir(folder).ok())
            .map_or(0, |entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "draft"))
                    .count()
            })
    }

    /// Write the drafts kept on this workstation while the server could not be reached to the
    /// store, in one transaction (a draft the server holds a newer copy of is left as it is),
    /// then remove their files. Returns how many were written. A kept file that does not open
    /// under this user's keys is renamed `.unreadable` and not written.
    pub fn save_offline_drafts(&mut self) -> Result<usize, StoreError> {
        let Some(folder) = self.offline_folder() else {
            return Ok(0);
        };
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Ok(0);
        };
        let mut good = Vec::new();
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.extension().is_none_or(|x| x != "draft") {
                continue;
            }
            let kept = std::fs::read(&path).ok().and_then(|b| decode(&b));
            let opens = kept.as_ref().is_some_and(|k| {
                path == self.offline_file(&folder, &k.stored)
                    && super::super::history::parse_time(&k.updated).is_ok()
                    && open_row(&self.session.keys, &k.stored, &k.sealed).is_ok()
            });
            match kept {
                Some(kept) if opens => good.push((path, kept)),
                _ => {
                    let _ = std::fs::rename(&path, path.with_extension("unreadable"));
                }
            }
        }
        if good.is_empty() {
            return Ok(0);
        }
        let ctx = "saving the drafts kept while the server was away";
        let db = self.db.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        for (_, kept) in &good {
            tx.execute(
                "INSERT INTO drafts (key, updated, payload, subject_id) VALUES (?1, ?2, ?3, NULL)
                 ON CONFLICT(key) DO UPDATE SET updated = excluded.updated,
                     payload = excluded.payload
                 WHERE drafts.updated <= excluded.updated",
                params![kept.stored, kept.updated, kept.sealed],
            )
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        }
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))?;
        for (path, _) in &good {
            let _ = std::fs::remove_file(path);
        }
        Ok(good.len())
    }
}

/// Write `bytes` to `file` in `folder` (made private if new) whole: a temporary file, synced,
/// renamed into place, then the folder synced.
fn write_whole(folder: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)?;
    let tmp = file.with_extension("tmp");
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    out.write_all(bytes)?;
    out.sync_all()?;
    drop(out);
    std::fs::rename(&tmp, file)?;
    std::fs::File::open(folder)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_draft_reads_back_and_a_cut_or_foreign_file_does_not() {
        let kept = Kept {
            stored: "h:aa:-:bb".into(),
            updated: "2026-12-04T10:00:00.000".into(),
            sealed: vec![1, 2, 3, 0, 255],
        };
        let bytes = encode(&kept);
        assert_eq!(decode(&bytes), Some(kept));
        assert_eq!(decode(&bytes[..MAGIC.len() + 6]), None);
        assert_eq!(decode(b"something else"), None);
    }
}
