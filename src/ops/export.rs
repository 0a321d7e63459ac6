//! THE export rule: anything that leaves the store is a disclosure. Every export (a plan or a
//! visit sheet from the TUI's `x` or `spmp export`, a batch of visit sheets, the whole store as
//! JSON, the audit log) goes through this file and in this order:
//!
//! 1. the recipient and the reason are required, and a file that exists is refused unless it may
//!    be replaced, before anything else happens;
//! 2. the documents are built from the records as stored now and rendered;
//! 3. the disclosure is recorded in the audit log (one entry per subject, all in one transaction):
//!    no entry, no export;
//! 4. only then is the file written (atomically, never over a file that appeared meanwhile), or
//!    the bytes handed back for standard output.
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use super::OpsError;
use super::files::{self, Existing};
use crate::document::{self, Document, Format, Meta};
use crate::domain::{Permission, Policy, SubjectId};
use crate::store::Store;

/// Who receives an export and why: both recorded with it.
#[derive(Debug, Clone, Copy)]
pub struct Disclosure<'a> {
    pub recipient: &'a str,
    pub reason: &'a str,
}

/// Where an export goes.
#[derive(Debug, Clone, Copy)]
pub enum Output<'a> {
    /// A file (refused if it exists, unless [`Existing::Replace`]).
    File(&'a Path, Existing),
    /// Back to the caller (standard output).
    Bytes,
}

/// What was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The bytes, for [`Output::Bytes`]; empty once written to a file.
    pub bytes: Vec<u8>,
    /// The file written, if any.
    pub path: Option<PathBuf>,
    /// How many documents (or entries) it holds.
    pub count: usize,
    /// "the plan", "a visit sheet", "visit sheets", "the whole store", "the audit log".
    pub what: String,
    /// Records left out because they cannot be read (named in the audit entry too).
    pub left_out: Vec<crate::store::Unreadable>,
}

/// What kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// The whole plan, for the force records system.
    Plan,
    /// A visit sheet for a visiting officer: no victim details.
    VisitSheet,
}

/// Which subjects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// One subject.
    Subject(SubjectId),
    /// Visit sheets for every subject due a visit within the days given, grouped by area, after
    /// a cover list.
    VisitsDue(u32),
}

/// A request for documents.
#[derive(Debug, Clone, Copy)]
pub struct DocumentRequest {
    pub which: Which,
    pub kind: DocKind,
    pub format: Format,
    /// The generation time printed on every page.
    pub generated: NaiveDateTime,
    pub today: NaiveDate,
}

/// Check the recipient, the reason and the output before anything is made or recorded.
pub(super) fn precheck(
    store: &Store,
    permission: Permission,
    to: &Disclosure<'_>,
    output: Output<'_>,
) -> Result<(), OpsError> {
    store.require(permission)?;
    if to.recipient.trim().is_empty() {
        return Err(OpsError::refused(
            "the recipient is required: say who receives it",
        ));
    }
    if to.reason.trim().is_empty() {
        return Err(OpsError::refused(
            "the reason for the disclosure is required",
        ));
    }
    if let Output::File(path, existing) = output {
        if path.as_os_str().is_empty() {
            return Err(OpsError::refused("give a file name"));
        }
        files::check(path, existing)?;
    }
    Ok(())
}

/// Hand the bytes back or write the file: the last step, after the disclosure is recorded.
pub(super) fn deliver(
    bytes: Vec<u8>,
    output: Output<'_>,
    count: usize,
    what: &str,
) -> Result<Exported, OpsError> {
    match output {
        Output::Bytes => Ok(Exported {
            bytes,
            path: None,
            count,
            what: what.to_string(),
            left_out: Vec::new(),
        }),
        Output::File(path, existing) => {
            files::write(path, &bytes, existing).map_err(after_disclosure)?;
            Ok(Exported {
                bytes: Vec::new(),
                path: Some(path.to_path_buf()),
                count,
                what: what.to_string(),
                left_out: Vec::new(),
            })
        }
    }
}

