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
}

/// Parse a config file's text; `path` is used in the error.
pub fn from_toml(text: &str, path: &Path) -> Result<Policy, ConfigError> {
    let policy: Policy = toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    policy.check().map_err(|message| ConfigError::Parse {
        path: path.to_path_buf(),
        message,
    })?;
    Ok(policy)
}

/// Load `path` if it exists, else the defaults.
pub fn load_or_default(path: &Path) -> Result<Policy, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => from_toml(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Policy::default()),
        Err(source) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
