//! Plain text, wrapped at 80 columns: for a records system that takes text, or a printer.

use crate::text::{pad, width, wrap};

use super::model::{Block, Column, Document, Field};

/// The width every line fits in.
pub const WIDTH: usize = 80;

/// Column widths for a table in `total` columns (gaps of 2 between columns): natural widths
/// when they fit, else shares by weight with narrow columns keeping only what they need.
pub fn column_widths(columns: &[Column], rows: &[Vec<String>], total: usize) -> Vec<usize> {
    let n = columns.len().max(1);
    let avail = total.saturating_sub(2 * (n - 1)).max(n * 4);
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .flat_map(|cell| cell.split('\n').map(width))
                .max()
                .unwrap_or(0);
            cells.max(width(&c.title)).max(1)
        })
        .collect();
    if natural.iter().sum::<usize>() <= avail {
        return natural;
    }
    // A column is never narrower than its longest word (up to 14), so short words stay whole.
    let min_w: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .chain(std::iter::once(&c.title))
                .flat_map(|cell| cell.split_whitespace().map(width))
                .max()
                .unwrap_or(1)
                .clamp(4, 14)
        })
        .collect();
    let weights: Vec<u16> = columns.iter().map(|c| c.weight).collect();
    let as_f64 = |v: &[usize]| v.iter().map(|w| *w as f64).collect::<Vec<f64>>();
    let mut widths: Vec<usize> = crate::document::model::share_widths(
        &as_f64(&natural),
        &weights,
        avail as f64,
        12.0,
        &as_f64(&min_w),
        true,
    )
    .into_iter()
    .map(|w| w.max(0.0) as usize)
    .collect();
    // Minimums may overshoot: take the excess from the widest columns above their minimum.
    while widths.iter().sum::<usize>() > avail {
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] > min_w[i].min(natural[i]))
            .max_by_key(|&i| widths[i])
        else {
            break;
        };
        widths[i] -= 1;
    }
    // Too many columns for their minimums: shrink the widest towards 4.
    while widths.iter().sum::<usize>() > avail {
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] > 4)
            .max_by_key(|&i| widths[i])
        else {
            break;
        };
        widths[i] -= 1;
    }
    widths
}

fn fields(out: &mut Vec<String>, fields: &[Field], indent: usize) {
    let key_w = fields
        .iter()
        .map(|f| width(&f.key))
        .max()
        .unwrap_or(0)
        .min(20);
    let value_col = indent + key_w + 2;
    for f in fields {
        let lines = wrap(&f.value, WIDTH - value_col);
        let prefix = " ".repeat(indent);
        if width(&f.key) > key_w {
            out.push(format!("{prefix}{}", f.key));
            for l in lines {
                out.push(
                    format!("{}{l}", " ".repeat(value_col))
                        .trim_end()
                        .to_string(),
                );
            }
            continue;
        }
        for (i, l) in lines.iter().enumerate() {
            let key = if i == 0 { f.key.as_str() } else { "" };
            out.push(
                format!("{prefix}{}  {l}", pad(key, key_w))
                    .trim_end()
                    .to_string(),
            );
        }
    }
}

fn table(out: &mut Vec<String>, columns: &[Column], rows: &[Vec<String>]) {
    let widths = column_widths(columns, rows, WIDTH);
    let row_lines = |cells: Vec<Vec<String>>| -> Vec<String> {
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|i| {
                let parts: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| pad(c.get(i).map_or("", String::as_str), *w))
                    .collect();
                parts.join("  ").trim_end().to_string()
            })
            .collect()
    };
    let header = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| wrap(&c.title, *w))
        .collect();
    out.extend(row_lines(header));
    out.push(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  "),
    );
    let wrapped: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|r| r.iter().zip(&widths).map(|(c, w)| wrap(c, *w)).collect())
        .collect();
    let tall = wrapped.iter().any(|r| r.iter().any(|c| c.len() > 1));
    for (i, r) in wrapped.into_iter().enumerate() {
        if tall && i > 0 {
            out.push(String::new());
        }
        out.extend(row_lines(r));
    }
}

