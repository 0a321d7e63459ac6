//! What each command line does: the edge where library errors get their context for the user.
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::{Context, Result, eyre};

use crate::cli::{Cli, Command, ExportFormat, QueueFormat, QueueViewArg};
use crate::config::Config;
use crate::domain::{QueueFilter, QueueView};
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::{demo, generate, interchange, report};

/// Who the CLI acts as in the audit log until users exist.
const CLI_ACTOR: &str = "cli";

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

fn load_config(cli: &Cli) -> Result<Config> {
    match &cli.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .wrap_err_with(|| format!("cannot read config file {}", path.display()))?;
            Ok(Config::from_toml(&text, path)?)
        }
        None => match project_dirs() {
            Some(d) => Ok(Config::load_or_default(
                &d.config_dir().join("config.toml"),
            )?),
            None => Ok(Config::default()),
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
        Some(Command::Import { file, replace }) => import(&store_dir(&cli)?, file, *replace),
        Some(Command::Export { format, out }) => export(&store_dir(&cli)?, *format, out.as_deref()),
        Some(Command::Verify) => verify(&store_dir(&cli)?),
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
                        .unwrap_or_else(local_user),
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
        None => tui(&cli, today),
    }
}

fn tui(cli: &Cli, today: chrono::NaiveDate) -> Result<ExitCode> {
    let config = load_config(cli)?;
    let keymap = load_keymap(cli)?;
    let theme = if cli.plain {
        Theme::mono().with_plain(true)
    } else {
        Theme::from_env()
    };
    // The temporary demo store lives until this function returns, then is deleted.
    let mut _demo_dir = None;
    let (store, banner) = if cli.demo {
        let dir = tempfile::Builder::new()
            .prefix("spmp-demo-")
            .tempdir()
            .wrap_err("cannot create a temporary directory for the demo store")?;
        let mut store = Store::open(dir.path())?;
        let subjects = demo::subjects_as_of(today).wrap_err("the built-in demo data is invalid")?;
        store.save_all(&subjects, CLI_ACTOR, "demo seed")?;
        _demo_dir = Some(dir);
        (store, "DEMO: fictional data, temporary store".to_string())
    } else {
        let dir = store_dir(cli)?;
        let store = Store::open(&dir)?;
        (store, dir.display().to_string())
    };
    let actor = cli.user.clone().unwrap_or_else(local_user);
    let mut app = App::open(store, keymap, config, theme, today, banner, actor)?;
    crate::tui::run::run_terminal(&mut app).wrap_err("terminal error")?;
    Ok(ExitCode::SUCCESS)
}

/// The name changes are recorded under until user accounts exist: the OS user.
fn local_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "local user".to_string())
}

fn import(dir: &Path, file: &Path, replace: bool) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file)
        .wrap_err_with(|| format!("cannot read {}", file.display()))?;
    let subjects = interchange::parse(&text)
        .map_err(|e| eyre!("{}: nothing was imported.\n{e}", file.display()))?;
    let mut store = Store::open(dir)?;
    if !replace {
        let mut present = Vec::new();
        for s in &subjects {
            if store.version(s.id)?.is_some() {
                present.push(s.id.to_string());
            }
        }
        if !present.is_empty() {
            let shown: Vec<&str> = present.iter().take(10).map(String::as_str).collect();
            let more = if present.len() > 10 { ", ..." } else { "" };
            return Err(eyre!(
                "{}: nothing was imported: {} subject(s) in the file are already in the store \
                 (ids {}{more}). Importing would overwrite their current records. Use --replace \
                 to overwrite them (the history keeps what they were).",
                file.display(),
                present.len(),
                shown.join(", ")
            ));
        }
    }
    let action = format!("import {}", file.display());
    store
        .save_all(&subjects, CLI_ACTOR, &action)
        .map_err(|e| eyre!("{}: nothing was imported: {e}", file.display()))?;
    println!(
        "Imported {} subject(s) from {} into {}",
        subjects.len(),
        file.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn export(dir: &Path, format: ExportFormat, out: Option<&Path>) -> Result<ExitCode> {
    let store = Store::open_existing(dir)?;
    let subjects = store.load_all()?;
    let text = match format {
        ExportFormat::Json => interchange::to_json(&subjects),
    };
    match out {
        Some(path) => write_atomically(path, text.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .wrap_err("cannot write the export to standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
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

fn queue(
    cli: &Cli,
    today: NaiveDate,
    format: QueueFormat,
    filter: &QueueFilter,
) -> Result<ExitCode> {
    let config = load_config(cli)?;
    let store = Store::open_existing(&store_dir(cli)?)?;
    let subjects = store.load_all()?;
    let entries = crate::domain::queue(&subjects, &config, today, filter);
    let text = match format {
        QueueFormat::Table => report::queue::table(&entries, terminal_width()),
        QueueFormat::Csv => report::queue::csv(&entries),
        QueueFormat::Json => report::queue::json(&entries, today),
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .wrap_err("cannot write the queue to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Columns for a table: `$COLUMNS`, else the terminal's width, else 120 (output to a file).
fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
    {
        return n;
    }
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
    {
        return usize::from(w);
    }
    120
}

fn generate_file(n: usize, out: &Path, seed: u64, today: NaiveDate) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let subjects = generate::caseload(n, seed, today);
    // Streamed to a temporary file beside `out`, then renamed: never half a file, and never the
    // whole text in memory.
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .wrap_err_with(|| format!("cannot create a file in {}", dir.display()))?;
    let mut writer = std::io::BufWriter::new(tmp);
    generate::write_json(&subjects, &mut writer)
        .and_then(|()| writer.flush())
        .wrap_err_with(|| format!("cannot write {}", out.display()))?;
    let tmp = writer
        .into_inner()
        .map_err(|e| e.into_error())
        .wrap_err_with(|| format!("cannot write {}", out.display()))?;
    tmp.as_file()
        .sync_all()
        .wrap_err_with(|| format!("cannot write {}", out.display()))?;
    let file = tmp
        .persist(out)
        .map_err(|e| e.error)
        .wrap_err_with(|| format!("cannot write {}", out.display()))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    println!(
        "Wrote {n} SYNTHETIC, FICTIONAL subject(s) (seed {seed}, as of {today}) to {} \
         ({bytes} bytes, {:.1}s). No real people: for testing and training only.",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn verify(dir: &Path) -> Result<ExitCode> {
    let store = Store::open_existing(dir)?;
    let report = store.verify()?;
    print!("{report}");
    if report.is_ok() {
        println!("OK: {} verified", dir.display());
        Ok(ExitCode::SUCCESS)
    } else {
        println!("FAULTS FOUND in {}", dir.display());
        Ok(ExitCode::from(1))
    }
}
