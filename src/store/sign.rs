//! Signed audit entries: who may sign, who vouched for them, and the checks `audit verify`
//! makes.
//!
//! `signers(public, name, admin, added, certifier, cert)` holds every user's public key
//! ([`super::identity`]) and its **certificate**: an administrator's signature over the name,
//! the key and whether it may certify others. The store's first administrator's key certifies
//! itself and is the **root**; each user's wrap holds the root and the entry from which every
//! entry is signed, so a verifier trusts those from their own wrap, not from the file. A key
//! made at a login after an upgrade (the administrator cannot write into another user's wrap)
//! waits for an administrator to certify it: `spmp user certify NAME FINGERPRINT`, after
//! comparing the fingerprint with the one the user reads from `spmp user key`.
//!
//! Every audit entry from then on carries its author's signature over its sequence number and
//! MAC (which chains the entry to everything before it). Holding the general key lets someone
//! recompute MACs, never sign as another user: an entry altered, inserted, re-ordered or
//! removed in the middle no longer carries a valid signature of its author.
use std::collections::{HashMap, HashSet};

use crate::store::db::{Connection, OptionalExtension, Transaction, params};

use super::error::sqlite_error;
use super::identity::{self, Identity, PUBLIC_LEN};
use super::{StoreError, now_text};

/// `meta` key: the root public key (hex).
pub(super) const ROOT_KEY: &str = "signing_root";
/// `meta` key: the first audit entry that must be signed.
pub(super) const FROM_KEY: &str = "audit_signed_from";

/// The parts an audit entry's signature covers.
pub(super) fn entry_parts<'a>(seq: &'a [u8; 8], mac: &'a [u8]) -> [&'a [u8]; 3] {
    [b"spmp audit entry v1", seq, mac]
}

fn cert_parts<'a>(name: &'a str, public: &'a [u8], admin: &'a [u8; 1]) -> [&'a [u8]; 4] {
    [b"spmp signer v1", name.as_bytes(), public, admin]
}

/// Where signing stands in a store, as the file says.
#[derive(Debug, Clone, Default)]
pub(super) struct Anchor {
    pub root: Option<Vec<u8>>,
    pub signed_from: Option<u64>,
}

pub(super) fn read_anchor(conn: &Connection) -> crate::store::db::Result<Anchor> {
    let get = |key: &str| -> crate::store::db::Result<Option<String>> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    };
    Ok(Anchor {
        root: get(ROOT_KEY)?.and_then(|t| unhex(&t)),
        signed_from: get(FROM_KEY)?.and_then(|t| t.parse().ok()),
    })
}

fn next_seq(conn: &Connection) -> crate::store::db::Result<u64> {
    conn.query_row("SELECT coalesce(max(seq), 0) + 1 FROM audit", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| u64::try_from(n).unwrap_or(1))
}

/// Start signing in this store: `name` (an administrator) gets the root key, which certifies
/// itself; entries from the next one on must be signed. Inside the caller's transaction.
pub(super) fn begin(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    name: &str,
) -> Result<Identity, StoreError> {
    let sql = |e| sqlite_error(e, db, "starting signed audit");
    let from = next_seq(tx).map_err(sql)?;
    let root = Identity::generate(None, from).map_err(crypto)?;
    register(tx, db, name, &root, true, Some(&root))?;
    for (key, value) in [
        (ROOT_KEY, hex(&root.public())),
        (FROM_KEY, from.to_string()),
    ] {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .map_err(sql)?;
    }
    Ok(root)
}

fn crypto(e: super::crypto::CryptoError) -> StoreError {
    StoreError::Crypto {
        what: "making a signing key".to_string(),
        source: e,
    }
}

/// A new identity for a user in a store that signs (root and start from `anchor`, which is
/// the creating administrator's own identity when there is one).
pub(super) fn new_identity(anchor: &Identity) -> Result<Identity, StoreError> {
    Identity::generate(Some(anchor.root()), anchor.signed_from()).map_err(crypto)
}

