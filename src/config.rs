//! Force policy as data: review cadences and clocks. Compiled-in defaults; a TOML file overrides.
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::{Cadence, DEFAULT_NOTIFICATION_DAYS};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Review cadence per risk level.
    pub cadence: Cadence,
    /// Days allowed for an SPO notification after its trigger.
    pub notification_days: u32,
    /// A breach brings the next review forward to within this many days.
    pub breach_review_within_days: u32,
    /// Months of breaches shown in the timeline chart.
    pub breach_chart_months: u32,
    /// Minutes without a key press after which the TUI locks its screen and asks for the
    /// user's passphrase again; 0 turns the lock off.
    pub idle_lock_minutes: u32,
    /// Days an archived subject (every order ended) is kept before an administrator may erase
    /// it. Default [`DEFAULT_RETENTION_DAYS`]; force policy sets it.
    pub retention_days: u32,
    /// The unit named on documents (plans, visit sheets).
    pub unit_name: String,
    /// The unit's phone number printed on visit sheets ("who to call").
    pub unit_phone: String,
}

/// The default retention after archiving: six years (6 x 365 days plus the at most two leap
/// days six years can hold, so at least six calendar years always pass). Six years is the
/// minimum review period MoPI guidance gives for police information outside its public
/// protection groups, and the limitation period for most civil claims; a force that keeps
/// stalking records longer (e.g. MoPI group 2, ten-year review) sets `retention_days`.
pub const DEFAULT_RETENTION_DAYS: u32 = 6 * 365 + 2;

/// The longest retention accepted (100 years): a larger number is a typo.
pub const MAX_RETENTION_DAYS: u32 = 36_525;

/// The unit named on documents unless the config names another.
pub const DEFAULT_UNIT_NAME: &str = "Ancillary Orders Unit";
/// A fictional number (Ofcom's drama range 01632 960xxx) until the force sets its own.
pub const DEFAULT_UNIT_PHONE: &str = "01632 960000";

impl Default for Config {
    fn default() -> Self {
        Self {
            cadence: Cadence::default(),
            notification_days: DEFAULT_NOTIFICATION_DAYS,
            breach_review_within_days: 7,
            breach_chart_months: 18,
            idle_lock_minutes: 10,
            retention_days: DEFAULT_RETENTION_DAYS,
            unit_name: DEFAULT_UNIT_NAME.to_string(),
            unit_phone: DEFAULT_UNIT_PHONE.to_string(),
        }
    }
}

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

impl Config {
    /// Parse a config file's text; `path` is used in the error.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if config.breach_chart_months == 0 || config.breach_chart_months > 120 {
            return Err(ConfigError::Parse {
                path: path.to_path_buf(),
                message: "breach_chart_months must be between 1 and 120".into(),
            });
        }
        if config.idle_lock_minutes > 24 * 60 {
            return Err(ConfigError::Parse {
                path: path.to_path_buf(),
                message: "idle_lock_minutes must be between 0 (off) and 1440".into(),
            });
        }
        if config.retention_days > MAX_RETENTION_DAYS {
            return Err(ConfigError::Parse {
                path: path.to_path_buf(),
                message: format!("retention_days must be at most {MAX_RETENTION_DAYS} (100 years)"),
            });
        }
        Ok(config)
    }

    /// Load `path` if it exists, else the defaults.
    pub fn load_or_default(path: &Path) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_toml(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Period;

    #[test]
    fn partial_file_overrides_only_what_it_names() {
        let c = Config::from_toml(
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
        let c = Config::from_toml("retention_days = 3650", Path::new("c.toml")).expect("valid");
        assert_eq!(c.retention_days, 3650);
        let e =
            Config::from_toml("retention_days = 99999", Path::new("c.toml")).expect_err("too long");
        assert!(e.to_string().contains("retention_days"), "{e}");
    }

    #[test]
    fn the_unit_on_documents_comes_from_the_file_or_the_defaults() {
        let c = Config::from_toml(
            "unit_name = \"Fenbridge Ancillary Orders\"\nunit_phone = \"01632 960123\"\n",
            Path::new("c.toml"),
        )
        .expect("valid config");
        assert_eq!(c.unit_name, "Fenbridge Ancillary Orders");
        assert_eq!(c.unit_phone, "01632 960123");
        let d = Config::default();
        assert_eq!(d.unit_name, "Ancillary Orders Unit");
        assert_eq!(d.unit_phone, "01632 960000");
    }

    #[test]
    fn bad_period_and_unknown_key_are_errors_naming_the_file() {
        let e = Config::from_toml(
            "[cadence]\nvery_high = \"soon\"\nhigh=\"2w\"\nmedium=\"1m\"\nlow=\"3m\"",
            Path::new("c.toml"),
        )
        .expect_err("bad period");
        assert!(e.to_string().contains("c.toml"), "{e}");
        assert!(e.to_string().contains("invalid period"), "{e}");
        let e = Config::from_toml("colour = true", Path::new("c.toml")).expect_err("unknown key");
        assert!(e.to_string().contains("colour"), "{e}");
    }
}
