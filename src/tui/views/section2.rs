//! Section 2 tab: investigations and management records (devices, social media, vehicles,
//! developing relationships, strategies and notes). Every list says "(none recorded)" when empty.
use ratatui::text::{Line, Span};

use super::ViewCtx;
use super::text::{Doc, Marks, span, tag};
use crate::domain::{ActionStatus, DeviceStatus, ItemKind, Section2, Subject, Target, fmt_date};

/// The lines of the Section 2 tab for `s`, wrapped to `ctx.width`.
pub fn section2_lines(s: &Subject, ctx: &ViewCtx) -> Vec<Line<'static>> {
    section2(s, ctx).0
}

/// [`section2_lines`] and where each investigation, device, account, vehicle and relationship
/// starts.
pub fn section2(s: &Subject, ctx: &ViewCtx) -> (Vec<Line<'static>>, Marks) {
    let mut doc = Doc::new(ctx);
    let sec = &s.section2;
    investigations(&mut doc, sec);
    devices(&mut doc, sec);
    social_media(&mut doc, sec);
    vehicles(&mut doc, sec);
    relationships(&mut doc, sec);
    strategies(&mut doc, sec);
    doc.heading("Notes");
    doc.paragraph(2, &sec.notes);
    doc.finish_marked()
}

fn mark(doc: &mut Doc, kind: ItemKind, id: crate::domain::ItemId) {
    doc.at(Target::existing(kind, id, None));
}

/// A heading, then "(none recorded)" when `empty`.
fn section(doc: &mut Doc, title: &str, empty: bool) {
    doc.heading(title);
    if empty {
        doc.none(2);
    }
}

/// `parts` joined with ", ", skipping empty ones.
fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn investigations(doc: &mut Doc, sec: &Section2) {
    section(doc, "Investigations", sec.investigations.is_empty());
    for i in &sec.investigations {
        mark(doc, ItemKind::Investigation, i.id);
        let theme = doc.theme();
        let opened = i
            .opened
            .map(|d| format!("opened {}", fmt_date(d)))
            .unwrap_or_default();
        let officer = i
            .officer
            .as_deref()
            .map(|o| format!("OIC {o}"))
            .unwrap_or_default();
        let rest = join(&[&i.offence, &officer, &opened]);
        doc.item(
            2,
            vec![
                span(&i.reference, theme.title),
                span(&format!(" {} ", tag(&i.status)), theme.warn),
                span(&rest, theme.base),
            ],
        );
    }
}

fn devices(doc: &mut Doc, sec: &Section2) {
    section(doc, "Electronic devices", sec.devices.is_empty());
    for d in &sec.devices {
        mark(doc, ItemKind::Device, d.id);
        let theme = doc.theme();
        let style = match d.status {
            DeviceStatus::Undeclared => theme.alert,
            DeviceStatus::Seized | DeviceStatus::Examined => theme.warn,
            DeviceStatus::Declared | DeviceStatus::Returned => theme.base,
        };
        let mut status = tag(d.status.label());
        if let Some(date) = d.date {
            status.push_str(&format!(" {}", fmt_date(date)));
        }
        doc.item(
            2,
            vec![
                span(&status, style),
                span(&format!(" {}: {}", d.device_type, d.make_model), theme.base),
            ],
        );
        let id = d.imei_serial.as_deref().unwrap_or("-");
        doc.field(4, "IMEI / serial", id);
        doc.field(4, "Number", d.number.as_deref().unwrap_or("-"));
    }
}

fn social_media(doc: &mut Doc, sec: &Section2) {
    section(doc, "Social-media accounts", sec.social_media.is_empty());
    for a in &sec.social_media {
        mark(doc, ItemKind::SocialAccount, a.id);
        let theme = doc.theme();
        let (label, style) = if a.declared {
            ("[declared]", theme.base)
        } else {
            ("[UNDECLARED]", theme.alert)
        };
        let mut spans = vec![
            span(label, style),
            span(&format!(" {} {}", a.platform, a.handle), theme.base),
        ];
        if let Some(url) = &a.url {
            spans.push(span(&format!(" {url}"), theme.dim));
        }
        doc.item(2, spans);
    }
}

fn vehicles(doc: &mut Doc, sec: &Section2) {
    section(doc, "Vehicles", sec.vehicles.is_empty());
    for v in &sec.vehicles {
        mark(doc, ItemKind::Vehicle, v.id);
        let theme = doc.theme();
        let desc = join(&[&v.colour, &format!("{} {}", v.make, v.model)]);
        let mut spans = vec![
            span(&v.vrm, theme.title),
            span(&format!(" {desc}"), theme.base),
        ];
        if !v.markers.trim().is_empty() {
            spans.push(span(&format!("; markers: {}", v.markers), theme.base));
        }
        doc.item(2, spans);
    }
}

