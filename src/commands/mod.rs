//! What each command line does: the edge where library errors get their context for the user.
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::{Context, Result, eyre};

use crate::cli::{
    AuditCommand, AuditFormat, Cli, Command, ExportFormat, ImportFormat, QueueFormat, QueueViewArg,
    UserCommand,
};
use crate::domain::Policy;
use crate::domain::Role;
use crate::domain::{QueueFilter, QueueView};
use crate::login;
use crate::store::{Login, Store, StoreStatus};
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::login::LoginScreen;
use crate::tui::run::Start;
use crate::tui::theme::Theme;
use crate::{demo, generate, interchange, report};

mod accounts;
mod files;
mod reports;
mod retention;
mod tui;

use accounts::*;
use files::*;
use reports::*;
use retention::*;
use tui::*;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "spmp")
}

/// The store directory: `--store`/`SPMP_STORE`, else the platform data directory.
fn store_dir(cli: &Cli) -> Result<PathBuf> {
    if let Some(dir) = &cli.store {
        return Ok(dir.clone());
    }
    project_dirs()
        .map(|d| d.data_dir().join("store"))
        .ok_or_else(|| eyre!("no home directory to keep the store in: give --store DIR"))
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
            None => Ok(Policy::default()),
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
    // An export never replaces a file unless told to; checked before anything is recorded as
    // disclosed.
    let target = match &cli.command {
        Some(Command::Export {
            out: Some(path),
            force: false,
            ..
        }) => Some(path),
        Some(Command::Audit {
            action:
                AuditCommand::Export {
                    out: Some(path),
                    force: false,
                    ..
                },
        }) => Some(path),
        _ => None,
    };
    if let Some(path) = target.filter(|p| p.exists()) {
        return Err(eyre!(
            "{} already exists: choose a new file, or give --force to replace it; nothing was \
             exported",
            path.display()
        ));
    }
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match &cli.command {
        Some(Command::Import {
            file,
            format: ImportFormat::Json,
            mapping: None,
            dry_run,
            replace,
        }) => import(&cli, file, *replace, *dry_run),
        Some(Command::Import {
            format: ImportFormat::Json,
            mapping: Some(_),
            ..
        }) => Err(eyre!(
            "--mapping is for --format csv: an interchange JSON file needs no mapping"
        )),
        Some(Command::Import {
            file,
            format: ImportFormat::Csv,
            mapping,
            dry_run,
            replace,
        }) => {
            if *replace {
                return Err(eyre!(
                    "--replace is for JSON files: a tracker import only adds new subjects"
                ));
            }
            let mapping = mapping.as_deref().ok_or_else(|| {
                eyre!("--format csv needs --mapping FILE naming the tracker's columns (see docs/TRACKER.md)")
            })?;
            import_csv(&cli, file, mapping, *dry_run, today)
        }
        Some(Command::Export {
            format: ExportFormat::Json,
            out,
            subject: None,
            visits_due: None,
            recipient,
            reason,
            ..
        }) => export(
            &cli,
            ExportFormat::Json,
            out.as_deref(),
            recipient.as_deref(),
            reason.as_deref(),
        ),
        Some(Command::Export {
            format,
            out,
            subject,
            visits_due,
            recipient,
            reason,
            generated_at,
            ..
        }) => export_document(
            &cli,
            today,
            &DocumentRequest {
                format: *format,
                out: out.as_deref(),
                subject: *subject,
                visits_due: *visits_due,
                recipient: recipient.as_deref(),
                reason: reason.as_deref(),
                generated_at: *generated_at,
            },
        ),
        Some(Command::Verify) => verify(&cli),
        Some(Command::User { action }) => user(&cli, action),
        Some(Command::Backup { output }) => backup(&cli, output),
        Some(Command::Stats { format, months }) => stats(&cli, today, *format, *months),
        Some(Command::Restore { input, force }) => restore(&cli, input, *force),
        Some(Command::Audit { action }) => audit(&cli, action),
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
        None => tui(&cli, today),
    }
}

/// Open the existing store for a command, logging in.
fn open_store(cli: &Cli) -> Result<Store> {
    let dir = store_dir(cli)?;
    match Store::status(&dir)? {
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
    let login = login::login(cli.user.as_deref(), cli.passphrase_file.as_deref())?;
    Ok(Store::open(&dir, &login)?)
}

fn write_stdout(text: &str, what: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .wrap_err_with(|| format!("cannot write {what} to standard output"))
}

/// Write `bytes` to `path` via a temporary file in the same directory, synced, then renamed, so
/// a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .wrap_err_with(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
