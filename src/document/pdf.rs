//! PDF: A4 pages laid out from the document model, with an embedded TrueType font (DejaVu Sans,
//! subset to the glyphs used) and a ToUnicode map, so the text can be searched and copied.
//!
//! Layout is done first into pages of drawing operations; then each page gets its header and
//! footer (marking, unit, "Page 3 of 7" within its document) and is written with `pdf-writer`.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use super::model::{Block, Check, Column, Document, Field};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

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

/// Lays blocks out into pages.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl<'f> Layout<'f> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn at_top(&self) -> bool {
        self.y >= TOP - 0.5
    }

    /// Start a new page unless `h` points fit above the bottom margin.
    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, weight: Weight, gray: f32, text: &str) {
        if !text.is_empty() {
            self.push(Op::Text {
                x,
                y: baseline,
                size,
                weight,
                gray,
                text: text.to_string(),
            });
        }
    }

    fn rule(&mut self, y: f32, width: f32, gray: f32) {
        self.push(Op::Line {
            x1: LEFT,
            y1: y,
            x2: RIGHT,
            y2: y,
            width,
            gray,
        });
    }

    /// Wrapped lines at `x`, `width` wide, breaking across pages as needed.
    fn lines(&mut self, text: &str, x: f32, width: f32, size: f32, weight: Weight, gray: f32) {
        let leading = size * 1.35;
        for line in self.fonts.wrap(text, width, size, weight) {
            self.ensure(leading);
            self.text(x, self.y - size, size, weight, gray, &line);
            self.y -= leading;
        }
    }

    fn title(&mut self, doc: &Document) {
        self.y -= 4.0;
        self.text(LEFT, self.y - 16.0, 16.0, Weight::Bold, 0.0, &doc.title);
        self.y -= 24.0;
        self.lines(&doc.subject, LEFT, WIDTH, 12.0, Weight::Bold, 0.0);
        self.y -= 2.0;
        self.lines(
            &format!("{}  |  {}", doc.unit, doc.generated),
            LEFT,
            WIDTH,
            SMALL + 0.5,
            Weight::Regular,
            0.25,
        );
        if !doc.handling.is_empty() {
            self.y -= 4.0;
            let lines = self
                .fonts
                .wrap(&doc.handling, WIDTH - 12.0, SMALL, Weight::Regular);
            let h = lines.len() as f32 * SMALL * 1.35 + 8.0;
            self.push(Op::Rect {
                x: LEFT,
                y: self.y - h,
                w: WIDTH,
                h,
                fill: Some(0.93),
                stroke: Some(0.6),
            });
            self.y -= 4.0;
            self.lines(
                &doc.handling,
                LEFT + 6.0,
                WIDTH - 12.0,
                SMALL,
                Weight::Regular,
                0.1,
            );
            self.y -= 4.0;
        }
        self.y -= 6.0;
    }

    fn heading(&mut self, level: u8, text: &str) {
        if level == 1 {
            // Keep a heading with the start of what follows it.
            self.ensure(70.0);
            if !self.at_top() {
                self.y -= 8.0;
            }
            let h = 17.0;
            self.push(Op::Rect {
                x: LEFT,
                y: self.y - h,
                w: WIDTH,
                h,
                fill: Some(0.82),
                stroke: None,
            });
            self.text(LEFT + 5.0, self.y - 12.5, 11.0, Weight::Bold, 0.0, text);
            self.y -= h + 7.0;
        } else {
            self.ensure(50.0);
            if !self.at_top() {
                self.y -= 4.0;
            }
            self.lines(text, LEFT, WIDTH, 10.0, Weight::Bold, 0.0);
            self.rule(self.y + 1.5, 0.5, 0.55);
            self.y -= 5.0;
        }
    }

    fn fields(&mut self, fields: &[Field], x: f32) {
        let key_w = 118.0_f32.min((RIGHT - x) / 3.0);
        for f in fields {
            let values = self
                .fonts
                .wrap(&f.value, RIGHT - x - key_w, BODY, Weight::Regular);
            let keys = self
                .fonts
                .wrap(&f.key, key_w - 6.0, BODY - 0.5, Weight::Bold);
            for i in 0..values.len().max(keys.len()) {
                self.ensure(LEADING);
                if let Some(k) = keys.get(i) {
                    self.text(x, self.y - BODY, BODY - 0.5, Weight::Bold, 0.3, k);
                }
                if let Some(v) = values.get(i) {
                    self.text(x + key_w, self.y - BODY, BODY, Weight::Regular, 0.0, v);
                }
                self.y -= LEADING;
            }
            self.y -= 1.5;
        }
    }

    fn column_widths(&self, columns: &[Column], rows: &[Vec<String>]) -> Vec<f32> {
        let pad = 8.0;
        let natural: Vec<f32> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cells = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .flat_map(|cell| cell.split('\n'))
                    .map(|l| self.fonts.width(l, SMALL + 0.5, Weight::Regular))
                    .fold(0.0, f32::max);
                cells.max(self.fonts.width(&c.title, SMALL, Weight::Bold)) + pad
            })
            .collect();
        if natural.iter().sum::<f32>() <= WIDTH {
            // Spread the spare width by weight, so tables span the page like a form.
            let spare = WIDTH - natural.iter().sum::<f32>();
            let weight: f32 = columns.iter().map(|c| f32::from(c.weight)).sum();
            return natural
                .iter()
                .zip(columns)
                .map(|(n, c)| n + spare * f32::from(c.weight) / weight)
                .collect();
        }
        let mut widths = vec![0.0; columns.len()];
        let mut fixed = vec![false; columns.len()];
        loop {
            let left: f32 = WIDTH
                - widths
                    .iter()
                    .zip(&fixed)
                    .filter(|(_, f)| **f)
                    .map(|(w, _)| *w)
                    .sum::<f32>();
            let weight: f32 = columns
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| !**f)
                .map(|(c, _)| f32::from(c.weight))
                .sum();
            let mut changed = false;
            for (i, c) in columns.iter().enumerate() {
                if fixed[i] {
                    continue;
                }
                let share = left * f32::from(c.weight) / weight.max(1.0);
                // Short columns (dates, statuses) keep their natural width.
                if natural[i] <= share || natural[i] <= 72.0 {
                    widths[i] = natural[i];
                    fixed[i] = true;
                    changed = true;
                } else {
                    widths[i] = share.max(30.0);
                }
            }
            if !changed {
                break;
            }
        }
        widths
    }

    fn table_row(
        &mut self,
        widths: &[f32],
        cells: &[Vec<String>],
        size: f32,
        weight: Weight,
        fill: Option<f32>,
    ) {
        let leading = size * 1.3;
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = height as f32 * leading + 5.0;
        self.push(Op::Rect {
            x: LEFT,
            y: self.y - h,
            w: WIDTH,
            h,
            fill,
            stroke: None,
        });
        let mut x = LEFT;
        for (cell, w) in cells.iter().zip(widths) {
            for (i, l) in cell.iter().enumerate() {
                let base = self.y - 3.0 - size - i as f32 * leading;
                self.text(x + 4.0, base, size, weight, 0.0, l);
            }
            self.push(Op::Rect {
                x,
                y: self.y - h,
                w: *w,
                h,
                fill: None,
                stroke: Some(0.55),
            });
            x += w;
        }
        self.y -= h;
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let widths = self.column_widths(columns, rows);
        let size = SMALL + 0.5;
        let leading = size * 1.3;
        let header: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.fonts.wrap(&c.title, w - 8.0, SMALL, Weight::Bold))
            .collect();
        let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * SMALL * 1.3 + 5.0;
        self.ensure(header_h + leading + 5.0);
        self.table_row(&widths, &header, SMALL, Weight::Bold, Some(0.9));
        for row in rows {
            let mut cells: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| self.fonts.wrap(c, w - 8.0, size, Weight::Regular))
                .collect();
            let mut fresh = false;
            loop {
                let tall = cells.iter().map(Vec::len).max().unwrap_or(1);
                let room = ((self.y - BOTTOM - 5.0) / leading).floor().max(0.0) as usize;
                let full_page = ((TOP - BOTTOM - header_h - 5.0) / leading).floor() as usize;
                if !fresh && room < tall.min(full_page).max(1) {
                    // Not enough room for the row (or the part of it a page can hold): carry
                    // on on the next page, under the header again.
                    self.new_page();
                    self.table_row(&widths, &header, SMALL, Weight::Bold, Some(0.9));
                    fresh = true;
                    continue;
                }
                fresh = false;
                let take = tall.min(room.max(1));
                let rest: Vec<Vec<String>> = cells
                    .iter_mut()
                    .map(|c| c.split_off(take.min(c.len())))
                    .collect();
                self.table_row(&widths, &cells, size, Weight::Regular, None);
                if rest.iter().all(Vec::is_empty) {
                    break;
                }
                cells = rest;
            }
        }
        self.y -= 4.0;
    }

    fn checks(&mut self, checks: &[Check]) {
        for c in checks {
            let lines = self
                .fonts
                .wrap(&c.label, WIDTH - 18.0, BODY, Weight::Regular);
            self.ensure(LEADING * 2.0);
            self.push(Op::Rect {
                x: LEFT,
                y: self.y - BODY - 1.5,
                w: 9.0,
                h: 9.0,
                fill: None,
                stroke: Some(0.0),
            });
            for l in lines {
                self.ensure(LEADING);
                self.text(LEFT + 16.0, self.y - BODY, BODY, Weight::Regular, 0.0, &l);
                self.y -= LEADING;
            }
            self.fields(&c.details, LEFT + 16.0);
            self.y -= 2.0;
        }
    }

    fn write_in(&mut self, label: &str, lines: u8) {
        self.ensure(LEADING + 20.0);
        self.lines(label, LEFT, WIDTH, BODY - 0.5, Weight::Bold, 0.3);
        for _ in 0..lines {
            self.ensure(18.0);
            self.y -= 18.0;
            self.rule(self.y, 0.5, 0.5);
        }
        self.y -= 6.0;
    }

    fn signatures(&mut self, roles: &[String]) {
        for role in roles {
            let h = 66.0;
            self.ensure(h + 6.0);
            self.y -= 4.0;
            let top = self.y;
            self.push(Op::Rect {
                x: LEFT,
                y: top - h,
                w: WIDTH,
                h,
                fill: None,
                stroke: Some(0.3),
            });
            self.text(LEFT + 6.0, top - 13.0, BODY, Weight::Bold, 0.0, role);
            let mid = LEFT + WIDTH * 0.62;
            for (row, (a, b)) in [("Signature", "Date"), ("Name", "Rank / number")]
                .iter()
                .enumerate()
            {
                let base = top - 34.0 - row as f32 * 22.0;
                self.text(LEFT + 6.0, base, SMALL, Weight::Regular, 0.3, a);
                self.text(mid + 6.0, base, SMALL, Weight::Regular, 0.3, b);
                let line = |x1: f32, x2: f32| Op::Line {
                    x1,
                    y1: base - 2.0,
                    x2,
                    y2: base - 2.0,
                    width: 0.5,
                    gray: 0.4,
                };
                self.push(line(LEFT + 60.0, mid - 10.0));
                self.push(line(mid + 70.0, RIGHT - 8.0));
            }
            self.y = top - h - 6.0;
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading { level, text } => self.heading(*level, text),
            Block::Paragraph(text) => {
                self.lines(text, LEFT, WIDTH, BODY + 0.5, Weight::Regular, 0.0);
                self.y -= 4.0;
            }
            Block::Note(text) => {
                self.lines(text, LEFT, WIDTH, BODY - 0.5, Weight::Regular, 0.35);
                self.y -= 4.0;
            }
            Block::Fields(list) => {
                self.fields(list, LEFT);
                self.y -= 3.0;
            }
            Block::Bullets(items) => {
                for item in items {
                    let lines = self.fonts.wrap(item, WIDTH - 14.0, BODY, Weight::Regular);
                    for (i, l) in lines.iter().enumerate() {
                        self.ensure(LEADING);
                        if i == 0 {
                            self.text(LEFT + 3.0, self.y - BODY, BODY, Weight::Regular, 0.0, "•");
                        }
                        self.text(LEFT + 14.0, self.y - BODY, BODY, Weight::Regular, 0.0, l);
                        self.y -= LEADING;
                    }
                }
                self.y -= 4.0;
            }
            Block::Table { columns, rows } => self.table(columns, rows),
            Block::Checks(list) => self.checks(list),
            Block::WriteIn { label, lines } => self.write_in(label, *lines),
            Block::Signatures(roles) => self.signatures(roles),
            Block::KeepTogether(points) => self.ensure(f32::from(*points)),
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
    }

    /// `text` if it fits in `room` points of the header, else `shorter`, cut with "…" if need be.
    fn fit(&self, text: &str, shorter: &str, room: f32) -> String {
        let w = |t: &str| self.fonts.width(t, 7.5, Weight::Regular);
        if w(text) <= room {
            return text.to_string();
        }
        let mut out = String::new();
        for c in shorter.chars() {
            if w(&format!("{out}{c}…")) > room {
                out.push('…');
                return out;
            }
            out.push(c);
        }
        out
    }

    /// The header and footer of page `n` of `of` in `doc`.
    fn furniture(&self, doc: &Document, n: usize, of: usize) -> Vec<Op> {
        let mut ops = Vec::new();
        let centred = |text: &str, y: f32, size: f32| Op::Text {
            x: (PAGE_W - self.fonts.width(text, size, Weight::Bold)) / 2.0,
            y,
            size,
            weight: Weight::Bold,
            gray: 0.0,
            text: text.to_string(),
        };
        let small = |x: f32, y: f32, text: &str| Op::Text {
            x,
            y,
            size: 7.5,
            weight: Weight::Regular,
            gray: 0.3,
            text: text.to_string(),
        };
        let right = |y: f32, text: &str, size: f32| Op::Text {
            x: RIGHT - self.fonts.width(text, size, Weight::Regular),
            y,
            size,
            weight: Weight::Regular,
            gray: 0.3,
            text: text.to_string(),
        };
        let rule = |y: f32| Op::Line {
            x1: LEFT,
            y1: y,
            x2: RIGHT,
            y2: y,
            width: 0.75,
            gray: 0.0,
        };
        ops.push(centred(&doc.marking, PAGE_H - 28.0, 10.0));
        ops.push(small(LEFT, PAGE_H - 44.0, &doc.unit));
        let room = WIDTH - self.fonts.width(&doc.unit, 7.5, Weight::Regular) - 24.0;
        let label = self.fit(
            &format!("{}: {}", doc.title, doc.subject),
            &doc.subject,
            room,
        );
        ops.push(right(PAGE_H - 44.0, &label, 7.5));
        ops.push(rule(PAGE_H - 50.0));
        ops.push(rule(50.0));
        ops.push(small(LEFT, 40.0, &doc.generated));
        ops.push(right(40.0, &format!("Page {n} of {of}"), 8.5));
        ops.push(centred(&doc.marking, 24.0, 10.0));
        ops
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
