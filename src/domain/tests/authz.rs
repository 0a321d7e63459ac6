//! The role to permission mapping.

use crate::domain::*;

#[test]
fn each_role_grants_exactly_its_permissions() {
    use Permission::*;
    let all = Permission::ALL;
    for (role, granted) in [
        (Role::Viewer, vec![View]),
        (
            Role::Reviewer,
            vec![View, ViewRestricted, Edit, Disclose, Archive],
        ),
        (
            Role::Supervisor,
            vec![
                View,
                ViewRestricted,
                Edit,
                SignOff,
                Disclose,
                Archive,
                ViewAudit,
            ],
        ),
        (
            Role::Administrator,
            vec![View, ManageUsers, ViewAudit, Erase],
        ),
    ] {
        let actor = Actor::new("someone", &[role]);
        for p in all {
            assert_eq!(
                authorize(&actor, p).is_ok(),
                granted.contains(&p),
                "{role:?} {p:?}"
            );
        }
    }
}

#[test]
fn roles_add_up_and_no_role_grants_nothing() {
    let both = Actor::new("A", &[Role::Viewer, Role::Administrator]);
    assert!(both.may(Permission::ManageUsers));
    assert!(!both.may(Permission::Edit));
    let nobody = Actor::new("B", &[]);
    assert!(authorize(&nobody, Permission::View).is_err());
}

#[test]
fn the_local_actor_reviews_and_signs_off_but_does_not_manage_users() {
    let me = Actor::local("DS Khan");
    assert_eq!(me.roles, vec![Role::Reviewer, Role::Supervisor]);
    assert!(authorize(&me, Permission::View).is_ok());
    assert!(authorize(&me, Permission::Edit).is_ok());
    assert!(authorize(&me, Permission::SignOff).is_ok());
    assert!(authorize(&me, Permission::ManageUsers).is_err());
}

#[test]
fn denial_names_the_person_the_action_and_the_role_needed() {
    let e = authorize(
        &Actor::new("PC Patel", &[Role::Viewer]),
        Permission::SignOff,
    )
    .expect_err("viewer may not sign off");
    assert_eq!(
        e.to_string(),
        "PC Patel may not sign off reviews and risk assessments: that needs the Supervisor role"
    );
    let e = authorize(&Actor::new(" ", &[Role::Viewer]), Permission::Edit).expect_err("denied");
    assert_eq!(
        e.to_string(),
        "this user may not change plans: that needs the Reviewer or Supervisor role"
    );
}

#[test]
fn whoever_may_edit_or_disclose_sees_restricted_fields() {
    // A redacted record must never be saved back or exported as if it were whole.
    for role in Role::ALL {
        for p in [Permission::Edit, Permission::Disclose, Permission::SignOff] {
            if role.grants(p) {
                assert!(role.grants(Permission::ViewRestricted), "{role:?} {p:?}");
            }
        }
    }
}

#[test]
fn redaction_hides_victim_addresses_and_notes_only() {
    use crate::domain::{ProtectedPerson, Subject};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let mut s = Subject::new(1, "Doe", "Jan", day);
    s.protected_persons.push(ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "V".to_string(),
        relationship: "ex-partner".to_string(),
        by_proxy: false,
        address: Some("1 Secret Road".to_string()),
        notes: "health: anxiety".to_string(),
    });
    redact(&mut s);
    let p = &s.protected_persons[0];
    assert_eq!(p.address.as_deref(), Some(RESTRICTED));
    assert_eq!(p.notes, RESTRICTED);
    assert_eq!(p.name, "V");
    // The history marks what redaction would hide, whatever the field is called.
    let mut old = s.clone();
    old.protected_persons[0].address = Some("1 Old Road".to_string());
    old.protected_persons[0].name = "A".to_string();
    let mut new = old.clone();
    new.protected_persons[0].address = Some("1 Secret Road".to_string());
    new.protected_persons[0].name = "B".to_string();
    let mut changes = crate::domain::changes(Some(&old), &new);
    let by_to = |c: &[crate::domain::Change], to: &str| c.iter().any(|c| c.to == to);
    assert!(
        by_to(&changes, "1 Secret Road") && by_to(&changes, "B"),
        "{changes:?}"
    );
    redact_changes(&mut changes);
    assert!(by_to(&changes, RESTRICTED), "{changes:?}");
    assert!(by_to(&changes, "B"), "{changes:?}");
    assert!(!by_to(&changes, "1 Secret Road"), "{changes:?}");
}

/// Renaming a protected field (or its serde key) cannot make redaction fail open: what is
/// restricted is decided by the exhaustive `PersonField::restricted`, the subject is redacted
/// field by field through the same enum, and the history's marks come from that redaction,
/// never from a path's text.
#[test]
fn redaction_is_decided_by_the_typed_field_never_by_its_name() {
    use crate::domain::{Change, PersonField, ProtectedPerson, Subject, changes};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let person = ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "V".to_string(),
        relationship: "ex-partner".to_string(),
        by_proxy: false,
        address: Some("1 Secret Road".to_string()),
        notes: "health: anxiety".to_string(),
    };
    // Each restricted field, changed alone: hidden in the record and marked in the history.
    for field in PersonField::ALL {
        let mut old = Subject::new(1, "Doe", "Jan", day);
        old.protected_persons.push(person.clone());
        let mut new = old.clone();
        let p = &mut new.protected_persons[0];
        match field {
            PersonField::Id => continue,
            PersonField::Name => p.name = "W".to_string(),
            PersonField::Relationship => p.relationship = "friend".to_string(),
            PersonField::ByProxy => p.by_proxy = true,
            PersonField::Address => p.address = Some("2 Hidden Lane".to_string()),
            PersonField::Notes => p.notes = "moved schools".to_string(),
            PersonField::ContactPreferences => p.contact_preferences = "after 6pm".to_string(),
            PersonField::SafeContact => p.safe_contact = "01632 960555".to_string(),
        }
        let found = changes(Some(&old), &new);
        assert_eq!(found.len(), 1, "{field:?}: {found:?}");
        assert_eq!(found[0].restricted, field.restricted(), "{field:?}");
        let mut shown = new.clone();
        redact(&mut shown);
        let leaked = format!("{:?}", shown.protected_persons[0]);
        for secret in [
            "2 Hidden Lane",
            "moved schools",
            "1 Secret Road",
            "anxiety",
            "after 6pm",
            "01632 960555",
        ] {
            assert!(!leaked.contains(secret), "{field:?} leaked {secret}");
        }
    }
    // The restricted fields are exactly the address, the notes and the contact details.
    let restricted: Vec<PersonField> = PersonField::ALL
        .into_iter()
        .filter(|f| f.restricted())
        .collect();
    assert_eq!(
        restricted,
        [
            PersonField::Address,
            PersonField::Notes,
            PersonField::ContactPreferences,
            PersonField::SafeContact
        ]
    );
    // The path's text carries no weight: a mark hides whatever it is called, and an unmarked
    // change is shown even if its path looks like a victim's address.
    let mut renamed = vec![
        Change {
            path: "people_to_protect[id 1].home".to_string(),
            from: "1 Secret Road".to_string(),
            to: "2 Hidden Lane".to_string(),
            restricted: true,
        },
        Change::new("protected_persons[id 1].address", "", "open"),
    ];
    redact_changes(&mut renamed);
    assert_eq!(
        (renamed[0].from.as_str(), renamed[0].to.as_str()),
        (RESTRICTED, RESTRICTED)
    );
    assert_eq!(renamed[1].to, "open");
}
