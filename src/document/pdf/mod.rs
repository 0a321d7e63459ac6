//! PDF: A4 pages laid out from the document model, with embedded TrueType/OpenType fonts (DejaVu
//! Sans, and the unit's fallback fonts for scripts it lacks), each subset to the glyphs used and
//! given a ToUnicode map, so the text can be searched and copied.
//!
//! Text is shaped (`shape.rs`: harfrust, unicode-bidi, a font per cluster from `fonts.rs`), so
//! glyphs, advances and order are the shaper's: Arabic joins and runs right to left, Chinese
//! comes from a fallback font. Layout is done first into pages of drawing operations; then each
//! page gets its header and footer (marking, unit, "Page 3 of 7" within its document) and is
//! written with `pdf-writer`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

mod fonts;
mod layout;
mod shape;

pub use fonts::MISSING_MARKER;
use fonts::{Face, Faces};
use layout::Layout;
use shape::{Cluster, Shaped, Shaper};

use super::model::{Block, Check, Column, Document, Field};

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
    /// An embedded or fallback font that cannot be read, parsed or subset; `font` names it (the
    /// file, for a fallback).
    #[error("the font {font} cannot be used: {message}")]
    Font { font: String, message: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// The faces of a document and the text shaped with them (each distinct string once).
struct Fonts {
    faces: Faces,
    shaper: RefCell<Shaper>,
    shaped: RefCell<HashMap<(Weight, String), Rc<Shaped>>>,
}

impl Fonts {
    fn load(fallbacks: &[PathBuf]) -> Result<Self, PdfError> {
        Ok(Self {
            faces: Faces::load(fallbacks)?,
            shaper: RefCell::new(Shaper::default()),
            shaped: RefCell::new(HashMap::new()),
        })
    }

    /// `text` (one line) shaped in `w`.
    fn shape(&self, text: &str, w: Weight) -> Rc<Shaped> {
        let key = (w, text.to_string());
        if let Some(done) = self.shaped.borrow().get(&key) {
            return Rc::clone(done);
        }
        let done = Rc::new(self.shaper.borrow_mut().line(&self.faces, text, w));
        self.shaped.borrow_mut().insert(key, Rc::clone(&done));
        done
    }

    /// The width of `text` (one line) in points, as shaped.
    fn width(&self, text: &str, size: f32, w: Weight) -> f32 {
        self.shape(text, w).width * size / 1000.0
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

/// One embedded face: its subset map and the text each glyph stands for in the ToUnicode map
/// (the first text seen; a glyph seen again for other text is given `/ActualText`).
struct Embedded {
    remap: GlyphRemapper,
    unicode: HashMap<u16, String>,
    used: bool,
}

impl Embedded {
    fn new() -> Self {
        Self {
            remap: GlyphRemapper::new(),
            unicode: HashMap::new(),
            used: false,
        }
    }

    /// The new glyph id of `old` in the subset.
    fn code(&mut self, old: u16) -> u16 {
        self.used = true;
        self.remap.remap(old)
    }

    /// Whether the ToUnicode map says what `cluster` is (mapping its glyphs if they are new);
    /// if not, the cluster needs `/ActualText`. A cluster of one glyph maps to its text; one of
    /// a glyph per character (a letter and its marks) maps glyph by glyph, the glyphs being in
    /// visual order (reversed in a right-to-left run). A marker maps to itself.
    fn maps(&mut self, cluster: &Cluster) -> bool {
        let chars: Vec<char> = cluster.text.chars().collect();
        let pairs: Vec<(u16, String)> = match cluster.glyphs.as_slice() {
            [glyph] if cluster.missing => vec![(glyph.id, MISSING_MARKER.to_string())],
            [glyph] => vec![(glyph.id, cluster.text.clone())],
            glyphs if glyphs.len() == chars.len() => {
                let order: Box<dyn Iterator<Item = &char>> = if cluster.rtl {
                    Box::new(chars.iter().rev())
                } else {
                    Box::new(chars.iter())
                };
                glyphs
                    .iter()
                    .zip(order)
                    .map(|(g, c)| (g.id, c.to_string()))
                    .collect()
            }
            _ => return false,
        };
        let pairs: Vec<(u16, String)> = pairs
            .into_iter()
            .map(|(old, text)| (self.code(old), text))
            .collect();
        let agree = pairs
            .iter()
            .all(|(new, text)| self.unicode.get(new).is_none_or(|t| t == text));
        if agree {
            for (new, text) in pairs {
                self.unicode.entry(new).or_insert(text);
            }
        }
        agree && !cluster.missing
    }
}

/// Draw one line of shaped text with its baseline starting at (`x`, `y`).
#[allow(clippy::too_many_arguments)]
fn show(
    c: &mut Content,
    fonts: &Fonts,
    embedded: &mut [Embedded],
    (x, y): (f32, f32),
    size: f32,
    weight: Weight,
    gray: f32,
    text: &str,
) {
    let shaped = fonts.shape(text, weight);
    let k = size / 1000.0;
    c.set_fill_gray(gray);
    c.begin_text();
    let mut font = None;
    let mut pen = x;
    // Where the PDF's own advances leave the next glyph; `None` after a raised or lowered one.
    let mut at: Option<f32> = None;
    let mut pending = Pending::default();
    let flush = |c: &mut Content, pending: &mut Pending| pending.flush(c);
    for cluster in &shaped.clusters {
        let face: &Face = &fonts.faces.faces[cluster.face];
        let Some(emb) = embedded.get_mut(cluster.face) else {
            continue;
        };
        if font != Some(cluster.face) {
            flush(c, &mut pending);
            c.set_font(Name(font_name(cluster.face).as_bytes()), size);
            font = Some(cluster.face);
        }
        let actual = !emb.maps(cluster);
        if actual {
            flush(c, &mut pending);
            c.begin_marked_content_with_properties(Name(b"Span"))
                .properties()
                .actual_text(TextStr(&cluster.text));
        }
        for g in &cluster.glyphs {
            let gx = pen + g.dx * k;
            match at {
                Some(a) if g.dy == 0.0 => {
                    // Kerning and the like: a TJ adjustment (thousandths of an em, leftwards).
                    if (a - gx).abs() > 0.001 {
                        pending.adjust((a - gx) / k);
                    }
                }
                _ => {
                    flush(c, &mut pending);
                    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, gx, y + g.dy * k]);
                }
            }
            pending.glyph(emb.code(g.id));
            at = (g.dy == 0.0).then(|| gx + face.advance(u32::from(g.id)) * k);
            pen += g.advance * k;
        }
        if actual {
            flush(c, &mut pending);
            c.end_marked_content();
        }
    }
    flush(c, &mut pending);
    c.end_text();
}

/// Glyph codes waiting to be shown with one `Tj` (or `TJ`, with adjustments between them).
#[derive(Default)]
struct Pending {
    items: Vec<(Vec<u8>, f32)>,
}

impl Pending {
    fn glyph(&mut self, code: u16) {
        match self.items.last_mut() {
            Some((codes, adjust)) if *adjust == 0.0 => codes.extend_from_slice(&code.to_be_bytes()),
            _ => self.items.push((code.to_be_bytes().to_vec(), 0.0)),
        }
    }

    /// Move the next glyph `amount` thousandths of an em to the left (right if negative).
    fn adjust(&mut self, amount: f32) {
        match self.items.last_mut() {
            Some((_, adjust)) => *adjust += amount,
            None => self.items.push((Vec::new(), amount)),
        }
    }

    fn flush(&mut self, c: &mut Content) {
        match self.items.as_slice() {
            [] => {}
            [(codes, _)] => {
                c.show(Str(codes));
            }
            items => {
                let mut op = c.show_positioned();
                let mut list = op.items();
                for (codes, adjust) in items {
                    list.show(Str(codes));
                    if *adjust != 0.0 {
                        list.adjust(*adjust);
                    }
                }
            }
        }
        self.items.clear();
    }
}

/// The resource name of face `i`.
fn font_name(i: usize) -> String {
    format!("F{}", i + 1)
}

fn content(ops: &[Op], fonts: &Fonts, embedded: &mut [Embedded]) -> Vec<u8> {
    let mut c = Content::new();
    for op in ops {
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
            } => show(
                &mut c,
                fonts,
                embedded,
                (*x, *y),
                *size,
                *weight,
                *gray,
                text,
            ),
        }
    }
    c.finish().into_vec()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Write one font (Type 0 over a CID font with Identity-H, subset, with ToUnicode).
