//! Every kind: a new item's form filled in and applied creates the item with the right fields.
use super::{new, new_in, save};
use crate::domain::testkit::{d, full_subject, today};
use crate::domain::*;
use crate::domain::{ItemKind, Target};
use crate::edit::values;

#[test]
fn identity_edits_only_identity_fields() {
    let s = full_subject();
    let target = Target::existing(ItemKind::Subject, 0, None);
    let (out, id) = save(
        &s,
        &target,
        &[
            ("family_name", " Jones "),
            ("given_names", "John Paul"),
            ("aliases", "  JJ \n\n   \nJohnny Jones\n"),
            ("date_of_birth", "2/3/85"),
            ("pnc_id", ""),
            ("rso", "yes"),
            ("mappa_level", "Level 3"),
            ("iom", "no"),
            ("other_flags", "Violent\nWeapons"),
            ("officer", "DC Ahmed"),
            ("opened", "10 Jan 2025"),
        ],
    );
    assert_eq!(id, 0);
    assert_eq!(out.family_name, "Jones");
    assert_eq!(out.given_names, "John Paul");
    assert_eq!(out.aliases, vec!["JJ", "Johnny Jones"]);
    assert_eq!(out.date_of_birth, Some(d(1985, 3, 2)));
    assert_eq!(out.pnc_id, None);
    assert_eq!(out.niche_ref, s.niche_ref);
    assert_eq!(
        out.flags,
        Flags {
            rso: true,
            mappa_level: Some(3),
            iom: false,
            other: vec!["Violent".into(), "Weapons".into()],
        }
    );
    assert_eq!(out.officer.as_deref(), Some("DC Ahmed"));
    let mut rest = out.clone();
    rest.family_name = s.family_name.clone();
    rest.given_names = s.given_names.clone();
    rest.aliases = s.aliases.clone();
    rest.pnc_id = s.pnc_id.clone();
    rest.flags = s.flags.clone();
    rest.officer = s.officer.clone();
    assert_eq!(rest, s, "nothing but identity changed");
    let (none, _) = save(&s, &target, &[("mappa_level", "None")]);
    assert_eq!(none.flags.mappa_level, None);
}

#[test]
fn address_narrative_and_notes() {
    let s = full_subject();
    let (out, id) = save(
        &s,
        &new(ItemKind::Address),
        &[
            ("kind", "Work"),
            ("lines", "1 High St, Leeds"),
            ("postcode", "LS2 2BB"),
            ("from", "1/1/2026"),
        ],
    );
    assert_eq!(id, 3);
    assert_eq!(
        out.addresses.last(),
        Some(&Address {
            id: 3,
            kind: AddressKind::Work,
            lines: "1 High St, Leeds".into(),
            postcode: Some("LS2 2BB".into()),
            from: Some(d(2026, 1, 1)),
            to: None,
        })
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Narrative),
        &[("narrative", "Sent 200 messages\nin a week\n")],
    );
    assert_eq!(out.section1.narrative, "Sent 200 messages\nin a week");
    let (out, _) = save(
        &s,
        &new(ItemKind::ManagementNotes),
        &[("notes", "Discussed at DMM")],
    );
    assert_eq!(out.section2.notes, "Discussed at DMM");
}

#[test]
fn order_with_other_kind_and_fixed_end() {
    let s = full_subject();
    let (out, id) = save(
        &s,
        &new(ItemKind::Order),
        &[
            ("kind", "Other"),
            ("kind_other", "DAPO"),
            ("court", "Harrowmere Magistrates' Court"),
            ("reference", "HM/26/7"),
            ("applied", "1/5/2026"),
            ("made", "12 May 2026"),
            ("served", "13/05/26"),
            ("end", "Fixed date"),
            ("end_date", "11/05/2028"),
        ],
    );
    assert_eq!(id, 3);
    let o = out.order(3).expect("created");
    assert_eq!(o.kind, OrderKind::Other("DAPO".into()));
    assert_eq!(o.court, "Harrowmere Magistrates' Court");
    assert_eq!(o.reference.as_deref(), Some("HM/26/7"));
    assert_eq!(
        (o.applied, o.made, o.served),
        (
            Some(d(2026, 5, 1)),
            Some(d(2026, 5, 12)),
            Some(d(2026, 5, 13))
        )
    );
    assert_eq!(o.end, OrderEnd::Fixed(d(2028, 5, 11)));
    assert_eq!(o.discharged, None);
    assert!(o.conditions.is_empty() && o.variations.is_empty() && o.notifications.is_empty());
    // Defaults of a new order: an SPO until further order.
    let (out, _) = save(&s, &new(ItemKind::Order), &[("court", "Leeds")]);
    let o = out.order(3).expect("created");
    assert_eq!(
        (o.kind.clone(), o.end),
        (OrderKind::Spo, OrderEnd::UntilFurtherOrder)
    );
}

