//! The parts of a synthetic subject that do not drive the queue: addresses, Sections 1 and 2.
use chrono::NaiveDate;

use super::build::{ascii, between, letter, person};
use super::words::*;
use super::{SplitMix64, shift};
use crate::domain::*;

pub(super) fn addresses(s: &mut Subject, rng: &mut SplitMix64) {
    let line = |rng: &mut SplitMix64| {
        let flat = if rng.chance(30) {
            format!("Flat {}, ", rng.range(1, 12))
        } else {
            String::new()
        };
        format!(
            "{flat}{} {}, {}",
            rng.range(1, 140),
            rng.pick(STREETS),
            rng.pick(TOWNS)
        )
    };
    let postcode = |rng: &mut SplitMix64| {
        Some(format!(
            "ZZ{} {}{}{}",
            rng.range(1, 9),
            rng.range(1, 9),
            letter(rng),
            letter(rng)
        ))
    };
    let from = shift(s.opened, -rng.range(0, 600));
    if rng.chance(40) {
        s.addresses.push(Address {
            id: 2,
            kind: AddressKind::Home,
            lines: line(rng),
            postcode: postcode(rng),
            from: Some(shift(from, -rng.range(200, 2000))),
            to: Some(shift(from, -1)),
        });
    }
    s.addresses.insert(
        0,
        Address {
            id: 1,
            kind: AddressKind::Home,
            lines: line(rng),
            postcode: postcode(rng),
            from: Some(from),
            to: None,
        },
    );
    if rng.chance(20) {
        s.addresses.push(Address {
            id: 3,
            kind: AddressKind::Work,
            lines: format!(
                "Unit {}, {} Trading Estate",
                rng.range(1, 30),
                rng.pick(TOWNS)
            ),
            postcode: postcode(rng),
            from: Some(from),
            to: None,
        });
    }
}

pub(super) fn section1(s: &mut Subject, rng: &mut SplitMix64) {
    s.section1.narrative = rng.pick(NARRATIVES).to_string();
    for id in 1..=rng.range(1, 2) as u32 {
        s.section1.index_offences.push(IndexOffence {
            id,
            offence: rng.pick(OFFENCES).to_string(),
            date: Some(shift(s.opened, -rng.range(60, 500))),
            reference: Some(format!("GEN/OCC/{:06}", rng.below(1_000_000))),
            outcome: "Convicted".to_string(),
        });
    }
    for id in 1..=rng.range(1, 3) as u32 {
        s.section1.safeguarding.push(SafeguardingOption {
            id,
            person: Some(1),
            option: rng.pick(SAFEGUARDING).to_string(),
            status: if rng.chance(70) {
                ActionStatus::Done
            } else {
                ActionStatus::InProgress
            },
            notes: String::new(),
        });
    }
}

pub(super) fn section2(s: &mut Subject, rng: &mut SplitMix64, today: NaiveDate) {
    let s2 = &mut s.section2;
    for id in 1..=rng.below(3) as u32 {
        s2.investigations.push(Investigation {
            id,
            reference: format!("GEN/OCC/{:06}", rng.below(1_000_000)),
            offence: "Breach of order".to_string(),
            status: rng.pick(&["open", "charged", "NFA", "closed"]).to_string(),
            officer: s.officer.clone(),
            opened: Some(between(rng, s.opened, today)),
        });
    }
    for id in 1..=rng.range(0, 3) as u32 {
        let (device_type, make_model) = rng.pick(DEVICES);
        s2.devices.push(Device {
            id,
            device_type: device_type.to_string(),
            make_model: make_model.to_string(),
            imei_serial: Some(format!("00{:013}", rng.below(10_000_000_000_000))),
            number: (device_type == "Phone").then(|| format!("07700 900{:03}", rng.below(1000))),
            status: rng.pick(&[
                DeviceStatus::Declared,
                DeviceStatus::Declared,
                DeviceStatus::Seized,
                DeviceStatus::Undeclared,
            ]),
            date: Some(between(rng, s.opened, today)),
        });
    }
    let handle = ascii(&s.given_names);
    for id in 1..=rng.below(4) as u32 {
        s2.social_media.push(SocialAccount {
            id,
            platform: rng.pick(PLATFORMS).to_string(),
            handle: format!("@{handle}.{}{}", ascii(&s.family_name), rng.below(100)),
            url: None,
            declared: rng.chance(75),
        });
    }
    for id in 1..=rng.below(3) as u32 {
        let (make, model) = rng.pick(CARS);
        s2.vehicles.push(Vehicle {
            id,
            vrm: format!(
                "{}{}{} {}{}{}",
                letter(rng),
                letter(rng),
                rng.range(10, 74),
                letter(rng),
                letter(rng),
                letter(rng)
            ),
            make: make.to_string(),
            model: model.to_string(),
            colour: rng.pick(COLOURS).to_string(),
            markers: if rng.chance(50) {
                "ANPR locate/trace".to_string()
            } else {
                String::new()
            },
        });
    }
    if rng.chance(25) {
        let learned = between(rng, s.opened, today);
        let disclosure = rng
            .chance(60)
            .then(|| shift(learned, rng.range(0, 14)).min(today).max(learned));
        s2.relationships.push(Relationship {
            id: 1,
            learned,
            partner: person(rng),
            disclosure,
            checks: "PNC/PND checks".to_string(),
            decision: if disclosure.is_some() {
                DisclosureDecision::Disclose
            } else {
                DisclosureDecision::Pending
            },
            decided: disclosure,
            decision_reason: String::new(),
        });
    }
    for id in 1..=rng.range(1, 2) as u32 {
        s2.strategies.push(Strategy {
            id,
            text: rng.pick(STRATEGIES).to_string(),
            owner: s.officer.clone(),
            status: ActionStatus::InProgress,
        });
    }
}
