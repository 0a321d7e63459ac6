//! Signing identities: the one module that knows the signature scheme (Ed25519).
//!
//! Each user has a signing key pair. The private half (a 32-byte seed) lives only inside that
//! user's wrap, sealed under their passphrase ([`super::crypto::Keys::wrap`]); the public half is
//! in the store's `signers` table with a certificate from an administrator
//! ([`super::sign`]). The wrap also holds the store's **root** public key (the first
//! administrator's key, which certifies itself) and the audit entry from which every entry is
//! signed: what a user's own wrap says cannot be changed by someone editing the file, so their
//! `audit verify` trusts the root and the start of signing from there, not from the file.
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use super::crypto::CryptoError;

/// Bytes of a public key.
pub(crate) const PUBLIC_LEN: usize = 32;
/// Bytes of a signature.
pub(crate) const SIGNATURE_LEN: usize = 64;
/// Bytes of an identity as held in a wrap: seed, root public key, first signed entry.
pub(crate) const IDENTITY_LEN: usize = 32 + PUBLIC_LEN + 8;

/// A user's signing key, the store's root key and where signing began, as their wrap holds
/// them.
pub(crate) struct Identity {
    key: SigningKey,
    root: [u8; PUBLIC_LEN],
    signed_from: u64,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Identity({})", fingerprint(&self.public()))
    }
}

impl Identity {
    /// A new random key. `root`: the store's root key, or `None` for the root itself (the
    /// first administrator's key, which anchors every certificate).
    pub(crate) fn generate(
        root: Option<[u8; PUBLIC_LEN]>,
        signed_from: u64,
    ) -> Result<Self, CryptoError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(seed.as_mut()).map_err(|e| CryptoError::Random(e.to_string()))?;
        let key = SigningKey::from_bytes(&seed);
        let root = root.unwrap_or_else(|| key.verifying_key().to_bytes());
        Ok(Self {
            key,
            root,
            signed_from,
        })
    }

    /// The bytes kept in a wrap.
    pub(crate) fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(IDENTITY_LEN));
        out.extend_from_slice(self.key.as_bytes());
        out.extend_from_slice(&self.root);
        out.extend_from_slice(&self.signed_from.to_le_bytes());
        out
    }

    /// Read what [`Identity::to_bytes`] wrote.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() != IDENTITY_LEN {
            return Err(CryptoError::Malformed("signing identity length"));
        }
        let (seed, rest) = bytes.split_at(32);
        let (root, from) = rest.split_at(PUBLIC_LEN);
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
            seed.try_into()
                .map_err(|_| CryptoError::Malformed("signing key length"))?,
        );
        Ok(Self {
            key: SigningKey::from_bytes(&seed),
            root: root
                .try_into()
                .map_err(|_| CryptoError::Malformed("root key length"))?,
            signed_from: u64::from_le_bytes(
                from.try_into()
                    .map_err(|_| CryptoError::Malformed("signing start length"))?,
            ),
        })
    }

    pub(crate) fn public(&self) -> [u8; PUBLIC_LEN] {
        self.key.verifying_key().to_bytes()
    }

    pub(crate) fn root(&self) -> [u8; PUBLIC_LEN] {
        self.root
    }

    /// The first audit entry that must be signed.
    pub(crate) fn signed_from(&self) -> u64 {
        self.signed_from
    }

    /// Sign the parts of a message (each length-prefixed, so boundaries count).
    pub(crate) fn sign(&self, parts: &[&[u8]]) -> [u8; SIGNATURE_LEN] {
        self.key.sign(&message(parts)).to_bytes()
    }
}

fn message(parts: &[&[u8]]) -> Vec<u8> {
    let mut msg = Vec::new();
    for p in parts {
        msg.extend_from_slice(&(p.len() as u64).to_le_bytes());
        msg.extend_from_slice(p);
    }
    msg
}

/// Whether `signature` over `parts` was made by the key whose public half is `public`.
pub(crate) fn verify(public: &[u8], parts: &[&[u8]], signature: &[u8]) -> bool {
    let Ok(public) = <[u8; PUBLIC_LEN]>::try_from(public) else {
        return false;
    };
    let Ok(signature) = <[u8; SIGNATURE_LEN]>::try_from(signature) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&public) else {
        return false;
    };
    key.verify_strict(&message(parts), &Signature::from_bytes(&signature))
        .is_ok()
}

/// A public key's fingerprint for people to compare: 16 hex digits in groups of four.
pub fn fingerprint(public: &[u8]) -> String {
    let digest = super::crypto::digest(&[b"spmp signer", public]);
    digest[..8]
        .chunks(2)
        .map(|c| format!("{:02x}{:02x}", c[0], c.get(1).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_key_and_message() {
        let a = Identity::generate(None, 1).expect("key");
        let b = Identity::generate(Some(a.public()), 1).expect("key");
        let sig = a.sign(&[b"one", b"two"]);
        assert!(verify(&a.public(), &[b"one", b"two"], &sig));
        assert!(!verify(&b.public(), &[b"one", b"two"], &sig));
        assert!(!verify(&a.public(), &[b"onet", b"wo"], &sig));
        assert!(!verify(&a.public(), &[b"one", b"two"], &sig[..63]));
        assert_eq!(b.root(), a.public());
    }

    #[test]
    fn an_identity_round_trips_through_its_bytes() {
        let a = Identity::generate(None, 42).expect("key");
        let back = Identity::from_bytes(&a.to_bytes()).expect("bytes");
        assert_eq!(back.public(), a.public());
        assert_eq!(back.root(), a.root());
        assert_eq!(back.signed_from(), 42);
        assert!(Identity::from_bytes(&a.to_bytes()[..40]).is_err());
        assert_eq!(fingerprint(&a.public()).len(), 19);
    }
}
