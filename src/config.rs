//! Reading force policy from disk (the edge): a TOML file overrides the compiled-in defaults of
//! [`Policy`]. Only `main`, `commands` and `tui` use this module; everything below them takes the
//! [`Policy`] value.
use std::path::{Path, PathBuf};

#[cfg(test)]
use crate::domain::DEFAULT_RETENTION_DAYS;
pub use crate::domain::Policy;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot read font file {path} (document_fonts in {config}): {source}")]
    Font {
        path: PathBuf,
        config: PathBuf,
        source: std::io::Error,
    },
}

/// The invented demo instrument, compiled in: the instruments of a config that names no file.
pub const DEMO_INSTRUMENTS: &str = include_str!("../demo-data/instruments.toml");

/// Parse a config file's text; `path` is used in the error. Its `instruments_file` (relative
/// to the config file's directory) is read too; without one, the demo instrument.
pub fn from_toml(text: &str, path: &Path) -> Result<Policy, ConfigError> {
    let parse = |e: toml::de::Error| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    // `store` names where the store is (see [`store_of`]), not policy.
    let mut policy: Policy = match store_of(text, path)? {
        None => toml::from_str(text).map_err(parse)?,
        Some(_) => {
            let mut table: toml::Table = toml::from_str(text).map_err(parse)?;
            table.remove("store");
            serde::Deserialize::deserialize(table).map_err(parse)?
        }
    };
    policy.check().map_err(|message| ConfigError::Parse {
        path: path.to_path_buf(),
        message,
    })?;
    policy.instruments = match &policy.instruments_file {
        Some(file) => {
            let at = path.parent().unwrap_or(Path::new(".")).join(file);
            let text = std::fs::read_to_string(&at).map_err(|source| ConfigError::Read {
                path: at.clone(),
                source,
            })?;
            instruments_from_toml(&text, &at)?
        }
        None => demo_instruments(),
    };
    policy.document_fonts = document_fonts(&policy.document_fonts, path)?;
    Ok(policy)
}

/// The config file's `store = "..."`: a store directory or a server's address
/// (`postgresql://...`), used when neither `--store` nor `SPMP_STORE` gives one.
pub fn store_of(text: &str, path: &Path) -> Result<Option<PathBuf>, ConfigError> {
    #[derive(serde::Deserialize)]
    struct Place {
        store: Option<toml::Value>,
    }
    let place: Place = toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    match place.store {
        None => Ok(None),
        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(Some(PathBuf::from(s))),
        Some(_) => Err(ConfigError::Parse {
            path: path.to_path_buf(),
            message: "store must be the store's directory or a postgresql:// address, as text"
                .to_string(),
        }),
    }
}

/// The `document_fonts` of the config file at `path`: relative paths resolved against its
/// directory, and each file checked now, so a missing or unreadable font is an error naming it
/// when the config is loaded rather than when a PDF is made.
fn document_fonts(fonts: &[PathBuf], path: &Path) -> Result<Vec<PathBuf>, ConfigError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fonts
        .iter()
        .map(|font| {
            let at = dir.join(font);
            match std::fs::File::open(&at).and_then(|f| f.metadata()) {
                Ok(m) if m.is_file() => Ok(at),
                Ok(_) => Err(ConfigError::Parse {
                    path: path.to_path_buf(),
                    message: format!("document_fonts: {} is not a font file", at.display()),
                }),
                Err(source) => Err(ConfigError::Font {
                    path: at,
                    config: path.to_path_buf(),
                    source,
                }),
            }
        })
        .collect()
}

/// The default policy with the demo instrument.
pub fn default_policy() -> Policy {
    Policy {
        instruments: demo_instruments(),
        ..Policy::default()
    }
}

/// The compiled-in demo instrument (it is checked by a test, so it always parses).
pub fn demo_instruments() -> Vec<crate::domain::Instrument> {
    instruments_from_toml(DEMO_INSTRUMENTS, Path::new("demo-data/instruments.toml"))
        .unwrap_or_default()
}

/// Parse an instruments file: `[[instrument]]` tables, each checked
/// ([`crate::domain::Instrument::check`]), ids unique.
pub fn instruments_from_toml(
    text: &str,
    path: &Path,
) -> Result<Vec<crate::domain::Instrument>, ConfigError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        instrument: Vec<crate::domain::Instrument>,
    }
    let bad = |message: String| ConfigError::Parse {
        path: path.to_path_buf(),
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut ids = std::collections::BTreeSet::new();
    for i in &file.instrument {
        i.check().map_err(|e| bad(e.to_string()))?;
        if !ids.insert(i.id.as_str()) {
            return Err(bad(format!("instrument id {:?} is used twice", i.id)));
        }
    }
    Ok(file.instrument)
}

