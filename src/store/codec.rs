//! The versioned record envelope: `[format version: u16 LE][bincode payload]`.
//!
//! This is the one module that knows bincode (pinned at `=2.0.1`, `config::standard()` with a
//! decode limit). bincode is not self-describing: any change to a stored struct must bump
//! [`FORMAT_VERSION`] and add a decoder for the old layout in [`super::migrate`], which calls
//! back into [`decode_body`] with the old types.
use bincode::config::{Configuration, Limit, LittleEndian, Varint};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::{Change, Subject};

/// The payload format this build writes. Older versions are decoded by [`super::migrate`].
pub const FORMAT_VERSION: u16 = 3;

/// The format of history payloads (a list of [`Change`]s), versioned apart from records: either
/// can change without the other. Older versions are decoded by [`super::migrate`].
pub const CHANGES_FORMAT_VERSION: u16 = 2;

/// Upper bound on the bytes bincode may allocate while decoding one record. Guards against a
/// corrupt length prefix asking for gigabytes; far above any real subject.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// The largest record a store saves unless configured otherwise
/// (`StoreOptions::max_record_bytes`, at most [`MAX_RECORD_BYTES`]): a real subject is a few
/// hundred kilobytes at most.
pub const DEFAULT_RECORD_LIMIT: usize = 16 * 1024 * 1024;

const HEADER_LEN: usize = 2;

type Config = Configuration<LittleEndian, Varint, Limit<MAX_RECORD_BYTES>>;

fn config() -> Config {
    bincode::config::standard().with_limit::<MAX_RECORD_BYTES>()
}

/// Why a record could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// Fewer than two bytes: not even a format version.
    #[error("record is too short to hold a format version ({len} bytes)")]
    MissingVersion { len: usize },
    /// Written by a newer spmp.
    #[error("record format version {version} is newer than this spmp understands; upgrade spmp")]
    TooNew { version: u16 },
    /// A version this build has no decoder for (0, or a gap).
    #[error("record format version {version} is unknown")]
    UnknownVersion { version: u16 },
    /// The payload does not decode (truncated or garbage).
    #[error("record (format version {version}) does not decode: {message}")]
    Decode { version: u16, message: String },
    /// The payload decoded but bytes were left over: the record is not what it claims to be.
    #[error("record (format version {version}) has {extra} unexpected trailing bytes")]
    TrailingBytes { version: u16, extra: usize },
    /// The value could not be encoded (or would not decode back).
    #[error("record could not be encoded: {message}")]
    Encode { message: String },
    /// The record is larger than a record may be (the configured limit, never above
    /// [`MAX_RECORD_BYTES`]).
    #[error(
        "the record is too large: {} (a record may hold at most {}); shorten its longest texts",
        size_text(*bytes),
        size_text(*limit)
    )]
    TooLarge { bytes: usize, limit: usize },
}

/// A size in words: `70.0 MB`, `512 KB`.
pub fn size_text(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// [`encode_subject`], refused as [`CodecError::TooLarge`] past `limit` bytes (and never past
/// [`MAX_RECORD_BYTES`]) before it is decoded back.
pub fn encode_subject_within(subject: &Subject, limit: usize) -> Result<Vec<u8>, CodecError> {
    let limit = limit.min(MAX_RECORD_BYTES);
    let bytes = encode_envelope(subject)?;
    if bytes.len() > limit {
        return Err(CodecError::TooLarge {
            bytes: bytes.len(),
            limit,
        });
    }
    check_round_trip(subject, bytes)
}

/// Encode a subject into a versioned envelope.
///
/// The result is decoded again before it is returned, so a record that could not be read back
/// (too large for the decode limit, a serde quirk) is never written to disk.
pub fn encode_subject(subject: &Subject) -> Result<Vec<u8>, CodecError> {
    encode_subject_within(subject, MAX_RECORD_BYTES)
}

/// A viewer's copy of a subject (its record with restricted values redacted): encoded as
/// [`encode_subject`] is, without the read-back. The record it is made from is read back when
/// it is encoded, and the copy holds values of the same types with some dropped or replaced, so
/// reading it back again would only repeat that check (an import spent a tenth of its time on
/// it). `spmp verify` decodes both copies of every record.
pub fn encode_redacted(subject: &Subject) -> Result<Vec<u8>, CodecError> {
    let bytes = encode_envelope(subject)?;
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(CodecError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_RECORD_BYTES,
        });
    }
    Ok(bytes)
}