/// Record `identity` as `name`'s key, certified by `certifier` (or awaiting certification).
pub(super) fn register(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    name: &str,
    identity: &Identity,
    admin: bool,
    certifier: Option<&Identity>,
) -> Result<(), StoreError> {
    let public = identity.public();
    let flag = [u8::from(admin)];
    let cert = certifier.map(|c| {
        (
            c.public().to_vec(),
            c.sign(&cert_parts(name, &public, &flag)),
        )
    });
    tx.execute(
        "INSERT INTO signers (public, name, admin, added, certifier, cert)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            &public[..],
            name,
            i64::from(admin),
            now_text(),
            cert.as_ref().map(|c| c.0.clone()),
            cert.as_ref().map(|c| c.1.to_vec()),
        ],
    )
    .map_err(|e| sqlite_error(e, db, "recording a signing key"))?;
    Ok(())
}

/// After a login to a store that signs (or an administrator's first login to an upgraded
/// one): the user's new identity, when they have none. `None` when none is needed yet (a
/// store not signing, the user not an administrator). Inside the caller's transaction; the
/// caller wraps the identity for the user and records the event (the text returned).
pub(super) fn provide(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    name: &str,
    admin: bool,
) -> Result<Option<(Identity, String)>, StoreError> {
    let sql = |e| sqlite_error(e, db, "making a signing key");
    let anchor = read_anchor(tx).map_err(sql)?;
    match (anchor.root, anchor.signed_from) {
        (Some(root), Some(from)) => {
            let root: [u8; PUBLIC_LEN] =
                root.as_slice()
                    .try_into()
                    .map_err(|_| StoreError::AuditTampered {
                        message: "the store's root signing key is malformed".to_string(),
                    })?;
            let id = Identity::generate(Some(root), from).map_err(crypto)?;
            register(tx, db, name, &id, admin, None)?;
            let text = format!(
                "Made a signing key for {name} ({}), awaiting certification by an administrator",
                identity::fingerprint(&id.public())
            );
            Ok(Some((id, text)))
        }
        _ if admin => {
            let id = begin(tx, db, name)?;
            let text = format!(
                "Began signing the audit log: {name}'s key ({}) is the store's root",
                identity::fingerprint(&id.public())
            );
            Ok(Some((id, text)))
        }
        _ => Ok(None),
    }
}

/// One row of `signers`.
#[derive(Debug, Clone)]
pub(super) struct SignerRow {
    pub public: Vec<u8>,
    pub name: String,
    pub admin: bool,
    pub added: String,
    pub certifier: Option<Vec<u8>>,
    pub cert: Option<Vec<u8>>,
}

pub(super) fn read_signers(conn: &Connection) -> crate::store::db::Result<Vec<SignerRow>> {
    conn.prepare(
        "SELECT public, name, admin, added, certifier, cert FROM signers ORDER BY added, name",
    )?
    .query_map([], |r| {
        Ok(SignerRow {
            public: r.get(0)?,
            name: r.get(1)?,
            admin: r.get::<_, i64>(2)? != 0,
            added: r.get(3)?,
            certifier: r.get(4)?,
            cert: r.get(5)?,
        })
    })?
    .collect()
}

/// How far a key is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Certified by the root or by an administrator whose key is itself certified.
    Certified,
    /// Made at a login, not yet certified by an administrator.
    Awaiting,
    /// Its certificate does not hold (forged, altered, or from a key that may not certify).
    Broken,
}

/// Trust in every key of `rows`, from `root`.
pub(super) fn trust(rows: &[SignerRow], root: &[u8]) -> HashMap<Vec<u8>, Trust> {
    let mut trusted: HashSet<Vec<u8>> = HashSet::new();
    let holds = |row: &SignerRow, by: &[u8]| -> bool {
        let flag = [u8::from(row.admin)];
        row.cert
            .as_deref()
            .is_some_and(|c| identity::verify(by, &cert_parts(&row.name, &row.public, &flag), c))
    };
    if let Some(r) = rows.iter().find(|r| r.public == root)
        && r.admin
        && r.certifier.as_deref() == Some(root)
        && holds(r, root)
    {
        trusted.insert(root.to_vec());
    }
    loop {
        let before = trusted.len();
        for row in rows {
            if trusted.contains(&row.public) {
                continue;
            }
            let Some(by) = row.certifier.as_deref() else {
                continue;
            };
            let by_admin = rows.iter().any(|r| r.public == by && r.admin);
            if trusted.contains(by) && by_admin && holds(row, by) {
                trusted.insert(row.public.clone());
            }
        }
        if trusted.len() == before {
            break;
        }
    }
    rows.iter()
        .map(|r| {
            let t = if trusted.contains(&r.public) {
                Trust::Certified
            } else if r.cert.is_none() && r.certifier.is_none() {
                Trust::Awaiting
            } else {
                Trust::Broken
            };
            (r.public.clone(), t)
        })
        .collect()
}

