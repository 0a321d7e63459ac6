//! PDF: A4 pages laid out from the document model, with an embedded TrueType font (DejaVu Sans,
//! subset to the glyphs used) and a ToUnicode map, so the text can be searched and copied.
//!
//! Layout is done first into pages of drawing operations; then each page gets its header and
//! footer (marking, unit, "Page 3 of 7" within its document) and is written with `pdf-writer`.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

mod layout;

use layout::Layout;

use super::model::{Block, Check, Column, Document, Field};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 50.0;
const RIGHT: f32 = PAGE_W - 50.0;
const TOP: f32 = PAGE_H - 66.0;
const BOTTOM: f32 = 66.0;
const WIDTH: f32 = RIGHT - LEFT;

const BODY: f32 = 9.0;
const LEADING: f32 = 12.0;
const SMALL: f32 = 8.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font cannot be read: {0}")]
    Font(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        gray: f32,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<f32>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
}

struct Fonts {
    regular: Face<'static>,
    bold: Face<'static>,
}

impl Fonts {
    fn load() -> Result<Self, PdfError> {
        let parse =
            |data: &'static [u8]| Face::parse(data, 0).map_err(|e| PdfError::Font(e.to_string()));
        Ok(Self {
            regular: parse(REGULAR)?,
            bold: parse(BOLD)?,
        })
    }

    fn face(&self, w: Weight) -> &Face<'static> {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    fn glyph(&self, w: Weight, c: char) -> GlyphId {
        let face = self.face(w);
        face.glyph_index(c)
            .or_else(|| face.glyph_index('?'))
            .unwrap_or(GlyphId(0))
    }

    fn width(&self, text: &str, size: f32, w: Weight) -> f32 {
        let face = self.face(w);
        let upem = f32::from(face.units_per_em().max(1));
        text.chars()
            .map(|c| f32::from(face.glyph_hor_advance(self.glyph(w, c)).unwrap_or(0)))
            .sum::<f32>()
            * size
            / upem
    }

    /// Wrap `text` to `width` points; newlines start new lines; long words are broken.
    fn wrap(&self, text: &str, width: f32, size: f32, w: Weight) -> Vec<String> {
        let mut out = Vec::new();
        let space = self.width(" ", size, w);
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in para.split_whitespace() {
                let ww = self.width(word, size, w);
                if !line.is_empty() && line_w + space + ww <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + ww;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                if ww <= width {
                    line = word.to_string();
                    line_w = ww;
                    continue;
                }
                for c in word.chars() {
                    let cw = self.width(&c.to_string(), size, w);
                    if !line.is_empty() && line_w + cw > width {
                        out.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            out.push(line);
        }
        out
    }
}

/// One embedded font: its subset map and the first character seen for each glyph.
struct Embedded {
    remap: GlyphRemapper,
    unicode: Vec<(u16, char)>,
}

impl Embedded {
    fn new() -> Self {
        Self {
            remap: GlyphRemapper::new(),
            unicode: Vec::new(),
        }
    }

    /// The two-byte codes (new glyph ids) for `text`.
    fn encode(&mut self, fonts: &Fonts, w: Weight, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = fonts.glyph(w, c).0;
            let known = self.remap.get(old).is_some();
            let new = self.remap.remap(old);
            if !known {
                let shown = if fonts.face(w).glyph_index(c).is_some() {
                    c
                } else {
                    '?'
                };
                self.unicode.push((new, shown));
            }
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }
}

fn content(pages_ops: &[Op], fonts: &Fonts, reg: &mut Embedded, bold: &mut Embedded) -> Vec<u8> {
    let mut c = Content::new();
    for op in pages_ops {
        match op {
            Op::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(g) = fill {
                    c.set_fill_gray(*g);
                    c.rect(*x, *y, *w, *h);
                    c.fill_nonzero();
                }
                if let Some(g) = stroke {
                    c.set_stroke_gray(*g);
                    c.set_line_width(0.6);
                    c.rect(*x, *y, *w, *h);
                    c.stroke();
                }
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray,
            } => {
                c.set_stroke_gray(*gray);
                c.set_line_width(*width);
                c.move_to(*x1, *y1);
                c.line_to(*x2, *y2);
                c.stroke();
            }
            Op::Text {
                x,
                y,
                size,
                weight,
                gray,
                text,
            } => {
                let (name, codes) = match weight {
                    Weight::Regular => (Name(b"F1"), reg.encode(fonts, *weight, text)),
                    Weight::Bold => (Name(b"F2"), bold.encode(fonts, *weight, text)),
                };
                c.set_fill_gray(*gray);
                c.begin_text();
                c.set_font(name, *size);
                c.next_line(*x, *y);
                c.show(Str(&codes));
                c.end_text();
            }
        }
    }
    c.finish().into_vec()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Write one font (Type 0 over a CIDFontType2 with Identity-H, subset, with ToUnicode).
fn write_font(
    pdf: &mut Pdf,
    next: &mut impl FnMut() -> Ref,
    font_ref: Ref,
    face: &Face<'static>,
    data: &[u8],
    base: &str,
    embedded: &Embedded,
) -> Result<(), PdfError> {
    let cid_ref = next();
    let descriptor_ref = next();
    let cmap_ref = next();
    let file_ref = next();
    let name = Name(base.as_bytes());
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(font_ref)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let upem = f32::from(face.units_per_em().max(1));
    let scale = |v: f32| v * 1000.0 / upem;
    let widths: Vec<f32> = embedded
        .remap
        .remapped_gids()
        .map(|old| scale(f32::from(face.glyph_hor_advance(GlyphId(old)).unwrap_or(0))))
        .collect();
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(system)
        .font_descriptor(descriptor_ref)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor_ref)
        .name(name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(f32::from(bbox.x_min)),
            scale(f32::from(bbox.y_min)),
            scale(f32::from(bbox.x_max)),
            scale(f32::from(bbox.y_max)),
        ))
        .italic_angle(0.0)
        .ascent(scale(f32::from(face.ascender())))
        .descent(scale(f32::from(face.descender())))
        .cap_height(scale(f32::from(
            face.capital_height().unwrap_or(face.ascender()),
        )))
        .stem_v(80.0)
        .font_file2(file_ref);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    for (gid, c) in &embedded.unicode {
        cmap.pair(*gid, *c);
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_ref, cmap.as_slice())
        .name(Name(b"Custom"))
        .system_info(system);

    let subset =
        subsetter::subset(data, 0, &embedded.remap).map_err(|e| PdfError::Font(e.to_string()))?;
    let packed = deflate(&subset);
    let len = i32::try_from(subset.len()).unwrap_or(i32::MAX);
    pdf.stream(file_ref, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), len);
    Ok(())
}

