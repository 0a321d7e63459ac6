//! Every script in the plan PDF: the demo subject with an Arabic and a Chinese alias (subject
//! 13) is rendered, and pdftotext reads both aliases back in logical order, with the embedded
//! font only (the Chinese drawn as markers, its text kept) and with a CJK fallback font
//! configured (`document_fonts`). The Markdown and text plans carry the aliases as they are.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use spmp::document::{self, Format, Meta, plan};
use spmp::domain::{Policy, Subject};

const ARABIC: &str = "بيورن لي";
const CHINESE: &str = "李比约恩";
/// CJK fallback fonts tried when installed: Debian's fonts-wqy-microhei (TrueType outlines, in
/// a collection) and fonts-noto-cjk (CFF outlines, embedded as OpenType).
const CJK_FONTS: [(&str, &str); 2] = [
    (
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "+wqymicrohei",
    ),
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "+NotoSansCJKRegular",
    ),
];

fn meta() -> Meta {
    let generated =
        NaiveDateTime::parse_from_str("2026-11-23 14:05:00", "%Y-%m-%d %H:%M:%S").expect("time");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    Meta::new(&Policy::default(), "tester", generated, today)
}

fn subject() -> Subject {
    let s = spmp::interchange::demo_subjects()
        .expect("demo data")
        .into_iter()
        .find(|s| s.id == 13)
        .expect("demo subject 13");
    assert!(
        s.aliases.iter().any(|a| a == ARABIC) && s.aliases.iter().any(|a| a == CHINESE),
        "demo subject 13 has the Arabic and Chinese aliases: {:?}",
        s.aliases
    );
    s
}

/// The text layer as pdftotext reads it (raw: in content order, no layout guessing); `None`
/// (with a printed line) where pdftotext is not installed.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    match std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!(
            "pdftotext failed on our PDF: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            eprintln!("pdftotext (poppler-utils) not installed: skipping the text-layer check");
            None
        }
    }
}

fn assert_aliases(text: &str) {
    assert!(
        text.contains(ARABIC),
        "the Arabic alias in logical order in:\n{text}"
    );
    assert!(text.contains(CHINESE), "the Chinese alias in:\n{text}");
}

#[test]
fn both_aliases_read_back_with_the_embedded_font_only() {
    let doc = plan::build(&subject(), &meta());
    let pdf = document::render(&[doc], Format::Pdf).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    assert_aliases(&text);
}

#[test]
fn both_aliases_read_back_with_a_cjk_fallback_font_from_the_config() {
    let doc = plan::build(&subject(), &meta());
    let plain = document::render(std::slice::from_ref(&doc), Format::Pdf).expect("pdf");
    for (font, embedded_as) in CJK_FONTS {
        if !Path::new(font).exists() {
            eprintln!("{font} not installed: skipping the fallback check with it");
            continue;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config.toml");
        let policy = spmp::config::from_toml(&format!("document_fonts = [{font:?}]\n"), &config)
            .expect("config with a fallback font");
        assert_eq!(policy.document_fonts, vec![PathBuf::from(font)]);
        let pdf = document::render_with_fonts(
            std::slice::from_ref(&doc),
            Format::Pdf,
            &policy.document_fonts,
        )
        .expect("pdf with the fallback");
        assert!(
            String::from_utf8_lossy(&pdf).contains(embedded_as),
            "the fallback font {font} is embedded"
        );
        assert!(
            !String::from_utf8_lossy(&plain).contains(embedded_as),
            "no fallback without the config"
        );
        // SPMP_KEEP_PDF=DIR keeps the PDFs, to look at.
        if let Some(dir) = std::env::var_os("SPMP_KEEP_PDF") {
            let name = embedded_as.trim_start_matches('+');
            std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), &pdf).expect("keep");
            std::fs::write(Path::new(&dir).join("plain.pdf"), &plain).expect("keep");
        }
        let Some(text) = pdftotext(&pdf) else { return };
        assert_aliases(&text);
    }
}

#[test]
fn a_missing_fallback_font_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    let e = spmp::config::from_toml("document_fonts = [\"fonts/nowhere.ttf\"]\n", &config)
        .expect_err("missing font");
    let message = e.to_string();
    assert!(
        message.contains("nowhere.ttf") && message.contains("document_fonts"),
        "{message}"
    );
    // A file that is there but is no font: an error at document time, naming it.
    std::fs::create_dir(dir.path().join("fonts")).expect("dir");
    std::fs::write(dir.path().join("fonts/junk.ttf"), b"no font").expect("write");
    let policy = spmp::config::from_toml("document_fonts = [\"fonts/junk.ttf\"]\n", &config)
        .expect("a relative path is read from the config's directory");
    assert_eq!(
        policy.document_fonts,
        vec![dir.path().join("fonts/junk.ttf")]
    );
    let doc = plan::build(&subject(), &meta());
    let e = document::render_with_fonts(&[doc], Format::Pdf, &policy.document_fonts)
        .expect_err("not a font");
    assert!(e.to_string().contains("junk.ttf"), "{e}");
}

#[test]
fn the_markdown_and_text_plans_carry_the_aliases() {
    let doc = plan::build(&subject(), &meta());
    for format in [Format::Markdown, Format::Text] {
        let text = String::from_utf8(
            document::render(std::slice::from_ref(&doc), format).expect("render"),
        )
        .expect("utf8");
        assert_aliases(&text);
    }
}

#[test]
fn marks_hebrew_and_missing_characters_read_back_as_written() {
    let line = "Vowelled: بَيت; Hebrew: שָׁלוֹם; unknown to every font: 𓀀 ꦲ";
    let doc = document::Document {
        marking: "OFFICIAL".into(),
        unit: "Unit".into(),
        title: "Scripts".into(),
        subject: "Scripts".into(),
        generated: "Generated".into(),
        handling: String::new(),
        duplex: false,
        blocks: vec![document::Block::Paragraph(line.into())],
    };
    let pdf = document::render(&[doc], Format::Pdf).expect("pdf");
    if let Some(dir) = std::env::var_os("SPMP_KEEP_PDF") {
        std::fs::write(Path::new(&dir).join("marks.pdf"), &pdf).expect("keep");
    }
    let Some(text) = pdftotext(&pdf) else { return };
    for part in ["بَيت", "שָׁלוֹם", "𓀀", "ꦲ"] {
        assert!(text.contains(part), "{part} in:\n{text}");
    }
}