fn check_round_trip(subject: &Subject, bytes: Vec<u8>) -> Result<Vec<u8>, CodecError> {
    match decode_subject(&bytes) {
        Ok(back) if back == *subject => Ok(bytes),
        Ok(_) => Err(CodecError::Encode {
            message: "the encoded record decodes to a different value".to_string(),
        }),
        Err(e) => Err(CodecError::Encode {
            message: format!("the encoded record does not decode: {e}"),
        }),
    }
}

/// Decode a versioned envelope into a subject, upgrading older format versions.
pub fn decode_subject(bytes: &[u8]) -> Result<Subject, CodecError> {
    let (version, body) = split_envelope(bytes)?;
    if version > FORMAT_VERSION {
        return Err(CodecError::TooNew { version });
    }
    super::migrate::decode_subject_version(version, body)
}

/// Encode the changes of one history entry into a versioned envelope
/// ([`CHANGES_FORMAT_VERSION`]). Like [`encode_subject`], the result is decoded again and
/// compared before it is returned.
pub fn encode_changes(changes: &[Change]) -> Result<Vec<u8>, CodecError> {
    let bytes = encode_with_version(CHANGES_FORMAT_VERSION, &changes)?;
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(CodecError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_RECORD_BYTES,
        });
    }
    match decode_changes(&bytes) {
        Ok(back) if back == changes => Ok(bytes),
        Ok(_) => Err(CodecError::Encode {
            message: "the encoded history entry decodes to a different value".to_string(),
        }),
        Err(e) => Err(CodecError::Encode {
            message: format!("the encoded history entry does not decode: {e}"),
        }),
    }
}

/// Decode the changes of one history entry, upgrading older format versions.
pub fn decode_changes(bytes: &[u8]) -> Result<Vec<Change>, CodecError> {
    let (version, body) = split_envelope(bytes)?;
    if version > CHANGES_FORMAT_VERSION {
        return Err(CodecError::TooNew { version });
    }
    super::migrate::decode_changes_version(version, body)
}

/// The format version of an envelope, without decoding the payload.
pub fn envelope_version(bytes: &[u8]) -> Result<u16, CodecError> {
    split_envelope(bytes).map(|(v, _)| v)
}

/// Encode any value with the current format version in front (used by `encode_subject`, and by
/// tests that need an envelope of another version).
pub fn encode_envelope<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_with_version(FORMAT_VERSION, value)
}

/// Encode a value behind an explicit format version header.
pub fn encode_with_version<T: Serialize>(version: u16, value: &T) -> Result<Vec<u8>, CodecError> {
    // Room for a typical record: encoded straight after the header, without bincode's sizing
    // pass or a second buffer to copy from.
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(&version.to_le_bytes());
    bincode::serde::encode_into_std_write(value, &mut out, config()).map_err(|e| {
        CodecError::Encode {
            message: e.to_string(),
        }
    })?;
    Ok(out)
}

/// Decode one bincode payload (no header) as `T`, requiring that every byte is used.
/// `version` only labels errors. For [`super::migrate`]'s per-version decoders.
pub(crate) fn decode_body<T: DeserializeOwned>(version: u16, body: &[u8]) -> Result<T, CodecError> {
    let (value, used) =
        bincode::serde::decode_from_slice::<T, _>(body, config()).map_err(|e| match e {
            // Nothing larger is ever written (see `encode_subject_within`): a corrupt length.
            bincode::error::DecodeError::LimitExceeded => CodecError::Decode {
                version,
                message: format!(
                    "it claims to hold more than {} (a corrupt length)",
                    size_text(MAX_RECORD_BYTES)
                ),
            },
            e => CodecError::Decode {
                version,
                message: e.to_string(),
            },
        })?;
    if used != body.len() {
        return Err(CodecError::TrailingBytes {
            version,
            extra: body.len() - used,
        });
    }
    Ok(value)
}

/// Encode one of the store's own small records (audit entries, user profiles, archive notes)
/// behind format version 1. These are versioned apart from subjects; bump by adding a decoder.
pub(crate) fn encode_value<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_with_version(1, value)
}

/// Decode a record written by [`encode_value`].
pub(crate) fn decode_value<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (version, body) = split_envelope(bytes)?;
    match version {
        1 => decode_body(version, body),
        v => Err(CodecError::UnknownVersion { version: v }),
    }
}