/// A plan or visit sheet(s) for `to`. `progress(done, total)` is called while a batch is made.
/// A batch with no visit due exports nothing and records nothing (`count` 0).
pub fn documents(
    store: &mut Store,
    policy: &Policy,
    req: &DocumentRequest,
    to: &Disclosure<'_>,
    output: Output<'_>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Exported, OpsError> {
    precheck(store, Permission::Disclose, to, output)?;
    let meta = Meta::new(policy, &store.actor().name, req.generated, req.today);
    let visit = req.kind == DocKind::VisitSheet;
    // (subject, what the audit entry says, the document)
    let mut made: Vec<(SubjectId, String, Document)> = Vec::new();
    let mut cover = None;
    let mut left_out = Vec::new();
    let what;
    match req.which {
        Which::Subject(id) => {
            let subject = store.load(id)?.ok_or_else(|| {
                OpsError::refused(format!("there is no subject {id} in the store"))
            })?;
            let (doc, kind) = if visit {
                (
                    document::visit::build(&subject, &meta, None),
                    "a visit sheet",
                )
            } else {
                (document::plan::build(&subject, &meta), "the plan")
            };
            what = kind.to_string();
            let entry = format!("Exported {kind} of subject {id} as {}", req.format.label());
            made.push((id, entry, doc));
        }
        Which::VisitsDue(days) => {
            what = "visit sheets".to_string();
            let (subjects, unreadable) = store.load_all_checked()?;
            left_out = unreadable;
            let due_list = document::visit::visits_due(&subjects, policy, req.today, days);
            cover = Some(document::visit::cover(&subjects, &due_list, &meta, days));
            let total = due_list.len() as u64;
            for (n, due) in due_list.into_iter().enumerate() {
                progress(n as u64, total);
                let Some(s) = subjects.get(due.subject) else {
                    continue;
                };
                let entry = format!(
                    "Exported a visit sheet of subject {} as {} (visits due within {days} days, \
                     area {})",
                    s.id,
                    req.format.label(),
                    due.area
                );
                made.push((s.id, entry, document::visit::build(s, &meta, Some(&due))));
            }
            progress(total, total);
        }
    }
    if made.is_empty() {
        return Ok(Exported {
            bytes: Vec::new(),
            path: None,
            count: 0,
            what,
            left_out,
        });
    }
    // A batch starts with the list of visits by area.
    let docs: Vec<Document> = cover
        .into_iter()
        .chain(made.iter().map(|(_, _, d)| d.clone()))
        .collect();
    let bytes = document::render_with_fonts(&docs, req.format, &policy.document_fonts)
        .map_err(|e| OpsError::refused(format!("the document could not be made: {e}")))?;
    let entries: Vec<_> = made
        .iter()
        .map(|(id, entry, _)| (Some(*id), entry.clone()))
        .collect();
    store.record_disclosures(&entries, to.recipient, to.reason)?;
    let mut done = deliver(bytes, output, docs.len(), &what)?;
    done.left_out = left_out;
    Ok(done)
}

/// The whole store as interchange JSON. To a file, the subjects are read, decoded and written
/// one at a time into a temporary file beside it (memory does not grow with the store); the
/// disclosure is recorded before the file takes its name (before anything is written, for a
/// pipe or a device).
///
/// `progress(done, total)` is called as subjects are written. A record that cannot be read is
/// left out (and said so), never stopping the rest.
pub fn store_json(
    store: &mut Store,
    to: &Disclosure<'_>,
    output: Output<'_>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Exported, OpsError> {
    precheck(store, Permission::Disclose, to, output)?;
    let Output::File(path, existing) = output else {
        let mut bytes = Vec::new();
        let mut done = store_json_to(store, to, &mut bytes, progress)?;
        done.bytes = bytes;
        return Ok(done);
    };
    let mut staged = files::Staged::open(path, existing)?;
    let through = staged.writes_through();
    if through {
        record_whole_store_first(store, to)?;
    }
    let written = write_store_json(store, staged.writer(), progress);
    let (count, left_out) = staged.io(written)?;
    if !through {
        store.record_disclosure(
            None,
            &whole_store_entry(count, &left_out),
            to.recipient,
            to.reason,
        )?;
    }
    staged.persist().map_err(after_disclosure)?;
    Ok(Exported {
        bytes: Vec::new(),
        path: Some(path.to_path_buf()),
        count,
        what: "the whole store".to_string(),
        left_out,
    })
}

