//! Documents: golden plan (Markdown, text) and visit sheet (text) for a fixed demo subject and
//! fixed dates; no victim detail on any visit sheet; the PDF's text layer.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use chrono::{NaiveDate, NaiveDateTime};
use spmp::document::{self, Format, Meta, plan, visit};
use spmp::domain::Policy;
use spmp::domain::Subject;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn meta() -> Meta {
    let generated =
        NaiveDateTime::parse_from_str("2026-11-23 14:05:00", "%Y-%m-%d %H:%M:%S").expect("time");
    Meta::new(&Policy::default(), "tester", generated, today())
}

fn demo() -> Vec<Subject> {
    spmp::interchange::demo_subjects().expect("demo data")
}

fn subject(id: u64) -> Subject {
    demo()
        .into_iter()
        .find(|s| s.id == id)
        .expect("demo subject")
}

fn text_of(docs: &[document::Document], format: Format) -> String {
    String::from_utf8(document::render(docs, format).expect("render")).expect("utf8")
}

#[test]
fn plan_as_markdown_is_stable() {
    let doc = plan::build(&subject(1), &meta());
    insta::assert_snapshot!("plan_subject_1_md", text_of(&[doc], Format::Markdown));
}

#[test]
fn plan_as_text_is_stable_and_fits_80_columns() {
    let doc = plan::build(&subject(1), &meta());
    let text = text_of(&[doc], Format::Text);
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line:?}"
        );
    }
    insta::assert_snapshot!("plan_subject_1_txt", text);
}

#[test]
fn visit_sheet_as_text_is_stable() {
    let doc = visit::build(&subject(1), &meta(), None);
    insta::assert_snapshot!("visit_sheet_subject_1_txt", text_of(&[doc], Format::Text));
}

#[test]
fn every_plan_has_every_section_in_every_format() {
    for s in demo() {
        let doc = plan::build(&s, &meta());
        assert_eq!(
            doc.headings()
                .into_iter()
                .filter(|h| plan::HEADINGS.contains(h))
                .count(),
            plan::HEADINGS.len(),
            "subject {}",
            s.id
        );
        let md = text_of(std::slice::from_ref(&doc), Format::Markdown);
        let txt = text_of(std::slice::from_ref(&doc), Format::Text);
        for h in plan::HEADINGS {
            assert!(md.contains(&format!("## {h}")), "{h}");
            assert!(txt.contains(&h.to_uppercase()), "{h}");
        }
        assert!(txt.starts_with("OFFICIAL-SENSITIVE"));
        assert!(
            txt.trim_end()
                .lines()
                .last()
                .expect("last")
                .starts_with("OFFICIAL-SENSITIVE")
        );
        assert!(md.trim_end().ends_with("**OFFICIAL-SENSITIVE**"));
    }
}

/// Names, addresses and notes of every protected person in the demo caseload.
fn victim_details(s: &Subject) -> Vec<String> {
    let mut out = Vec::new();
    for p in &s.protected_persons {
        out.push(p.name.clone());
        // Each part of the name a stranger could identify them by.
        out.extend(
            p.name
                .split_whitespace()
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string),
        );
        if let Some(a) = &p.address {
            out.push(a.clone());
            let parts: Vec<&str> = a.split(',').map(str::trim).collect();
            // First line, the street without the house number, and the postcode.
            out.push(parts[0].to_string());
            let street: Vec<&str> = parts[0]
                .split_whitespace()
                .filter(|w| !w.chars().any(|c| c.is_ascii_digit()) && *w != "Flat")
                .collect();
            if street.len() >= 2 {
                out.push(street.join(" "));
            }
            if let Some(pc) = parts
                .last()
                .filter(|p| p.chars().any(|c| c.is_ascii_digit()))
            {
                out.push(pc.to_string());
            }
        }
        if !p.notes.trim().is_empty() {
            out.push(p.notes.clone());
        }
    }
    out.retain(|d| !d.trim().is_empty());
    out
}

