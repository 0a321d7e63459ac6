//! Laying the document model out into A4 pages of drawing operations (text, boxes, rules),
//! measuring text with the embedded font; tables repeat their header on a new page.
use super::*;

/// Lays blocks out into pages.
pub(super) struct Layout<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
}

impl<'f> Layout<'f> {
    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    pub(super) fn at_top(&self) -> bool {
        self.y >= TOP - 0.5
    }

    /// Start a new page unless `h` points fit above the bottom margin.
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub(super) fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    pub(super) fn text(
        &mut self,
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        gray: f32,
        text: &str,
    ) {
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

    pub(super) fn rule(&mut self, y: f32, width: f32, gray: f32) {
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
    pub(super) fn lines(
        &mut self,
        text: &str,
        x: f32,
        width: f32,
        size: f32,
        weight: Weight,
        gray: f32,
    ) {
        let leading = size * 1.35;
        for line in self.fonts.wrap(text, width, size, weight) {
            self.ensure(leading);
            self.text(x, self.y - size, size, weight, gray, &line);
            self.y -= leading;
        }
    }

    pub(super) fn title(&mut self, doc: &Document) {
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

    pub(super) fn heading(&mut self, level: u8, text: &str) {
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

    pub(super) fn fields(&mut self, fields: &[Field], x: f32) {
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

    pub(super) fn column_widths(&self, columns: &[Column], rows: &[Vec<String>]) -> Vec<f32> {
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
        let weights: Vec<u16> = columns.iter().map(|c| c.weight).collect();
        let natural: Vec<f64> = natural.iter().map(|w| f64::from(*w)).collect();
        crate::document::model::share_widths(
            &natural,
            &weights,
            f64::from(WIDTH),
            72.0,
            &vec![30.0; columns.len()],
            false,
        )
        .into_iter()
        .map(|w| w as f32)
        .collect()
    }

    pub(super) fn table_row(
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

    pub(super) fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
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

    pub(super) fn checks(&mut self, checks: &[Check]) {
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

    pub(super) fn write_in(&mut self, label: &str, lines: u8) {
        self.ensure(LEADING + 20.0);
        self.lines(label, LEFT, WIDTH, BODY - 0.5, Weight::Bold, 0.3);
        for _ in 0..lines {
            self.ensure(18.0);
            self.y -= 18.0;
            self.rule(self.y, 0.5, 0.5);
        }
        self.y -= 6.0;
    }

    pub(super) fn signatures(&mut self, roles: &[String]) {
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

    pub(super) fn block(&mut self, b: &Block) {
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
    pub(super) fn fit(&self, text: &str, shorter: &str, room: f32) -> String {
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
    pub(super) fn furniture(&self, doc: &Document, n: usize, of: usize) -> Vec<Op> {
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
