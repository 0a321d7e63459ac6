//! Delete: refused while something refers to the item, saying what; otherwise removed.
use crate::domain::testkit::full_subject;
use crate::domain::{ItemKind, Target};
use crate::edit::{EditError, delete};

fn refusal(kind: ItemKind, id: u32, parent: Option<u32>) -> String {
    let s = full_subject();
    match delete(&s, &Target::existing(kind, id, parent)) {
        Ok(_) => panic!("{kind:?} {id} should be refused"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn referenced_items_are_kept_and_the_message_says_what_refers_to_them() {
    assert_eq!(
        refusal(ItemKind::Order, 1, None),
        "Cannot delete Order: SPO made 3 Feb 2025 (Leeds Magistrates' Court): the breach on \
         1 Oct 2025 21:15 and the review on 1 May 2025 refer to it"
    );
    let condition = refusal(ItemKind::Condition, 1, Some(1));
    assert!(
        condition
            .contains("the breach on 1 Oct 2025 21:15 and the review on 1 May 2025 refer to it"),
        "{condition}"
    );
    let condition = refusal(ItemKind::Condition, 2, Some(1));
    assert!(
        condition.ends_with(": the review on 1 May 2025 refers to it"),
        "{condition}"
    );
    let person = refusal(ItemKind::ProtectedPerson, 1, None);
    assert!(
        person.contains("Protected person: Alice Brown")
            && person.contains("the safeguarding option 'Panic alarm' refers to it"),
        "{person}"
    );
    let visit = refusal(ItemKind::Visit, 1, None);
    assert!(
        visit.contains("the review on 1 May 2025 refers to it"),
        "{visit}"
    );
}

#[test]
fn unreferenced_items_are_removed_and_nothing_else_changes() {
    let s = full_subject();
    let out = delete(&s, &Target::existing(ItemKind::Order, 2, None)).expect("deleted");
    assert_eq!(out.orders.len(), 1);
    assert_eq!(out.orders[0], s.orders[0]);
    let out = delete(&s, &Target::existing(ItemKind::Variation, 1, Some(1))).expect("deleted");
    assert!(out.orders[0].variations.is_empty());
    let out = delete(&s, &Target::existing(ItemKind::Notification, 1, Some(1))).expect("deleted");
    assert!(out.orders[0].notifications.is_empty());
    let out = delete(&s, &Target::existing(ItemKind::TacticalOption, 1, Some(1))).expect("deleted");
    assert!(out.assessments[0].tactical_options.is_empty());
    let out = delete(&s, &Target::existing(ItemKind::Device, 1, None)).expect("deleted");
    let mut expected = s.clone();
    expected.section2.devices.clear();
    assert_eq!(out, expected);
    // Once the safeguarding option goes, the person may go too.
    let out = delete(&s, &Target::existing(ItemKind::Safeguarding, 1, None)).expect("deleted");
    let out = delete(&out, &Target::existing(ItemKind::ProtectedPerson, 1, None)).expect("deleted");
    assert!(out.protected_persons.is_empty());
    // And once the breach and review go, the order may go.
    let out = delete(&s, &Target::existing(ItemKind::Breach, 1, None)).expect("deleted");
    let mut out = out;
    out.reviews.clear();
    let out = delete(&out, &Target::existing(ItemKind::Order, 1, None)).expect("deleted");
    assert_eq!(out.orders.len(), 1);
}

#[test]
fn what_cannot_be_deleted_here() {
    let s = full_subject();
    for kind in [
        ItemKind::Subject,
        ItemKind::Narrative,
        ItemKind::ManagementNotes,
    ] {
        let e = delete(&s, &Target::existing(kind, 0, None)).expect_err("refused");
        assert!(matches!(e, EditError::NotDeletable(_)), "{e:?}");
        assert!(e.to_string().contains("cannot be deleted here"), "{e}");
    }
    assert_eq!(
        delete(&s, &Target::existing(ItemKind::Device, 7, None)),
        Err(EditError::NotFound("Device 7".into()))
    );
    assert_eq!(
        delete(&s, &Target::existing(ItemKind::Condition, 1, Some(9))),
        Err(EditError::NotFound("Condition 1".into()))
    );
    assert_eq!(
        delete(&s, &Target::new_item(ItemKind::Device, None)),
        Err(EditError::NoItem("Device"))
    );
}
