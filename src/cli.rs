//! The command line: the TUI by default, and `import`, `export`, `verify`.
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "spmp",
    version,
    about = "Keyboard-driven workbench for Subject Profile Management Plans (SPO, SCPO, FMPO, FGMPO, STRO/STPO)",
    after_help = "Store: --store DIR, else $SPMP_STORE, else the platform data directory.\nDemo: `spmp --demo` opens a temporary store seeded with fictional subjects."
)]
pub struct Cli {
    /// The store directory (created on first use).
    #[arg(long, global = true, value_name = "DIR", env = "SPMP_STORE")]
    pub store: Option<PathBuf>,

    /// Open the TUI on a fresh temporary store seeded with the fictional demo caseload.
    #[arg(long)]
    pub demo: bool,

    /// A keymap file that overrides the defaults per key (default: the config dir's keymap.toml).
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,

    /// A config file (review cadences, clocks); default: the config dir's config.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The name your changes are recorded under (default: your login name). User accounts
    /// with passphrases replace this in a later version.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,

    /// ASCII borders and no colour, for screen readers and old consoles.
    #[arg(long)]
    pub plain: bool,

    /// Treat this date as today (YYYY-MM-DD); for rehearsals and tests.
    #[arg(long, value_name = "DATE", hide = true)]
    pub today: Option<chrono::NaiveDate>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import subjects from an interchange JSON file: all or nothing.
    Import {
        /// The file to import (see docs/FORMAT.md).
        file: PathBuf,
        /// Overwrite subjects whose ids are already in the store (refused without it).
        #[arg(long)]
        replace: bool,
    },
    /// Export the whole store.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check the store: SQLite integrity, every record decodes; counts. Exit 1 on any fault.
    Verify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
}
