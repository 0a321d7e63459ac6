//! Store errors, and the one place that turns SQLite failures into them.
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::codec::CodecError;
use crate::domain::SubjectId;

/// Everything that can go wrong with a store, worded for the person at the keyboard.
///
/// Each variant carries the path or record it is about, so the message alone tells the user
/// (or the support desk) where to look.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory or file is not an spmp store (and spmp refuses to touch it).
    #[error("{path} is not an spmp store: {reason}")]
    NotAStore { path: PathBuf, reason: String },

    /// The store's directory is on a network filesystem: SQLite's locks and the shared memory
    /// of its write-ahead log do not work there, so two workstations could corrupt it.
    #[error(
        "{path} is on a network filesystem ({kind}): an spmp store there can be corrupted, \
         because SQLite cannot lock it safely across computers. Keep the store on this \
         computer's own disk: to move one, copy its directory (while nobody has it open) to a \
         local disk and open it there. A unit sharing one caseload needs a server store (see \
         docs/DEPLOY.md)"
    )]
    NetworkFilesystem { path: PathBuf, kind: &'static str },

    /// The server store cannot be reached or refused us (its own words where it gave them).
    #[error("the server store {url}: {problem}")]
    Server { url: String, problem: String },

    /// The store (directory or database file) cannot be written.
    #[error(
        "the store at {path} is read-only: check the permissions of the directory and its files"
    )]
    ReadOnly { path: PathBuf },

    /// The disk (or the store's size cap) is full; the change was not saved.
    #[error(
        "the disk holding {path} is full: the change was not saved; free some space and try again"
    )]
    DiskFull { path: PathBuf },

    /// Another process held the write lock for longer than the busy timeout.
    #[error("the store at {path} is busy with another writer; try again")]
    Busy { path: PathBuf },

    /// A stored record could not be decoded.
    #[error("record {id} is corrupt: {message}")]
    Corrupt { id: SubjectId, message: String },

    /// Optimistic concurrency: the subject's stored version is not the one the edit started
    /// from (someone else saved it in between). Nothing was written.
    #[error(
        "subject {id} was changed by someone else since you opened it \
         (you had {}, the store has {}); reload and try again",
        version_text(*expected),
        version_text(*found)
    )]
    Conflict {
        id: SubjectId,
        /// The version the edit started from (`None`: a new subject).
        expected: Option<u64>,
        /// The version in the store (`None`: no record).
        found: Option<u64>,
    },

    /// A stored draft could not be read back.
    #[error("draft {key:?} is corrupt: {message}")]
    CorruptDraft { key: String, message: String },

    /// The store was written by a newer spmp (schema version newer than this build knows).
    #[error(
        "the store at {path} has schema version {found}, newer than this spmp understands ({known}); upgrade spmp"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// SQLite refused to put the database in WAL mode (e.g. a file system without shared memory).
    #[error("could not switch {path} to WAL mode: SQLite kept journal mode '{mode}'")]
    NoWal { path: PathBuf, mode: String },

    /// A subject id that SQLite cannot hold (above `i64::MAX`).
    #[error("subject id {id} is out of range for the store")]
    IdOutOfRange { id: SubjectId },

    /// Any other database failure (SQLite or PostgreSQL), with what the store was doing at
    /// the time.
    #[error("{context}: {source}")]
    Sqlite {
        context: String,
        #[source]
        source: super::db::Error,
    },

    /// A file-system failure outside SQLite (creating the directory, reading the header...).
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A record could not be encoded.
    #[error(transparent)]
    Codec(#[from] CodecError),

    /// A subject's record is larger than the store saves ([`super::StoreOptions::max_record_bytes`]).
    /// Nothing was written.
    #[error(
        "subject {subject} is too large to save: its record is {} and a record may hold at \
         most {}. Nothing was saved; shorten its longest texts (narratives, notes) or keep \
         long documents outside spmp",
        super::codec::size_text(*bytes),
        super::codec::size_text(*limit)
    )]
    TooLarge {
        subject: crate::domain::SubjectId,
        bytes: usize,
        limit: usize,
    },

    /// The user name or passphrase is wrong. Nothing was opened or changed.
    #[error("wrong user name or passphrase")]
    BadLogin,

    /// The account is disabled; an administrator can set a new passphrase to re-enable it.
    #[error("the account {user:?} is disabled: ask an administrator")]
    Disabled { user: String },

    /// The store has no users yet: its administrator must be created first.
    #[error(
        "the store at {path} has no users yet: create its administrator first \
         (run `spmp` in a terminal, or `spmp user add NAME --role administrator`)"
    )]
    NeedsAdministrator { path: PathBuf },

    /// The current user's role does not allow the operation. Nothing was changed.
    #[error("{message}")]
    Denied { message: String },

    /// The request was refused as it stands (a missing reason, a weak passphrase, the last
    /// administrator...). Nothing was changed.
    #[error("{message}")]
    Refused { message: String },

    /// The audit log does not check out.
    #[error("the audit log has been tampered with: {message}")]
    AuditTampered { message: String },

    /// Encryption failed (not a wrong passphrase: that is [`StoreError::BadLogin`]).
    #[error("{what}: {source}")]
    Crypto {
        what: String,
        #[source]
        source: super::crypto::CryptoError,
    },
}

fn version_text(v: Option<u64>) -> String {
    v.map_or_else(|| "no record".to_string(), |v| format!("version {v}"))
}

/// Map a SQLite error to a [`StoreError`]: lock, space and permission failures get their own
/// variants (the user can act on them); everything else keeps its context.
pub(crate) fn sqlite_error(
    err: impl Into<super::db::Error>,
    path: &Path,
    context: &str,
) -> StoreError {
    let err = err.into();
    if err.is_connection_lost() {
        return StoreError::Server {
            url: path.display().to_string(),
            problem: format!(
                "the connection to the server was lost while {context}: nothing was changed; \
                 spmp connects again by itself when the server is back"
            ),
        };
    }
    let path = path.to_path_buf();
    match err.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => StoreError::ReadOnly { path },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::NotADatabase) => StoreError::NotAStore {
            reason: "the database file is not an SQLite database".to_string(),
            path,
        },
        _ => StoreError::Sqlite {
            context: format!("{context} ({})", path.display()),
            source: err,
        },
    }
}

/// Map a file-system error: permission errors become [`StoreError::ReadOnly`].
pub(crate) fn io_error(err: std::io::Error, path: &Path) -> StoreError {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly {
                path: path.to_path_buf(),
            }
        }
        std::io::ErrorKind::StorageFull => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source: err,
        },
    }
}
