//! Encryption at rest: the one module that knows the ciphers.
//!
//! - A random 256-bit **data key** encrypts every stored value with XChaCha20-Poly1305 (random
//!   192-bit nonce per value). Each value is bound to where it lives by its associated data
//!   (`subjects/17`, `audit/204`, ...): a ciphertext copied to another row does not open.
//! - The data key is **wrapped** once per user under a key derived from that user's passphrase
//!   with Argon2id; the parameters and salt are stored with the wrap. Changing a passphrase
//!   re-wraps that one key and re-encrypts nothing. A wrong passphrase fails the wrap's
//!   authentication: nothing is decrypted and nothing changes.
//! - Subkeys come from the data key with HKDF-SHA256: one for values, one for the audit
//!   chain's HMAC-SHA256.
//! - A second random key, the **restricted key**, seals what only some roles may read (the
//!   full record holding protected persons' addresses and notes, full history, drafts). A
//!   user's wrap holds it only if their role may see restricted data (and for administrators,
//!   who add users): a viewer's passphrase opens the general key alone (wrap format `SPW2`;
//!   `SPW1` wraps from before hold the general key only).
//! - A wrap in format `SPW3` also holds the user's Ed25519 signing identity
//!   ([`super::identity`]): their private key, the store's root key and where signing began.
//!
//! Every secret (data key, derived keys, passphrases) lives in a zeroizing container and is
//! wiped when dropped.
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::identity::{IDENTITY_LEN, Identity};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const SALT_LEN: usize = 16;
/// The first byte of every sealed value: the sealing format.
const SEALED_V1: u8 = 1;
/// The first bytes of a wrap holding the general key alone (before restricted keys).
const WRAP_MAGIC: &[u8; 4] = b"SPW1";
const WRAP_LEN: usize = 4 + 12 + SALT_LEN + NONCE_LEN + KEY_LEN + TAG_LEN;
/// The first bytes of a wrap holding the general key, a flag and maybe the restricted key.
const WRAP2_MAGIC: &[u8; 4] = b"SPW2";
const WRAP2_SHORT: usize = 4 + 12 + SALT_LEN + NONCE_LEN + KEY_LEN + 1 + TAG_LEN;
const WRAP2_LONG: usize = WRAP2_SHORT + KEY_LEN;
/// `SPW2` plus the user's signing identity ([`super::identity`]).
const WRAP3_MAGIC: &[u8; 4] = b"SPW3";
const WRAP3_SHORT: usize = WRAP2_SHORT + IDENTITY_LEN;
const WRAP3_LONG: usize = WRAP2_LONG + IDENTITY_LEN;

/// Why something could not be sealed, opened or unwrapped. Deliberately vague about *why* a
/// value did not open (wrong key and tampering look the same).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The value was altered, moved to another row, or sealed under another key.
    #[error("the value does not decrypt: it was altered, moved, or sealed under another key")]
    Open,
    /// The wrap did not open: wrong passphrase (or an altered wrap).
    #[error("wrong user name or passphrase")]
    Unwrap,
    /// The stored bytes are not in a format this build knows.
    #[error("malformed encrypted value: {0}")]
    Malformed(&'static str),
    /// The operating system's random source failed.
    #[error("no randomness from the operating system: {0}")]
    Random(String),
    /// Argon2 refused its parameters (a corrupt wrap).
    #[error("bad key-derivation parameters: {0}")]
    Kdf(String),
    /// The value is sealed under the restricted key, which this user's wrap does not hold.
    #[error("this value is restricted and your role's key does not open it")]
    NoRestrictedKey,
    /// A wrap asks for more Argon2 work than [`KdfParams::MAX`] allows: refused before any work.
    #[error(
        "the wrapped key asks for Argon2 with {} MiB, {} passes and {} lanes, beyond the bounds \
         ({}): it was altered or made by a foreign tool; nothing was derived. An administrator \
         can set a new passphrase for this user",
        .0.memory_kib / 1024, .0.iterations, .0.parallelism, KdfParams::BOUNDS
    )]
    KdfBounds(KdfParams),
}

