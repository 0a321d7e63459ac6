//! Order status, expiry, conditions in force and notification clocks.
use crate::domain::testkit::{condition, d, day, notification, order, spo, today};
use crate::domain::*;

fn fixed(end: chrono::NaiveDate) -> Order {
    spo(1, Some(d(2025, 1, 10)), OrderEnd::Fixed(end))
}

// --- status and is_active ---

#[test]
fn applied_only_is_applied_and_not_active() {
    let mut o = spo(1, None, OrderEnd::UntilFurtherOrder);
    o.applied = Some(day(-10));
    assert_eq!(o.status(today()), OrderStatus::Applied);
    assert!(!o.is_active(today()));
    assert_eq!(o.status(today()).label(), "applied");
}

#[test]
fn made_in_the_future_is_still_applied() {
    let o = spo(1, Some(day(1)), OrderEnd::UntilFurtherOrder);
    assert_eq!(o.status(today()), OrderStatus::Applied);
    assert!(!o.is_active(today()));
    // and becomes active on the day it is made
    assert_eq!(o.status(day(1)), OrderStatus::Active);
}

#[test]
fn made_today_is_active() {
    let o = spo(1, Some(today()), OrderEnd::UntilFurtherOrder);
    assert_eq!(o.status(today()), OrderStatus::Active);
    assert!(o.is_active(today()));
}

#[test]
fn fixed_end_yesterday_is_expired() {
    let o = fixed(day(-1));
    assert_eq!(o.status(today()), OrderStatus::Expired);
    assert!(!o.is_active(today()));
    assert_eq!(o.days_to_expiry(today()), Some(-1));
    assert_eq!(o.status(today()).label(), "expired");
}

#[test]
fn fixed_end_today_is_in_force_on_its_last_day() {
    let o = fixed(today());
    assert_eq!(o.status(today()), OrderStatus::Active);
    assert_eq!(o.days_to_expiry(today()), Some(0));
    assert_eq!(o.expiry_text(today()), "ends today (15 Jun 2026)");
}

#[test]
fn fixed_end_tomorrow_is_active_with_one_day() {
    let o = fixed(day(1));
    assert_eq!(o.status(today()), OrderStatus::Active);
    assert_eq!(o.days_to_expiry(today()), Some(1));
    assert_eq!(o.expiry_text(today()), "ends 16 Jun 2026 (1 day)");
}

#[test]
fn fixed_end_far_ahead_counts_days() {
    let o = fixed(d(2026, 10, 2));
    assert_eq!(o.days_to_expiry(today()), Some(109));
    assert_eq!(o.expiry_text(today()), "ends 2 Oct 2026 (109 days)");
}

#[test]
fn expired_some_days_ago_text() {
    let o = fixed(day(-3));
    assert_eq!(o.expiry_text(today()), "expired 12 Jun 2026 (3 days ago)");
}

#[test]
fn expired_one_day_ago_is_singular() {
    let o = fixed(day(-1));
    assert_eq!(o.expiry_text(today()), "expired 14 Jun 2026 (1 day ago)");
}

#[test]
fn until_further_order_never_expires() {
    let o = spo(1, Some(d(2020, 1, 1)), OrderEnd::UntilFurtherOrder);
    assert_eq!(o.status(d(2099, 12, 31)), OrderStatus::Active);
    assert_eq!(o.days_to_expiry(today()), None);
    assert_eq!(o.expiry_text(today()), "until further order");
}

#[test]
fn discharged_before_today_is_discharged() {
    let mut o = spo(1, Some(d(2025, 1, 10)), OrderEnd::UntilFurtherOrder);
    o.discharged = Some(day(-1));
    assert_eq!(o.status(today()), OrderStatus::Discharged);
    assert!(!o.is_active(today()));
    assert_eq!(o.status(today()).label(), "discharged");
}

#[test]
fn discharged_today_takes_effect_today() {
    let mut o = spo(1, Some(d(2025, 1, 10)), OrderEnd::UntilFurtherOrder);
    o.discharged = Some(today());
    assert_eq!(o.status(today()), OrderStatus::Discharged);
    assert_eq!(o.status(day(-1)), OrderStatus::Active);
}

#[test]
fn discharge_dated_after_today_leaves_the_order_active() {
    let mut o = spo(1, Some(d(2025, 1, 10)), OrderEnd::UntilFurtherOrder);
    o.discharged = Some(day(1));
    assert_eq!(o.status(today()), OrderStatus::Active);
    assert!(o.is_active(today()));
}