fn contains_word(hay: &str, needle: &str) -> bool {
    let hay = hay.to_lowercase();
    let needle = needle.to_lowercase();
    hay.match_indices(&needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

#[test]
fn no_victim_detail_appears_on_any_visit_sheet() {
    let subjects = demo();
    let mut checked = 0;
    for s in &subjects {
        let doc = visit::build(s, &meta(), None);
        let outputs = [
            text_of(std::slice::from_ref(&doc), Format::Text),
            text_of(std::slice::from_ref(&doc), Format::Markdown),
            format!("{doc:?}"),
        ];
        for detail in victim_details(s) {
            // A word the subject's own record uses (their name, their own address) is not a
            // victim's detail on this sheet.
            let own = format!(
                "{} {} {}",
                s.display_name(),
                s.aliases.join(" "),
                s.addresses
                    .iter()
                    .map(|a| format!("{} {}", a.lines, a.postcode.clone().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            if contains_word(&own, &detail) {
                continue;
            }
            for out in &outputs {
                assert!(
                    !contains_word(out, &detail),
                    "subject {}: victim detail {detail:?} on the visit sheet",
                    s.id
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "the demo has victims to check: {checked}");
}

#[test]
fn a_victim_named_in_a_condition_is_blanked_on_the_visit_sheet() {
    let mut s = subject(1);
    let victim = s.protected_persons[0].name.clone();
    let address = s.protected_persons[0]
        .address
        .clone()
        .unwrap_or_else(|| "1 Nowhere Street, ZZ9 9ZZ".into());
    s.protected_persons[0].address = Some(address.clone());
    let order = s
        .orders
        .iter_mut()
        .find(|o| o.is_active(today()))
        .expect("active order");
    order.conditions[0].text = format!("Must not contact {victim} or go to {address}.");
    order.conditions[0].starts = None;
    order.conditions[0].ends = None;
    let text = text_of(&[visit::build(&s, &meta(), None)], Format::Text);
    assert!(!text.contains(&victim), "{text}");
    assert!(!text.contains(&address), "{text}");
    assert!(text.contains(visit::BLANKED), "{text}");
}

#[test]
fn visits_due_follow_the_documented_rule_grouped_by_area() {
    let subjects = demo();
    let config = Policy::default();
    let due = visit::visits_due(&subjects, &config, today(), 14);
    assert!(!due.is_empty());
    let horizon = today() + chrono::Days::new(14);
    for d in &due {
        assert!(d.due <= horizon, "{d:?}");
    }
    // Grouped: once an area is left it does not come back.
    let mut seen: Vec<&str> = Vec::new();
    for d in &due {
        if seen.last() != Some(&d.area.as_str()) {
            assert!(!seen.contains(&d.area.as_str()), "area {} split", d.area);
            seen.push(&d.area);
        }
    }
    // Every subject whose review falls within the period is there.
    for (i, s) in subjects.iter().enumerate() {
        if spmp::domain::next_review_date(s, &config.cadence) <= horizon {
            assert!(due.iter().any(|d| d.subject == i), "subject {}", s.id);
        }
    }
    // A longer period never drops a visit.
    let longer = visit::visits_due(&subjects, &config, today(), 60);
    assert!(longer.len() >= due.len());
}

#[test]
fn control_characters_in_stored_text_are_escaped_in_every_format() {
    let mut s = subject(1);
    s.section1.narrative = "Sent \x1b[31mred\x1b[0m text\x07".into();
    s.aliases.push("Evil\x1b]0;title\x07".into());
    let doc = plan::build(&s, &meta());
    for format in [Format::Text, Format::Markdown] {
        let out = text_of(std::slice::from_ref(&doc), format);
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format:?}"
        );
        let escaped = match format {
            Format::Markdown => "^\\[\\[31mred",
            _ => "^[[31mred",
        };
        assert!(out.contains(escaped), "{format:?}: {out}");
    }
    let pdf = document::render(&[doc], Format::Pdf).expect("pdf");
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("^[[31mred"), "{text}");
    }
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output();
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!(
            "pdftotext failed on our PDF: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("pdftotext (poppler-utils) is missing: .ci/run installs it")
        }
        Err(_) => {
            eprintln!("pdftotext not installed: skipping the PDF text-layer check");
            None
        }
    }
}

#[test]
fn pdf_has_a_searchable_text_layer_with_marking_sections_and_page_numbers() {
    let s = subject(1);
    let doc = plan::build(&s, &meta());
    let pdf = document::render(std::slice::from_ref(&doc), Format::Pdf).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf.len() < 400_000,
        "the font is subset: {} bytes",
        pdf.len()
    );
    let Some(text) = pdftotext(&pdf) else { return };
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(pages >= 3, "a full plan runs to several pages: {pages}");
    for h in plan::HEADINGS {
        assert!(
            text.contains(h),
            "heading {h:?} not in the text layer:\n{text}"
        );
    }
    for (n, page) in text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        assert!(
            page.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "page {} lacks the marking in header and footer",
            n + 1
        );
        assert!(
            page.contains(&format!("Page {} of {pages}", n + 1)),
            "page {} number:\n{page}",
            n + 1
        );
    }
    // Non-ASCII text survives the round trip (the ToUnicode map is right).
    assert!(text.contains("WRZOSEK, Łukasz Piotr"), "{text}");
    assert!(text.contains("Generated 23 Nov 2026 14:05 by tester"));
}

#[test]
fn batch_visit_sheets_number_pages_per_sheet() {
    let subjects = demo();
    let due = visit::visits_due(&subjects, &Policy::default(), today(), 14);
    let mut docs = vec![visit::cover(&subjects, &due, &meta(), 14)];
    docs.extend(
        due.iter()
            .map(|d| visit::build(&subjects[d.subject], &meta(), Some(d))),
    );
    let pdf = document::render(&docs, Format::Pdf).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    assert!(text.matches("Visit sheet").count() >= due.len());
    assert!(text.matches("Page 1 of").count() >= docs.len());
    assert!(text.contains("Visits by area"));
    // Printed double-sided, every sheet starts on a new sheet of paper.
    for part in text.split("Page 1 of ").skip(1) {
        let n: usize = part
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("page count");
        assert_eq!(n % 2, 0, "a sheet of {n} pages");
    }
    for d in &due {
        assert!(text.contains(&format!("Area {}", d.area)), "{}", d.area);
    }
    for h in visit::HEADINGS {
        assert!(text.contains(h), "{h}");
    }
}

#[test]
fn a_very_long_plan_breaks_across_pages_and_keeps_every_word() {
    let mut s = subject(2);
    let words: Vec<String> = (0..1500).map(|i| format!("word{i}")).collect();
    s.section2.notes = words.join(" ");
    // One table cell taller than a page.
    s.section2.strategies.push(spmp::domain::Strategy {
        id: 999,
        text: (0..900)
            .map(|i| format!("cell{i}"))
            .collect::<Vec<_>>()
            .join(" "),
        owner: None,
        status: spmp::domain::ActionStatus::Proposed,
    });
    let doc = plan::build(&s, &meta());
    let txt = text_of(std::slice::from_ref(&doc), Format::Text);
    assert!(txt.contains("word1499") && txt.contains("cell899"));
    let pdf = document::render(std::slice::from_ref(&doc), Format::Pdf).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(pages >= 6, "{pages}");
    for w in [
        "word0", "word777", "word1499", "cell0", "cell450", "cell899",
    ] {
        assert!(
            text.split_whitespace().any(|t| t == w),
            "{w} lost in the PDF"
        );
    }
    assert!(text.contains(&format!("Page {pages} of {pages}")));
}

/// The plan prints the latest approved review only, and says when a newer one is returned or
/// awaiting sign-off; a revised assessment awaiting sign-off is noted, not printed as current;
/// the plan's own sign-off names its signer by rank, name and number.
#[test]
fn the_plan_prints_approved_work_and_notes_what_awaits() {
    // Subject 2: its newest review (10 Aug) was returned; the approved one is of 20 Mar.
    let s = subject(2);
    let text = text_of(&[plan::build(&s, &meta())], Format::Text);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("A newer review of 10 Aug 2026 by DC Priya Raman is returned"),
        "{flat}"
    );
    let returned = s
        .reviews
        .iter()
        .find(|r| r.sign_off.status == spmp::domain::SignOffStatus::Returned)
        .expect("a returned review");
    assert!(
        !flat.contains(returned.notifications_note.trim()),
        "the returned review's answers are not printed"
    );
    assert!(flat.contains("20 Mar 2026"), "{flat}");
    assert!(flat.contains("DCI Marcus Hale (1187)"), "{flat}");

    // A newer review awaiting sign-off is noted the same way.
    let mut s = subject(2);
    for r in &mut s.reviews {
        if r.sign_off.status == spmp::domain::SignOffStatus::Returned {
            r.sign_off = Default::default();
        }
    }
    let text = text_of(&[plan::build(&s, &meta())], Format::Text);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("A newer review of 10 Aug 2026 by DC Priya Raman is awaiting sign-off"),
        "{flat}"
    );
}