fn block(out: &mut Vec<String>, b: &Block) {
    match b {
        Block::Heading { level, text } => {
            out.push(String::new());
            if *level == 1 {
                let t = text.to_uppercase();
                let rule = "=".repeat(width(&t).min(WIDTH));
                out.extend(wrap(&t, WIDTH));
                out.push(rule);
            } else {
                let rule = "-".repeat(width(text).min(WIDTH));
                out.extend(wrap(text, WIDTH));
                out.push(rule);
            }
        }
        Block::Paragraph(text) => {
            for para in text.split('\n') {
                out.extend(wrap(para, WIDTH));
            }
        }
        Block::Note(text) => out.extend(wrap(text, WIDTH)),
        Block::Fields(list) => fields(out, list, 0),
        Block::Bullets(items) => {
            for item in items {
                for (i, l) in wrap(item, WIDTH - 4).into_iter().enumerate() {
                    let lead = if i == 0 { "  - " } else { "    " };
                    out.push(format!("{lead}{l}"));
                }
            }
        }
        Block::Table { columns, rows } => table(out, columns, rows),
        Block::Checks(checks) => {
            for c in checks {
                for (i, l) in wrap(&c.label, WIDTH - 4).into_iter().enumerate() {
                    let lead = if i == 0 { "[ ] " } else { "    " };
                    out.push(format!("{lead}{l}"));
                }
                fields(out, &c.details, 4);
            }
        }
        Block::WriteIn { label, lines } => {
            out.extend(wrap(&format!("{label}:"), WIDTH));
            for _ in 0..*lines {
                out.push(String::new());
                out.push(format!("  {}", "_".repeat(WIDTH - 2)));
            }
        }
        Block::Signatures(roles) => {
            for role in roles {
                out.push(String::new());
                out.push(role.clone());
                out.push(String::new());
                out.push(format!(
                    "  Signature {}  Date {}",
                    "_".repeat(40),
                    "_".repeat(20)
                ));
                out.push(String::new());
                out.push(format!(
                    "  Name      {}  Rank {}",
                    "_".repeat(40),
                    "_".repeat(20)
                ));
            }
        }
        Block::PageBreak => out.push(String::new()),
        Block::KeepTogether(_) => {}
    }
}

/// One document as lines.
fn document(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let head = doc.marking.clone();
    let gap = WIDTH.saturating_sub(width(&head) + width(&doc.unit)).max(2);
    out.push(format!("{head}{}{}", " ".repeat(gap), doc.unit));
    out.push("=".repeat(WIDTH));
    out.extend(wrap(&doc.title.to_uppercase(), WIDTH));
    out.extend(wrap(&doc.subject, WIDTH));
    out.extend(wrap(&doc.generated, WIDTH));
    if !doc.handling.is_empty() {
        out.push(String::new());
        out.extend(wrap(&doc.handling, WIDTH));
    }
    out.push("=".repeat(WIDTH));
    for b in &doc.blocks {
        // A blank line between blocks (headings bring their own).
        if matches!(b, Block::KeepTogether(_)) {
            continue;
        }
        if !matches!(b, Block::Heading { .. }) && out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
        }
        block(&mut out, b);
    }
    out.push(String::new());
    out.push("=".repeat(WIDTH));
    out.push(format!(
        "{}  (end of {})",
        doc.marking,
        doc.title.to_lowercase()
    ));
    out
}

/// Documents as plain text; several are separated by a rule and a blank page marker.
pub fn render(docs: &[Document]) -> String {
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("\n{}\n\n", "#".repeat(WIDTH)));
        }
        for l in document(d) {
            out.push_str(l.trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_fits_80_columns() {
        let cols = vec![
            Column::new("A", 1),
            Column::new("B", 5),
            Column::new("C", 2),
        ];
        let long = "word ".repeat(60);
        let rows = vec![vec![long.clone(), long.clone(), "x".repeat(200)]];
        let mut out = Vec::new();
        table(&mut out, &cols, &rows);
        fields(&mut out, &[Field::new("Key", &long)], 0);
        for l in &out {
            assert!(width(l) <= WIDTH, "{l:?}");
        }
    }
}