/// Lay out and write `docs` as one PDF; each document starts on a new page and numbers its own
/// pages.
pub fn render(docs: &[Document]) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let mut all_pages: Vec<Vec<Op>> = Vec::new();
    for doc in docs {
        let mut layout = Layout {
            fonts: &fonts,
            pages: Vec::new(),
            y: TOP,
        };
        layout.new_page();
        layout.title(doc);
        for b in &doc.blocks {
            layout.block(b);
        }
        if doc.duplex && layout.pages.len() % 2 == 1 {
            // The back of the last sheet, so the next document starts on a new sheet.
            layout.new_page();
            let note = "This page is intentionally blank.";
            let x = (PAGE_W - fonts.width(note, BODY, Weight::Regular)) / 2.0;
            layout.text(x, PAGE_H / 2.0, BODY, Weight::Regular, 0.4, note);
        }
        let total = layout.pages.len();
        let mut pages = std::mem::take(&mut layout.pages);
        for (i, page) in pages.iter_mut().enumerate() {
            page.extend(layout.furniture(doc, i + 1, total));
        }
        all_pages.extend(pages);
    }

    let mut pdf = Pdf::new();
    let mut id = 0;
    let mut next = || {
        id += 1;
        Ref::new(id)
    };
    let catalog = next();
    let tree = next();
    let info = next();
    let regular_ref = next();
    let bold_ref = next();
    let page_refs: Vec<(Ref, Ref)> = all_pages.iter().map(|_| (next(), next())).collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_refs.len()).unwrap_or(i32::MAX));
    let title = docs
        .first()
        .map(|d| format!("{}: {}", d.title, d.subject))
        .unwrap_or_default();
    pdf.document_info(info)
        .title(TextStr(&title))
        .creator(TextStr("spmp"))
        .producer(TextStr("spmp (pdf-writer)"));

    let mut reg = Embedded::new();
    let mut bold = Embedded::new();
    for (ops, (page_ref, content_ref)) in all_pages.iter().zip(&page_refs) {
        let stream = content(ops, &fonts, &mut reg, &mut bold);
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_ref);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular_ref)
            .pair(Name(b"F2"), bold_ref);
        page.finish();
        pdf.stream(*content_ref, &deflate(&stream))
            .filter(Filter::FlateDecode);
    }
    write_font(
        &mut pdf,
        &mut next,
        regular_ref,
        &fonts.regular,
        REGULAR,
        "SPMPAA+DejaVuSans",
        &reg,
    )?;
    write_font(
        &mut pdf,
        &mut next,
        bold_ref,
        &fonts.bold,
        BOLD,
        "SPMPAB+DejaVuSans-Bold",
        &bold,
    )?;
    Ok(pdf.finish())
}