fn split_envelope(bytes: &[u8]) -> Result<(u16, &[u8]), CodecError> {
    match bytes.split_first_chunk::<HEADER_LEN>() {
        Some((header, body)) => Ok((u16::from_le_bytes(*header), body)),
        None => Err(CodecError::MissingVersion { len: bytes.len() }),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn subject() -> Subject {
        let opened = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default();
        let mut s = Subject::new(7, "Doe", "Jan", opened);
        s.aliases.push("JD".to_string());
        s
    }

    #[test]
    fn a_record_past_the_limit_is_too_large_in_plain_words() {
        let mut s = subject();
        s.aliases.push("x".repeat(4096));
        let err = encode_subject_within(&s, 1024).unwrap_err();
        assert!(
            matches!(err, CodecError::TooLarge { limit: 1024, .. }),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("the record is too large: 5 KB (a record may hold at most 1 KB)"),
            "{err}"
        );
        assert!(encode_subject_within(&s, 8192).is_ok());
    }

    #[test]
    fn round_trip_and_header() {
        let s = subject();
        let bytes = encode_subject(&s).unwrap();
        assert_eq!(&bytes[..HEADER_LEN], &FORMAT_VERSION.to_le_bytes());
        assert_eq!(envelope_version(&bytes), Ok(FORMAT_VERSION));
        assert_eq!(decode_subject(&bytes).unwrap(), s);
    }

    #[test]
    fn rejects_bad_envelopes() {
        let bytes = encode_subject(&subject()).unwrap();
        assert_eq!(
            decode_subject(&bytes[..1]),
            Err(CodecError::MissingVersion { len: 1 })
        );
        let mut newer = bytes.clone();
        newer[..2].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let err = decode_subject(&newer).unwrap_err();
        assert!(err.to_string().contains("upgrade spmp"), "{err}");
        let mut zero = bytes.clone();
        zero[..2].copy_from_slice(&0u16.to_le_bytes());
        assert_eq!(
            decode_subject(&zero),
            Err(CodecError::UnknownVersion { version: 0 })
        );
        assert!(matches!(
            decode_subject(&bytes[..bytes.len() - 1]),
            Err(CodecError::Decode {
                version: FORMAT_VERSION,
                ..
            })
        ));
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            decode_subject(&long),
            Err(CodecError::TrailingBytes {
                version: FORMAT_VERSION,
                extra: 1
            })
        );
    }

    #[test]
    fn changes_round_trip_and_reject_bad_envelopes() {
        let changes = vec![
            Change {
                path: "section2.devices[id 3].imei_serial".to_string(),
                from: "356938035643809".to_string(),
                to: String::new(),
                restricted: false,
            },
            Change {
                path: "family_name".to_string(),
                from: "Smith".to_string(),
                to: "Smyth".to_string(),
                restricted: false,
            },
        ];
        let bytes = encode_changes(&changes).unwrap();
        assert_eq!(&bytes[..HEADER_LEN], &CHANGES_FORMAT_VERSION.to_le_bytes());
        assert_eq!(decode_changes(&bytes).unwrap(), changes);
        assert_eq!(
            decode_changes(&encode_changes(&[]).unwrap()).unwrap(),
            vec![]
        );
        let mut newer = bytes.clone();
        newer[..2].copy_from_slice(&(CHANGES_FORMAT_VERSION + 1).to_le_bytes());
        assert!(matches!(
            decode_changes(&newer),
            Err(CodecError::TooNew { .. })
        ));
        assert!(matches!(
            decode_changes(&bytes[..bytes.len() - 3]),
            Err(CodecError::Decode {
                version: CHANGES_FORMAT_VERSION,
                ..
            })
        ));
        assert_eq!(
            decode_changes(&[1]),
            Err(CodecError::MissingVersion { len: 1 })
        );
    }

    #[test]
    fn huge_length_prefix_is_an_error_not_an_allocation() {
        // Header, then a varint claiming a family-name string of u64::MAX bytes.
        let mut bytes = FORMAT_VERSION.to_le_bytes().to_vec();
        bytes.push(7); // id
        bytes.push(253); // varint marker: u64 follows
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            decode_subject(&bytes),
            Err(CodecError::Decode { .. })
        ));
    }

    #[test]
    fn dates_marked_as_day_numbers_are_numbers_in_the_codec() {
        use chrono::NaiveDate;
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "crate::domain::day_number")]
            a: NaiveDate,
            #[serde(with = "crate::domain::day_number_opt")]
            b: Option<NaiveDate>,
        }
        let t = T {
            a: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            b: NaiveDate::from_ymd_opt(1990, 1, 2),
        };
        let bytes = encode_value(&t).unwrap();
        assert!(bytes.len() < 16, "numbers, not text: {bytes:?}");
        assert_eq!(decode_value::<T>(&bytes).unwrap(), t);
        let none = T { b: None, ..t };
        assert_eq!(
            decode_value::<T>(&encode_value(&none).unwrap()).unwrap(),
            none
        );
    }
}
