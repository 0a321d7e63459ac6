//! User accounts: the first administrator (which creates, or encrypts, the store), adding users,
//! changing passphrases, disabling, listing. The store checks the roles; this is the one way in.
use std::path::Path;

use super::OpsError;
use crate::domain::{Officer, Permission, Rank, Role};
use crate::store::{Login, NewUser, Passphrase, Store, StoreOptions, StoreStatus, UserInfo};

/// Whether `dir` needs its first administrator (no store yet, or one made before users).
pub fn needs_administrator(dir: &Path) -> Result<bool, OpsError> {
    Ok(matches!(
        Store::status(dir)?,
        StoreStatus::Absent | StoreStatus::NeedsAdministrator
    ))
}

/// Create the store in `dir` with `login` as its administrator (also holding `roles`).
pub fn create_store(dir: &Path, login: &Login, roles: &[Role]) -> Result<Store, OpsError> {
    create_store_with(dir, &StoreOptions::default(), login, roles)
}

/// [`create_store`] with explicit options (the demo and the tests use a cheap key derivation).
pub fn create_store_with(
    dir: &Path,
    options: &StoreOptions,
    login: &Login,
    roles: &[Role],
) -> Result<Store, OpsError> {
    Ok(Store::create_with(dir, options, login, roles)?)
}

/// Whether `passphrase` is good enough for a new account (length, no control characters).
pub fn check_new_passphrase(passphrase: &Passphrase) -> Result<(), OpsError> {
    Ok(crate::store::users::check_passphrase(passphrase)?)
}

/// Whether the logged-in user may manage accounts (checked before asking for a passphrase).
pub fn may_manage(store: &Store) -> Result<(), OpsError> {
    Ok(store.require(Permission::ManageUsers)?)
}

/// Add a user with their roles, first passphrase and officer details (administrators).
pub fn add(store: &mut Store, user: &NewUser<'_>) -> Result<(), OpsError> {
    Ok(store.add_officer(user)?)
}

/// Set who `name` is as an officer: rank, display name, number, team (administrators).
pub fn set_officer(store: &mut Store, name: &str, officer: &Officer) -> Result<(), OpsError> {
    Ok(store.set_officer(name, officer)?)
}

/// The unit's officers, by login: (login, officer, enabled). Anyone who may view plans. On a
/// working set, the office's officers as checked out follow its own account.
pub fn officers(store: &Store) -> Result<Vec<(String, Officer, bool)>, OpsError> {
    let mut all = store.officers()?;
    // A copy that cannot be read only leaves names unlabelled: it never stops the work.
    for copied in store.office_officers().unwrap_or_default() {
        if !all.iter().any(|(name, ..)| *name == copied.0) {
            all.push(copied);
        }
    }
    Ok(all)
}

/// "DS Lena Marsh (4521)" for `login`, from `officers`; the login itself when it is not one.
pub fn label_of(officers: &[(String, Officer, bool)], login: &str) -> String {
    officers
        .iter()
        .find(|(name, ..)| name == login.trim())
        .map_or_else(|| login.trim().to_string(), |(name, o, _)| o.label(name))
}

/// An officer from command-line text: `rank` as written (`DS`, `Inspector`, `staff`), the
/// other parts as they are. A rank that is not one is refused, naming the accepted forms.
pub fn officer_from(
    rank: Option<&str>,
    display_name: Option<&str>,
    number: Option<&str>,
    team: Option<&str>,
    base: Officer,
) -> Result<Officer, OpsError> {
    let mut o = base;
    if let Some(text) = rank {
        let (r, detective) = Rank::parse(text).ok_or_else(|| {
            OpsError::refused(format!(
                "unknown rank {text:?}: write e.g. PC, DC, PS, DS, Insp, DI, CI, DCI, Supt or staff"
            ))
        })?;
        o.rank = Some(r);
        o.detective = detective;
    }
    if let Some(n) = display_name {
        o.display_name = n.trim().to_string();
    }
    if let Some(n) = number {
        o.number = n.trim().to_string();
    }
    if let Some(t) = team {
        o.team = t.trim().to_string();
    }
    Ok(o)
}

/// The name whose passphrase `passwd` changes: `name`, or the logged-in user's own. Changing
/// another user's needs the administrator role.
pub fn passwd_target(store: &Store, name: Option<&str>) -> Result<String, OpsError> {
    let me = store.actor().name.clone();
    let name = name.map_or(me.clone(), ToString::to_string);
    if name.trim() != me {
        may_manage(store)?;
    }
    Ok(name)
}

/// Change `name`'s passphrase (re-enables a disabled account when an administrator does it).
pub fn passwd(store: &mut Store, name: &str, passphrase: &Passphrase) -> Result<(), OpsError> {
    Ok(store.set_passphrase(name, passphrase)?)
}

/// Disable `name`: their passphrase no longer opens the store.
pub fn disable(store: &mut Store, name: &str) -> Result<(), OpsError> {
    Ok(store.disable_user(name)?)
}

/// Every account, its roles and whether it is enabled (administrators).
pub fn list(store: &Store) -> Result<Vec<UserInfo>, OpsError> {
    Ok(store.users()?)
}

/// "Reviewer, Supervisor".
pub fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `dir` holds no store, a store without users, or a store to log in to.
pub fn status(dir: &Path) -> Result<StoreStatus, OpsError> {
    Ok(Store::status(dir)?)
}

/// Make the store check every write against force policy (who may approve what; how long a
/// subject created in error may be deleted). Every way into the store (the TUI, each command)
/// calls this right after logging in.
pub fn apply_policy(store: &mut Store, policy: &crate::domain::Policy) {
    store.set_sign_off_ranks(policy.sign_off);
    store.set_delete_window_hours(policy.delete_window_hours);
}

/// Log in to the store in `dir` (a wrong name or passphrase changes nothing).
pub fn log_in(dir: &Path, login: &Login) -> Result<Store, OpsError> {
    log_in_with(dir, &StoreOptions::default(), login)
}

/// [`log_in`] with explicit options.
pub fn log_in_with(dir: &Path, options: &StoreOptions, login: &Login) -> Result<Store, OpsError> {
    Ok(Store::open_with(dir, options, login)?)
}

/// Every signing key and who vouched for it (supervisors and administrators).
pub fn signing_keys(store: &Store) -> Result<Vec<crate::store::SignerInfo>, OpsError> {
    Ok(store.signing_keys()?)
}

/// Certify `name`'s key with `fingerprint` (administrators). Returns what was recorded.
pub fn certify(store: &mut Store, name: &str, fingerprint: &str) -> Result<String, OpsError> {
    Ok(store.certify_key(name, fingerprint)?)
}

/// Your own signing key's fingerprint (`None` while the store does not sign yet).
pub fn own_key_fingerprint(store: &Store) -> Option<String> {
    store.own_key_fingerprint()
}
