//! The command line: the TUI by default, and `import`, `export`, `verify`, `queue`, `generate`.
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::{ItemKind, ReasonKind, RiskLevel};

mod governance;
mod offline;
pub use governance::{ActionPlanCommand, GovernanceFormat, RagArg, StatusArg, TrainingCommand};
pub use offline::{CheckinArgs, CheckoutArgs, CheckoutCommand, KeepArg, MakeArgs};

/// The command line's definition (for completions and the manual page).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[derive(Debug, Parser)]
#[command(
    name = "spmp",
    version,
    about = "Keyboard-driven workbench for Subject Profile Management Plans (SPO, SCPO, FMPO, FGMPO, STRO/STPO)",
    after_help = "Store: --store DIR (or a postgresql:// address: docs/DEPLOY.md), else $SPMP_STORE, else store = \"...\" in the config file, else the platform data directory.\nDemo: `spmp --demo` opens a temporary store seeded with fictional subjects."
)]
pub struct Cli {
    /// The store: a directory (made on first use) or postgresql://USER@HOST/DB (docs/DEPLOY.md).
    #[arg(long, global = true, value_name = "STORE", env = "SPMP_STORE")]
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

    /// The user to log in as (else $SPMP_USER; the TUI asks when neither is set).
    #[arg(long, global = true, value_name = "NAME", env = "SPMP_USER")]
    pub user: Option<String>,

    /// Read the passphrase from the first line of FILE (else $SPMP_PASSPHRASE, else a prompt).
    /// Never give a passphrase on the command line.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Screen-reader mode: one pane at a time as linear text, labels before values, every
    /// state in words, the focused item on its own line, ASCII only, no colour.
    #[arg(long)]
    pub plain: bool,

    /// Colours: a built-in theme (default, high-contrast, mono) or a theme file (default: the
    /// config dir's theme.toml when it exists; see docs/themes/).
    #[arg(long, value_name = "NAME|FILE")]
    pub theme: Option<String>,