#[test]
fn variation_condition_and_notification_go_into_their_order() {
    let s = full_subject();
    let (out, id) = save(
        &s,
        &new_in(ItemKind::Variation, 1),
        &[
            ("date", "1/10/2025"),
            ("kind", "Renewed"),
            ("note", "for 2 more years"),
        ],
    );
    assert_eq!(id, 2, "variations are numbered by position");
    assert_eq!(
        out.orders[0].variations[1],
        Variation {
            date: d(2025, 10, 1),
            kind: VariationKind::Renewed,
            note: "for 2 more years".into()
        }
    );

    let (out, id) = save(
        &s,
        &new_in(ItemKind::Condition, 1),
        &[
            ("kind", "Requirement"),
            ("category", "programme"),
            ("text", "Attend a perpetrator programme"),
            ("area", ""),
            ("starts", "1/7/2026"),
            ("check_method", "provider report"),
        ],
    );
    assert_eq!(id, 3);
    assert_eq!(
        out.orders[0].condition(3),
        Some(&Condition {
            id: 3,
            kind: ConditionKind::Requirement,
            category: "programme".into(),
            text: "Attend a perpetrator programme".into(),
            area: None,
            starts: Some(d(2026, 7, 1)),
            ends: None,
            check_method: "provider report".into(),
        })
    );

    // Order 2 has no clock yet: the first one is the initial notification, from today.
    let target = new_in(ItemKind::Notification, 2);
    let (out, id) = save(
        &s,
        &target,
        &[("received", "16/6/2026"), ("station", "Elland Road")],
    );
    assert_eq!(id, 1);
    assert_eq!(
        out.orders[1].notifications,
        vec![Notification {
            id: 1,
            kind: NotificationKind::Initial,
            trigger: today(),
            received: Some(d(2026, 6, 16)),
            station: Some("Elland Road".into()),
            reference: None,
        }]
    );
    let (out, id) = save(
        &s,
        &new_in(ItemKind::Notification, 1),
        &[
            ("kind", "Other"),
            ("kind_other", "new vehicle"),
            ("trigger", "-2d"),
        ],
    );
    assert_eq!(id, 2);
    let n = &out.orders[0].notifications[1];
    assert_eq!(
        (n.kind.clone(), n.trigger),
        (
            NotificationKind::Other("new vehicle".into()),
            d(2026, 6, 13)
        )
    );
}

#[test]
fn a_served_orders_first_clock_starts_at_service() {
    let mut s = full_subject();
    s.orders[0].notifications.clear();
    let v = values(&s, &new_in(ItemKind::Notification, 1), today()).expect("values");
    assert!(v.contains(&"initial".to_string()));
    assert!(v.contains(&"04/02/2025".to_string()), "{v:?}");
}

#[test]
fn section1_people_offences_and_safeguarding() {
    let s = full_subject();
    let (out, id) = save(
        &s,
        &new(ItemKind::ProtectedPerson),
        &[
            ("name", "Carol Brown"),
            ("relationship", "mother of the victim"),
            ("by_proxy", "yes"),
            ("address", ""),
        ],
    );
    assert_eq!(id, 2);
    let p = &out.protected_persons[1];
    assert_eq!(
        (
            p.name.as_str(),
            p.relationship.as_str(),
            p.by_proxy,
            p.address.clone()
        ),
        ("Carol Brown", "mother of the victim", true, None)
    );

    let (out, id) = save(
        &s,
        &new(ItemKind::IndexOffence),
        &[
            ("offence", "Harassment"),
            ("date", "3 Mar 2024"),
            ("reference", "13/1/24"),
            ("outcome", "convicted"),
        ],
    );
    assert_eq!(id, 2);
    assert_eq!(
        out.section1.index_offences[1],
        IndexOffence {
            id: 2,
            offence: "Harassment".into(),
            date: Some(d(2024, 3, 3)),
            reference: Some("13/1/24".into()),
            outcome: "convicted".into()
        }
    );

    // With one protected person the option defaults to them.
    let (out, id) = save(
        &s,
        &new(ItemKind::Safeguarding),
        &[("option", "Ring doorbell")],
    );
    assert_eq!(id, 2);
    assert_eq!(
        out.section1.safeguarding[1],
        SafeguardingOption {
            id: 2,
            person: Some(1),
            option: "Ring doorbell".into(),
            status: ActionStatus::Proposed,
            notes: String::new()
        }
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Safeguarding),
        &[
            ("person", "(none)"),
            ("option", "Marker"),
            ("status", "In progress"),
        ],
    );
    assert_eq!(
        (
            out.section1.safeguarding[1].person,
            out.section1.safeguarding[1].status
        ),
        (None, ActionStatus::InProgress)
    );
}

#[test]
fn every_form_has_unique_keys_labels_and_values_that_pass_their_checks() {
    use crate::edit::{fields, parse::check};
    let mut s = full_subject();
    s.meetings.push(crate::domain::Meeting {
        id: 1,
        kind: crate::domain::MeetingKind::Marac,
        date: today(),
        decisions: String::new(),
        actions: Vec::new(),
    });
    // Reviews are recorded and revised in the review wizard, screenings on their instrument's
    // form: they have no item form.
    assert!(fields(ItemKind::Review, &s).is_empty());
    assert!(fields(ItemKind::Screening, &s).is_empty());
    let formed = |k: &ItemKind| !matches!(k, ItemKind::Review | ItemKind::Screening);
    for kind in ItemKind::ALL.into_iter().filter(formed) {
        let specs = fields(kind, &s);
        assert!(!specs.is_empty(), "{kind:?}");
        for (i, spec) in specs.iter().enumerate() {
            assert!(!spec.label.is_empty(), "{kind:?}.{}", spec.key);
            assert!(
                specs[..i].iter().all(|o| o.key != spec.key),
                "{kind:?} repeats {}",
                spec.key
            );
        }
        let parent = match kind {
            ItemKind::Variation | ItemKind::Condition | ItemKind::Notification => Some(1),
            ItemKind::MeetingAction => s.meetings.first().map(|m| m.id),
            _ => None,
        };
        let v = values(&s, &Target::new_item(kind, parent), today()).expect("values");
        for (spec, value) in specs.iter().zip(&v) {
            // A new item's defaults may leave required fields empty, never put in a bad value.
            if !value.trim().is_empty() {
                assert_eq!(check(spec, value, today()), Ok(()), "{kind:?}.{}", spec.key);
            }
        }
    }
}