fn write_font(
    pdf: &mut Pdf,
    next: &mut impl FnMut() -> Ref,
    font_ref: Ref,
    face: &Face,
    tag: &str,
    embedded: &Embedded,
) -> Result<(), PdfError> {
    let cid_ref = next();
    let descriptor_ref = next();
    let cmap_ref = next();
    let file_ref = next();
    let base = format!("{tag}+{}", face.name);
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

    let widths: Vec<f32> = embedded
        .remap
        .remapped_gids()
        .map(|old| face.advance(u32::from(old)))
        .collect();
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(if face.cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(name)
    .system_info(system)
    .font_descriptor(descriptor_ref)
    .default_width(0.0);
    if !face.cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths().consecutive(0, widths);
    cid.finish();

    let [x0, y0, x1, y1] = face.bbox;
    let mut descriptor = pdf.font_descriptor(descriptor_ref);
    descriptor
        .name(name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(0.0)
        .ascent(face.ascent)
        .descent(face.descent)
        .cap_height(face.cap_height)
        .stem_v(80.0);
    if face.cff {
        descriptor.font_file3(file_ref);
    } else {
        descriptor.font_file2(file_ref);
    }
    descriptor.finish();

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    let mut mapped: Vec<(&u16, &String)> = embedded.unicode.iter().collect();
    mapped.sort();
    for (gid, text) in mapped {
        cmap.pair_with_multiple(*gid, text.chars());
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_ref, cmap.as_slice())
        .name(Name(b"Custom"))
        .system_info(system);

    let subset =
        subsetter::subset(face.data.bytes(), face.index, &embedded.remap).map_err(|e| {
            PdfError::Font {
                font: face.name.clone(),
                message: format!("cannot be subset: {e}"),
            }
        })?;
    let packed = deflate(&subset);
    let mut stream = pdf.stream(file_ref, &packed);
    stream.filter(Filter::FlateDecode);
    if face.cff {
        stream.pair(Name(b"Subtype"), Name(b"OpenType"));
    } else {
        let len = i32::try_from(subset.len()).unwrap_or(i32::MAX);
        stream.pair(Name(b"Length1"), len);
    }
    Ok(())
}

/// Lay out and write `docs` as one PDF with the embedded fonts only.
pub fn render(docs: &[Document]) -> Result<Vec<u8>, PdfError> {
    render_with_fonts(docs, &[])
}

/// Lay out and write `docs` as one PDF; each document starts on a new page and numbers its own
/// pages. `fallbacks` are font files tried in order for characters DejaVu Sans lacks; one that
/// cannot be read or used is an error naming it.
pub fn render_with_fonts(docs: &[Document], fallbacks: &[PathBuf]) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load(fallbacks)?;
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

    // The content first: which faces are used is known only once every page is drawn.
    let mut embedded: Vec<Embedded> = fonts.faces.faces.iter().map(|_| Embedded::new()).collect();
    let streams: Vec<Vec<u8>> = all_pages
        .iter()
        .map(|ops| content(ops, &fonts, &mut embedded))
        .collect();

    let mut pdf = Pdf::new();
    let mut id = 0;
    let mut next = || {
        id += 1;
        Ref::new(id)
    };
    let catalog = next();
    let tree = next();
    let info = next();
    let font_refs: Vec<Option<Ref>> = embedded.iter().map(|e| e.used.then(&mut next)).collect();
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

    for (stream, (page_ref, content_ref)) in streams.iter().zip(&page_refs) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_ref);
        let mut resources = page.resources();
        let mut dict = resources.fonts();
        for (i, r) in font_refs.iter().enumerate() {
            if let Some(r) = r {
                dict.pair(Name(font_name(i).as_bytes()), *r);
            }
        }
        dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_ref, &deflate(stream))
            .filter(Filter::FlateDecode);
    }
    for (i, ((face, emb), r)) in fonts
        .faces
        .faces
        .iter()
        .zip(&embedded)
        .zip(&font_refs)
        .enumerate()
    {
        if let Some(r) = r {
            write_font(&mut pdf, &mut next, *r, face, &subset_tag(i), emb)?;
        }
    }
    Ok(pdf.finish())
}

/// The six-letter subset tag of face `i` (SPMPAA, SPMPAB, ...).
fn subset_tag(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!("SPMP{}{}", letter(i / 26), letter(i))
}

#[cfg(test)]
mod tests;
