//! `spmp checkout` and `spmp checkin`: working sets for offline review (docs/OFFLINE.md).
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum CheckoutCommand {
    /// Make a working set for yourself: a store holding only these subjects, which opens with
    /// your passphrase only, until it expires; recorded as a disclosure to your laptop.
    Make {
        /// The subjects, by id: `--subjects 3,7,12`.
        #[arg(long, value_delimiter = ',', value_name = "IDS",
              required_unless_present_any = ["mine", "visits_due"])]
        subjects: Vec<u64>,
        /// Your own caseload: every subject whose officer in charge you are.
        #[arg(long, conflicts_with_all = ["subjects", "visits_due"])]
        mine: bool,
        /// Every subject due a visit within DAYS days (as the visit sheets choose them).
        #[arg(long, value_name = "DAYS", conflicts_with = "subjects")]
        visits_due: Option<u32>,
        /// Days until it expires and no longer opens, 1 to 90 (default: the config's
        /// `checkout_days`, 7 unless set).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=90))]
        days: Option<u32>,
        /// The new working set's directory (must not exist yet).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Who it is for: that user logs in (with `--user` omitted, this names them) and it
        /// opens with their passphrase only. Another user's name than `--user` is refused.
        #[arg(long = "for", value_name = "USER")]
        for_user: Option<String>,
    },
    /// Every working set checked out of this store, with its state.
    List,
    /// Revoke working set ID (a lost laptop): it can no longer be checked in. Supervisors.
    Revoke {
        id: String,
        /// Why (recorded in the audit log).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The working set's directory.
    pub working_set: PathBuf,
    /// For every field changed both here and on the laptop, keep this side's value. Without
    /// it such fields are listed and nothing is checked in.
    #[arg(long, value_enum, value_name = "SIDE")]
    pub keep: Option<KeepArg>,
}

/// Which side's value a conflicting field keeps at check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeepArg {
    /// The value saved in the office since the checkout.
    Office,
    /// The value typed on the laptop.
    Laptop,
}
