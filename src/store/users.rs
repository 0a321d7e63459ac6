//! Users, roles and the unlocked session: who may open the store, and with what roles.
//!
//! `users(name, wrap, profile)`: `wrap` is the data key wrapped under the user's passphrase
//! ([`super::crypto`]); `profile` (roles, disabled, when and by whom created) is sealed under
//! the data key. A disabled user's wrap is deleted, so their passphrase no longer opens the store
//! even with a modified program. Roles are checked by [`crate::domain`] on every store
//! operation: the CLI and the TUI cannot differ.
use crate::store::db::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::audit::{self, AuditEvent, AuditKind};
use super::crypto::{CryptoError, KdfParams, Keys, Passphrase};
use super::error::sqlite_error;
use super::identity::Identity;
use super::{Store, StoreError, begin, now_text};
use crate::domain::{Actor, Officer, Permission, Role, authorize};

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// The longest user name accepted.
pub const MAX_NAME_CHARS: usize = 64;

/// A user name and passphrase, as typed.
#[derive(Debug, Clone)]
pub struct Login {
    pub user: String,
    pub passphrase: Passphrase,
}

impl Login {
    pub fn new(user: &str, passphrase: &str) -> Self {
        Self {
            user: user.trim().to_string(),
            passphrase: Passphrase::new(passphrase),
        }
    }
}

/// The unlocked store's user and keys.
#[derive(Debug)]
pub(crate) struct Session {
    pub actor: Actor,
    pub keys: Keys,
}

/// One user account, as listed by [`Store::users`] (no secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub name: String,
    pub roles: Vec<Role>,
    /// Rank, display name, number and team.
    pub officer: Officer,
    pub disabled: bool,
    /// UTC, RFC 3339.
    pub created: String,
    pub created_by: String,
    /// Their wrap predates keys by role (replaced at their next login; until every such user
    /// with a role that holds the restricted key has logged in, a copy of it is kept: see
    /// docs/SECURITY.md).
    pub keys_pending: bool,
}

/// Where a directory stands before anyone logs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreStatus {
    /// No store yet (the directory is absent or empty): the first run creates it and its
    /// administrator.
    Absent,
    /// A store with no users (made by an spmp before user accounts): creating the administrator
    /// encrypts it.
    NeedsAdministrator,
    /// A store with users: log in.
    Ready,
}

/// A user's profile, sealed. Format 2 added the officer (format 1 had none: it reads as an
/// officer with nothing recorded).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Profile {
    roles: Vec<String>,
    disabled: bool,
    created: String,
    created_by: String,
    officer: Officer,
}

/// A profile as format 1 stored it.
#[derive(Deserialize)]
struct ProfileV1 {
    roles: Vec<String>,
    disabled: bool,
    created: String,
    created_by: String,
}

/// The format of profiles this build writes: format 2's profile behind its length (`u32` LE),
/// padded with zeros to [`PROFILE_PADDED`] bytes, so a profile's size in the file does not tell
/// a viewer from an administrator.
const PROFILE_FORMAT: u16 = 3;

/// The size every profile is padded to (a longer one, which the length caps on officer texts
/// rule out, to a multiple of it).
const PROFILE_PADDED: usize = 1024;

fn role_code(r: Role) -> &'static str {
    match r {
        Role::Viewer => "viewer",
        Role::Reviewer => "reviewer",
        Role::Supervisor => "supervisor",
        Role::Administrator => "administrator",
    }
}

fn profile_context(name: &str) -> String {
    format!("users/{name}")
}

/// Check a new user name.
pub(crate) fn check_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    let refuse = |message: String| Err(StoreError::Refused { message });
    if name.is_empty() {
        return refuse("a user name is required".to_string());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return refuse(format!(
            "a user name has at most {MAX_NAME_CHARS} characters"
        ));
    }
    if name.chars().any(char::is_control) {
        return refuse(format!(
            "a user name must not hold control characters: {name:?}"
        ));
    }
    crate::domain::check_user_name(name).map_err(|message| StoreError::Refused { message })?;
    Ok(name.to_string())
}

