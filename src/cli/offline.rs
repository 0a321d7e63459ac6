//! `spmp checkout` and `spmp checkin`: working sets for offline review (docs/OFFLINE.md).
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// `spmp checkout`: make a working set (`make` may be left out), list them, revoke one.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CheckoutArgs {
    #[command(subcommand)]
    pub action: Option<CheckoutCommand>,
    /// `spmp checkout --subjects 3,7 --out DIR` is `spmp checkout make --subjects 3,7 --out DIR`.
    #[command(flatten)]
    pub make: Option<MakeArgs>,
}

impl CheckoutArgs {
    /// What to do: a subcommand, or `make` with the arguments given straight after `checkout`.
    pub fn command(&self) -> Option<CheckoutCommand> {
        match (&self.action, &self.make) {
            (Some(action), _) => Some(action.clone()),
            (None, Some(make)) => Some(CheckoutCommand::Make(make.clone())),
            (None, None) => None,
        }
    }
}

/// Which subjects a working set holds, for whom, until when, and where it is made.
#[derive(Debug, Clone, Args)]
pub struct MakeArgs {
    /// The subjects, by id: `--subjects 3,7,12`.
    #[arg(long, value_delimiter = ',', value_name = "IDS",
          required_unless_present_any = ["mine", "visits_due"])]
    pub subjects: Vec<u64>,
    /// Your own caseload: every subject whose officer in charge you are.
    #[arg(long, conflicts_with_all = ["subjects", "visits_due"])]
    pub mine: bool,
    /// Every subject due a visit within DAYS days (as the visit sheets choose them).
    #[arg(long, value_name = "DAYS", conflicts_with = "subjects")]
    pub visits_due: Option<u32>,
    /// Days until it expires and no longer opens, 1 to 90 (default: the config's
    /// `checkout_days`, 7 unless set).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=90))]
    pub days: Option<u32>,
    /// The new working set's directory (must not exist yet).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Who it is for: that user logs in (with `--user` omitted, this names them) and it
    /// opens with their passphrase only. Another user's name than `--user` is refused.
    #[arg(long = "for", value_name = "USER")]
    pub for_user: Option<String>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum CheckoutCommand {
    /// Make a working set for yourself: a store holding only these subjects, which opens with
    /// your passphrase only, until it expires; recorded as a disclosure to your laptop.
    Make(MakeArgs),
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
