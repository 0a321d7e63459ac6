//! What each command line does: the edge where library errors get their context for the user.
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::{self, Context, Result, eyre};

use crate::cli::{
    AuditCommand, AuditFormat, Cli, Command, DraftsCommand, ExportFormat, ImportFormat,
    QueueFormat, QueueViewArg, UserCommand,
};
use crate::domain::Policy;
use crate::domain::{Permission, QueueFilter, QueueView, Role};
use crate::login;
use crate::store::{Login, Store, StoreStatus};
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::login::LoginScreen;
use crate::tui::run::Start;
use crate::tui::theme::Theme;
use crate::{demo, generate, ops, report};

/// `println!` for the command line: sanitised, and a closed standard output is an error (`?`).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::commands::out::print(&format!("{}\n", format_args!($($arg)*)))?
    };
}

/// `eprintln!` for the command line: sanitised; a closed standard error is ignored.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::commands::out::eprint(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod accounts;
mod files;
mod governance;
mod items;
mod mistakes;
mod offline;
pub mod out;
mod reports;
mod retention;
mod tui;

use accounts::*;
use files::*;
use governance::*;
use items::*;
use mistakes::*;
use offline::*;
use reports::*;
use retention::*;
use tui::*;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "spmp")
}

/// The store: `--store`/`SPMP_STORE`, else the config file's `store = "..."`, else
/// [`default_store`]. A directory, or a server's `postgresql://` address.
fn store_dir(cli: &Cli) -> Result<PathBuf> {
    if let Some(dir) = &cli.store {
        return Ok(dir.clone());
    }
    let config = match &cli.config {
        Some(path) => Some(path.clone()),
        None => project_dirs().map(|d| d.config_dir().join("config.toml")),
    };
    if let Some(path) = config {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Some(store) = crate::config::store_of(&text, &path)? {
                    return Ok(store);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && cli.config.is_none() => {}
            Err(e) => {
                return Err(e)
                    .wrap_err_with(|| format!("cannot read config file {}", path.display()));
            }
        }
    }
    project_dirs()
        .map(|d| default_store(&d))
        .ok_or_else(|| eyre!("no home directory to keep the store in: give --store DIR"))
}

/// The platform's *local* data directory: `~/.local/share/spmp/store` on Linux,
/// `%LOCALAPPDATA%\spmp\data\store` on Windows. Never the roaming profile (`%APPDATA%`),
/// which many forces redirect to a file server: a store there would be on a network share.
fn default_store(dirs: &directories::ProjectDirs) -> PathBuf {
    dirs.data_local_dir().join("store")
}

fn load_config(cli: &Cli) -> Result<Policy> {
    match &cli.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .wrap_err_with(|| format!("cannot read config file {}", path.display()))?;
            Ok(crate::config::from_toml(&text, path)?)
        }
        None => match project_dirs() {
            Some(d) => Ok(crate::config::load_or_default(
                &d.config_dir().join("config.toml"),
            )?),
            None => Ok(crate::config::default_policy()),
        },
    }
}

fn load_keymap(cli: &Cli) -> Result<Keymap> {
    let user = match &cli.keymap {
        Some(path) => Some(path.clone()),
        None => crate::tui::keymap::default_user_path().filter(|p| p.exists()),
    };
    Ok(Keymap::load(user.as_deref())?)
}

