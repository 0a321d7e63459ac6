//! Render one demo subject's plan and visit sheet in every format, for looking at the layout
//! and for the images in docs/DOCUMENTS.md:
//! `cargo run --example documents -- OUT_DIR [SUBJECT_ID]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use chrono::{NaiveDate, NaiveDateTime};
use spmp::document::{self, Format, Meta, plan, visit};
use spmp::domain::Policy;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/documents".into()));
    let id: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    std::fs::create_dir_all(&out)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).ok_or("date")?;
    let generated = NaiveDateTime::parse_from_str("2026-11-23 14:05", "%Y-%m-%d %H:%M")?;
    let meta = Meta::new(&Policy::default(), "tester", generated, today);
    let subjects = spmp::interchange::demo_subjects()?;
    let s = subjects
        .iter()
        .find(|s| s.id == id)
        .ok_or("no such demo subject")?;
    let plan = plan::build(s, &meta);
    let sheet = visit::build(s, &meta, None);
    for (name, doc) in [("plan", &plan), ("visit", &sheet)] {
        for (ext, format) in [
            ("pdf", Format::Pdf),
            ("md", Format::Markdown),
            ("txt", Format::Text),
        ] {
            let path = out.join(format!("{name}.{ext}"));
            std::fs::write(&path, document::render(std::slice::from_ref(doc), format)?)?;
            println!("{}", path.display());
        }
    }
    // The batch: cover and every visit due in the next 14 days.
    let due = visit::visits_due(&subjects, &Policy::default(), today, 14);
    let mut docs = vec![visit::cover(&subjects, &due, &meta, 14)];
    docs.extend(
        due.iter()
            .map(|d| visit::build(&subjects[d.subject], &meta, Some(d))),
    );
    let path = out.join("visits-due.pdf");
    std::fs::write(&path, document::render(&docs, Format::Pdf)?)?;
    println!("{}", path.display());
    Ok(())
}