/// The longest display name, number or team accepted.
pub const MAX_OFFICER_TEXT: usize = 80;

/// Check an officer's details: short, one line, no control characters.
pub(crate) fn check_officer(o: &Officer) -> Result<(), StoreError> {
    for (what, text) in [
        ("display name", &o.display_name),
        ("number", &o.number),
        ("team", &o.team),
    ] {
        if text.chars().count() > MAX_OFFICER_TEXT {
            return Err(StoreError::Refused {
                message: format!("an officer's {what} has at most {MAX_OFFICER_TEXT} characters"),
            });
        }
        if text.chars().any(char::is_control) {
            return Err(StoreError::Refused {
                message: format!("an officer's {what} must not hold control characters"),
            });
        }
    }
    Ok(())
}

/// Check a new passphrase.
pub fn check_passphrase(p: &Passphrase) -> Result<(), StoreError> {
    if p.chars() < MIN_PASSPHRASE_CHARS {
        return Err(StoreError::Refused {
            message: format!(
                "a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters (a few unrelated words work well)"
            ),
        });
    }
    if p.expose().chars().any(char::is_control) {
        return Err(StoreError::Refused {
            message: "a passphrase must not hold control characters".to_string(),
        });
    }
    Ok(())
}

fn crypto(what: &str) -> impl Fn(CryptoError) -> StoreError + '_ {
    move |e| match e {
        CryptoError::Unwrap => StoreError::BadLogin,
        other => StoreError::Crypto {
            what: what.to_string(),
            source: other,
        },
    }
}

pub(super) fn user_count(conn: &Connection) -> crate::store::db::Result<i64> {
    conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))
}

fn seal_profile(keys: &Keys, name: &str, p: &Profile) -> Result<Vec<u8>, StoreError> {
    let body = super::codec::encode_with_version(2, p)?;
    let body = body.get(2..).unwrap_or_default();
    let len = u32::try_from(body.len()).map_err(|_| super::codec::CodecError::Encode {
        message: "a user profile over 4 GB".to_string(),
    })?;
    let mut plain = PROFILE_FORMAT.to_le_bytes().to_vec();
    plain.extend_from_slice(&len.to_le_bytes());
    plain.extend_from_slice(body);
    let padded = plain.len().div_ceil(PROFILE_PADDED).max(1) * PROFILE_PADDED;
    plain.resize(padded, 0);
    keys.seal(&profile_context(name), &plain)
        .map_err(crypto("sealing a user profile"))
}

/// Format 3's body: the length, the format 2 profile, zeros.
fn unpad_profile(body: &[u8]) -> Result<Profile, StoreError> {
    let bad = |message: &str| super::codec::CodecError::Decode {
        version: PROFILE_FORMAT,
        message: message.to_string(),
    };
    let (len, rest) = body
        .split_first_chunk::<4>()
        .ok_or_else(|| bad("no length"))?;
    let len = usize::try_from(u32::from_le_bytes(*len)).map_err(|_| bad("length"))?;
    let (profile, padding) = (rest.get(..len), rest.get(len..));
    let (Some(profile), Some(padding)) = (profile, padding) else {
        return Err(bad("the length is past the end").into());
    };
    if padding.iter().any(|b| *b != 0) {
        return Err(bad("the padding is not zeros").into());
    }
    Ok(super::codec::decode_body(2, profile)?)
}

/// Whether a sealed profile is in the padded format's size (an older one is resealed padded
/// at the next login, [`pad_profiles`]).
fn is_padded(sealed: &[u8]) -> bool {
    // [0x01][nonce 24][plain][tag 16]
    sealed.len() >= 41 && (sealed.len() - 41).is_multiple_of(PROFILE_PADDED)
}

