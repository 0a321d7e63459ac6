//! Markdown (CommonMark with GitHub tables and task lists). Stored text is escaped so it cannot
//! become markup, links or HTML.

use super::model::{Block, Column, Document, Field};

/// Escape the characters that Markdown would read as markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escaped text on one line: newlines become hard breaks inside a table cell.
fn cell(text: &str) -> String {
    let parts: Vec<String> = text.split('\n').map(escape).collect();
    let joined = parts.join("<br>");
    if joined.trim().is_empty() {
        " ".to_string()
    } else {
        joined
    }
}

/// A paragraph: lines kept as hard breaks, a line that starts like a list or heading escaped.
fn paragraph(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            let e = escape(l.trim());
            match e.chars().next() {
                Some('-' | '+' | '=') => format!("\\{e}"),
                Some(c) if c.is_ascii_digit() && e.contains(". ") => e.replacen(". ", "\\. ", 1),
                _ => e,
            }
        })
        .collect::<Vec<_>>()
        .join("  \n")
}

fn fields(out: &mut String, list: &[Field], indent: &str) {
    for f in list {
        out.push_str(&format!(
            "{indent}- **{}:** {}\n",
            escape(&f.key),
            paragraph(&f.value).replace("  \n", &format!("  \n{indent}  "))
        ));
    }
}

fn table(out: &mut String, columns: &[Column], rows: &[Vec<String>]) {
    let head: Vec<String> = columns.iter().map(|c| cell(&c.title)).collect();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!(
        "|{}|\n",
        columns.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    ));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Heading { level, text } => {
            let hashes = if *level == 1 { "##" } else { "###" };
            out.push_str(&format!("{hashes} {}\n", escape(text)));
        }
        Block::Paragraph(text) => out.push_str(&format!("{}\n", paragraph(text))),
        Block::Note(text) => out.push_str(&format!("*{}*\n", paragraph(text))),
        Block::Fields(list) => fields(out, list, ""),
        Block::Bullets(items) => {
            for i in items {
                out.push_str(&format!("- {}\n", paragraph(i).replace("  \n", "  \n  ")));
            }
        }
        Block::Table { columns, rows } => table(out, columns, rows),
        Block::Checks(checks) => {
            for c in checks {
                out.push_str(&format!(
                    "- [ ] {}\n",
                    paragraph(&c.label).replace("  \n", "  \n  ")
                ));
                fields(out, &c.details, "  ");
            }
        }
        Block::WriteIn { label, lines } => {
            out.push_str(&format!("| {} |\n|---|\n", escape(label)));
            for _ in 0..*lines {
                out.push_str("| &nbsp; |\n");
            }
        }
        Block::Signatures(roles) => {
            out.push_str("| Role | Signature | Name | Rank | Date |\n|---|---|---|---|---|\n");
            for r in roles {
                out.push_str(&format!(
                    "| {} | &nbsp; | &nbsp; | &nbsp; | &nbsp; |\n",
                    escape(r)
                ));
            }
        }
        Block::PageBreak => out.push_str("---\n"),
        Block::KeepTogether(_) => {}
    }
}

fn document(out: &mut String, doc: &Document) {
    out.push_str(&format!("**{}**\n\n", escape(&doc.marking)));
    out.push_str(&format!("# {}\n\n", escape(&doc.title)));
    out.push_str(&format!(
        "**{}**  \n{}  \n{}\n\n",
        escape(&doc.subject),
        escape(&doc.unit),
        escape(&doc.generated)
    ));
    if !doc.handling.is_empty() {
        out.push_str(&format!("> {}\n\n", escape(&doc.handling)));
    }
    for b in doc
        .blocks
        .iter()
        .filter(|b| !matches!(b, Block::KeepTogether(_)))
    {
        block(out, b);
        out.push('\n');
    }
    out.push_str(&format!("---\n\n**{}**\n", escape(&doc.marking)));
}

/// Documents as Markdown; several are separated by a rule.
pub fn render(docs: &[Document]) -> String {
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        document(&mut out, d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_stored_text_is_escaped() {
        assert_eq!(escape("a|b *c* <script>"), "a\\|b \\*c\\* \\<script\\>");
        assert_eq!(cell("one\ntwo|"), "one<br>two\\|");
        assert_eq!(paragraph("- not a list"), "\\- not a list");
        assert_eq!(paragraph("[link](x)"), "\\[link\\](x)");
    }
}
