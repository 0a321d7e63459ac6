//! The document model every renderer shares: what is said, not how it looks.
//!
//! Builders (`plan.rs`, `visit.rs`) fill a [`Document`]; `markdown.rs`, `text.rs` and `pdf.rs`
//! lay it out. Every string put into the model passes through [`clean`] (control characters
//! escaped, as on screen), so no renderer can emit stored text raw.

use crate::text as sanitize;

/// One document: a plan or a visit sheet for one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Protective marking, printed in the header and footer of every page.
    pub marking: String,
    /// The unit that produced the document.
    pub unit: String,
    /// "Subject Profile Management Plan", "Visit sheet".
    pub title: String,
    /// The subject the document is about ("WRZOSEK, Łukasz Piotr (subject 1)").
    pub subject: String,
    /// "Generated 23 Nov 2026 14:05 by tester".
    pub generated: String,
    /// A short handling line under the title.
    pub handling: String,
    /// Printed double-sided as a form of its own: paged output pads it to an even number of
    /// pages, so the next document starts on a new sheet of paper.
    pub duplex: bool,
    pub blocks: Vec<Block>,
}

/// A key/value row ("Date of birth" / "17 Apr 1988").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub value: String,
}

/// A table column: its title and its share of the width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    pub weight: u16,
}

/// An item to tick: a condition to check, with how to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub label: String,
    pub details: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1: a numbered section; level 2: a part of a section.
    Heading {
        level: u8,
        text: String,
    },
    /// Running text; newlines separate paragraphs.
    Paragraph(String),
    /// Text in a quieter style (nothing recorded, explanations).
    Note(String),
    Fields(Vec<Field>),
    Bullets(Vec<String>),
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// Tick boxes, one per item.
    Checks(Vec<Check>),
    /// Ruled space to write in by hand.
    WriteIn {
        label: String,
        lines: u8,
    },
    /// Boxes for a signature: one row per role, each with signature, name, rank and date.
    Signatures(Vec<String>),
    /// Start the next block on a new page (a hint: text and Markdown print a rule).
    PageBreak,
    /// Start a new page unless this many points (1/72 inch) are left: keeps a part of a form
    /// on one page. Paged output only.
    KeepTogether(u16),
}

/// Stored text made safe for any output: control characters escaped, newlines kept.
pub fn clean(text: &str) -> String {
    sanitize::multiline(text.trim_end()).join("\n")
}

/// Stored text made safe for one line: control characters (newlines too) escaped.
pub fn clean_line(text: &str) -> String {
    sanitize::line(text.trim()).into_owned()
}

impl Field {
    pub fn new(key: &str, value: &str) -> Self {
        Self {
            key: clean_line(key),
            value: clean(value),
        }
    }
}

impl Column {
    pub fn new(title: &str, weight: u16) -> Self {
        Self {
            title: clean_line(title),
            weight: weight.max(1),
        }
    }
}

/// Builds a [`Document`] block by block, cleaning every string on the way in.
#[derive(Debug)]
pub struct Builder {
    doc: Document,
}

impl Builder {
    pub fn new(marking: &str, unit: &str, title: &str, subject: &str, generated: &str) -> Self {
        Self {
            doc: Document {
                marking: clean_line(marking),
                unit: clean_line(unit),
                title: clean_line(title),
                subject: clean_line(subject),
                generated: clean_line(generated),
                handling: String::new(),
                duplex: false,
                blocks: Vec::new(),
            },
        }
    }

    pub fn handling(&mut self, text: &str) -> &mut Self {
        self.doc.handling = clean_line(text);
        self
    }

    pub fn duplex(&mut self) -> &mut Self {
        self.doc.duplex = true;
        self
    }

