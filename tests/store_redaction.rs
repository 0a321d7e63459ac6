//! Free-text redaction at the store: a victim's restricted details (address, notes) are
//! withheld wherever the subject's free text repeats them, for every way a record is read by a
//! role without `ViewRestricted` (one record, every record, the history), and shown to roles
//! with it.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::store::{full_subject, tmp};
use spmp::domain::{Permission, RESTRICTED, Role, WITHHELD, for_each_free_text};
use spmp::store::{Commit, testkit};

const STREET: &str = "9 Quarry Hill";

/// Subject 1 whose victim lives at 9 Quarry Hill, which its condition, narrative and notes
/// name; and subject 2 without a protected person.
fn seeded(dir: &std::path::Path) {
    let mut admin = testkit::open(dir).unwrap();
    let mut one = full_subject(1, "Followed her home to 9 quarry-hill twice.");
    one.protected_persons[0].address = Some(format!("{STREET}, Wakefield, WF1 2AB"));
    one.orders[0].conditions[0].text = "Must not enter Quarry Hill, Wakefield".into();
    one.section2.notes = "Car seen on QUARRY HILL at night".into();
    let mut two = full_subject(2, "Nothing about anyone's street");
    two.protected_persons.clear();
    admin.save_all(&[one, two], "seed").unwrap();
    // A later edit, so the history holds the street in free text too.
    let mut one = admin.load(1).unwrap().unwrap();
    one.orders[0].conditions[0].check_method = "Drive past 9 Quarry Hill".into();
    admin
        .commit(&Commit {
            subject: &one,
            expected_version: Some(1),
            summary: "Check method",
        })
        .unwrap();
}

fn texts(s: &mut spmp::domain::Subject) -> String {
    let mut out = Vec::new();
    for_each_free_text(s, &mut |t| out.push(t.clone()));
    out.join("\n")
}

#[test]
fn a_victims_street_in_free_text_is_withheld_from_roles_that_may_not_read_it() {
    let dir = tmp();
    seeded(dir.path());
    for role in Role::ALL {
        let store = testkit::open_as(dir.path(), &format!("as.{role:?}"), &[role]).unwrap();
        let sees = role.grants(Permission::ViewRestricted);
        let mut one = store.load(1).unwrap().unwrap();
        let all = store.load_all().unwrap();
        assert_eq!(all[0], one, "{role:?}: load and load_all agree");
        let text = texts(&mut one);
        if sees {
            assert!(text.contains("9 quarry-hill"), "{role:?}: {text}");
            assert!(
                text.contains("Must not enter Quarry Hill, Wakefield"),
                "{role:?}"
            );
            assert!(!text.contains(WITHHELD), "{role:?}");
        } else {
            assert!(!text.to_lowercase().contains("quarry"), "{role:?}: {text}");
            assert_eq!(
                one.section1.narrative,
                format!("Followed her home to {WITHHELD} twice.")
            );
            assert_eq!(
                one.orders[0].conditions[0].text,
                format!("Must not enter {WITHHELD}, Wakefield")
            );
            assert_eq!(
                one.protected_persons[0].address.as_deref(),
                Some(RESTRICTED)
            );
            assert_eq!(
                one.protected_persons[0].name, "A. Victim",
                "names stay visible"
            );
        }
        // A subject without a restricted value is read as stored.
        assert_eq!(all[1].section1.narrative, "Nothing about anyone's street");

        let history = store.history(1).unwrap();
        let values: String = history
            .iter()
            .flat_map(|e| &e.changes)
            .map(|c| format!("{} {}", c.from, c.to))
            .collect();
        assert_eq!(values.contains("Quarry Hill"), sees, "{role:?}: {values}");
    }
}