/// Load `path` if it exists, else the defaults.
pub fn load_or_default(path: &Path) -> Result<Policy, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => from_toml(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(default_policy()),
        Err(source) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_line_names_the_store_and_is_not_policy() {
        let path = Path::new("config.toml");
        let text = "store = \"postgresql://spmp_app@db.example/spmp\"\n";
        assert_eq!(
            store_of(text, path).unwrap(),
            Some(PathBuf::from("postgresql://spmp_app@db.example/spmp"))
        );
        assert_eq!(from_toml(text, path).unwrap(), default_policy());
        assert_eq!(store_of("", path).unwrap(), None);
        let err = store_of("store = 3\n", path).unwrap_err();
        assert!(err.to_string().contains("store must be"), "{err}");
        // Unknown keys are still refused with the store line present.
        assert!(from_toml("store = \"/x\"\nnot_a_key = 1\n", path).is_err());
    }

    use crate::domain::Period;

    #[test]
    fn partial_file_overrides_only_what_it_names() {
        let c = from_toml(
            "[cadence]\nvery_high = \"7d\"\nhigh = \"2w\"\nmedium = \"1m\"\nlow = \"3m\"\n",
            Path::new("c.toml"),
        )
        .expect("valid config");
        assert_eq!(c.cadence.very_high, Period::Days(7));
        assert_eq!(c.notification_days, 3);
        assert_eq!(c.retention_days, DEFAULT_RETENTION_DAYS);
    }

    #[test]
    fn retention_days_is_read_and_bounded() {
        let c = from_toml("retention_days = 3650", Path::new("c.toml")).expect("valid");
        assert_eq!(c.retention_days, 3650);
        let e = from_toml("retention_days = 99999", Path::new("c.toml")).expect_err("too long");
        assert!(e.to_string().contains("retention_days"), "{e}");
    }

    #[test]
    fn the_unit_on_documents_comes_from_the_file_or_the_defaults() {
        let c = from_toml(
            "unit_name = \"Fenbridge Ancillary Orders\"\nunit_phone = \"01632 960123\"\n",
            Path::new("c.toml"),
        )
        .expect("valid config");
        assert_eq!(c.unit_name, "Fenbridge Ancillary Orders");
        assert_eq!(c.unit_phone, "01632 960123");
        let d = Policy::default();
        assert_eq!(d.unit_name, "Ancillary Orders Unit");
        assert_eq!(d.unit_phone, "01632 960000");
    }

    #[test]
    fn the_demo_instrument_parses_and_scores() {
        use crate::domain::{Answer, RiskLevel};
        let all = demo_instruments();
        assert_eq!(all.len(), 1);
        let i = &all[0];
        assert_eq!(i.id, "demo-srs");
        let answers = vec![
            ("contact_after_order".to_string(), Answer::Yes),
            ("incidents_month".to_string(), Answer::Count(9)),
            ("fixation".to_string(), Answer::Choice("some".into())),
            ("threats".to_string(), Answer::No),
        ];
        let (rows, score, band) = i.score(&answers).expect("scores");
        // 3 for the contact, 5 (capped) for 9 incidents, 2 for some focus.
        assert_eq!(score, 10);
        assert_eq!(band, RiskLevel::High);
        assert_eq!(rows.len(), i.items.len());
        let missing = i
            .score(&answers[..1])
            .expect_err("mandatory items unanswered");
        assert!(missing.iter().any(|(k, _)| k == "threats"), "{missing:?}");
    }

    #[test]
    fn a_bad_instruments_file_is_refused_naming_it() {
        let e = instruments_from_toml(
            "[[instrument]]\nid = \"x\"\nname = \"X\"\nversion = \"1\"\nitem = []\nband = []\n",
            Path::new("inst.toml"),
        )
        .expect_err("no items");
        assert!(
            e.to_string().contains("inst.toml") && e.to_string().contains("no items"),
            "{e}"
        );
        let dir = tempfile::tempdir().expect("dir");
        let cfg = dir.path().join("config.toml");
        let e = from_toml("instruments_file = \"missing.toml\"", &cfg).expect_err("missing");
        assert!(e.to_string().contains("missing.toml"), "{e}");
    }

    #[test]
    fn bad_period_and_unknown_key_are_errors_naming_the_file() {
        let e = from_toml(
            "[cadence]\nvery_high = \"soon\"\nhigh=\"2w\"\nmedium=\"1m\"\nlow=\"3m\"",
            Path::new("c.toml"),
        )
        .expect_err("bad period");
        assert!(e.to_string().contains("c.toml"), "{e}");
        assert!(e.to_string().contains("invalid period"), "{e}");
        let e = from_toml("colour = true", Path::new("c.toml")).expect_err("unknown key");
        assert!(e.to_string().contains("colour"), "{e}");
    }
}