    pub fn heading(&mut self, level: u8, text: &str) -> &mut Self {
        self.doc.blocks.push(Block::Heading {
            level: level.clamp(1, 2),
            text: clean_line(text),
        });
        self
    }

    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        let text = clean(text);
        if !text.trim().is_empty() {
            self.doc.blocks.push(Block::Paragraph(text));
        }
        self
    }

    pub fn note(&mut self, text: &str) -> &mut Self {
        self.doc.blocks.push(Block::Note(clean(text)));
        self
    }

    pub fn fields(&mut self, fields: Vec<Field>) -> &mut Self {
        if !fields.is_empty() {
            self.doc.blocks.push(Block::Fields(fields));
        }
        self
    }

    pub fn bullets<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Self {
        let items: Vec<String> = items.iter().map(|s| clean(s.as_ref())).collect();
        if !items.is_empty() {
            self.doc.blocks.push(Block::Bullets(items));
        }
        self
    }

    pub fn table(&mut self, columns: Vec<Column>, rows: Vec<Vec<String>>) -> &mut Self {
        let width = columns.len();
        let rows = rows
            .into_iter()
            .map(|row| {
                let mut row: Vec<String> = row.iter().map(|c| clean(c)).collect();
                row.resize(width, String::new());
                row
            })
            .collect();
        self.doc.blocks.push(Block::Table { columns, rows });
        self
    }

    pub fn checks(&mut self, checks: Vec<Check>) -> &mut Self {
        if !checks.is_empty() {
            self.doc.blocks.push(Block::Checks(checks));
        }
        self
    }

    pub fn write_in(&mut self, label: &str, lines: u8) -> &mut Self {
        self.doc.blocks.push(Block::WriteIn {
            label: clean_line(label),
            lines: lines.max(1),
        });
        self
    }

    pub fn signatures<S: AsRef<str>>(&mut self, roles: &[S]) -> &mut Self {
        let roles = roles.iter().map(|r| clean_line(r.as_ref())).collect();
        self.doc.blocks.push(Block::Signatures(roles));
        self
    }

    pub fn keep_together(&mut self, points: u16) -> &mut Self {
        self.doc.blocks.push(Block::KeepTogether(points));
        self
    }

    pub fn page_break(&mut self) -> &mut Self {
        self.doc.blocks.push(Block::PageBreak);
        self
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

impl Check {
    pub fn new(label: &str, details: Vec<Field>) -> Self {
        Self {
            label: clean(label),
            details,
        }
    }
}

impl Document {
    /// Every heading, in order (for tests and the table of contents).
    pub fn headings(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_cleaned_on_the_way_in() {
        let mut b = Builder::new("M", "U\x1b[2J", "T", "S", "G");
        b.heading(1, "H\x07")
            .paragraph("line one\nline\x1b two")
            .fields(vec![Field::new("K\n", "v\x1b")])
            .table(vec![Column::new("c", 1)], vec![vec!["x\x1b".into()]]);
        let doc = b.finish();
        let dump = format!("{doc:?}");
        assert!(!dump.contains("\\u{1b}"), "{dump}");
        assert!(!dump.contains("\\u{7}"), "{dump}");
        assert_eq!(doc.unit, "U^[[2J");
        assert!(matches!(&doc.blocks[1], Block::Paragraph(p) if p == "line one\nline^[ two"));
    }
}

/// Share `avail` among table columns that do not all fit at their natural widths, for every
/// renderer (points in PDF, characters in text): a column whose natural width fits its weighted
/// share of what is left, or is at most `short`, keeps its natural width; the others get their
/// share, at least `min[i]`; repeated until no column changes. With `whole`, shares are whole
/// numbers (character cells).
pub fn share_widths(
    natural: &[f64],
    weights: &[u16],
    avail: f64,
    short: f64,
    min: &[f64],
    whole: bool,
) -> Vec<f64> {
    let n = natural.len();
    let mut widths = vec![0.0; n];
    let mut fixed = vec![false; n];
    loop {
        let used: f64 = (0..n).filter(|&i| fixed[i]).map(|i| widths[i]).sum();
        let left = avail - used;
        let weight: f64 = (0..n)
            .filter(|&i| !fixed[i])
            .map(|i| f64::from(weights.get(i).copied().unwrap_or(1)))
            .sum();
        let mut changed = false;
        for i in 0..n {
            if fixed[i] {
                continue;
            }
            let mut share =
                left * f64::from(weights.get(i).copied().unwrap_or(1)) / weight.max(1.0);
            if whole {
                share = share.floor();
            }
            // Short columns (dates, statuses) keep their natural width.
            if natural[i] <= share || natural[i] <= short {
                widths[i] = natural[i];
                fixed[i] = true;
                changed = true;
            } else {
                widths[i] = share.max(min.get(i).copied().unwrap_or(0.0));
            }
        }
        if !changed {
            return widths;
        }
    }
}

#[cfg(test)]
mod share_tests {
    use super::share_widths;

    #[test]
    fn short_and_fitting_columns_keep_their_width_and_the_rest_share_by_weight() {
        // 100 to share: the date (10) is short; the two text columns split 90 by weight 1:2.
        let w = share_widths(
            &[10.0, 80.0, 200.0],
            &[1, 1, 2],
            100.0,
            12.0,
            &[5.0; 3],
            true,
        );
        assert_eq!(w, vec![10.0, 30.0, 60.0]);
        // A column fitting its share keeps its natural width, and the others share the rest.
        let w = share_widths(&[20.0, 200.0], &[1, 1], 100.0, 0.0, &[5.0; 2], false);
        assert_eq!(w, vec![20.0, 80.0]);
        // Never below the minimum, even when the share is smaller.
        let w = share_widths(&[50.0, 50.0], &[1, 1], 20.0, 0.0, &[15.0; 2], true);
        assert_eq!(w, vec![15.0, 15.0]);
    }
}
