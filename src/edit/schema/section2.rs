//! Section 2: investigations, devices, social-media accounts, vehicles, relationships,
//! management strategies and notes.
use super::{
    Ctx, Form, Reader, STATUS, choice, date, key_of, multiline, od, opt_date, options, os, text,
    yes_no,
};
use crate::domain::{
    ActionStatus, Device, DeviceStatus, DisclosureDecision, Investigation, ItemId, Relationship,
    SocialAccount, Strategy, Subject, Vehicle,
};
use crate::edit::parse::{edit_date, show_bool};
use crate::edit::spec::FieldSpec;

const DECISIONS: [(DisclosureDecision, &str, &str); 3] = [
    (DisclosureDecision::Pending, "pending", "Pending"),
    (DisclosureDecision::Disclose, "disclose", "Disclose"),
    (
        DisclosureDecision::NoDisclosure,
        "no_disclosure",
        "No disclosure",
    ),
];

const DEVICE_STATUS: [(DeviceStatus, &str, &str); 5] = [
    (DeviceStatus::Declared, "declared", "Declared"),
    (DeviceStatus::Undeclared, "undeclared", "Undeclared"),
    (DeviceStatus::Seized, "seized", "Seized"),
    (DeviceStatus::Examined, "examined", "Examined"),
    (DeviceStatus::Returned, "returned", "Returned"),
];

/// The management notes form: one free-text field.
pub(crate) fn notes_fields() -> Vec<FieldSpec> {
    vec![multiline("notes", "Management notes", false)]
}

impl Form for Investigation {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("reference", "Reference", true).with_help("Occurrence or crime reference"),
            text("offence", "Offence", false),
            text("status", "Status", false).with_help("e.g. open, charged, NFA, closed"),
            text("officer", "Officer in charge", false),
            opt_date("opened", "Date opened"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("status", "open".to_string()),
                ("opened", edit_date(cx.today)),
            ];
        };
        vec![
            ("reference", x.reference.clone()),
            ("offence", x.offence.clone()),
            ("status", x.status.clone()),
            ("officer", os(&x.officer)),
            ("opened", od(x.opened)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        Investigation {
            id,
            reference: r.text("reference"),
            offence: r.text("offence"),
            status: r.text("status"),
            officer: r.opt_text("officer"),
            opened: r.date("opened"),
        }
    }
}

impl Form for Device {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("device_type", "Type", true).with_help("e.g. phone, laptop, tablet, camera"),
            text("make_model", "Make and model", false).with_help("e.g. Samsung A54"),
            text("imei_serial", "IMEI or serial number", false),
            text("number", "Phone number", false),
            choice("status", "Status", options(&DEVICE_STATUS)),
            opt_date("date", "Date").with_help("When declared, seized or examined; e.g. today"),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("status", key_of(&DEVICE_STATUS, &DeviceStatus::Declared)),
                ("date", edit_date(cx.today)),
            ];
        };
        vec![
            ("device_type", x.device_type.clone()),
            ("make_model", x.make_model.clone()),
            ("imei_serial", os(&x.imei_serial)),
            ("number", os(&x.number)),
            ("status", key_of(&DEVICE_STATUS, &x.status)),
            ("date", od(x.date)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        Device {
            id,
            device_type: r.text("device_type"),
            make_model: r.text("make_model"),
            imei_serial: r.opt_text("imei_serial"),
            number: r.opt_text("number"),
            status: r.pick("status", &DEVICE_STATUS).unwrap_or_default(),
            date: r.date("date"),
        }
    }
}

impl Form for SocialAccount {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("platform", "Platform", true).with_help("e.g. Instagram, Facebook, TikTok"),
            text("handle", "Handle or user name", true),
            text("url", "Address (URL)", false),
            yes_no("declared", "Declared by the subject"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![("declared", show_bool(true))];
        };
        vec![
            ("platform", x.platform.clone()),
            ("handle", x.handle.clone()),
            ("url", os(&x.url)),
            ("declared", show_bool(x.declared)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        SocialAccount {
            id,
            platform: r.text("platform"),
            handle: r.text("handle"),
            url: r.opt_text("url"),
            declared: r.flag("declared"),
        }
    }
}

impl Form for Vehicle {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("vrm", "Registration (VRM)", true).with_help("e.g. AB12 CDE"),
            text("make", "Make", false),
            text("model", "Model", false),
            text("colour", "Colour", false),
            text("markers", "Markers", false).with_help("PNC or ANPR markers placed"),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return Vec::new();
        };
        vec![
            ("vrm", x.vrm.clone()),
            ("make", x.make.clone()),
            ("model", x.model.clone()),
            ("colour", x.colour.clone()),
            ("markers", x.markers.clone()),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        Vehicle {
            id,
            vrm: r.text("vrm"),
            make: r.text("make"),
            model: r.text("model"),
            colour: r.text("colour"),
            markers: r.text("markers"),
        }
    }
}

impl Form for Relationship {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            date("learned", "Date learned of"),
            text("partner", "New partner", true),
            choice("decision", "Disclosure decision", options(&DECISIONS))
                .with_help("Pending until decided; the queue asks for a decision after a week"),
            opt_date("decided", "Decided on"),
            multiline("decision_reason", "Reason for the decision", false)
                .with_help("Required when deciding not to disclose"),
            opt_date("disclosure", "Disclosure made on")
                .with_help("Leave empty if no disclosure was made; e.g. 23/11/2026"),
            multiline("checks", "Checks done", false),
        ]
    }

    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![
                ("learned", edit_date(cx.today)),
                ("decision", key_of(&DECISIONS, &DisclosureDecision::Pending)),
            ];
        };
        vec![
            ("learned", edit_date(x.learned)),
            ("partner", x.partner.clone()),
            ("decision", key_of(&DECISIONS, &x.decision)),
            ("decided", od(x.decided)),
            ("decision_reason", x.decision_reason.clone()),
            ("disclosure", od(x.disclosure)),
            ("checks", x.checks.clone()),
        ]
    }

    /// A disclosure made is a decision to disclose: a pending decision becomes "disclose" on
    /// the date of the disclosure. A decision needs its date (today when left empty), and not
    /// disclosing needs a reason.
    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        let disclosure = r.date("disclosure");
        let mut decision = r.pick("decision", &DECISIONS).unwrap_or_default();
        let mut decided = r.date("decided");
        if decision == DisclosureDecision::Pending && disclosure.is_some() {
            decision = DisclosureDecision::Disclose;
            decided = decided.or(disclosure);
        }
        if decision != DisclosureDecision::Pending && decided.is_none() {
            decided = Some(r.today());
        }
        let reason = r.text("decision_reason");
        if decision == DisclosureDecision::NoDisclosure && reason.is_empty() {
            r.issue("decision_reason", "Give the reason for not disclosing");
        }
        Relationship {
            id,
            learned: r.date("learned").unwrap_or(r.today()),
            partner: r.text("partner"),
            disclosure,
            checks: r.text("checks"),
            decision,
            decided,
            decision_reason: reason,
        }
    }
}

impl Form for Strategy {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            multiline("text", "Strategy", true).with_help("e.g. monthly home visits"),
            text("owner", "Owner", false),
            choice("status", "Status", options(&STATUS)),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![("status", key_of(&STATUS, &ActionStatus::Proposed))];
        };
        vec![
            ("text", x.text.clone()),
            ("owner", os(&x.owner)),
            ("status", key_of(&STATUS, &x.status)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        Strategy {
            id,
            text: r.text("text"),
            owner: r.opt_text("owner"),
            status: r.pick("status", &STATUS).unwrap_or_default(),
        }
    }
}
