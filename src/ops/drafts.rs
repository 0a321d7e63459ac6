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
    let (drafts, faults) = store.drafts_checked()?;
    let mut unreadable: Vec<String> = faults
        .into_iter()
        .map(|f| match f {
            crate::store::StoreError::CorruptDraft { key, .. } => key,
            other => other.to_string(),
        })
        .collect();
    for d in drafts {
        match serde_json::from_slice::<DraftData>(&d.payload) {
            Ok(data) => kept.push(Kept {
                label: crate::text::line(&data.title).into_owned(),
                key: d.key,
                updated: d.updated,
                data,
            }),
            Err(_) => unreadable.push(d.key.encode()),
        }
    }
    Ok((kept, unreadable))
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

/// Drop the draft under `key` (nothing happens if there is none).
pub fn discard(store: &mut Store, key: &DraftKey) -> Result<(), OpsError> {
    Ok(store.delete_draft(key)?)
}