#[test]
fn discharged_order_expiry_follows_the_discharge() {
    // A fixed end far ahead must not read "ends ... (n days)" once the order is discharged.
    let mut o = fixed(d(2027, 3, 12));
    o.discharged = Some(day(-1));
    assert_eq!(o.last_day(), Some(day(-2)));
    assert_eq!(o.days_to_expiry(today()), Some(-2));
    assert_eq!(o.expiry_text(today()), "discharged 14 Jun 2026");

    o.discharged = Some(today());
    assert_eq!(o.days_to_expiry(today()), Some(-1));
    assert_eq!(o.expiry_text(today()), "discharged 15 Jun 2026");

    o.discharged = Some(day(1));
    assert_eq!(o.days_to_expiry(today()), Some(0));
    assert_eq!(
        o.expiry_text(today()),
        "to be discharged 16 Jun 2026 (1 day)"
    );

    o.discharged = Some(day(5));
    assert_eq!(o.days_to_expiry(today()), Some(4));
    assert_eq!(
        o.expiry_text(today()),
        "to be discharged 20 Jun 2026 (5 days)"
    );
}

#[test]
fn discharged_open_ended_order_gets_an_end() {
    let mut o = spo(1, Some(d(2025, 1, 10)), OrderEnd::UntilFurtherOrder);
    assert_eq!(o.last_day(), None);
    o.discharged = Some(day(-3));
    assert_eq!(o.last_day(), Some(day(-4)));
    assert_eq!(o.days_to_expiry(today()), Some(-4));
    assert_eq!(o.expiry_text(today()), "discharged 12 Jun 2026");
}

#[test]
fn discharge_dated_after_the_end_leaves_the_expiry() {
    let mut o = fixed(day(-10));
    o.discharged = Some(day(-2));
    assert_eq!(o.last_day(), Some(day(-10)));
    assert_eq!(o.days_to_expiry(today()), Some(-10));
    assert_eq!(o.expiry_text(today()), "expired 5 Jun 2026 (10 days ago)");
}

#[test]
fn days_to_expiry_agrees_with_status() {
    // For a made order: active exactly when the days left are not negative.
    let mut orders = vec![fixed(day(-1)), fixed(today()), fixed(day(1))];
    for dis in [day(-1), today(), day(1)] {
        let mut o = fixed(day(30));
        o.discharged = Some(dis);
        orders.push(o);
    }
    for o in &orders {
        let left = o.days_to_expiry(today()).expect("fixed end");
        assert_eq!(o.is_active(today()), left >= 0, "{o:?}");
    }
}

#[test]
fn discharge_wins_over_expiry() {
    let mut o = fixed(day(-5));
    o.discharged = Some(day(-30));
    assert_eq!(o.status(today()), OrderStatus::Discharged);
}

#[test]
fn order_kind_short_labels() {
    let shorts: Vec<&str> = OrderKind::BUILT_IN.iter().map(OrderKind::short).collect();
    assert_eq!(
        shorts,
        ["SPO", "ISPO", "SCPO", "FMPO", "FGMPO", "STRO", "STPO"]
    );
    assert_eq!(OrderKind::Other("DVPO".to_string()).short(), "DVPO");
}

#[test]
fn only_spo_kinds_have_notification_requirements() {
    let with: Vec<&str> = OrderKind::BUILT_IN
        .iter()
        .filter(|k| k.has_notification_requirements())
        .map(OrderKind::short)
        .collect();
    assert_eq!(with, ["SPO", "ISPO"]);
    assert!(!OrderKind::Other("SPO".to_string()).has_notification_requirements());
}

// --- conditions ---

fn with_conditions(made: Option<chrono::NaiveDate>) -> Order {
    let mut o = spo(1, made, OrderEnd::UntilFurtherOrder);
    o.conditions = vec![
        condition(1),
        Condition {
            starts: Some(day(1)),
            ..condition(2)
        },
        Condition {
            starts: Some(today()),
            ..condition(3)
        },
        Condition {
            ends: Some(day(-1)),
            ..condition(4)
        },
        Condition {
            ends: Some(today()),
            ..condition(5)
        },
        Condition {
            starts: Some(day(-10)),
            ends: Some(day(10)),
            ..condition(6)
        },
    ];
    o
}

#[test]
fn active_conditions_honour_their_own_dates() {
    let o = with_conditions(Some(d(2025, 1, 10)));
    let ids: Vec<ItemId> = o.active_conditions(today()).map(|c| c.id).collect();
    assert_eq!(ids, [1, 3, 5, 6]);
    let ids: Vec<ItemId> = o.active_conditions(day(1)).map(|c| c.id).collect();
    assert_eq!(ids, [1, 2, 3, 6]);
}

#[test]
fn inactive_order_has_no_conditions_in_force() {
    let o = with_conditions(Some(day(1)));
    assert_eq!(o.active_conditions(today()).count(), 0);
    let mut o = with_conditions(Some(d(2025, 1, 10)));
    o.discharged = Some(day(-1));
    assert_eq!(o.active_conditions(today()).count(), 0);
}

#[test]
fn condition_lookup_by_id() {
    let o = with_conditions(Some(d(2025, 1, 10)));
    assert_eq!(o.condition(4).map(|c| c.ends), Some(Some(day(-1))));
    assert!(o.condition(99).is_none());
}

// --- notifications ---