fn relationships(doc: &mut Doc, sec: &Section2) {
    section(
        doc,
        "Developing relationships",
        sec.relationships.is_empty(),
    );
    for r in &sec.relationships {
        mark(doc, ItemKind::Relationship, r.id);
        let theme = doc.theme();
        let disclosure: Span<'static> = match r.disclosure {
            Some(d) => span(&format!("disclosure made {}", fmt_date(d)), theme.ok),
            None => span("NO DISCLOSURE YET", theme.alert),
        };
        doc.item(
            2,
            vec![
                span(&r.partner, theme.title),
                span(&format!(" (learned {}): ", fmt_date(r.learned)), theme.base),
                disclosure,
            ],
        );
        if !r.checks.trim().is_empty() {
            doc.labelled_text(4, "Checks", &r.checks);
        }
    }
}

fn strategies(doc: &mut Doc, sec: &Section2) {
    section(doc, "Management strategies", sec.strategies.is_empty());
    for st in &sec.strategies {
        let theme = doc.theme();
        let style = match st.status {
            ActionStatus::Proposed | ActionStatus::InProgress => theme.warn,
            ActionStatus::Done | ActionStatus::Declined => theme.dim,
        };
        let owner = st
            .owner
            .as_deref()
            .map(|o| format!(" (owner {o})"))
            .unwrap_or_default();
        doc.item(
            2,
            vec![
                span(&tag(st.status.label()), style),
                span(&format!(" {}{owner}", st.text), theme.base),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::fixtures::*;

    #[test]
    fn every_list_shows_its_records() {
        let env = Env::new();
        let text = joined(&section2_lines(&sample_subject(), &env.ctx(120)));
        assert!(text.contains("13/12345/26 [OPEN] Breach of SPO, OIC DC Hill, opened 20 Nov 2026"));
        assert!(
            text.contains("[DECLARED] 7 Feb 2026 Phone: Samsung Galaxy S23"),
            "{text}"
        );
        assert!(text.contains("356938035643809"));
        assert!(text.contains("07700 900123"));
        assert!(
            text.contains("[declared] Instagram @jsmith_85 https://instagram.example/jsmith_85")
        );
        assert!(
            text.contains("[UNDECLARED] Facebook john.smith.9"),
            "{text}"
        );
        assert!(text.contains("AB12 CDE Blue, Ford Focus; markers: ANPR marker (Leeds)"));
        assert!(
            text.contains("Anna Lee (learned 1 Sep 2026): NO DISCLOSURE YET"),
            "{text}"
        );
        assert!(text.contains("PNC check done"));
        assert!(
            text.contains(
                "[IN PROGRESS] Monthly home visits, days and times varied (owner PC Patel)"
            )
        );
        assert!(text.contains("evasive about devices"));
    }

    #[test]
    fn disclosure_date_is_shown_when_made() {
        let env = Env::new();
        let mut s = sample_subject();
        s.section2.relationships[0].disclosure = Some(d(2026, 9, 10));
        let text = joined(&section2_lines(&s, &env.ctx(120)));
        assert!(text.contains("disclosure made 10 Sep 2026"), "{text}");
        assert!(!text.contains("NO DISCLOSURE YET"));
    }

    #[test]
    fn empty_subject_shows_none_recorded_for_every_list() {
        let env = Env::new();
        let lines = plain(&section2_lines(&empty_subject(), &env.ctx(80)));
        let nones = lines
            .iter()
            .filter(|l| l.trim() == "(none recorded)")
            .count();
        // six lists and the notes
        assert_eq!(nones, 7, "{lines:#?}");
    }

    #[test]
    fn stored_control_characters_never_reach_a_span() {
        let env = Env::new();
        let mut s = sample_subject();
        s.section2.vehicles[0].vrm = "AB12\u{1b}[2J".into();
        s.section2.notes = "line one\u{7}\nline\ttwo".into();
        let lines = section2_lines(&s, &env.ctx(80));
        assert_no_controls(&lines);
        let text = joined(&lines);
        assert!(text.contains("AB12^[[2J"));
        assert!(text.contains("line^Itwo"));
    }

    #[test]
    fn narrow_widths_fit_and_do_not_panic() {
        let env = Env::new();
        for w in [0u16, 1, 20, 33] {
            let lines = section2_lines(&sample_subject(), &env.ctx(w));
            if w > 0 {
                assert_fits(&lines, usize::from(w));
            }
        }
    }
}
