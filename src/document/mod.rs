//! Documents for people outside the app: the plan for the force records system and the visit
//! sheet for a visiting officer (docs/DOCUMENTS.md).
//!
//! `model.rs` is what a document says; `plan/` and `visit.rs` build one from a subject;
//! `text.rs`, `markdown.rs` and `pdf/` lay it out. Pure: writing one out is a disclosure, and
//! `ops::export` records it in the audit log before any file is written.

pub mod governance;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod plan;
pub mod text;
pub mod visit;

use chrono::{NaiveDate, NaiveDateTime};

pub use model::{Block, Document};

use crate::domain::Policy;
use crate::domain::{Cadence, fmt_datetime};

/// The protective marking on every page.
pub const MARKING: &str = "OFFICIAL-SENSITIVE";

/// Who made a document, when, and for which unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub marking: String,
    pub unit: String,
    pub unit_phone: String,
    /// The exporting user.
    pub user: String,
    /// When the document was generated (injectable so tests are stable).
    pub generated: NaiveDateTime,
    /// The day the document describes (order status, due dates).
    pub today: NaiveDate,
    pub cadence: Cadence,
}

impl Meta {
    pub fn new(config: &Policy, user: &str, generated: NaiveDateTime, today: NaiveDate) -> Self {
        Self {
            marking: MARKING.to_string(),
            unit: config.unit_name.clone(),
            unit_phone: config.unit_phone.clone(),
            user: user.to_string(),
            generated,
            today,
            cadence: config.cadence,
        }
    }

    /// "Generated 23 Nov 2026 14:05 by tester".
    pub fn generated_line(&self) -> String {
        format!(
            "Generated {} by {}",
            fmt_datetime(self.generated),
            self.user
        )
    }
}

/// The formats a document can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Markdown,
    Text,
}

impl Format {
    /// The format a file name asks for: `.pdf`, `.md`/`.markdown`, else text.
    pub fn from_path(path: &std::path::Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pdf") => Self::Pdf,
            Some("md" | "markdown") => Self::Markdown,
            _ => Self::Text,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Markdown => "Markdown",
            Self::Text => "text",
        }
    }
}

/// Render `docs` (each starting on a new page) in `format`, with the embedded fonts only.
pub fn render(docs: &[Document], format: Format) -> Result<Vec<u8>, pdf::PdfError> {
    render_with_fonts(docs, format, &[])
}

/// Render `docs` in `format`; a PDF draws what its embedded font lacks with `fonts` (the
/// policy's `document_fonts`), tried in order.
pub fn render_with_fonts(
    docs: &[Document],
    format: Format,
    fonts: &[std::path::PathBuf],
) -> Result<Vec<u8>, pdf::PdfError> {
    match format {
        Format::Pdf => pdf::render_with_fonts(docs, fonts),
        Format::Markdown => Ok(markdown::render(docs).into_bytes()),
        Format::Text => Ok(text::render(docs).into_bytes()),
    }
}