#[test]
fn notification_due_three_days_after_trigger() {
    let n = notification(1, d(2026, 6, 15));
    assert_eq!(n.due(DEFAULT_NOTIFICATION_DAYS), d(2026, 6, 18));
    assert_eq!(DEFAULT_NOTIFICATION_DAYS, 3);
    // across a month end
    assert_eq!(notification(1, d(2026, 6, 29)).due(3), d(2026, 7, 2));
}

#[test]
fn notification_due_uses_configured_days() {
    let n = notification(1, d(2026, 6, 15));
    assert_eq!(n.due(7), d(2026, 6, 22));
    assert_eq!(n.due(0), d(2026, 6, 15));
    assert_eq!(
        notification(1, chrono::NaiveDate::MAX).due(3),
        chrono::NaiveDate::MAX
    );
}

#[test]
fn received_on_the_due_day_is_on_time() {
    let n = Notification {
        received: Some(day(3)),
        ..notification(1, today())
    };
    assert_eq!(
        n.state(day(10), 3, false),
        NotificationState::Received {
            on: day(3),
            late_by: 0
        }
    );
}

#[test]
fn received_early_is_not_late() {
    let n = Notification {
        received: Some(today()),
        ..notification(1, today())
    };
    assert_eq!(
        n.state(day(10), 3, false),
        NotificationState::Received {
            on: today(),
            late_by: 0
        }
    );
}

#[test]
fn received_late_counts_days_after_due() {
    let n = Notification {
        received: Some(day(5)),
        ..notification(1, today())
    };
    assert_eq!(
        n.state(day(10), 3, false),
        NotificationState::Received {
            on: day(5),
            late_by: 2
        }
    );
}

#[test]
fn not_received_before_due_counts_days_left() {
    let n = notification(1, today());
    assert_eq!(
        n.state(today(), 3, false),
        NotificationState::Due {
            due: day(3),
            days_left: 3
        }
    );
}

#[test]
fn due_today_has_zero_days_left() {
    let n = notification(1, day(-3));
    assert_eq!(
        n.state(today(), 3, false),
        NotificationState::Due {
            due: today(),
            days_left: 0
        }
    );
}

#[test]
fn overdue_by_one_day() {
    let n = notification(1, day(-4));
    assert_eq!(
        n.state(today(), 3, false),
        NotificationState::Overdue {
            due: day(-1),
            days: 1
        }
    );
}

#[test]
fn configured_days_move_the_clock() {
    let n = notification(1, day(-5));
    assert_eq!(
        n.state(today(), 7, false),
        NotificationState::Due {
            due: day(2),
            days_left: 2
        }
    );
    assert_eq!(
        n.state(today(), 3, false),
        NotificationState::Overdue {
            due: day(-2),
            days: 2
        }
    );
}

#[test]
fn clock_is_suspended_for_a_registered_sex_offender() {
    let n = notification(1, day(-30));
    assert_eq!(n.state(today(), 3, true), NotificationState::Suspended);
}

#[test]
fn received_notification_shows_received_even_for_rso() {
    let n = Notification {
        received: Some(day(-29)),
        ..notification(1, day(-30))
    };
    assert_eq!(
        n.state(today(), 3, true),
        NotificationState::Received {
            on: day(-29),
            late_by: 0
        }
    );
}

#[test]
fn notification_kind_labels() {
    assert_eq!(NotificationKind::Initial.label(), "initial notification");
    assert_eq!(NotificationKind::NewName.label(), "new name");
    assert_eq!(NotificationKind::NewAddress.label(), "new address");
    assert_eq!(
        NotificationKind::Other("new vehicle".into()).label(),
        "new vehicle"
    );
}

#[test]
fn order_builder_is_an_active_spo() {
    let o = order(7, OrderKind::Scpo);
    assert_eq!(o.id, 7);
    assert_eq!(o.kind.short(), "SCPO");
    assert!(o.is_active(today()));
}

// --- the days of each status, as windows (what the triage's rules are worked out with) ---

#[test]
fn active_and_applied_days_are_exactly_the_days_of_those_statuses() {
    let dates = [
        None,
        Some(day(-20)),
        Some(day(-3)),
        Some(day(0)),
        Some(day(4)),
    ];
    let ends = [
        OrderEnd::UntilFurtherOrder,
        OrderEnd::Fixed(day(-5)),
        OrderEnd::Fixed(day(0)),
        OrderEnd::Fixed(day(9)),
    ];
    let mut checked = 0;
    for made in dates {
        for discharged in dates {
            for refused in dates {
                for end in ends {
                    let mut o = spo(1, made, end);
                    o.discharged = discharged;
                    o.refused = refused;
                    let (active, applied) = (o.active_days(), o.applied_days());
                    for n in -30..=30 {
                        let t = day(n);
                        let status = o.status(t);
                        assert_eq!(
                            active.contains(t),
                            status == OrderStatus::Active,
                            "{o:?} {t}"
                        );
                        assert_eq!(
                            applied.contains(t),
                            status == OrderStatus::Applied,
                            "{o:?} {t}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 5 * 5 * 5 * 4 * 61);
}
