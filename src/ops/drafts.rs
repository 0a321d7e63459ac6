//! Unsaved forms, kept as drafts while the user types (so a crash or a closed terminal loses
//! nothing) and offered back when the store is next opened. What a draft holds ([`DraftData`])
//! is defined here, once; the store keeps it sealed under its typed [`DraftKey`].
use std::time::Duration;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::OpsError;
use crate::domain::{DraftKey, SignTarget, SubjectId, Target};
use crate::store::Store;

/// What a draft holds: enough to reopen the form exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftData {
    pub subject: Option<SubjectId>,
    pub target: Target,
    pub title: String,
    pub values: Vec<String>,
    /// For a review wizard: the step reached and every step's values.
    #[serde(default)]
    pub wizard: Option<(usize, Vec<Vec<String>>)>,
    /// For a sign-off form: what is being decided.
    #[serde(default)]
    pub sign_off: Option<SignTarget>,
}

/// One draft, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub key: DraftKey,
    /// The form's title, safe for a terminal.
    pub label: String,
    pub updated: NaiveDateTime,
    pub data: DraftData,
}

/// The logged-in user's drafts, oldest first, and the keys of those that could not be read
/// (kept in the store, and named so the user knows; a damaged draft never stops the others).
pub fn list(store: &Store) -> Result<(Vec<Kept>, Vec<String>), OpsError> {
    let mut kept = Vec::new();
    let mut unreadable = Vec::new();
    for d in numbered(store)? {
        match d {
            Listed::Readable(k) => kept.push(k),
            Listed::Unreadable { key, .. } => unreadable.push(key),
        }
    }
    Ok((kept, unreadable))
}

/// One of the user's drafts as `spmp drafts list` shows it: readable, or not (with why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Readable(Kept),
    /// `draft`: the draft's key when it could be read (only its form could not).
    Unreadable {
        key: String,
        problem: String,
        draft: Option<DraftKey>,
    },
}

impl Listed {
    pub fn is_unreadable(&self) -> bool {
        matches!(self, Listed::Unreadable { .. })
    }

    /// "23 Nov 2026 14:05  Edit vehicle: DOE, Jane" or "UNREADABLE review:15: why", safe for a
    /// terminal.
    pub fn line(&self) -> String {
        match self {
            Listed::Readable(k) => format!(
                "{}  {}",
                k.updated.format("%d %b %Y %H:%M"),
                crate::text::line(&k.label)
            ),
            Listed::Unreadable { key, problem, .. } => format!(
                "UNREADABLE {}: {}",
                crate::text::line(key),
                crate::text::line(problem)
            ),
        }
    }
}

/// The logged-in user's drafts, readable ones first (oldest first), then those that cannot be
/// read: the numbering `spmp drafts list` and `discard` share.
pub fn numbered(store: &Store) -> Result<Vec<Listed>, OpsError> {
    let (drafts, faults) = store.drafts_checked()?;
    let mut readable = Vec::new();
    let mut unreadable = Vec::new();
    for f in faults {
        match f {
            crate::store::StoreError::CorruptDraft { key, message } => {
                unreadable.push(Listed::Unreadable {
                    key,
                    problem: message,
                    draft: None,
                })
            }
            other => return Err(other.into()),
        }
    }
    for d in drafts {
        match serde_json::from_slice::<DraftData>(&d.payload) {
            Ok(data) => readable.push(Listed::Readable(Kept {
                label: crate::text::line(&data.title).into_owned(),
                key: d.key,
                updated: d.updated,
                data,
            })),
            Err(e) => unreadable.push(Listed::Unreadable {
                key: d.key.encode(),
                problem: format!("its form cannot be read ({e})"),
                draft: Some(d.key),
            }),
        }
    }
    readable.extend(unreadable);
    Ok(readable)
}

/// Discard one listed draft (a readable one by its key, an unreadable one by its stored text).
pub fn discard_listed(store: &mut Store, listed: &Listed) -> Result<(), OpsError> {
    match listed {
        Listed::Readable(k) => Ok(store.delete_draft(&k.key)?),
        Listed::Unreadable { draft: Some(d), .. } => Ok(store.delete_draft(d)?),
        Listed::Unreadable { key, .. } => Ok(store.delete_draft_text(key)?),
    }
}

/// Whether an opened draft's bytes are a draft this spmp can offer back.
pub fn check(payload: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<DraftData>(payload)
        .map(|_| ())
        .map_err(|e| format!("its form cannot be read ({e})"))
}

/// Keep `data` as the draft under `key`, waiting at most `wait` for another writer (a draft
/// written while the user types must never stall the screen; a busy store is tried again later).
pub fn keep(
    store: &mut Store,
    key: &DraftKey,
    data: &DraftData,
    wait: Duration,
) -> Result<(), OpsError> {
    let bytes = serde_json::to_vec(data).map_err(|e| OpsError::refused(e.to_string()))?;
    Ok(store.put_draft_within(key, &bytes, wait)?)
}

/// Write to the server the drafts kept on this workstation while it could not be reached;
/// how many were written.
pub fn save_kept_offline(store: &mut Store) -> Result<usize, OpsError> {
    Ok(store.save_offline_drafts()?)
}

/// Drop the draft under `key` (nothing happens if there is none).
pub fn discard(store: &mut Store, key: &DraftKey) -> Result<(), OpsError> {
    Ok(store.delete_draft(key)?)
}
