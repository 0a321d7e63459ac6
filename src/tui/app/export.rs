//! `x`: the current subject's plan or a visit sheet as a document (PDF, Markdown or text),
//! written to a file. An export is a disclosure: the form asks for the recipient and the reason,
//! and the store records them before the file is written (no entry, no file).
use std::io::Write;
use std::path::{Path, PathBuf};

use super::edit::new_form;
use super::{App, FormPurpose, FormSession, Overlay};
use crate::document::{self, Format, Meta};
use crate::domain::Permission;
use crate::domain::Subject;
use crate::domain::{ItemKind, Target};
use crate::edit::{FieldKind, FieldSpec};

/// What `x` can write, as the form's choice labels.
pub const KINDS: [&str; 5] = [
    "Plan (PDF)",
    "Plan (Markdown)",
    "Plan (text)",
    "Visit sheet (PDF)",
    "Visit sheet (text)",
];

/// The format and whether it is a visit sheet, for a [`KINDS`] label.
fn kind_of(label: &str) -> (Format, bool) {
    match KINDS.iter().position(|k| *k == label).unwrap_or(0) {
        1 => (Format::Markdown, false),
        2 => (Format::Text, false),
        3 => (Format::Pdf, true),
        4 => (Format::Text, true),
        _ => (Format::Pdf, false),
    }
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Pdf => "pdf",
        Format::Markdown => "md",
        Format::Text => "txt",
    }
}

/// Where exports go unless the user types another path: `$SPMP_EXPORT_DIR`, else the current
/// directory.
fn export_dir() -> PathBuf {
    std::env::var_os("SPMP_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `spmp-subject-12-plan-20261123` (the extension follows the chosen format).
fn default_stem(subject: &Subject, today: chrono::NaiveDate) -> String {
    format!(
        "spmp-subject-{}-plan-{}",
        subject.id,
        today.format("%Y%m%d")
    )
}

/// Write `bytes` to the new file `path` (never over an existing one): a temporary file in the
/// same directory, synced, then linked into place.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

impl App {
    /// `x`: open the export form for the selected subject (its record is opened first).
    pub(super) fn open_export(&mut self) {
        if let Err(e) = self.store.require(Permission::Disclose) {
            self.message = Some(e.to_string());
            return;
        }
        let Some(subject) = self.current().cloned() else {
            self.message = Some("No subject selected: choose one to export".into());
            return;
        };
        if !self.ensure_open() {
            return;
        }
        let file = export_dir()
            .join(format!("{}.pdf", default_stem(&subject, self.today)))
            .display()
            .to_string();
        let fields = vec![
            FieldSpec::new(
                "kind",
                "Document",
                FieldKind::Choice(KINDS.iter().map(|k| k.to_string()).collect()),
                true,
            )
            .with_help(
                "The plan for Niche, or a visit sheet (no victim details) for a visiting officer",
            ),
            FieldSpec::new("file", "File", FieldKind::Text, true)
                .with_help("A new file; its extension follows the document's format"),
            FieldSpec::new("recipient", "Recipient", FieldKind::Text, true)
                .with_help("Who receives it (recorded in the audit log)"),
            FieldSpec::new("reason", "Reason", FieldKind::Text, true)
                .with_help("Why it is disclosed (recorded in the audit log)"),
        ];
        let values = vec![KINDS[0].to_string(), file, String::new(), String::new()];
        let title = format!("Export {}", crate::text::line(&subject.display_name()));
        let form = new_form(title, fields, values, self.today);
        self.overlay = Overlay::Form(Box::new(FormSession {
            subject: Some(subject.id),
            target: Target::new_item(ItemKind::Subject, None),
            purpose: FormPurpose::Export,
            version: None,
            base: subject,
            form,
            then: Vec::new(),
        }));
    }

    /// Make the document, record the disclosure, write the file. `Ok` is the message for the
    /// status bar; `Err` says why nothing was written (the form stays open).
    pub(super) fn apply_export(
        &mut self,
        s: &FormSession,
        values: &[String],
    ) -> Result<String, String> {
        let get = |i: usize| values.get(i).map(|v| v.trim()).unwrap_or_default();
        let (format, visit) = kind_of(get(0));
        let mut path = PathBuf::from(get(1));
        if path.as_os_str().is_empty() {
            return Err("Not exported: give a file name".into());
        }
        path.set_extension(extension(format));
        if path.exists() {
            return Err(format!(
                "Not exported: {} already exists; choose another name",
                crate::text::line(&path.display().to_string())
            ));
        }
        // The record as stored now (another process may have changed it).
        let id = s.base.id;
        let subject = match self.store.load(id) {
            Ok(Some(subject)) => subject,
            Ok(None) => {
                return Err(format!(
                    "Not exported: subject {id} is no longer in the store"
                ));
            }
            Err(e) => return Err(format!("Not exported: {e}")),
        };
        let meta = Meta::new(
            &self.config,
            &self.store.actor().name,
            chrono::Local::now().naive_local(),
            self.today,
        );
        let (doc, what) = if visit {
            (
                document::visit::build(&subject, &meta, None),
                "a visit sheet",
            )
        } else {
            (document::plan::build(&subject, &meta), "the plan")
        };
        let bytes = document::render(&[doc], format)
            .map_err(|e| format!("Not exported: the document could not be made: {e}"))?;
        let audit_what = format!("Exported {what} of subject {id} as {}", format.label());
        self.store
            .record_disclosure(Some(id), &audit_what, get(2), get(3))
            .map_err(|e| format!("Not exported: {e}"))?;
        write_new(&path, &bytes).map_err(|e| {
            format!(
                "The disclosure was recorded but the file could not be written ({}): {e}",
                crate::text::line(&path.display().to_string())
            )
        })?;
        Ok(format!(
            "Wrote {what} ({}) to {}; recorded as a disclosure to {}",
            format.label(),
            crate::text::line(&path.display().to_string()),
            crate::text::line(get(2))
        ))
    }
}
