//! The subject's identity (names, identifiers, flags, officer) and addresses.
use super::{
    Ctx, Form, Reader, choice, date, key_of, list, od, opt_date, options, os, text, yes_no,
};
use crate::domain::{Address, AddressKind, ItemId, Subject};
use crate::edit::parse::{edit_date, show_bool};
use crate::edit::spec::FieldSpec;

const MAPPA: [(Option<u8>, &str, &str); 4] = [
    (None, "none", "None"),
    (Some(1), "level_1", "Level 1"),
    (Some(2), "level_2", "Level 2"),
    (Some(3), "level_3", "Level 3"),
];

const ADDRESS_KIND: [(AddressKind, &str, &str); 3] = [
    (AddressKind::Home, "home", "Home"),
    (AddressKind::Work, "work", "Work"),
    (AddressKind::Other, "other", "Other"),
];

/// The identity form: names, identifiers, flags, officer and the date the plan was opened.
pub(crate) fn identity_fields() -> Vec<FieldSpec> {
    vec![
        text("family_name", "Family name", true),
        text("given_names", "Given names", false),
        list("aliases", "Aliases").with_help("Other names used, one per line"),
        opt_date("date_of_birth", "Date of birth"),
        text("pnc_id", "PNC ID", false).with_help("e.g. 26/123456X"),
        text("niche_ref", "Niche reference", false).with_help("Niche nominal reference"),
        yes_no("rso", "Registered sex offender")
            .with_help("yes or no; SPO notification clocks do not run while on the register"),
        choice("mappa_level", "MAPPA level", options(&MAPPA)),
        yes_no("iom", "IOM cohort").with_help("yes or no: Integrated Offender Management"),
        list("other_flags", "Other markers").with_help("One marker per line, e.g. Violent"),
        text("officer", "Officer in charge", false).with_help(
            "A user's name, number or login links them (their \"mine\" view); anyone else as written",
        ),
        date("opened", "Plan opened"),
    ]
}

/// The identity form's values for `subject`.
pub(crate) fn identity_values(s: &Subject) -> Vec<(&'static str, String)> {
    vec![
        ("family_name", s.family_name.clone()),
        ("given_names", s.given_names.clone()),
        ("aliases", s.aliases.join("\n")),
        ("date_of_birth", od(s.date_of_birth)),
        ("pnc_id", os(&s.pnc_id)),
        ("niche_ref", os(&s.niche_ref)),
        ("rso", show_bool(s.flags.rso)),
        ("mappa_level", key_of(&MAPPA, &s.flags.mappa_level)),
        ("iom", show_bool(s.flags.iom)),
        ("other_flags", s.flags.other.join("\n")),
        ("officer", os(&s.officer)),
        ("opened", edit_date(s.opened)),
    ]
}

/// `subject` with its identity fields read from the form; nothing else changes.
pub(crate) fn read_identity(r: &mut Reader, subject: &Subject) -> Subject {
    let mut s = subject.clone();
    s.family_name = r.text("family_name");
    s.given_names = r.text("given_names");
    s.aliases = r.lines("aliases");
    s.date_of_birth = r.date("date_of_birth");
    s.pnc_id = r.opt_text("pnc_id");
    s.niche_ref = r.opt_text("niche_ref");
    s.flags.rso = r.flag("rso");
    s.flags.mappa_level = r.pick("mappa_level", &MAPPA).unwrap_or(None);
    s.flags.iom = r.flag("iom");
    s.flags.other = r.lines("other_flags");
    s.officer = r.opt_text("officer");
    s.opened = r.date("opened").unwrap_or(subject.opened);
    s
}

impl Form for Address {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            choice("kind", "Kind", options(&ADDRESS_KIND)),
            text("lines", "Address", true).with_help("e.g. 12 Acacia Avenue, Leeds"),
            text("postcode", "Postcode", false),
            opt_date("from", "From"),
            opt_date("to", "To").with_help("Leave empty while it is the current address"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let kind = old.map_or(AddressKind::Home, |a| a.kind);
        let mut v = vec![("kind", key_of(&ADDRESS_KIND, &kind))];
        if let Some(a) = old {
            v.extend([
                ("lines", a.lines.clone()),
                ("postcode", os(&a.postcode)),
                ("from", od(a.from)),
                ("to", od(a.to)),
            ]);
        }
        v
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        Address {
            id,
            kind: r.pick("kind", &ADDRESS_KIND).unwrap_or_default(),
            lines: r.text("lines"),
            postcode: r.opt_text("postcode"),
            from: r.date("from"),
            to: r.date("to"),
        }
    }
}