    /// Treat this date as today (YYYY-MM-DD); for rehearsals and tests.
    #[arg(long, value_name = "DATE", hide = true, global = true,
          value_parser = crate::domain::dates::parse_iso_date)]
    pub today: Option<chrono::NaiveDate>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import subjects from an interchange JSON file: all or nothing.
    Import {
        /// The file to import: interchange JSON (docs/FORMAT.md) or a tracker CSV
        /// (docs/TRACKER.md).
        file: PathBuf,
        /// json: an spmp interchange file; csv: a unit's tracker spreadsheet, read through
        /// --mapping.
        #[arg(long, value_enum, default_value_t = ImportFormat::Json, requires_if("csv", "mapping"))]
        format: ImportFormat,
        /// The mapping file naming the tracker's columns (required with --format csv).
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Show what would be imported and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Overwrite subjects whose ids are already in the store (refused without it; JSON only).
        #[arg(long, conflicts_with = "mapping")]
        replace: bool,
    },
    /// Export the whole store as JSON, one subject's plan (pdf, md, txt) or visit sheets: a
    /// disclosure, recorded in the audit log with recipient and reason before anything is
    /// written (docs/DOCUMENTS.md).
    #[command(group = clap::ArgGroup::new("which").args(["subject", "visits_due"]))]
    Export {
        /// json needs nothing more; pdf, md and txt need --subject; the visit sheet formats need
        /// --subject or --visits-due.
        #[arg(
            long,
            value_enum,
            default_value_t = ExportFormat::Json,
            requires_ifs = [
                ("pdf", "subject"),
                ("md", "subject"),
                ("txt", "subject"),
                ("visit-sheet", "which"),
                ("visit-sheet-txt", "which"),
            ]
        )]
        format: ExportFormat,
        /// Write to FILE instead of standard output (a PDF needs a file).
        #[arg(long, visible_alias = "output", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (refused otherwise, before anything is recorded).
        #[arg(long, requires = "out")]
        force: bool,
        /// The subject whose plan or visit sheet to export (by id).
        #[arg(long, value_name = "ID", conflicts_with = "visits_due")]
        subject: Option<u64>,
        /// Visit sheets for every subject due a visit in the next DAYS days, grouped by area
        /// (with --format visit-sheet or visit-sheet-txt).
        #[arg(long, value_name = "DAYS")]
        visits_due: Option<u32>,
        /// The generation time printed on documents (YYYY-MM-DDTHH:MM:SS); for tests.
        #[arg(long, value_name = "DATETIME", hide = true,
              value_parser = crate::domain::dates::parse_iso_date_time)]
        generated_at: Option<chrono::NaiveDateTime>,
        /// Who receives the export (asked for on a terminal when missing).
        #[arg(long, value_name = "WHO")]
        recipient: Option<String>,
        /// Why it is disclosed (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// The governance report on the stalking super-complaint recommendations for a period:
    /// measures from live data with RAG and status, the action plan, training coverage. Counts
    /// only, marked OFFICIAL; recorded in the audit log as a disclosure.
    Governance {
        /// The period: a quarter (2026-Q3), a month (2026-07) or a year (2026); default: this
        /// quarter.
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = GovernanceFormat::Txt)]
        format: GovernanceFormat,
        /// Write to FILE instead of standard output (a PDF needs a file).
        #[arg(long, visible_alias = "output", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long, requires = "out")]
        force: bool,
        /// The generation time printed on documents (YYYY-MM-DDTHH:MM:SS); for tests.
        #[arg(long, value_name = "DATETIME", hide = true,
              value_parser = crate::domain::dates::parse_iso_date_time)]
        generated_at: Option<chrono::NaiveDateTime>,
        /// Who receives the report (asked for on a terminal when missing).
        #[arg(long, value_name = "WHO")]
        recipient: Option<String>,
        /// Why it is disclosed (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// The unit's action plan on the super-complaint recommendations (supervisors and
    /// administrators change it; every update is kept).
    ActionPlan {
        #[command(subcommand)]
        action: ActionPlanCommand,
    },
    /// Training records: courses completed by each user (supervisors and administrators).
    Training {
        #[command(subcommand)]
        action: TrainingCommand,
    },
    /// Write a consistent, still-encrypted single-file backup of the store (works while the
    /// store is open elsewhere).
    Backup {
        /// The backup file to create (refused if it exists).
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Restore a backup file into --store DIR (refused if DIR holds a store, unless --force).
    Restore {
        /// The backup file.
        #[arg(long, value_name = "FILE")]
        input: PathBuf,
        /// Replace the store already in DIR.
        #[arg(long)]
        force: bool,
    },
    /// Working sets for offline review on a laptop: take subjects out, list, revoke
    /// (docs/OFFLINE.md).
    Checkout(CheckoutArgs),
    /// Bring a working set's changes back into this store (docs/OFFLINE.md).
    Checkin(CheckinArgs),
    /// Copy a whole caseload to another store (a directory or the server, either way round).
    Store {
        #[command(subcommand)]
        action: StoreCommand,
    },
    /// User accounts: add, change passphrase, disable, list.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Your unsaved forms (drafts): list them, or discard one, including one that cannot be
    /// read (which `spmp verify` names).
    Drafts {
        #[command(subcommand)]
        action: DraftsCommand,
    },
    /// The audit log: verify its hash chain, or export it for an auditor.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Add, edit or delete an item of a plan with the same forms, rules and checks as the TUI
    /// (a breach raises re-assessment, dates are read the same way); every change is recorded.
    /// `spmp item fields --kind KIND` lists a kind's fields and choices.
    Item {
        #[command(subcommand)]
        action: ItemCommand,
    },
    /// Approve, or return with a comment, a review, risk assessment or plan awaiting sign-off
    /// (supervisors of the rank force policy requires; nobody signs off their own work).
    #[command(group = clap::ArgGroup::new("record").args(["review", "assessment", "plan"]).required(true))]
    #[command(group = clap::ArgGroup::new("decision").args(["approve", "return_it"]).required(true))]
    SignOff {
        /// The subject's id.
        #[arg(long, value_name = "ID")]
        subject: u64,
        /// The review to decide (its id, as `spmp export` shows it).
        #[arg(long, value_name = "N")]
        review: Option<u32>,
        /// The risk assessment to decide.
        #[arg(long, value_name = "N")]
        assessment: Option<u32>,
        /// The plan (Sections 1 and 2 with the orders), submitted with `spmp submit-plan`.
        #[arg(long)]
        plan: bool,
        /// Approve it.
        #[arg(long)]
        approve: bool,
        /// Return it to its author (needs --comment).
        #[arg(long = "return", requires = "comment")]
        return_it: bool,
        /// What must change (required when returning).
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Submit a subject's plan (Sections 1 and 2 with the orders) for sign-off; changing an
    /// approved plan puts it back to awaiting sign-off by itself.
    SubmitPlan {
        /// The subject's id.
        #[arg(long, value_name = "ID")]
        subject: u64,
    },
    /// Check the store: SQLite integrity, every record decodes; counts. Exit 1 on any fault.
    Verify,
    /// What needs doing now, and why: every subject with a reason, most urgent first.
    Queue {
        #[arg(long, value_enum, default_value_t = QueueFormat::Table)]
        format: QueueFormat,
        /// all: everything; mine: subjects whose officer is --officer (else --user, else your
        /// login name); due7: reviews overdue or due within 7 days.
        #[arg(long, value_enum, default_value_t = QueueViewArg::All)]
        view: QueueViewArg,
        /// Only subjects whose officer in charge is NAME (ignoring case).
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// Only subjects with a reason of these kinds (repeat or separate with commas).
        #[arg(long = "reason", value_name = "KIND", value_enum, num_args = 1.., value_delimiter = ',')]
        reasons: Vec<ReasonKind>,
        /// Only subjects whose current risk is at least LEVEL.
        #[arg(long, value_name = "LEVEL", value_enum)]
        risk: Option<RiskLevel>,
    },
    /// The unit's figures: live orders, orders ending, breaches per month, reviews on time,
    /// subjects by risk, overdue work by officer, days from breach to re-assessment.
    Stats {
        #[arg(long, value_enum, default_value_t = QueueFormat::Table)]
        format: QueueFormat,
        /// Months of breaches (default: the config's chart months, 18).
        #[arg(long, value_name = "N")]
        months: Option<u32>,
    },
    /// Archive a subject whose orders have all ended (expired or discharged): starts the
    /// retention period after which an administrator may erase it. Reviewers and supervisors.
    Archive {
        /// The subject's id.
        #[arg(long, value_name = "ID")]
        subject: u64,
        /// Why it is archived (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// List the archived subjects: when, by whom, why, and from when each may be erased.
    Archived,
    /// Erase an archived subject for good once the retention period (config `retention_days`)
    /// has passed: its record, history and drafts. Administrators only; the audit log keeps who
    /// erased what and why, without personal data.
    Erase {
        /// The subject's id.
        #[arg(long, value_name = "ID")]
        subject: u64,
        /// Why it is erased (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Do not ask for confirmation (required when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Delete a subject created in error (a duplicate typed twice, the wrong person): its
    /// creator or a supervisor, within config `delete_window_hours` (default 24) of its
    /// creation, while nothing about it is signed off or disclosed. Its record, history and
    /// drafts are removed for good; the audit log keeps who deleted it, when and why, and its id
    /// is never given out again. Later, archive it instead (`spmp archive`).
    DeleteSubject {
        /// The subject's id.
        #[arg(long, value_name = "ID")]
        subject: u64,
        /// Why it is deleted (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Do not ask for confirmation (required when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Merge two records of the same person (supervisors): the --keep record gains everything
    /// of the --from record (differing details kept as aliases and notes), both histories and
    /// audit trails are kept under --keep, and the --from record is removed.
    MergeSubjects {
        /// The record that stays (its id).
        #[arg(long, value_name = "ID")]
        keep: u64,
        /// The duplicate merged into it and then removed (its id).
        #[arg(long, value_name = "ID")]
        from: u64,
        /// Why they are merged (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Do not ask for confirmation (required when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Write a synthetic, fictional caseload as an interchange file (for load tests and training).
    Generate {
        /// How many subjects.
        #[arg(long, value_name = "N")]
        subjects: usize,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The seed: the same seed and --today give the same file.
        #[arg(long, value_name = "S", default_value_t = crate::generate::DEFAULT_SEED)]
        seed: u64,
    },
    /// Print the shell completions for SHELL: `spmp completions bash > /etc/bash_completion.d/spmp`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `spmp man > spmp.1; man ./spmp.1`.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ItemCommand {
    /// Add an item (or, with --kind subject and no --subject, a new subject).
    Add {
        /// The subject it belongs to.
        #[arg(long, value_name = "ID")]
        subject: Option<u64>,
        #[arg(long, value_enum)]
        kind: ItemKind,
        /// The order (or assessment) a condition, variation, notification or tactical option
        /// belongs to.
        #[arg(long, value_name = "ID")]
        parent: Option<u32>,
        /// A field's value, by the field's key (see `spmp item fields`); repeat for each field.
        /// Fields not named keep the form's defaults.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Edit an item: fields not named keep their stored values.
    Edit {
        #[arg(long, value_name = "ID")]
        subject: u64,
        #[arg(long, value_enum)]
        kind: ItemKind,
        /// The item's id (0 for the subject's identity, narrative and notes).
        #[arg(long, value_name = "ID")]
        id: u32,
        #[arg(long, value_name = "ID")]
        parent: Option<u32>,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Delete an item (refused while something else in the plan refers to it).
    Delete {
        #[arg(long, value_name = "ID")]
        subject: u64,
        #[arg(long, value_enum)]
        kind: ItemKind,
        #[arg(long, value_name = "ID")]
        id: u32,
        #[arg(long, value_name = "ID")]
        parent: Option<u32>,
    },
    /// List the fields of a kind of item: key, label, kind, whether required, the choices.
    Fields {
        #[arg(long, value_enum)]
        kind: ItemKind,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. On a new store (or one without users) this creates the administrator, who
    /// always holds the administrator role. The new passphrase comes from
    /// --new-passphrase-file, else $SPMP_NEW_PASSPHRASE, else a prompt (asked twice).
    Add {
        name: String,
        /// viewer, reviewer, supervisor or administrator (repeat or separate with commas).
        #[arg(long = "role", value_name = "ROLE", num_args = 1.., value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// Read the new user's passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        #[command(flatten)]
        officer: OfficerArgs,
    },
    /// Set who a user is as an officer: rank, display name, number, team (administrators).
    /// Sign-offs, the history and documents show rank, name and number; force policy sets the
    /// rank that may approve each kind of record. Takes effect at the user's next login.
    Edit {
        name: String,
        #[command(flatten)]
        officer: OfficerArgs,
    },
    /// Change a passphrase: your own (default), or anyone's as an administrator (which also
    /// re-enables a disabled account).
    Passwd {
        name: Option<String>,
        /// Read the new passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Disable a user: their passphrase no longer opens the store.
    Disable { name: String },
    /// List the users, their roles and whether they are enabled.
    List,
    /// Show your own signing key's fingerprint (read it to the administrator who certifies
    /// it).
    Key,
    /// List every signing key: whose, its fingerprint, who certified it (supervisors and
    /// administrators).
    Keys,
    /// Certify a user's signing key made at their first login after an upgrade, once they
    /// have read you its fingerprint from `spmp user key` (administrators).
    Certify {
        name: String,
        /// The fingerprint as `spmp user key` shows it, e.g. 3fa2-c9e1-d0b4-a7f2.
        fingerprint: String,
    },
}

/// Who a user is as an officer (every part optional).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OfficerArgs {
    /// PC, DC, PS, DS, Insp, DI, CI, DCI, Supt, ChSupt (or the words), or staff.
    #[arg(long, value_name = "RANK")]
    pub rank: Option<String>,
    /// The name as shown on documents, e.g. "Lena Marsh".
    #[arg(long, value_name = "NAME")]
    pub display_name: Option<String>,
    /// Collar, warrant or staff number.
    #[arg(long, value_name = "NUMBER")]
    pub number: Option<String>,
    /// Team or unit.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
}

impl OfficerArgs {
    /// Whether any part was given.
    pub fn any(&self) -> bool {
        self.rank.is_some()
            || self.display_name.is_some()
            || self.number.is_some()
            || self.team.is_some()
    }
}

#[derive(Debug, Subcommand)]
pub enum DraftsCommand {
    /// List your drafts, numbered, oldest first; those that cannot be read are listed too.
    List,
    /// Discard drafts by the numbers `spmp drafts list` shows (or every unreadable one).
    Discard {
        /// The drafts' numbers, as `spmp drafts list` shows them.
        #[arg(value_name = "N", required_unless_present = "unreadable")]
        numbers: Vec<usize>,
        /// Discard every draft that cannot be read.
        #[arg(long)]
        unreadable: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy --from (default --store) whole into an empty --to; administrators; audited.
    Copy {
        #[arg(long, value_name = "STORE")]
        from: Option<PathBuf>,
        #[arg(long, value_name = "STORE")]
        to: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain and that every record, history entry and account is as the log
    /// last wrote it; exit 1 and name the first fault. With --expect, also that the log still
    /// holds the entry a supervisor recorded (so a log rolled back to an older copy is caught).
    Verify {
        /// An entry and fingerprint recorded earlier, as `spmp audit head` prints them
        /// (`812:3fa2c9e1d0b4a7f2`).
        #[arg(long, value_name = "ENTRY:FINGERPRINT")]
        expect: Option<String>,
    },
    /// Print the log's head (its last entry and that entry's fingerprint) to record outside
    /// the store, e.g. in the unit's daily book, for `spmp audit verify --expect`.
    Head,
    /// Write the whole log for an auditor.
    Export {
        #[arg(long, value_enum, default_value_t = AuditFormat::Csv)]
        format: AuditFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long, requires = "out")]
        force: bool,
        /// Who receives the log (asked for on a terminal when missing).
        #[arg(long, value_name = "WHO")]
        recipient: Option<String>,
        /// Why it is disclosed (asked for on a terminal when missing).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueueFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueueViewArg {
    All,
    Mine,
    Due7,
}

impl ValueEnum for ReasonKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ReasonKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.label()))
    }
}

impl ValueEnum for ItemKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ItemKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl ValueEnum for RiskLevel {
    fn value_variants<'a>() -> &'a [Self] {
        &RiskLevel::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            RiskLevel::Low => PossibleValue::new("low"),
            RiskLevel::Medium => PossibleValue::new("medium").alias("med"),
            RiskLevel::High => PossibleValue::new("high"),
            RiskLevel::VeryHigh => PossibleValue::new("very_high").aliases(["very-high", "vh"]),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole store, interchange JSON (docs/FORMAT.md).
    Json,
    /// One subject's plan as PDF (needs --output).
    Pdf,
    /// One subject's plan as Markdown.
    Md,
    /// One subject's plan as plain text, 80 columns.
    Txt,
    /// Visit sheets: PDF, or by the --output file's extension text (.txt) or Markdown (.md);
    /// text on standard output.
    VisitSheet,
    /// Visit sheets as plain text.
    VisitSheetTxt,
}