/// Reseal every profile not yet padded (written by an older spmp), in one transaction. Run
/// after a successful login (the data key is needed); changes no profile's contents.
pub(super) fn pad_profiles(
    conn: &mut Connection,
    db: &std::path::Path,
    keys: &Keys,
) -> Result<(), StoreError> {
    let ctx = "padding user profiles";
    let rows: Vec<(String, Vec<u8>)> = {
        let mut stmt = conn
            .prepare("SELECT name, profile FROM users")
            .map_err(|e| sqlite_error(e, db, ctx))?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| sqlite_error(e, db, ctx))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| sqlite_error(e, db, ctx))?
    };
    let old: Vec<(String, Vec<u8>)> = rows.into_iter().filter(|(_, p)| !is_padded(p)).collect();
    if old.is_empty() {
        return Ok(());
    }
    let tx = begin(conn).map_err(|e| sqlite_error(e, db, ctx))?;
    for (name, sealed) in old {
        let profile = open_profile(keys, &name, &sealed)?;
        let resealed = seal_profile(keys, &name, &profile)?;
        tx.execute(
            "UPDATE users SET profile = ?2 WHERE name = ?1 AND profile = ?3",
            params![name, resealed, sealed],
        )
        .map_err(|e| sqlite_error(e, db, ctx))?;
    }
    tx.commit().map_err(|e| sqlite_error(e, db, ctx))
}

pub(super) fn open_profile(keys: &Keys, name: &str, sealed: &[u8]) -> Result<Profile, StoreError> {
    let plain = keys
        .open(&profile_context(name), sealed)
        .map_err(crypto("reading a user profile"))?;
    let version = super::codec::envelope_version(&plain)?;
    let body = plain.get(2..).unwrap_or_default();
    Ok(match version {
        1 => {
            let old: ProfileV1 = super::codec::decode_body(version, body)?;
            Profile {
                roles: old.roles,
                disabled: old.disabled,
                created: old.created,
                created_by: old.created_by,
                officer: Officer::default(),
            }
        }
        2 => super::codec::decode_body(version, body)?,
        PROFILE_FORMAT => unpad_profile(body)?,
        v => return Err(super::codec::CodecError::UnknownVersion { version: v }.into()),
    })
}

/// Whether a user holding `roles` gets the restricted key in their wrap: the roles that may
/// see restricted data, and administrators (who give it to the users they add; the app never
/// shows it to them).
pub(super) fn holds_restricted(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| r.grants(Permission::ViewRestricted) || *r == Role::Administrator)
}

pub(super) fn roles_of(p: &Profile) -> Vec<Role> {
    p.roles.iter().filter_map(|r| Role::parse(r)).collect()
}

