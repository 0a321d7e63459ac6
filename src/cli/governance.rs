//! The governance report's, action plan's and training records' arguments.

use clap::{Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GovernanceFormat {
    Pdf,
    Md,
    Txt,
    Csv,
}

/// A RAG rating on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RagArg {
    Red,
    Amber,
    Green,
}

/// An action plan status on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    UnderReview,
    Delayed,
    LimitedProgress,
    OnTrack,
    Pending,
    Complete,
}

#[derive(Debug, Subcommand)]
pub enum ActionPlanCommand {
    /// Every line with its updates.
    List,
    /// Add a line with its first update.
    Add {
        /// The recommendation it answers (11.2, 12.3, 14.1 ...).
        #[arg(long)]
        recommendation: String,
        #[arg(long)]
        action: String,
        /// A role or team, not a person's name: the report leaves the unit.
        #[arg(long)]
        owner: String,
        #[arg(long, value_parser = crate::domain::dates::parse_iso_date)]
        due: Option<chrono::NaiveDate>,
        #[arg(long)]
        update: String,
        #[arg(long, value_enum)]
        rag: RagArg,
        #[arg(long, value_enum)]
        status: StatusArg,
    },
    /// Record an update of line ID (earlier updates stay).
    Update {
        id: u32,
        #[arg(long)]
        update: String,
        #[arg(long, value_enum)]
        rag: RagArg,
        #[arg(long, value_enum)]
        status: StatusArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// Every record, and the courses force policy lists.
    List,
    /// Record that a user (by login) completed COURSE.
    Add {
        /// The login of the officer or member of staff trained (`--user` is who runs spmp).
        #[arg(long, value_name = "LOGIN")]
        officer: String,
        /// One of the config's training_courses.
        #[arg(long)]
        course: String,
        #[arg(long, value_parser = crate::domain::dates::parse_iso_date)]
        completed: chrono::NaiveDate,
        #[arg(long, value_parser = crate::domain::dates::parse_iso_date)]
        expires: Option<chrono::NaiveDate>,
    },
}