/// What `audit verify` checks of signatures, set up once per walk.
pub(super) struct Checker {
    /// Entries from this one on must be signed (`None`: the store does not sign yet).
    pub from: Option<u64>,
    by_name: HashMap<String, Vec<(Vec<u8>, Trust)>>,
    /// Keys awaiting certification that signed entries: name and fingerprint.
    pub awaiting: Vec<(String, String)>,
    /// A problem found before any entry (root missing or not the verifier's).
    pub problem: Option<String>,
}

impl Checker {
    /// `own`: the verifying user's identity (their wrap's root and start are trusted over the
    /// file's).
    pub(super) fn new(conn: &Connection, own: Option<&Identity>) -> crate::store::db::Result<Self> {
        let anchor = read_anchor(conn)?;
        let rows = read_signers(conn)?;
        let mut problem = None;
        let (root, from) = match own {
            Some(id) => {
                if anchor.root.as_deref().is_some_and(|r| r != id.root()) {
                    problem = Some(
                        "the store's root signing key is not the one your own key was made under: the file's signing keys were replaced".to_string(),
                    );
                } else if anchor.signed_from != Some(id.signed_from()) {
                    problem = Some(format!(
                        "the log should be signed from entry {} on, but the file now says {}: its record of when signing began was altered",
                        id.signed_from(),
                        anchor
                            .signed_from
                            .map_or("never".to_string(), |n| n.to_string())
                    ));
                }
                (Some(id.root().to_vec()), Some(id.signed_from()))
            }
            None => (anchor.root.clone(), anchor.signed_from),
        };
        let trust = root.as_deref().map(|r| trust(&rows, r)).unwrap_or_default();
        if let Some(r) = &root
            && trust.get(r) != Some(&Trust::Certified)
        {
            problem.get_or_insert_with(|| {
                "the store's root signing key is missing or its certificate was altered".to_string()
            });
        }
        let mut by_name: HashMap<String, Vec<(Vec<u8>, Trust)>> = HashMap::new();
        for row in rows {
            let t = trust.get(&row.public).cloned().unwrap_or(Trust::Broken);
            by_name.entry(row.name).or_default().push((row.public, t));
        }
        Ok(Self {
            from,
            by_name,
            awaiting: Vec::new(),
            problem,
        })
    }

    /// Check entry `seq` (with `mac`, by `actor`, carrying `signature`). `Err` with the fault.
    pub(super) fn check(
        &mut self,
        seq: u64,
        mac: &[u8],
        actor: &str,
        signature: Option<&[u8]>,
    ) -> Result<(), String> {
        if self.from.is_none_or(|from| seq < from) {
            return Ok(());
        }
        let Some(signature) = signature else {
            return Err(format!(
                "is not signed (every entry from {} on must be signed by its author)",
                self.from.unwrap_or(0)
            ));
        };
        let seq_bytes = seq.to_le_bytes();
        let parts = entry_parts(&seq_bytes, mac);
        let keys = self.by_name.get(actor).map(Vec::as_slice).unwrap_or(&[]);
        let Some((public, trust)) = keys
            .iter()
            .find(|(public, _)| identity::verify(public, &parts, signature))
        else {
            return Err(format!(
                "is not signed by {actor}, who it names as its author: it was altered or forged"
            ));
        };
        match trust {
            Trust::Certified => Ok(()),
            Trust::Awaiting => {
                let item = (actor.to_string(), identity::fingerprint(public));
                if !self.awaiting.contains(&item) {
                    self.awaiting.push(item);
                }
                Ok(())
            }
            Trust::Broken => Err(format!(
                "is signed with a key of {actor} whose certificate does not hold: it was forged or altered"
            )),
        }
    }
}

pub(super) use super::hex::{decode as unhex, encode as hex};

/// A signing key as `spmp user keys` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerInfo {
    pub name: String,
    pub fingerprint: String,
    /// May certify other keys (an administrator's).
    pub admin: bool,
    pub trust: Trust,
    /// Who certified it (a user name; the root certifies itself).
    pub certified_by: Option<String>,
    pub added: String,
    /// The store's root key.
    pub root: bool,
}