/// Unlock the store on `conn` as `login`.
pub(super) fn unlock(
    conn: &Connection,
    db: &std::path::Path,
    login: &Login,
    delay: Option<&super::logins::LoginDelay>,
) -> Result<Session, StoreError> {
    let ctx = "logging in";
    let row: Option<(Option<Vec<u8>>, Vec<u8>)> = conn
        .query_row(
            "SELECT wrap, profile FROM users WHERE name = ?1",
            [login.user.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(|e| sqlite_error(e, db, ctx))?;
    let Some((wrap, profile)) = row else {
        if user_count(conn).map_err(|e| sqlite_error(e, db, ctx))? == 0 {
            return Err(StoreError::NeedsAdministrator {
                path: db.to_path_buf(),
            });
        }
        // Same answer as a wrong passphrase: do not confirm which names exist. Spend the
        // time a real check would, too.
        let _ = Keys::generate()
            .and_then(|k| k.wrap("-", &login.passphrase, &KdfParams::default(), true, None));
        return Err(StoreError::BadLogin);
    };
    let Some(wrap) = wrap else {
        return Err(StoreError::Disabled {
            user: login.user.trim().to_string(),
        });
    };
    // A user with failed logins waits before the check (the wait grows with each failure).
    if let Some(delay) = delay {
        let failures = super::logins::failures(conn, login.user.trim())
            .map_err(|e| sqlite_error(e, db, ctx))?;
        std::thread::sleep(delay.after(failures.count));
    }
    let keys = match Keys::unwrap(&wrap, login.user.trim(), &login.passphrase) {
        Ok(keys) => keys,
        Err(CryptoError::Unwrap) => {
            // Counted for the delay and the audit log. A store that cannot be written (a
            // read-only copy) still refuses the login: the error is the wrong passphrase.
            let _ = super::logins::record_failure(conn, login.user.trim());
            return Err(StoreError::BadLogin);
        }
        Err(e) => return Err(crypto(ctx)(e)),
    };
    let profile = open_profile(&keys, login.user.trim(), &profile)?;
    if profile.disabled {
        return Err(StoreError::Disabled {
            user: login.user.trim().to_string(),
        });
    }
    Ok(Session {
        actor: Actor::new(login.user.trim(), &roles_of(&profile)).with_officer(profile.officer),
        keys,
    })
}

/// Create the first user (who must hold the Administrator role) inside `tx`, with a new data
/// key; returns the session. The caller encrypts any older plaintext data and commits.
pub(super) fn create_first(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    login: &Login,
    roles: &[Role],
    kdf: &KdfParams,
) -> Result<Session, StoreError> {
    let ctx = "creating the administrator";
    if user_count(tx).map_err(|e| sqlite_error(e, db, ctx))? > 0 {
        return Err(StoreError::Refused {
            message: "the store already has users: log in as its administrator to add more"
                .to_string(),
        });
    }
    let name = check_name(&login.user)?;
    check_passphrase(&login.passphrase)?;
    let mut roles = roles.to_vec();
    if !roles.contains(&Role::Administrator) {
        roles.push(Role::Administrator);
    }
    // (Signing begins once older data is carried over: `migrate::initialise`.)
    let keys = Keys::generate().map_err(crypto(ctx))?;
    let new = NewUser {
        name: &name,
        passphrase: &login.passphrase,
        roles: &roles,
        officer: &Officer::default(),
    };
    insert_user(tx, db, &keys, &new, &name, kdf, None)?;
    Ok(Session {
        actor: Actor::new(&name, &roles),
        keys,
    })
}

/// A user to add: name, initial passphrase, roles and who they are as an officer.
#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub passphrase: &'a Passphrase,
    pub roles: &'a [Role],
    pub officer: &'a Officer,
}

fn insert_user(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    keys: &Keys,
    user: &NewUser<'_>,
    created_by: &str,
    kdf: &KdfParams,
    identity: Option<&Identity>,
) -> Result<(), StoreError> {
    let name = user.name;
    let wrap = keys
        .wrap(
            name,
            user.passphrase,
            kdf,
            holds_restricted(user.roles),
            identity,
        )
        .map_err(crypto("wrapping the key"))?;
    let profile = Profile {
        roles: user
            .roles
            .iter()
            .map(|r| role_code(*r).to_string())
            .collect(),
        disabled: false,
        created: now_text(),
        created_by: created_by.to_string(),
        officer: user.officer.clone(),
    };
    let sealed = seal_profile(keys, name, &profile)?;
    tx.execute(
        "INSERT INTO users (name, wrap, profile) VALUES (?1, ?2, ?3)",
        params![name, wrap, sealed],
    )
    .map_err(|e| sqlite_error(e, db, "adding a user"))?;
    Ok(())
}

/// A new signing identity for `name`, certified by the acting administrator's own key and
/// recorded in `tx` (`None` while the store does not sign: the administrator holds no key).
fn certified_identity(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    keys: &Keys,
    name: &str,
    roles: &[Role],
) -> Result<Option<Identity>, StoreError> {
    let Some(by) = keys.identity.as_ref() else {
        return Ok(None);
    };
    let id = super::sign::new_identity(by)?;
    let admin = roles.contains(&Role::Administrator);
    super::sign::register(tx, db, name, &id, admin, Some(by))?;
    Ok(Some(id))
}

/// Record an account change of `user` by `by`, binding `user`'s row as it now stands (so an
/// older wrap or profile put back is caught by `spmp audit verify`).
pub(super) fn account_event(
    tx: &Transaction<'_>,
    keys: &Keys,
    db: &std::path::Path,
    by: &str,
    user: &str,
    what: &str,
) -> Result<(), StoreError> {
    let row: Option<(Option<Vec<u8>>, Vec<u8>)> = tx
        .query_row(
            "SELECT wrap, profile FROM users WHERE name = ?1",
            [user],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(|e| sqlite_error(e, db, "binding an account change"))?;
    let binding = row.map(|(wrap, profile)| {
        super::bind::Binding {
            user: Some((
                user.to_string(),
                super::bind::user_digest(user, wrap.as_deref(), &profile),
            )),
            ..Default::default()
        }
        .encode()
    });
    let event = AuditEvent {
        what,
        binding,
        ..Default::default()
    };
    audit::append(tx, keys, db, by, AuditKind::Account, &event).map(drop)
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| role_code(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The user the store is unlocked as.
    pub fn actor(&self) -> &Actor {
        &self.session.actor
    }

    /// `Ok` if the current user may do `p`, else [`StoreError::Denied`] naming the roles needed.
    pub fn require(&self, p: Permission) -> Result<(), StoreError> {
        authorize(&self.session.actor, p).map_err(|e| StoreError::Denied {
            message: e.to_string(),
        })
    }

    /// Whether `passphrase` is the current user's (for the idle lock). Changes nothing.
    pub fn check_passphrase(&self, passphrase: &Passphrase) -> Result<bool, StoreError> {
        let login = Login {
            user: self.session.actor.name.clone(),
            passphrase: passphrase.clone(),
        };
        match unlock(&self.conn, &self.db, &login, None) {
            Ok(session) => Ok(session.keys.same_key(&self.session.keys)),
            Err(StoreError::BadLogin) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Add a user with `roles` and an initial passphrase. Administrators only.
    pub fn add_user(
        &mut self,
        name: &str,
        passphrase: &Passphrase,
        roles: &[Role],
    ) -> Result<(), StoreError> {
        self.add_officer(&NewUser {
            name,
            passphrase,
            roles,
            officer: &Officer::default(),
        })
    }

    /// Add a user who is an officer (rank, name, number, team). Administrators only.
    pub fn add_officer(&mut self, user: &NewUser<'_>) -> Result<(), StoreError> {
        self.require(Permission::ManageUsers)?;
        let roles = user.roles;
        let passphrase = user.passphrase;
        let name = check_name(user.name)?;
        check_officer(user.officer)?;
        check_passphrase(passphrase)?;
        if roles.is_empty() {
            return Err(StoreError::Refused {
                message:
                    "a user needs at least one role (viewer, reviewer, supervisor, administrator)"
                        .to_string(),
            });
        }
        let db = self.db.clone();
        let ctx = "adding a user";
        let by = self.session.actor.name.clone();
        let kdf = self.opts.kdf;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        let exists: bool = tx
            .query_row("SELECT count(*) FROM users WHERE name = ?1", [&name], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n > 0)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        if exists {
            return Err(StoreError::Refused {
                message: format!("there is already a user called {name:?}"),
            });
        }
        // Unique ignoring case, accents, separators and look-alikes: no "Admin" beside "admin".
        let skeleton = crate::domain::user_name_skeleton(&name);
        let alike: Option<String> = {
            let mut stmt = tx
                .prepare("SELECT name FROM users")
                .map_err(|e| sqlite_error(e, &db, ctx))?;
            let names = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(|e| sqlite_error(e, &db, ctx))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| sqlite_error(e, &db, ctx))?;
            names
                .into_iter()
                .find(|n| crate::domain::user_name_skeleton(n) == skeleton)
        };
        if let Some(other) = alike {
            return Err(StoreError::Refused {
                message: format!(
                    "the user name {name:?} is too like the existing user {other:?} (names must \
                     differ by more than case, accents, separators or look-alike letters)"
                ),
            });
        }
        let new = NewUser {
            name: &name,
            ..*user
        };
        let identity = certified_identity(&tx, &db, &self.session.keys, &name, roles)?;
        insert_user(
            &tx,
            &db,
            &self.session.keys,
            &new,
            &by,
            &kdf,
            identity.as_ref(),
        )?;
        let what = format!("Added user {name} ({})", roles_text(roles));
        account_event(&tx, &self.session.keys, &db, &by, &name, &what)?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Set a user's passphrase: your own, or anyone's as an administrator (which also
    /// re-enables a disabled account). Re-wraps one key; re-encrypts nothing.
    pub fn set_passphrase(
        &mut self,
        name: &str,
        passphrase: &Passphrase,
    ) -> Result<(), StoreError> {
        let name = name.trim().to_string();
        if name != self.session.actor.name {
            self.require(Permission::ManageUsers)?;
        }
        check_passphrase(passphrase)?;
        let db = self.db.clone();
        let ctx = "changing a passphrase";
        let by = self.session.actor.name.clone();
        let kdf = self.opts.kdf;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        let sealed: Option<Vec<u8>> = tx
            .query_row("SELECT profile FROM users WHERE name = ?1", [&name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        let Some(sealed) = sealed else {
            return Err(StoreError::Refused {
                message: format!("there is no user called {name:?}"),
            });
        };
        let mut profile = open_profile(&self.session.keys, &name, &sealed)?;
        let was_disabled = profile.disabled;
        profile.disabled = false;
        // Your own key is kept; an administrator setting someone else's passphrase cannot
        // open their wrap, so that user gets a new key, certified by the administrator.
        let roles = roles_of(&profile);
        let fresh = if name == by {
            None
        } else {
            certified_identity(&tx, &db, &self.session.keys, &name, &roles)?
        };
        let identity = if name == by {
            self.session.keys.identity.as_ref()
        } else {
            fresh.as_ref()
        };
        let wrap = self
            .session
            .keys
            .wrap(&name, passphrase, &kdf, holds_restricted(&roles), identity)
            .map_err(crypto("wrapping the key"))?;
        let sealed = seal_profile(&self.session.keys, &name, &profile)?;
        tx.execute(
            "UPDATE users SET wrap = ?2, profile = ?3 WHERE name = ?1",
            params![name, wrap, sealed],
        )
        .map_err(|e| sqlite_error(e, &db, ctx))?;
        let what = if was_disabled {
            format!("Set a new passphrase for {name} and re-enabled the account")
        } else {
            format!("Changed the passphrase of {name}")
        };
        account_event(&tx, &self.session.keys, &db, &by, &name, &what)?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Disable a user: their wrapped key is deleted, so their passphrase opens nothing.
    /// Administrators only; the last enabled administrator cannot be disabled.
    pub fn disable_user(&mut self, name: &str) -> Result<(), StoreError> {
        self.require(Permission::ManageUsers)?;
        let name = name.trim().to_string();
        let users = self.users()?;
        let Some(user) = users.iter().find(|u| u.name == name) else {
            return Err(StoreError::Refused {
                message: format!("there is no user called {name:?}"),
            });
        };
        if user.disabled {
            return Ok(());
        }
        let admins = users
            .iter()
            .filter(|u| !u.disabled && u.roles.contains(&Role::Administrator))
            .count();
        if user.roles.contains(&Role::Administrator) && admins <= 1 {
            return Err(StoreError::Refused {
                message: format!(
                    "{name} is the last administrator: add another before disabling this one"
                ),
            });
        }
        let db = self.db.clone();
        let ctx = "disabling a user";
        let by = self.session.actor.name.clone();
        let profile = Profile {
            roles: user
                .roles
                .iter()
                .map(|r| role_code(*r).to_string())
                .collect(),
            disabled: true,
            created: user.created.clone(),
            created_by: user.created_by.clone(),
            officer: user.officer.clone(),
        };
        let sealed = seal_profile(&self.session.keys, &name, &profile)?;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.execute(
            "UPDATE users SET wrap = NULL, profile = ?2 WHERE name = ?1",
            params![name, sealed],
        )
        .map_err(|e| sqlite_error(e, &db, ctx))?;
        let what = format!("Disabled user {name}");
        account_event(&tx, &self.session.keys, &db, &by, &name, &what)?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Set who a user is as an officer (rank, display name, number, team). Administrators only;
    /// takes effect at the user's next login. Recorded in the audit log.
    pub fn set_officer(&mut self, name: &str, officer: &Officer) -> Result<(), StoreError> {
        self.require(Permission::ManageUsers)?;
        check_officer(officer)?;
        let name = name.trim().to_string();
        let db = self.db.clone();
        let ctx = "changing a user's officer details";
        let by = self.session.actor.name.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        let sealed: Option<Vec<u8>> = tx
            .query_row("SELECT profile FROM users WHERE name = ?1", [&name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        let Some(sealed) = sealed else {
            return Err(StoreError::Refused {
                message: format!("there is no user called {name:?}"),
            });
        };
        let mut profile = open_profile(&self.session.keys, &name, &sealed)?;
        profile.officer = officer.clone();
        let sealed = seal_profile(&self.session.keys, &name, &profile)?;
        tx.execute(
            "UPDATE users SET profile = ?2 WHERE name = ?1",
            params![name, sealed],
        )
        .map_err(|e| sqlite_error(e, &db, ctx))?;
        let what = format!(
            "Set the officer details of {name}: {}",
            officer.label(&name)
        );
        account_event(&tx, &self.session.keys, &db, &by, &name, &what)?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// The unit's officers: every account's login and officer details (no roles, no secrets),
    /// by login, for anyone who may view plans (picking an officer in charge, showing who
    /// signed or changed what). Disabled accounts are included: their names still label
    /// history; `bool` is whether the account is enabled.
    pub fn officers(&self) -> Result<Vec<(String, Officer, bool)>, StoreError> {
        self.require(Permission::View)?;
        let ctx = "listing officers";
        let mut stmt = self
            .conn
            .prepare("SELECT name, profile FROM users ORDER BY name")
            .map_err(|e| self.sql(e, ctx))?;
        let rows: Vec<(String, Vec<u8>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e, ctx))?;
        rows.into_iter()
            .map(|(name, sealed)| {
                let p = open_profile(&self.session.keys, &name, &sealed)?;
                Ok((name, p.officer, !p.disabled))
            })
            .collect()
    }

    /// Every user account, by name. Administrators only.
    pub fn users(&self) -> Result<Vec<UserInfo>, StoreError> {
        self.require(Permission::ManageUsers)?;
        let ctx = "listing users";
        let mut stmt = self
            .conn
            .prepare("SELECT name, profile, wrap FROM users ORDER BY name")
            .map_err(|e| self.sql(e, ctx))?;
        let rows: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e, ctx))?;
        rows.into_iter()
            .map(|(name, sealed, wrap)| {
                let p = open_profile(&self.session.keys, &name, &sealed)?;
                Ok(UserInfo {
                    keys_pending: wrap.as_deref().is_some_and(Keys::is_legacy_wrap),
                    roles: roles_of(&p),
                    officer: p.officer,
                    disabled: p.disabled,
                    created: p.created,
                    created_by: p.created_by,
                    name,
                })
            })
            .collect()
    }
}