/// A passphrase, wiped from memory when dropped.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Self {
        Self(Zeroizing::new(text.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

/// Argon2id cost parameters, stored with every wrap so they can be raised later without
/// breaking old wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, 1 lane: about a quarter of a second on a 2020s laptop, and a
    /// memory-hard cost per guess for anyone holding a stolen store.
    fn default() -> Self {
        Self {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

impl KdfParams {
    /// The most memory a wrap may ask for: 1 GiB (16 times the default).
    pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    /// The most passes a wrap may ask for.
    pub const MAX_ITERATIONS: u32 = 10;
    /// The most lanes a wrap may ask for.
    pub const MAX_PARALLELISM: u32 = 8;
    /// The most memory times passes: 2 GiB-passes, about ten times the default's work (a few
    /// seconds on a laptop), so the slowest login a wrap can ask for stays short.
    pub const MAX_WORK_KIB_PASSES: u64 = 2 * 1024 * 1024;
    /// The bounds in words, for error messages and the docs.
    pub const BOUNDS: &'static str =
        "at most 1024 MiB, 10 passes, 8 lanes, and 2048 MiB times passes";

    /// Refuse parameters past the bounds, before Argon2 allocates or computes anything.
    pub fn check_bounds(&self) -> Result<(), CryptoError> {
        let work = u64::from(self.memory_kib) * u64::from(self.iterations);
        if self.memory_kib > Self::MAX_MEMORY_KIB
            || self.iterations > Self::MAX_ITERATIONS
            || self.parallelism > Self::MAX_PARALLELISM
            || work > Self::MAX_WORK_KIB_PASSES
            || self.iterations == 0
            || self.parallelism == 0
        {
            return Err(CryptoError::KdfBounds(*self));
        }
        Ok(())
    }

    /// Minimal cost, for tests only: a store made with these is as weak as its passphrase.
    /// Not in the app's build: only with the `testkit` feature (tests, benches, examples).
    #[cfg(any(test, feature = "testkit"))]
    pub fn insecure_fast_for_tests() -> Self {
        Self {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    fn argon2(&self) -> Result<Argon2<'static>, CryptoError> {
        self.check_bounds()?;
        let params = Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Fill `buf` from the operating system's random source.
fn random(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::getrandom(buf).map_err(|e| CryptoError::Random(e.to_string()))
}

/// A key-encryption key derived from a passphrase.
fn derive_kek(
    passphrase: &Passphrase,
    salt: &[u8],
    params: &KdfParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    let mut kek = Zeroizing::new([0u8; KEY_LEN]);
    params
        .argon2()?
        .hash_password_into(passphrase.expose().as_bytes(), salt, kek.as_mut())
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    // Its work area (64 MiB by default) is freed: give it back before a caseload is loaded.
    crate::memory::give_back();
    Ok(kek)
}

fn wrap_aad(user: &str) -> Vec<u8> {
    let mut aad = b"spmp/wrap/v1/".to_vec();
    aad.extend_from_slice(user.as_bytes());
    aad
}

/// The store's secrets once unlocked: the data key and its subkeys, and the restricted key if
/// the user's wrap holds it.
pub struct Keys {
    data_key: Zeroizing<[u8; KEY_LEN]>,
    cipher: XChaCha20Poly1305,
    audit_mac: Zeroizing<[u8; KEY_LEN]>,
    restricted: Option<Restricted>,
    reference_mac: Zeroizing<[u8; KEY_LEN]>,
    /// The user's signing identity, when their wrap holds one (`SPW3`).
    pub(crate) identity: Option<Identity>,
}

/// The restricted key and its cipher.
struct Restricted {
    key: Zeroizing<[u8; KEY_LEN]>,
    cipher: XChaCha20Poly1305,
}

impl Restricted {
    fn from_key(key: Zeroizing<[u8; KEY_LEN]>) -> Result<Self, CryptoError> {
        let hk = Hkdf::<Sha256>::new(Some(b"spmp/v2/restricted"), key.as_ref());
        let mut enc = Zeroizing::new([0u8; KEY_LEN]);
        hk.expand(b"restricted value encryption", enc.as_mut())
            .map_err(|_| CryptoError::Malformed("key derivation length"))?;
        Ok(Self {
            cipher: XChaCha20Poly1305::new(enc.as_ref().into()),
            key,
        })
    }
}

/// Seal `plain` under `cipher`, bound to `context`.
fn seal_with(
    cipher: &XChaCha20Poly1305,
    context: &str,
    plain: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce)?;
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| CryptoError::Malformed("the value could not be encrypted"))?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
    out.push(SEALED_V1);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Open a value sealed by [`seal_with`] under the same cipher and `context`.
fn open_with(
    cipher: &XChaCha20Poly1305,
    context: &str,
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let (&format, rest) = sealed
        .split_first()
        .ok_or(CryptoError::Malformed("empty value"))?;
    if format != SEALED_V1 {
        return Err(CryptoError::Malformed("unknown sealing format"));
    }
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError::Malformed("value too short"));
    }
    let (nonce, ct) = rest.split_at(NONCE_LEN);
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ct,
                aad: context.as_bytes(),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Open)
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

impl Keys {
    /// A new random data key and restricted key (for a new store).
    pub(crate) fn generate() -> Result<Keys, CryptoError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        random(key.as_mut())?;
        let mut keys = Self::from_data_key(key)?;
        keys.new_restricted()?;
        Ok(keys)
    }

    /// Give these keys a new random restricted key (upgrading a store made before there was
    /// one).
    pub(crate) fn new_restricted(&mut self) -> Result<(), CryptoError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        random(key.as_mut())?;
        self.restricted = Some(Restricted::from_key(key)?);
        Ok(())
    }

    /// Forget the restricted key (a user whose role may not hold it, after an upgrade that
    /// needed it in hand).
    pub(crate) fn drop_restricted(&mut self) {
        self.restricted = None;
    }

    /// Whether these keys hold the restricted key.
    pub(crate) fn has_restricted(&self) -> bool {
        self.restricted.is_some()
    }

    /// The restricted key sealed under the general key at `context` (kept for users whose
    /// wraps predate the restricted key until they next log in).
    pub(crate) fn seal_restricted_key(&self, context: &str) -> Result<Vec<u8>, CryptoError> {
        let r = self
            .restricted
            .as_ref()
            .ok_or(CryptoError::NoRestrictedKey)?;
        self.seal(context, r.key.as_ref())
    }

    /// Take the restricted key from a value made by [`Keys::seal_restricted_key`].
    pub(crate) fn adopt_restricted_key(
        &mut self,
        context: &str,
        sealed: &[u8],
    ) -> Result<(), CryptoError> {
        let plain = self.open(context, sealed)?;
        let key: [u8; KEY_LEN] = plain
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::Malformed("restricted key length"))?;
        self.restricted = Some(Restricted::from_key(Zeroizing::new(key))?);
        Ok(())
    }

    /// Encrypt `plain` under the restricted key, bound to `context`.
    pub(crate) fn seal_restricted(
        &self,
        context: &str,
        plain: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let r = self
            .restricted
            .as_ref()
            .ok_or(CryptoError::NoRestrictedKey)?;
        seal_with(&r.cipher, context, plain)
    }

    /// Decrypt a value sealed by [`Keys::seal_restricted`] under the same `context`.
    pub(crate) fn open_restricted(
        &self,
        context: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let r = self
            .restricted
            .as_ref()
            .ok_or(CryptoError::NoRestrictedKey)?;
        open_with(&r.cipher, context, sealed)
    }

    fn from_data_key(data_key: Zeroizing<[u8; KEY_LEN]>) -> Result<Keys, CryptoError> {
        let hk = Hkdf::<Sha256>::new(Some(b"spmp/v1"), data_key.as_ref());
        let mut enc = Zeroizing::new([0u8; KEY_LEN]);
        let mut mac = Zeroizing::new([0u8; KEY_LEN]);
        let mut reference = Zeroizing::new([0u8; KEY_LEN]);
        hk.expand(b"value encryption", enc.as_mut())
            .and_then(|()| hk.expand(b"audit chain", mac.as_mut()))
            .and_then(|()| hk.expand(b"row references", reference.as_mut()))
            .map_err(|_| CryptoError::Malformed("key derivation length"))?;
        let cipher = XChaCha20Poly1305::new(enc.as_ref().into());
        Ok(Keys {
            data_key,
            cipher,
            audit_mac: mac,
            restricted: None,
            reference_mac: reference,
            identity: None,
        })
    }

    /// Wrap the keys for `user` under `passphrase`: the general key, the restricted key
    /// when `with_restricted` (the user's role may read restricted data, or adds users), and
    /// the user's signing `identity` when given (format `SPW3`; `SPW2` without).
    pub(crate) fn wrap(
        &self,
        user: &str,
        passphrase: &Passphrase,
        params: &KdfParams,
        with_restricted: bool,
        identity: Option<&Identity>,
    ) -> Result<Vec<u8>, CryptoError> {
        let mut msg = Zeroizing::new(Vec::with_capacity(2 * KEY_LEN + 1 + IDENTITY_LEN));
        msg.extend_from_slice(self.data_key.as_ref());
        match (&self.restricted, with_restricted) {
            (Some(r), true) => {
                msg.push(1);
                msg.extend_from_slice(r.key.as_ref());
            }
            (None, true) => return Err(CryptoError::NoRestrictedKey),
            (_, false) => msg.push(0),
        }
        if let Some(identity) = identity {
            msg.extend_from_slice(&identity.to_bytes());
        }
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        random(&mut salt)?;
        random(&mut nonce)?;
        let kek = derive_kek(passphrase, &salt, params)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let aad = wrap_aad(user);
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: msg.as_slice(),
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Malformed("the key could not be wrapped"))?;
        let mut out = Vec::with_capacity(WRAP3_LONG);
        out.extend_from_slice(if identity.is_some() {
            WRAP3_MAGIC
        } else {
            WRAP2_MAGIC
        });
        out.extend_from_slice(&params.memory_kib.to_le_bytes());
        out.extend_from_slice(&params.iterations.to_le_bytes());
        out.extend_from_slice(&params.parallelism.to_le_bytes());
        out.extend_from_slice(&salt);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Unwrap the data key stored for `user` with `passphrase`. [`CryptoError::Unwrap`] when
    /// the passphrase is wrong.
    pub(crate) fn unwrap(
        wrap: &[u8],
        user: &str,
        passphrase: &Passphrase,
    ) -> Result<Keys, CryptoError> {
        let (params, salt, nonce, ct) = parse_wrap(wrap)?;
        let kek = derive_kek(passphrase, salt, &params)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let aad = wrap_aad(user);
        let plain = Zeroizing::new(
            cipher
                .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: &aad })
                .map_err(|_| CryptoError::Unwrap)?,
        );
        let short = |bytes: &[u8]| -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
            let key: [u8; KEY_LEN] = bytes
                .try_into()
                .map_err(|_| CryptoError::Malformed("wrapped key length"))?;
            Ok(Zeroizing::new(key))
        };
        if wrap.starts_with(WRAP_MAGIC) {
            return Self::from_data_key(short(plain.as_slice())?);
        }
        let (keys_part, identity) = if wrap.starts_with(WRAP3_MAGIC) {
            let cut = plain
                .len()
                .checked_sub(IDENTITY_LEN)
                .ok_or(CryptoError::Malformed("wrapped key length"))?;
            let (k, i) = plain.split_at(cut);
            (k, Some(Identity::from_bytes(i)?))
        } else {
            (plain.as_slice(), None)
        };
        let (general, rest) = keys_part.split_at(KEY_LEN.min(keys_part.len()));
        let mut keys = Self::from_data_key(short(general)?)?;
        keys.identity = identity;
        match rest {
            [0] => {}
            [1, key @ ..] => keys.restricted = Some(Restricted::from_key(short(key)?)?),
            _ => return Err(CryptoError::Malformed("wrapped key length")),
        }
        Ok(keys)
    }

    /// Whether `wrap` holds a signing identity (format `SPW3`).
    #[cfg(test)]
    pub(crate) fn wrap_has_identity(wrap: &[u8]) -> bool {
        wrap.starts_with(WRAP3_MAGIC)
    }

    /// Whether `wrap` predates the restricted key (format `SPW1`).
    pub(crate) fn is_legacy_wrap(wrap: &[u8]) -> bool {
        wrap.starts_with(WRAP_MAGIC)
    }

    /// Whether `other` holds the same data key (constant time).
    pub(crate) fn same_key(&self, other: &Keys) -> bool {
        use subtle::ConstantTimeEq;
        self.data_key.as_ref().ct_eq(other.data_key.as_ref()).into()
    }

    /// Encrypt `plain`, bound to `context` (where the value is stored).
    pub(crate) fn seal(&self, context: &str, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
        seal_with(&self.cipher, context, plain)
    }

    /// Decrypt a value sealed by [`Keys::seal`] under the same `context`. The plaintext is
    /// wiped when dropped.
    pub(crate) fn open(
        &self,
        context: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        open_with(&self.cipher, context, sealed)
    }

    /// HMAC-SHA256 over `parts` under the audit-chain key.
    pub(crate) fn audit_mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        hmac_parts(&self.audit_mac, parts)
    }

    /// A keyed reference to a row (a draft's user, subject or key): 128 bits of HMAC-SHA256
    /// under the "row references" subkey, in hex. The same parts give the same reference; without
    /// the data key it says nothing about them.
    pub(crate) fn reference(&self, parts: &[&[u8]]) -> String {
        hmac_parts(&self.reference_mac, parts)[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// HMAC-SHA256 of length-prefixed `parts` under `key`.
fn hmac_parts(key: &[u8; KEY_LEN], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length; this cannot fail for a 32-byte key.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key.as_ref()) {
        Ok(m) => m,
        Err(_) => return [0u8; 32],
    };
    for p in parts {
        mac.update(&(p.len() as u64).to_le_bytes());
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// SHA-256 over `parts`, each preceded by its length (so boundaries count): what an audit
/// entry binds of the rows it wrote.
pub(crate) fn digest(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

type WrapParts<'a> = (KdfParams, &'a [u8], &'a [u8], &'a [u8]);

fn parse_wrap(wrap: &[u8]) -> Result<WrapParts<'_>, CryptoError> {
    let known = (wrap.len() == WRAP_LEN && wrap.starts_with(WRAP_MAGIC))
        || ((wrap.len() == WRAP2_SHORT || wrap.len() == WRAP2_LONG)
            && wrap.starts_with(WRAP2_MAGIC))
        || ((wrap.len() == WRAP3_SHORT || wrap.len() == WRAP3_LONG)
            && wrap.starts_with(WRAP3_MAGIC));
    if !known {
        return Err(CryptoError::Malformed("not a wrapped key"));
    }
    let u32_at = |i: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&wrap[i..i + 4]);
        u32::from_le_bytes(b)
    };
    let params = KdfParams {
        memory_kib: u32_at(4),
        iterations: u32_at(8),
        parallelism: u32_at(12),
    };
    // Refuse absurd costs from a tampered wrap before Argon2 tries to allocate them.
    params.check_bounds()?;
    let salt = &wrap[16..16 + SALT_LEN];
    let nonce = &wrap[16 + SALT_LEN..16 + SALT_LEN + NONCE_LEN];
    let ct = &wrap[16 + SALT_LEN + NONCE_LEN..];
    Ok((params, salt, nonce, ct))
}

/// The KDF parameters a wrap was made with (for `user list` and the security docs' checks).
pub fn wrap_params(wrap: &[u8]) -> Option<KdfParams> {
    parse_wrap(wrap).ok().map(|(p, ..)| p)
}

#[cfg(test)]
mod tests;
