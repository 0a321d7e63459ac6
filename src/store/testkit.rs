//! Opening stores in tests, benchmarks and examples: a known user and passphrase, and the cheap
//! key-derivation cost ([`KdfParams::insecure_fast_for_tests`]). Never used by the app itself.
#![doc(hidden)]
use std::path::Path;

pub mod forge;
pub mod server;

pub use server::{on_server, place, sqlite_only};

use super::users::StoreStatus;
use super::{KdfParams, Login, NewUser, Store, StoreError, StoreOptions};
use crate::domain::{Officer, Rank, Role};

/// The user [`open`] logs in as: every role.
pub const TESTER: &str = "tester";
/// The passphrase of every user made here.
pub const PASSPHRASE: &str = "test passphrase 1234";

/// Default options with the cheap key derivation.
pub fn options() -> StoreOptions {
    StoreOptions {
        kdf: KdfParams::insecure_fast_for_tests(),
        // Failed logins in tests wait milliseconds, not seconds.
        login_delay: super::LoginDelay {
            step: std::time::Duration::from_millis(1),
            cap: std::time::Duration::from_millis(8),
        },
        // Tests that keep drafts while a server is away say where.
        offline_drafts: None,
        ..StoreOptions::default()
    }
}

/// `name` with [`PASSPHRASE`].
pub fn login(name: &str) -> Login {
    Login::new(name, PASSPHRASE)
}

/// Open the store in `dir` as [`TESTER`] (administrator, reviewer and supervisor), creating
/// the store (or its administrator) first if needed. With `SPMP_TEST_STORE=server` the store
/// is `dir`'s database on the test server ([`place`]).
pub fn open(dir: &Path) -> Result<Store, StoreError> {
    open_with(dir, &options())
}

/// [`open`] with explicit options.
pub fn open_with(dir: &Path, opts: &StoreOptions) -> Result<Store, StoreError> {
    let place = place(dir);
    let dir = place.as_path();
    let me = login(TESTER);
    match Store::status(dir) {
        Ok(StoreStatus::Absent | StoreStatus::NeedsAdministrator) => {
            match Store::create_with(dir, opts, &me, &[Role::Reviewer, Role::Supervisor]) {
                // Another process made it first.
                Err(StoreError::Refused { .. }) => Store::open_with(dir, opts, &me),
                Ok(mut store) => {
                    // The tester is an officer of a rank that may sign off anything.
                    store.set_officer(TESTER, &officer_for(TESTER, &[Role::Supervisor]))?;
                    drop(store);
                    Store::open_with(dir, opts, &me)
                }
                Err(e) => Err(e),
            }
        }
        _ => Store::open_with(dir, opts, &me),
    }
}

/// The officer a test user is: supervisors are chief inspectors (they may sign off anything
/// under the default policy), everyone else a constable; the display name is the user name.
pub fn officer_for(name: &str, roles: &[Role]) -> Officer {
    // A name written with its rank ("DS Supervisor", "DC Reviewer") holds that rank.
    if let Some((first, rest)) = name.split_once(' ')
        && let Some((rank, detective)) = Rank::parse(first)
    {
        return Officer {
            display_name: rest.trim().to_string(),
            rank: Some(rank),
            detective,
            number: String::new(),
            team: String::new(),
        };
    }
    let rank = if roles.contains(&Role::Supervisor) {
        Rank::ChiefInspector
    } else {
        Rank::Constable
    };
    Officer {
        display_name: name.to_string(),
        rank: Some(rank),
        detective: true,
        number: String::new(),
        team: String::new(),
    }
}

/// Open the store in `dir` as `name` holding `roles` (creating the store and adding the user
/// through [`TESTER`] when needed).
pub fn open_as(dir: &Path, name: &str, roles: &[Role]) -> Result<Store, StoreError> {
    if name == TESTER {
        return open(dir);
    }
    let place = place(dir);
    let dir = place.as_path();
    let mut admin = open(dir)?;
    if !admin.users()?.iter().any(|u| u.name == name) {
        admin.add_officer(&NewUser {
            name,
            passphrase: &login(name).passphrase,
            roles,
            officer: &officer_for(name, roles),
        })?;
    }
    drop(admin);
    Store::open_with(dir, &options(), &login(name))
}

/// Change subject `id` in `store` with `change` and commit it at its current revision, as a
/// screen would (a change to an approved plan awaits sign-off again). Panics on failure: for
/// tests, benches and examples only.
pub fn edit(
    store: &mut Store,
    id: crate::domain::SubjectId,
    change: impl FnOnce(&mut crate::domain::Subject),
) {
    let Ok(Some((base, version))) = store.load_versioned(id) else {
        panic!("subject {id} cannot be loaded");
    };
    let mut s = base.clone();
    change(&mut s);
    let s = crate::domain::reopen_plan(&base, s);
    if let Err(e) = store.commit(&super::Commit {
        subject: &s,
        expected_version: Some(version),
        summary: "Edited",
    }) {
        panic!("editing subject {id}: {e}");
    }
}
