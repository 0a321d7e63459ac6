//! The role to permission mapping.
use crate::workflow::*;

#[test]
fn each_role_grants_exactly_its_permissions() {
    use Permission::*;
    let all = [View, Edit, SignOff, ManageUsers];
    for (role, granted) in [
        (Role::Viewer, vec![View]),
        (Role::Reviewer, vec![View, Edit]),
        (Role::Supervisor, vec![View, Edit, SignOff]),
        (Role::Administrator, vec![View, ManageUsers]),
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
