//! The fonts of a PDF: the embedded DejaVu Sans (regular and bold) and the fallback font files
//! the unit configures (`document_fonts`), read with skrifa (read-fonts underneath, the same
//! parser the shaper uses). A character is drawn with the first font of its weight's chain that
//! has it: DejaVu Sans of that weight, then each fallback in order (fallbacks serve both
//! weights; a fallback has no bold of its own).
use std::path::{Path, PathBuf};

use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, Tag};

use super::{PdfError, Weight};

pub(super) static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// What is drawn where no font has a character: U+FFFD REPLACEMENT CHARACTER (a diamond with a
/// question mark) from DejaVu Sans. The text layer still carries the real characters
/// (`/ActualText`), so the text can be searched and copied.
pub const MISSING_MARKER: char = '\u{FFFD}';

/// The bytes of a font file: compiled in, or read from a fallback file.
#[derive(Clone)]
pub(super) enum Data {
    Static(&'static [u8]),
    Owned(std::sync::Arc<Vec<u8>>),
}

impl Data {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Data::Static(b) => b,
            Data::Owned(v) => v.as_slice(),
        }
    }
}

/// One font face: parsed for shaping and metrics, and its bytes kept for the subsetter.
pub(super) struct Face {
    pub(super) font: skrifa::Font,
    pub(super) data: Data,
    /// The face's index in its file (a collection, `.ttc`, holds several).
    pub(super) index: u32,
    /// The name in the PDF (without the subset tag).
    pub(super) name: String,
    pub(super) upem: f32,
    /// Outlines in a `CFF ` table (embedded as OpenType, CIDFontType0) rather than `glyf`.
    pub(super) cff: bool,
    pub(super) bbox: [f32; 4],
    pub(super) ascent: f32,
    pub(super) descent: f32,
    pub(super) cap_height: f32,
}

impl Face {
    fn parse(data: Data, index: u32, name: String, origin: &str) -> Result<Self, PdfError> {
        let bad = |message: &str| PdfError::Font {
            font: origin.to_string(),
            message: message.to_string(),
        };
        let raw = FontRef::from_index(data.bytes(), index).map_err(|e| bad(&e.to_string()))?;
        let cff = raw.table_data(Tag::new(b"CFF ")).is_some();
        if !cff && raw.table_data(Tag::new(b"glyf")).is_none() {
            return Err(bad(
                "it has neither TrueType (glyf) nor CFF outlines (CFF2 is not supported)",
            ));
        }
        if raw.cmap().is_err() {
            return Err(bad("it has no character map (cmap)"));
        }
        let source = match &data {
            Data::Static(b) => skrifa::font::Blob::from(*b),
            Data::Owned(v) => {
                let shared: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync> = v.clone();
                skrifa::font::Blob::from(shared)
            }
        };
        let font = skrifa::Font::new(source, index).ok_or_else(|| bad("not a font"))?;
        let m = *font.metrics();
        let upem = f32::from(m.units_per_em.max(1));
        let unit = |v: skrifa::raw::types::F48Dot16| v.to_f32() * 1000.0 / upem;
        let line = m.h_line().unwrap_or_default();
        let ascent = unit(line.ascender);
        Ok(Self {
            bbox: [
                unit(m.bounds.x_min),
                unit(m.bounds.y_min),
                unit(m.bounds.x_max),
                unit(m.bounds.y_max),
            ],
            ascent,
            descent: unit(line.descender),
            cap_height: m.cap_height.map(unit).unwrap_or(ascent),
            font,
            data,
            index,
            name,
            upem,
            cff,
        })
    }

    /// The glyph for `c`, if the face has one.
    pub(super) fn glyph(&self, c: char) -> Option<GlyphId> {
        self.font
            .charmap()
            .map_unicode(c)
            .filter(|g| g.to_u32() != 0)
    }

    /// The advance of `glyph` in thousandths of an em (the PDF's glyph space).
    pub(super) fn advance(&self, glyph: u32) -> f32 {
        self.font.glyph_metrics().h_advance(GlyphId::new(glyph)) * 1000.0 / self.upem
    }
}

/// Read a fallback font file (face 0 of a collection); an error names the file.
fn read_fallback(path: &Path) -> Result<Vec<u8>, PdfError> {
    std::fs::read(path).map_err(|e| PdfError::Font {
        font: path.display().to_string(),
        message: format!("cannot read it: {e}"),
    })
}

/// The faces of one document: 0 is DejaVu Sans, 1 DejaVu Sans Bold, then the fallbacks.
pub(super) struct Faces {
    pub(super) faces: Vec<Face>,
}

pub(super) const REGULAR_FACE: usize = 0;
pub(super) const BOLD_FACE: usize = 1;
const FIRST_FALLBACK: usize = 2;

impl Faces {
    /// The embedded faces and those of `fallbacks` (font files, read and checked now).
    pub(super) fn load(fallbacks: &[PathBuf]) -> Result<Self, PdfError> {
        let mut faces = vec![
            Face::parse(Data::Static(REGULAR), 0, "DejaVuSans".into(), "DejaVu Sans")?,
            Face::parse(
                Data::Static(BOLD),
                0,
                "DejaVuSans-Bold".into(),
                "DejaVu Sans Bold",
            )?,
        ];
        for path in fallbacks {
            let data = read_fallback(path)?;
            let name = pdf_name(path);
            let origin = path.display().to_string();
            faces.push(Face::parse(
                Data::Owned(std::sync::Arc::new(data)),
                0,
                name,
                &origin,
            )?);
        }
        Ok(Self { faces })
    }

    /// The faces tried for `weight`, in order.
    pub(super) fn chain(&self, weight: Weight) -> impl Iterator<Item = usize> + '_ {
        let first = match weight {
            Weight::Regular => REGULAR_FACE,
            Weight::Bold => BOLD_FACE,
        };
        std::iter::once(first).chain(FIRST_FALLBACK..self.faces.len())
    }

    pub(super) fn primary(weight: Weight) -> usize {
        match weight {
            Weight::Regular => REGULAR_FACE,
            Weight::Bold => BOLD_FACE,
        }
    }
}

/// A PDF name for a fallback font from its file name: letters and digits only.
fn pdf_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem.chars().filter(char::is_ascii_alphanumeric).collect();
    if name.is_empty() {
        "Fallback".into()
    } else {
        name
    }
}