/// Run the command line; the exit code says whether it succeeded.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match &cli.command {
        Some(Command::Import {
            file,
            format: ImportFormat::Json,
            mapping,
            dry_run,
            replace,
        }) => {
            if mapping.is_some() {
                return Err(eyre!(
                    "--mapping is for --format csv: an interchange JSON file needs no mapping"
                ));
            }
            import(&cli, file, *replace, *dry_run)
        }
        Some(Command::Import {
            file,
            format: ImportFormat::Csv,
            mapping,
            dry_run,
            ..
        }) => {
            // clap requires --mapping with --format csv (and refuses --replace with it).
            let mapping = mapping.as_deref().ok_or_else(|| {
                eyre!("--format csv needs --mapping FILE naming the tracker's columns (see docs/TRACKER.md)")
            })?;
            import_csv(&cli, file, mapping, *dry_run, today)
        }
        Some(Command::Export {
            format: ExportFormat::Json,
            out,
            force,
            subject: None,
            visits_due: None,
            recipient,
            reason,
            ..
        }) => export(
            &cli,
            out.as_deref(),
            *force,
            recipient.as_deref(),
            reason.as_deref(),
        ),
        Some(Command::Export {
            format,
            out,
            force,
            subject,
            visits_due,
            recipient,
            reason,
            generated_at,
        }) => export_document(
            &cli,
            today,
            &DocumentArgs {
                format: *format,
                out: out.as_deref(),
                force: *force,
                subject: *subject,
                visits_due: *visits_due,
                recipient: recipient.as_deref(),
                reason: reason.as_deref(),
                generated_at: *generated_at,
            },
        ),
        Some(Command::Item { action }) => item(&cli, action, today),
        Some(Command::SubmitPlan { subject }) => submit_plan(&cli, *subject),
        Some(Command::SignOff {
            subject,
            review,
            assessment,
            plan,
            approve,
            comment,
            ..
        }) => sign_off(
            &cli,
            &SignOffArgs {
                subject: *subject,
                review: *review,
                assessment: *assessment,
                plan: *plan,
                approve: *approve,
                comment: comment.as_deref(),
            },
        ),
        Some(Command::Verify) => verify(&cli),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut crate::cli::command(), "spmp", &mut out);
            write_stdout(&String::from_utf8_lossy(&out), "the completions")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(crate::cli::command())
                .render(&mut out)
                .wrap_err("cannot make the manual page")?;
            write_stdout(&String::from_utf8_lossy(&out), "the manual page")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::User { action }) => user(&cli, action),
        Some(Command::Backup { output }) => backup(&cli, output),
        Some(Command::Store { action }) => store_command(&cli, action),
        Some(Command::Checkout(action)) => checkout(&cli, action),
        Some(Command::Checkin(args)) => checkin(&cli, args),
        Some(Command::Stats { format, months }) => stats(&cli, today, *format, *months),
        Some(Command::Governance {
            period,
            format,
            out,
            force,
            generated_at,
            recipient,
            reason,
        }) => governance(
            &cli,
            today,
            &GovernanceArgs {
                period: period.as_deref(),
                format: *format,
                out: out.as_deref(),
                force: *force,
                generated_at: *generated_at,
                recipient: recipient.as_deref(),
                reason: reason.as_deref(),
            },
        ),
        Some(Command::ActionPlan { action }) => action_plan(&cli, today, action),
        Some(Command::Training { action }) => training(&cli, action),
        Some(Command::Restore { input, force }) => restore(&cli, input, *force),
        Some(Command::Audit { action }) => audit(&cli, action),
        Some(Command::Drafts { action }) => drafts(&cli, action),
        Some(Command::Queue {
            format,
            view,
            officer,
            reasons,
            risk,
        }) => {
            let view = match view {
                QueueViewArg::All => QueueView::All,
                QueueViewArg::Due7 => QueueView::DueIn7Days,
                QueueViewArg::Mine => QueueView::Mine(
                    officer
                        .clone()
                        .or_else(|| cli.user.clone())
                        .unwrap_or_default(),
                ),
            };
            let filter = QueueFilter {
                // In "mine" the officer names the view; elsewhere it filters.
                officer: officer
                    .clone()
                    .filter(|_| !matches!(view, QueueView::Mine(_))),
                view,
                reasons: reasons.clone(),
                risk: *risk,
                order_kind: None,
            };
            queue(&cli, today, *format, &filter)
        }
        Some(Command::Generate {
            subjects,
            out,
            seed,
        }) => generate_file(*subjects, out, *seed, today),
        Some(Command::Archive { subject, reason }) => {
            archive(&cli, *subject, reason.as_deref(), today)
        }
        Some(Command::Archived) => archived(&cli, today),
        Some(Command::Erase {
            subject,
            reason,
            yes,
        }) => erase(&cli, *subject, reason.as_deref(), *yes, today),
        Some(Command::DeleteSubject {
            subject,
            reason,
            yes,
        }) => delete_subject(&cli, *subject, reason.as_deref(), *yes),
        Some(Command::MergeSubjects {
            keep,
            from,
            reason,
            yes,
        }) => merge_subjects(&cli, *keep, *from, reason.as_deref(), *yes),
        None => tui(&cli, today),
    }
}

/// Open the existing store for a command, logging in.
fn open_store(cli: &Cli) -> Result<Store> {
    let dir = store_dir(cli)?;
    match ops::users::status(&dir)? {
        StoreStatus::Ready => {}
        StoreStatus::Absent => {
            return Err(eyre!(
                "there is no spmp store at {}: create one with \
                 `spmp --store {} user add NAME --role administrator`",
                dir.display(),
                dir.display()
            ));
        }
        StoreStatus::NeedsAdministrator => {
            return Err(eyre!(
                "the store at {} has no users yet (it was made by an older spmp): create its \
                 administrator with `spmp --store {} user add NAME --role administrator`, which \
                 also encrypts it",
                dir.display(),
                dir.display()
            ));
        }
    }
    let policy = load_config(cli)?;
    let login = login::login(cli.user.as_deref(), cli.passphrase_file.as_deref())?;
    let mut store = ops::users::log_in(&dir, &login)?;
    ops::users::apply_policy(&mut store, &policy);
    Ok(store)
}

/// Data for standard output (see `out::data`).
fn write_stdout(text: &str, what: &str) -> Result<()> {
    out::data(text, what)
}

#[cfg(test)]
mod store_place_tests {
    use super::*;

    #[test]
    fn the_default_store_is_in_the_local_not_the_roaming_data_directory() {
        let Some(dirs) = project_dirs() else { return };
        assert_eq!(default_store(&dirs), dirs.data_local_dir().join("store"));
        #[cfg(windows)]
        assert_ne!(dirs.data_local_dir(), dirs.data_dir());
    }
}
