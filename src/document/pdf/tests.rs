//! Shaping, bidi and font choice (the PDF as a whole is checked through pdftotext in
//! tests/pdf_scripts.rs).
use std::path::{Path, PathBuf};

use super::fonts::{BOLD_FACE, REGULAR_FACE};
use super::*;

const CJK: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn fonts() -> Fonts {
    Fonts::load(&[]).expect("embedded fonts")
}

fn text_of(s: &Shaped) -> String {
    s.clusters.iter().map(|c| c.text.as_str()).collect()
}

fn nominal(fonts: &Fonts, face: usize, c: char) -> u16 {
    fonts.faces.faces[face]
        .glyph(c)
        .map(|g| u16::try_from(g.to_u32()).expect("small id"))
        .expect("glyph")
}

#[test]
fn a_latin_line_is_drawn_as_written() {
    let f = fonts();
    let line = "Plan: WRZOSEK, Lukasz 1988";
    let s = f.shape(line, Weight::Regular);
    assert!(!s.rtl);
    assert_eq!(text_of(&s), line);
    let ids: Vec<u16> = s
        .clusters
        .iter()
        .flat_map(|c| c.glyphs.iter().map(|g| g.id))
        .collect();
    let want: Vec<u16> = line.chars().map(|c| nominal(&f, REGULAR_FACE, c)).collect();
    assert_eq!(ids, want);
    assert!(
        s.clusters
            .iter()
            .all(|c| c.face == REGULAR_FACE && !c.missing)
    );
    let bold = f.shape(line, Weight::Bold);
    assert!(bold.clusters.iter().all(|c| c.face == BOLD_FACE));
    assert!(bold.width > s.width, "bold is wider");
    // The width layout measures with is the shaped width.
    assert!((f.width(line, 10.0, Weight::Regular) - s.width / 100.0).abs() < 1e-3);
}

#[test]
fn arabic_is_drawn_right_to_left_in_joined_forms() {
    let f = fonts();
    let word = "بيورن";
    let s = f.shape(word, Weight::Regular);
    assert!(s.rtl, "an Arabic line is right to left");
    let visual = text_of(&s);
    let logical: String = visual.chars().rev().collect();
    assert_eq!(logical, word, "clusters are in visual order, right to left");
    // Joining forms: not the isolated glyphs the cmap gives.
    let ids: Vec<u16> = s.clusters.iter().map(|c| c.glyphs[0].id).collect();
    let isolated: Vec<u16> = word
        .chars()
        .rev()
        .map(|c| nominal(&f, REGULAR_FACE, c))
        .collect();
    assert_ne!(ids, isolated, "the shaper chose contextual forms");
    assert!(s.clusters.iter().all(|c| !c.missing));
}

#[test]
fn a_combining_mark_stays_in_its_letter_s_cluster_and_takes_no_room() {
    let f = fonts();
    // Beh with a fatha, then yeh and teh.
    let s = f.shape("بَيت", Weight::Regular);
    let beh = s.clusters.last().expect("the first letter is drawn last");
    assert_eq!(beh.text, "بَ");
    assert_eq!(beh.glyphs.len(), 2, "{beh:?}");
    assert!(beh.glyphs.iter().any(|g| g.advance == 0.0), "{beh:?}");
}

#[test]
fn an_arabic_alias_in_a_latin_label_is_reversed_only_itself() {
    let f = fonts();
    let s = f.shape("Alias: بيورن; Hebrew: שלום", Weight::Regular);
    assert!(!s.rtl, "the label sets the line left to right");
    let visual = text_of(&s);
    assert!(visual.starts_with("Alias: "), "{visual}");
    assert!(
        visual.contains("نرويب"),
        "the Arabic run reversed: {visual}"
    );
    assert!(visual.contains("םולש"), "the Hebrew run reversed: {visual}");
    assert!(visual.find("Hebrew") > visual.find("نرويب"), "{visual}");
    // A list starting with an Arabic alias keeps its order in a left-to-right line.
    let s = f.shape("بيورن لي; Li", Weight::Regular);
    assert!(!s.rtl);
    assert_eq!(text_of(&s), "يل نرويب; Li");
    // Only right-to-left letters: a right-to-left line (the full stop ends up on the left).
    let s = f.shape("بيورن لي.", Weight::Regular);
    assert!(s.rtl);
    assert_eq!(text_of(&s), ".يل نرويب");
}

#[test]
fn a_character_no_font_has_is_the_marker_and_keeps_its_text() {
    let f = fonts();
    let s = f.shape("Li 李比约恩", Weight::Regular);
    assert_eq!(text_of(&s), "Li 李比约恩");
    let missing: Vec<&Cluster> = s.clusters.iter().filter(|c| c.missing).collect();
    assert_eq!(missing.len(), 4, "{:?}", s.clusters);
    let marker = nominal(&f, REGULAR_FACE, MISSING_MARKER);
    for c in missing {
        assert_eq!(c.glyphs.len(), 1);
        assert_eq!(c.glyphs[0].id, marker);
        assert!(c.glyphs[0].advance > 0.0);
    }
}

#[test]
fn a_fallback_font_draws_what_dejavu_lacks() {
    if !Path::new(CJK).exists() {
        eprintln!("{CJK} not installed (fonts-wqy-microhei): skipping the fallback check");
        return;
    }
    let f = Fonts::load(&[PathBuf::from(CJK)]).expect("fallback loads");
    let s = f.shape("Li 李比约恩", Weight::Bold);
    assert_eq!(text_of(&s), "Li 李比约恩");
    assert!(s.clusters.iter().all(|c| !c.missing));
    let faces: Vec<usize> = s.clusters.iter().map(|c| c.face).collect();
    assert_eq!(
        &faces[..2],
        &[BOLD_FACE, BOLD_FACE],
        "Latin stays in DejaVu"
    );
    assert!(faces[3..].iter().all(|f| *f == 2), "{faces:?}");
}

#[test]
fn a_fallback_that_is_missing_or_not_a_font_is_an_error_naming_it() {
    let e = Fonts::load(&[PathBuf::from("/nonexistent/font.ttf")])
        .err()
        .expect("missing file");
    assert!(e.to_string().contains("/nonexistent/font.ttf"), "{e}");
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("junk.ttf");
    std::fs::write(&junk, b"not a font at all").expect("write");
    let e = Fonts::load(std::slice::from_ref(&junk))
        .err()
        .expect("not a font");
    assert!(e.to_string().contains("junk.ttf"), "{e}");
}

#[test]
fn a_pdf_with_every_script_renders_and_embeds_only_the_faces_used() {
    use crate::document::model::Block;
    let doc = Document {
        marking: "OFFICIAL-SENSITIVE".into(),
        unit: "Unit".into(),
        title: "Plan".into(),
        subject: "ÅSTRÖM-LEE, Björn".into(),
        generated: "Generated".into(),
        handling: String::new(),
        duplex: false,
        blocks: vec![Block::Paragraph("Aliases: بيورن لي; 李比约恩; שלום".into())],
    };
    let pdf = render(std::slice::from_ref(&doc)).expect("pdf");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("SPMPAA+DejaVuSans"));
    assert!(text.contains("SPMPAB+DejaVuSans-Bold"));
    if Path::new(CJK).exists() {
        let pdf = render_with_fonts(&[doc], &[PathBuf::from(CJK)]).expect("pdf");
        assert!(String::from_utf8_lossy(&pdf).contains("SPMPAC+wqymicrohei"));
    }
}