impl super::Store {
    /// Every signing key in the store, with who vouched for it, judged from your own wrap's
    /// root. Supervisors and administrators.
    pub fn signing_keys(&self) -> Result<Vec<SignerInfo>, StoreError> {
        self.require(crate::domain::Permission::ViewAudit)?;
        let sql = |e| sqlite_error(e, &self.db, "reading the signing keys");
        let rows = read_signers(&self.conn).map_err(sql)?;
        let root = match self.session.keys.identity.as_ref() {
            Some(id) => Some(id.root().to_vec()),
            None => read_anchor(&self.conn).map_err(sql)?.root,
        };
        let trust = root.as_deref().map(|r| trust(&rows, r)).unwrap_or_default();
        let name_of = |public: &[u8]| {
            rows.iter()
                .find(|r| r.public == public)
                .map(|r| r.name.clone())
        };
        Ok(rows
            .iter()
            .map(|r| SignerInfo {
                name: r.name.clone(),
                fingerprint: identity::fingerprint(&r.public),
                admin: r.admin,
                trust: trust.get(&r.public).cloned().unwrap_or(Trust::Broken),
                certified_by: r.certifier.as_deref().and_then(name_of),
                added: r.added.clone(),
                root: root.as_deref() == Some(r.public.as_slice()),
            })
            .collect())
    }

    /// Your own signing key's fingerprint (`None` while the store does not sign yet): read it
    /// to an administrator who certifies it.
    pub fn own_key_fingerprint(&self) -> Option<String> {
        self.session
            .keys
            .identity
            .as_ref()
            .map(|id| identity::fingerprint(&id.public()))
    }

    /// Certify `name`'s key awaiting certification whose fingerprint is `fingerprint` (as the
    /// user read it from `spmp user key`). Administrators whose own key is certified.
    pub fn certify_key(&mut self, name: &str, fingerprint: &str) -> Result<String, StoreError> {
        self.require(crate::domain::Permission::ManageUsers)?;
        let name = name.trim().to_string();
        let wanted = fingerprint.trim().to_lowercase();
        let db = self.db.clone();
        let sql = |e| sqlite_error(e, &db, "certifying a signing key");
        let refused = |message: String| StoreError::Refused { message };
        let Some(me) = self.session.keys.identity.as_ref() else {
            return Err(refused(
                "you hold no signing key yet: log in again after the upgrade".to_string(),
            ));
        };
        let rows = read_signers(&self.conn).map_err(sql)?;
        let trusted = trust(&rows, &me.root());
        let mine = rows.iter().find(|r| r.public == me.public());
        if !(mine.is_some_and(|r| r.admin)
            && trusted.get(&me.public()[..]) == Some(&Trust::Certified))
        {
            return Err(refused(
                "your own signing key is not certified as an administrator's yet: another administrator must certify it first".to_string(),
            ));
        }
        let Some(row) = rows
            .iter()
            .find(|r| r.name == name && identity::fingerprint(&r.public) == wanted)
        else {
            return Err(refused(format!(
                "{name} has no signing key with the fingerprint {wanted}: ask them to read theirs from `spmp user key` (`spmp user keys` lists every key)"
            )));
        };
        if row.cert.is_some() || row.certifier.is_some() {
            return Err(refused(format!(
                "{name}'s key {wanted} is already certified (or its certificate is broken: see `spmp audit verify`)"
            )));
        }
        let roles = self
            .users()?
            .into_iter()
            .find(|u| u.name == name)
            .map(|u| u.roles)
            .unwrap_or_default();
        let admin = roles.contains(&crate::domain::Role::Administrator);
        let flag = [u8::from(admin)];
        let cert = me.sign(&cert_parts(&name, &row.public, &flag));
        let public = row.public.clone();
        let my_public = me.public().to_vec();
        let by = self.session.actor.name.clone();
        let tx = super::begin(&mut self.conn).map_err(sql)?;
        tx.execute(
            "UPDATE signers SET admin = ?2, certifier = ?3, cert = ?4 WHERE public = ?1",
            params![public, i64::from(admin), my_public, &cert[..]],
        )
        .map_err(sql)?;
        let what = format!("Certified the signing key of {name} ({wanted})");
        super::users::account_event(&tx, &self.session.keys, &db, &by, &name, &what)?;
        tx.commit().map_err(sql)?;
        Ok(what)
    }
}
