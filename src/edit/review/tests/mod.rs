//! Tests of the review wizard, on the domain's fixed dates (`today()` is Monday 15 June 2026,
//! see `crate::domain::testkit`).
mod input;
mod risk;
mod wizard;

use crate::domain::Policy;
use crate::domain::testkit::{assessment, condition, d, notification, order, subject, today};
use crate::domain::*;
use crate::edit::review::{ReviewWizard, StepKind};

/// Two active orders and an expired one:
/// - order 1, SPO (ref LS/2025/0001): condition 1 no contact, condition 2 exclusion zone that
///   ended 1 May 2026 (not in force), condition 3 programme requirement; one notification
///   received at Elland Road;
/// - order 2, SCPO made 1 Mar 2025: condition 1 declare devices;
/// - order 3, ISPO that expired 9 Jan 2025: condition 1 (excluded from the review).
///
/// Assessed 1 May 2026 by DS Khan: named victim High, public Low, one tactical option.
/// Next review due 20 Jun 2026 (set by the last review); no breach.
pub(super) fn two_orders() -> Subject {
    let mut s = subject();
    let mut spo = order(1, OrderKind::Spo);
    spo.reference = Some("LS/2025/0001".to_string());
    spo.served = Some(d(2025, 1, 12));
    let mut zone = condition(2);
    zone.category = "exclusion zone".to_string();
    zone.text = "Not to enter Headingley".to_string();
    zone.ends = Some(d(2026, 5, 1));
    let mut programme = condition(3);
    programme.kind = ConditionKind::Requirement;
    programme.category = "programme".to_string();
    programme.text = "Attend the perpetrator programme".to_string();
    programme.check_method = "provider report".to_string();
    spo.conditions = vec![condition(1), zone, programme];
    spo.notifications = vec![Notification {
        received: Some(d(2025, 1, 14)),
        station: Some("Elland Road".to_string()),
        ..notification(1, d(2025, 1, 12))
    }];
    let mut scpo = order(2, OrderKind::Scpo);
    scpo.made = Some(d(2025, 3, 1));
    let mut devices = condition(1);
    devices.kind = ConditionKind::Requirement;
    devices.category = "devices".to_string();
    devices.text = "Declare every device".to_string();
    scpo.conditions = vec![devices];
    let mut ispo = order(3, OrderKind::InterimSpo);
    ispo.made = Some(d(2024, 11, 1));
    ispo.end = OrderEnd::Fixed(d(2025, 1, 9));
    ispo.conditions = vec![condition(1)];
    s.orders = vec![spo, scpo, ispo];
    let mut a = assessment(
        1,
        d(2026, 5, 1),
        &[
            (RiskGroup::NamedVictim, RiskLevel::High),
            (RiskGroup::Public, RiskLevel::Low),
        ],
    );
    a.harm = "Serious psychological harm to the victim".to_string();
    a.risk_factors = vec!["Fixation".to_string()];
    a.tactical_options = vec![TacticalOption {
        id: 1,
        option: "Marker on victim's address".to_string(),
        owner: Some("PC Patel".to_string()),
        due: None,
        status: ActionStatus::InProgress,
    }];
    s.assessments = vec![a];
    s.next_review = Some(d(2026, 6, 20));
    assert!(
        validate_subject(&s).is_empty(),
        "{:?}",
        validate_subject(&s)
    );
    s
}

/// A wizard for `s` by DC Jones on `today()` with the default config.
pub(super) fn wizard(s: &Subject) -> ReviewWizard {
    ReviewWizard::new(s, today(), &Policy::default(), "DC Jones")
}

pub(super) fn vals(values: &[&str]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// Mark every condition not yet decided complied and move on until the step of `kind` is shown.
pub(super) fn advance_to(w: &mut ReviewWizard, kind: &StepKind) {
    while &w.step().kind != kind {
        if matches!(w.step().kind, StepKind::Condition { .. }) && w.step().values[0].is_empty() {
            w.set_values(vals(&["Complied", ""]))
                .expect("complied needs no note");
        }
        assert!(w.next(), "stuck at {}", w.step().title);
    }
}