/// The whole store as interchange JSON written into `out` as it is read (standard output when
/// it is not a terminal): nothing can be held back from a stream, so the disclosure is
/// recorded first, as the summaries count the store.
pub fn store_json_to(
    store: &mut Store,
    to: &Disclosure<'_>,
    out: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Exported, OpsError> {
    precheck(store, Permission::Disclose, to, Output::Bytes)?;
    record_whole_store_first(store, to)?;
    let (count, left_out) = write_store_json(store, out, progress)
        .and_then(|done| out.flush().map(|()| done))
        .map_err(|source| {
            after_disclosure(OpsError::Io {
                what: "the export could not be written".to_string(),
                source,
            })
        })?;
    Ok(Exported {
        bytes: Vec::new(),
        path: None,
        count,
        what: "the whole store".to_string(),
        left_out,
    })
}

/// Record the disclosure of the whole store before a byte is written (counted from the
/// summaries).
fn record_whole_store_first(store: &mut Store, to: &Disclosure<'_>) -> Result<(), OpsError> {
    // Counted one summary at a time: none kept.
    let (readable, unreadable) = store.map_summaries(&|_| Some(()))?;
    let entry = whole_store_entry(readable.len(), &unreadable);
    store.record_disclosure(None, &entry, to.recipient, to.reason)?;
    Ok(())
}

/// Write every readable subject into `out`, one at a time; returns how many were written and
/// the records left out.
fn write_store_json(
    store: &Store,
    out: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(u64, u64),
) -> std::io::Result<(usize, Vec<crate::store::Unreadable>)> {
    let total = store.count().map_err(std::io::Error::other)?;
    let mut count = 0usize;
    let mut left_out = Vec::new();
    // Each subject's text is made on the decoding threads; this one writes them in order.
    crate::interchange::write_json_elements(out, &mut |each| {
        left_out = store
            .each_subject_mapped(
                &|s| crate::interchange::json_element(&s).map_err(|e| e.to_string()),
                &mut |element| {
                    count += 1;
                    progress(count as u64, total);
                    each(&element)
                },
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    })?;
    progress(total, total);
    Ok((count, left_out))
}

/// A write that failed after its disclosure was recorded says so (the audit log keeps it).
fn after_disclosure(e: OpsError) -> OpsError {
    match e {
        OpsError::Io { what, source } => OpsError::Io {
            what: format!("The disclosure was recorded but {what}"),
            source,
        },
        other => other,
    }
}

/// The audit entry of a whole-store export of `count` subjects, naming any left out.
fn whole_store_entry(count: usize, left_out: &[crate::store::Unreadable]) -> String {
    let mut entry = format!("Exported the whole store ({count} subjects) as JSON");
    if let Some(w) = super::caseload::unreadable_warning(left_out) {
        entry.push_str(&format!("; {w}"));
    }
    entry
}

/// The audit log's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Csv,
    Json,
}

/// The whole audit log, for an auditor (supervisors and administrators). The export is itself
/// recorded first, and so appears in what it writes.
pub fn audit_log(
    store: &mut Store,
    format: LogFormat,
    to: &Disclosure<'_>,
    output: Output<'_>,
) -> Result<Exported, OpsError> {
    precheck(store, Permission::ViewAudit, to, output)?;
    store.record_audit_export(to.recipient, to.reason)?;
    let entries = store.audit_log()?;
    let text = match format {
        LogFormat::Csv => crate::report::audit::csv(&entries),
        LogFormat::Json => crate::report::audit::json(&entries),
    };
    deliver(text.into_bytes(), output, entries.len(), "the audit log")
}
