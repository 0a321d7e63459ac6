//! The application layer: one function per use case, below every screen and command line.
//!
//! Each use case takes the unlocked [`Store`](crate::store::Store) and typed input and returns a
//! typed outcome or an [`OpsError`] whose message can be shown as it is. Its path is always the
//! same: parse the input (`edit`), apply the domain rule (`domain`, or the rule file here), commit
//! in one store transaction, and decide the words the audit log and the history record. The TUI
//! (`tui/`) and every CLI command (`commands/`) call only this layer, so they cannot disagree
//! about a rule, a permission or what is recorded.
//!
//! | file | use cases |
//! |---|---|
//! | [`access`] | who may do what (the courtesy check before a form), opening a record (the consultation and its reason), the idle lock's passphrase check, reading the history and the audit trail |
//! | [`caseload`] | loading every subject, the triage queue, the unit's figures (archived subjects left out) |
//! | [`item`] | the form of an item, saving it (parse, apply, domain rules, commit), creating a subject, deleting an item |
//! | [`merge`] | no lost update: a save that meets a newer version is merged field by field, conflicts returned for the user to choose |
//! | [`breach`] | THE breach rule: a breach raises re-assessment and brings the review forward |
//! | [`review`] | starting and recording a compliance review, and the breach forms it leads to |
//! | [`sign_off`] | what awaits the user's sign-off, and approving or returning it |
//! | [`undo`] | undoing and redoing this session's changes (what a step would change, so the screen can ask first) |
//! | [`drafts`] | keeping, listing and discarding unsaved forms |
//! | [`export`] | THE export rule: build, render, record the disclosure, then write (never over a file) |
//! | [`import`] | interchange JSON and tracker CSV, all or nothing |
//! | [`retention`] | archiving and erasing |
//! | [`mistakes`] | deleting a subject created in error (within policy's window), archiving it instead, merging two records of one person |
//! | [`users`] | the first administrator, adding users, passphrases, disabling, listing |
//! | [`admin`] | verifying the store and the audit chain, backup and restore |
//! | [`files`] | the one way files are written: atomically, and never over an existing one unless asked |
pub mod access;
pub mod admin;
pub mod breach;
pub mod caseload;
pub mod drafts;
mod error;
pub mod export;
pub mod files;
pub mod governance;
pub mod import;
pub mod item;
pub mod merge;
pub mod mistakes;
pub mod offline;
pub mod retention;
pub mod review;
pub mod screening;
pub mod sign_off;
pub mod undo;
pub mod users;

#[cfg(test)]
mod tests;

pub use error::OpsError;

use crate::domain::Subject;

/// A change that was committed: the subject as saved, the revision it is now at, and what was
/// done in words (the summary the history and the audit log recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub subject: Subject,
    pub version: u64,
    pub summary: String,
    /// Set when the save was merged onto someone else's ([`merge`]): what it was committed
    /// against and what of theirs was kept.
    pub merged: Option<Box<merge::Rebased>>,
}
