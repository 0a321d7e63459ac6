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
use crate::config::Config;
use crate::domain::{QueueFilter, QueueView};
use crate::login;
use crate::store::{Login, Store, StoreStatus};
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::login::LoginScreen;
use crate::tui::run::Start;
use crate::tui::theme::Theme;
use crate::workflow::Role;
use crate::{demo, generate, interchange, report};

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
    let (dir, banner) = if cli.demo {
        let dir = tempfile::Builder::new()
            .prefix("spmp-demo-")
            .tempdir()
            .wrap_err("cannot create a temporary directory for the demo store")?;
        demo::create_store(dir.path(), today)?;
        let path = dir.path().to_path_buf();
        _demo_dir = Some(dir);
        (path, "DEMO: fictional data, temporary store".to_string())
    } else {
        let dir = store_dir(cli)?;
        let banner = dir.display().to_string();
        (dir, banner)
    };
    let start = tui_login(cli, &dir)?;
    crate::tui::run::run_session(start, &theme, |store| {
        App::open(store, keymap, config, theme, today, banner)
            .wrap_err("cannot load the store's subjects")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// How the TUI logs in. A preset login (the user from --user or $SPMP_USER with the passphrase
/// from --passphrase-file or $SPMP_PASSPHRASE) opens the store before the terminal is taken, so
/// scripts and tests skip the screen; otherwise the TUI's login screen asks, or on a store without
/// users creates its administrator.
fn tui_login(cli: &Cli, dir: &Path) -> Result<Start> {
    let status = Store::status(dir)?;
    if status == StoreStatus::Ready
        && let Some(login) = login::preset(cli.user.as_deref(), cli.passphrase_file.as_deref())?
    {
        return Ok(Start::Store(Box::new(Store::open(dir, &login)?)));
    }
    if !login::interactive() {
        return Err(match status {
            StoreStatus::Ready => eyre!(
                "no login for the store at {}: run spmp in a terminal, or give --user NAME \
                 (or set SPMP_USER) with --passphrase-file FILE (or set SPMP_PASSPHRASE)",
                dir.display()
            ),
            StoreStatus::Absent | StoreStatus::NeedsAdministrator => eyre!(
                "there is no spmp store with users at {}: create its administrator with \
                 `spmp --store {} user add NAME --role administrator`",
                dir.display(),
                dir.display()
            ),
        });
    }
    Ok(Start::Login(Box::new(LoginScreen::new(
        dir,
        status,
        cli.user.as_deref(),
        cli.demo,
    ))))
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

fn parse_roles(names: &[String]) -> Result<Vec<Role>> {
    let mut roles = Vec::new();
    for n in names {
        let role = crate::store::parse_role(n).ok_or_else(|| {
            eyre!("unknown role {n:?}: use viewer, reviewer, supervisor or administrator")
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

fn user(cli: &Cli, action: &UserCommand) -> Result<ExitCode> {
    match action {
        UserCommand::Add {
            name,
            roles,
            new_passphrase_file,
        } => {
            let roles = parse_roles(roles)?;
            let dir = store_dir(cli)?;
            if matches!(
                Store::status(&dir)?,
                StoreStatus::Absent | StoreStatus::NeedsAdministrator
            ) {
                let passphrase = match login::new_passphrase(new_passphrase_file.as_deref(), name) {
                    Ok(p) => p,
                    Err(e) => match login::preset_passphrase(cli.passphrase_file.as_deref())? {
                        Some(p) => p,
                        None => return Err(e),
                    },
                };
                let store = Store::create(
                    &dir,
                    &Login {
                        user: name.clone(),
                        passphrase,
                    },
                    &roles,
                )?;
                println!(
                    "Created the store at {} with administrator {} ({}). Everything in it is encrypted; \
                     keep the passphrase safe: without any user's passphrase the store cannot be read.",
                    dir.display(),
                    store.actor().name,
                    roles_text(&store.actor().roles)
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut store = open_store(cli)?;
            store.require(crate::workflow::Permission::ManageUsers)?;
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), name)?;
            store.add_user(name, &passphrase, &roles)?;
            println!("Added user {} ({})", name.trim(), roles_text(&roles));
        }
        UserCommand::Passwd {
            name,
            new_passphrase_file,
        } => {
            let mut store = open_store(cli)?;
            let name = name.clone().unwrap_or_else(|| store.actor().name.clone());
            if name.trim() != store.actor().name {
                store.require(crate::workflow::Permission::ManageUsers)?;
            }
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), &name)?;
            store.set_passphrase(&name, &passphrase)?;
            println!("Changed the passphrase of {}", name.trim());
        }
        UserCommand::Disable { name } => {
            let mut store = open_store(cli)?;
            store.disable_user(name)?;
            println!(
                "Disabled user {}: their passphrase no longer opens the store",
                name.trim()
            );
        }
        UserCommand::List => {
            let store = open_store(cli)?;
            let users = store.users()?;
            let mut out = String::new();
            out.push_str(&format!(
                "{:<24} {:<40} {:<9} {}\n",
                "USER", "ROLES", "STATUS", "CREATED"
            ));
            for u in users {
                out.push_str(&format!(
                    "{:<24} {:<40} {:<9} {} by {}\n",
                    crate::sanitize::line(&u.name),
                    roles_text(&u.roles),
                    if u.disabled { "disabled" } else { "enabled" },
                    u.created.get(..10).unwrap_or(&u.created),
                    crate::sanitize::line(&u.created_by),
                ));
            }
            write_stdout(&out, "the user list")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn audit(cli: &Cli, action: &AuditCommand) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    match action {
        AuditCommand::Verify => {
            let report = store.verify_audit()?;
            match &report.fault {
                None => {
                    println!(
                        "OK: the audit log's {} entries form an unbroken chain",
                        report.entries
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Some(fault) => {
                    println!(
                        "TAMPERED: {fault} ({} entries before it check out)",
                        report.entries
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        AuditCommand::Export {
            format,
            out,
            recipient,
            reason,
        } => {
            store.require(crate::workflow::Permission::ViewAudit)?;
            let recipient = login::required(
                recipient.as_deref(),
                "Recipient of the audit log: ",
                "--recipient WHO",
            )?;
            let reason = login::required(
                reason.as_deref(),
                "Reason for the disclosure: ",
                "--reason TEXT",
            )?;
            // The export is itself recorded (and so appears in what it writes).
            store.record_audit_export(&recipient, &reason)?;
            let entries = store.audit_log()?;
            let text = match format {
                AuditFormat::Csv => report::audit::csv(&entries),
                AuditFormat::Json => report::audit::json(&entries),
            };
            match out {
                Some(path) => {
                    write_atomically(path, text.as_bytes())?;
                    println!(
                        "Wrote {} audit entries to {}",
                        entries.len(),
                        path.display()
                    );
                }
                None => write_stdout(&text, "the audit log")?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn stats(
    cli: &Cli,
    today: NaiveDate,
    format: QueueFormat,
    months: Option<u32>,
) -> Result<ExitCode> {
    let config = load_config(cli)?;
    let store = open_store(cli)?;
    let mut subjects = store.load_all()?;
    // Archived subjects (every order ended, awaiting erasure) are left out, as from the queue
    // and the TUI's Trends view.
    let archived: std::collections::HashSet<_> =
        store.archived()?.into_iter().map(|a| a.id).collect();
    subjects.retain(|s| !archived.contains(&s.id));
    let months = months.unwrap_or(config.breach_chart_months).clamp(1, 120);
    let figures = crate::domain::stats(&subjects, &config, today, months);
    let text = match format {
        QueueFormat::Table => report::stats::table(&figures),
        QueueFormat::Csv => report::stats::csv(&figures),
        QueueFormat::Json => report::stats::json(&figures),
    };
    write_stdout(&text, "the figures")?;
    Ok(ExitCode::SUCCESS)
}

fn backup(cli: &Cli, output: &Path) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    let mut bar = crate::progress::Progress::new("Backing up");
    let report = store
        .backup_to(output, &mut |done, total| bar.update(done, total))
        .wrap_err_with(|| format!("no backup was written to {}", output.display()))?;
    bar.finish();
    println!(
        "Backed up {} to {} ({} bytes, still encrypted: it opens with the same users and passphrases)",
        store.path().display(),
        output.display(),
        report.bytes
    );
    Ok(ExitCode::SUCCESS)
}

fn restore(cli: &Cli, input: &Path, force: bool) -> Result<ExitCode> {
    let dir = store_dir(cli)?;
    let mut bar = crate::progress::Progress::new("Restoring");
    let report = Store::restore_from(input, &dir, force, &mut |done, total| {
        bar.update(done, total)
    })
    .wrap_err_with(|| format!("nothing was restored from {}", input.display()))?;
    bar.finish();
    println!(
        "Restored {} into {} ({} bytes). Check it with `spmp verify` and `spmp audit verify`.",
        input.display(),
        dir.display(),
        report.bytes
    );
    // Record the restore when we can log in without asking (scripts) or on a terminal.
    if login::preset(cli.user.as_deref(), cli.passphrase_file.as_deref())?.is_some()
        || login::interactive()
    {
        let mut store = open_store(cli)?;
        store.record_restore(input)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(text: &str, what: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .wrap_err_with(|| format!("cannot write {what} to standard output"))
}

fn import(cli: &Cli, file: &Path, replace: bool, dry_run: bool) -> Result<ExitCode> {
    let dir = &store_dir(cli)?;
    let text = std::fs::read_to_string(file)
        .wrap_err_with(|| format!("cannot read {}", file.display()))?;
    let subjects = interchange::parse(&text)
        .map_err(|e| eyre!("{}: nothing was imported.\n{e}", file.display()))?;
    let mut store = open_store(cli)?;
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
    if dry_run {
        let mut out = format!(
            "Dry run: {} subject(s) in {} would be imported into {} (nothing was changed):\n",
            subjects.len(),
            file.display(),
            dir.display()
        );
        for s in &subjects {
            let verb = if store.version(s.id)?.is_some() {
                "replace"
            } else {
                "add"
            };
            out.push_str(&format!(
                "  {verb} subject {}: {}\n",
                s.id,
                crate::sanitize::line(&s.display_name())
            ));
        }
        write_stdout(&out, "the dry run")?;
        return Ok(ExitCode::SUCCESS);
    }
    let action = format!("import {}", file.display());
    let mut bar = crate::progress::Progress::new("Importing");
    store
        .save_all_with_progress(&subjects, &action, &mut |done, total| {
            bar.update(done, total)
        })
        .map_err(|e| eyre!("{}: nothing was imported: {e}", file.display()))?;
    bar.finish();
    println!(
        "Imported {} subject(s) from {} into {}",
        subjects.len(),
        file.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn import_csv(
    cli: &Cli,
    file: &Path,
    mapping_file: &Path,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let nothing =
        |e: &dyn std::fmt::Display| eyre!("{}: nothing was imported.\n{e}", file.display());
    let mapping_text = std::fs::read_to_string(mapping_file)
        .wrap_err_with(|| format!("cannot read the mapping file {}", mapping_file.display()))?;
    let mapping = crate::tracker::mapping::parse(&mapping_text)
        .map_err(|e| eyre!("{}: {e}", mapping_file.display()))?;
    let bytes = std::fs::read(file).wrap_err_with(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        nothing(&format!(
            "the file is not UTF-8 text (byte {}): save the spreadsheet as \"CSV UTF-8\"",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let imported = crate::tracker::read(&text, &mapping, today).map_err(|e| nothing(&e))?;
    let mut store = open_store(cli)?;
    // A subject already in the store (same PNC ID or Niche reference) is refused, not doubled.
    let existing = store.load_all()?;
    let mut clashes = Vec::new();
    for i in &imported {
        let s = &i.subject;
        if let Some(other) = existing.iter().find(|e| {
            (s.pnc_id.is_some()
                && e.pnc_id.as_deref().map(str::to_lowercase)
                    == s.pnc_id.as_deref().map(str::to_lowercase))
                || (s.niche_ref.is_some()
                    && e.niche_ref.as_deref().map(str::to_lowercase)
                        == s.niche_ref.as_deref().map(str::to_lowercase))
        }) {
            clashes.push(format!(
                "  row {}: {} is already in the store as subject {} (same PNC ID or Niche reference)",
                i.rows[0],
                crate::sanitize::line(&s.display_name()),
                other.id
            ));
        }
    }
    if !clashes.is_empty() {
        return Err(nothing(&clashes.join("\n")));
    }
    if dry_run {
        let mut out = format!(
            "Dry run: {} subject(s) from {} would be added (nothing was changed):\n",
            imported.len(),
            file.display()
        );
        for i in &imported {
            let s = &i.subject;
            let orders: Vec<String> = s
                .orders
                .iter()
                .map(|o| {
                    let n = o.conditions.len();
                    format!(
                        "{} ({n} condition{})",
                        o.kind.short(),
                        if n == 1 { "" } else { "s" }
                    )
                })
                .collect();
            let rows: Vec<String> = i.rows.iter().map(|r| r.to_string()).collect();
            out.push_str(&format!(
                "  {} [rows {}]: {}\n",
                crate::sanitize::line(&s.display_name()),
                rows.join(", "),
                if orders.is_empty() {
                    "no orders".to_string()
                } else {
                    orders.join("; ")
                }
            ));
        }
        write_stdout(&out, "the dry run")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut subjects: Vec<_> = imported.into_iter().map(|i| i.subject).collect();
    let action = format!("import tracker {}", file.display());
    let ids = store
        .insert_all_new(&mut subjects, &action)
        .map_err(|e| nothing(&e))?;
    println!(
        "Imported {} subject(s) from {} into {} (ids {}-{})",
        ids.len(),
        file.display(),
        store.path().display(),
        ids.first().copied().unwrap_or(0),
        ids.last().copied().unwrap_or(0)
    );
    Ok(ExitCode::SUCCESS)
}

fn export(
    cli: &Cli,
    format: ExportFormat,
    out: Option<&Path>,
    recipient: Option<&str>,
    reason: Option<&str>,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    store.require(crate::workflow::Permission::Disclose)?;
    let recipient = login::required(recipient, "Recipient of the export: ", "--recipient WHO")?;
    let reason = login::required(reason, "Reason for the disclosure: ", "--reason TEXT")?;
    let subjects = store.load_all()?;
    let what = format!(
        "Exported the whole store ({} subjects) as {}",
        subjects.len(),
        "JSON"
    );
    // Recorded before anything is written: no audit entry, no export.
    store.record_disclosure(None, &what, &recipient, &reason)?;
    debug_assert_eq!(format, ExportFormat::Json);
    let text = interchange::to_json(&subjects);
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

/// What `spmp export` was asked for when it makes documents (a plan or visit sheets).
struct DocumentRequest<'a> {
    format: ExportFormat,
    out: Option<&'a Path>,
    subject: Option<u64>,
    visits_due: Option<u32>,
    recipient: Option<&'a str>,
    reason: Option<&'a str>,
    generated_at: Option<chrono::NaiveDateTime>,
}

/// A plan or visit sheets: checked, then recorded as disclosures (one per subject), then
/// written. Nothing is written unless every disclosure was recorded.
fn export_document(cli: &Cli, today: NaiveDate, req: &DocumentRequest<'_>) -> Result<ExitCode> {
    use crate::document::{self, Format, Meta};
    let visit = matches!(
        req.format,
        ExportFormat::VisitSheet | ExportFormat::VisitSheetTxt
    );
    let format = match req.format {
        ExportFormat::Pdf => Format::Pdf,
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Txt | ExportFormat::VisitSheetTxt => Format::Text,
        ExportFormat::VisitSheet => match req.out {
            Some(path) => match Format::from_path(path) {
                Format::Text if !has_text_extension(path) => Format::Pdf,
                f => f,
            },
            None => Format::Text,
        },
        ExportFormat::Json => {
            return Err(eyre!(
                "--subject and --visits-due make documents: use --format pdf, md, txt, \
                 visit-sheet or visit-sheet-txt (json exports the whole store)"
            ));
        }
    };
    if req.visits_due.is_some() && !visit {
        return Err(eyre!(
            "--visits-due makes visit sheets: use --format visit-sheet or visit-sheet-txt"
        ));
    }
    if req.subject.is_none() && req.visits_due.is_none() {
        return Err(eyre!(
            "--format {} needs --subject ID{}",
            format_name(req.format),
            if visit { " or --visits-due DAYS" } else { "" }
        ));
    }
    if format == Format::Pdf && req.out.is_none() {
        return Err(eyre!("a PDF needs a file: give --output FILE"));
    }
    let mut store = open_store(cli)?;
    store.require(crate::workflow::Permission::Disclose)?;
    let recipient = login::required(
        req.recipient,
        "Recipient of the export: ",
        "--recipient WHO",
    )?;
    let reason = login::required(req.reason, "Reason for the disclosure: ", "--reason TEXT")?;
    let config = load_config(cli)?;
    let generated = req
        .generated_at
        .unwrap_or_else(|| chrono::Local::now().naive_local());
    let meta = Meta::new(&config, &store.actor().name, generated, today);

    // (subject id, what the audit entry says, the document)
    let mut made = Vec::new();
    let mut cover = None;
    if let Some(id) = req.subject {
        let subject = store
            .load(id)?
            .ok_or_else(|| eyre!("there is no subject {id} in the store"))?;
        let (doc, kind) = if visit {
            (
                document::visit::build(&subject, &meta, None),
                "a visit sheet",
            )
        } else {
            (document::plan::build(&subject, &meta), "the plan")
        };
        let what = format!("Exported {kind} of subject {id} as {}", format.label());
        made.push((id, what, doc));
    } else if let Some(days) = req.visits_due {
        let subjects = store.load_all()?;
        let due_list = document::visit::visits_due(&subjects, &config, today, days);
        cover = Some(document::visit::cover(&subjects, &due_list, &meta, days));
        let mut bar = crate::progress::Progress::new("Preparing visit sheets");
        let total = due_list.len() as u64;
        for (n, due) in due_list.into_iter().enumerate() {
            bar.update(n as u64, total);
            let s = &subjects[due.subject];
            let what = format!(
                "Exported a visit sheet of subject {} as {} (visits due within {days} days, area {})",
                s.id,
                format.label(),
                due.area
            );
            made.push((s.id, what, document::visit::build(s, &meta, Some(&due))));
        }
        bar.update(total, total);
        bar.finish();
    }
    if made.is_empty() {
        eprintln!("No visit is due in that period: nothing was exported.");
        return Ok(ExitCode::SUCCESS);
    }
    // A batch starts with the list of visits by area.
    let docs: Vec<_> = cover
        .into_iter()
        .chain(made.iter().map(|(_, _, d)| d.clone()))
        .collect();
    let bytes = document::render(&docs, format).wrap_err("cannot make the document")?;
    // Recorded before anything is written, all in one transaction: no audit entry, no document.
    let items: Vec<_> = made
        .iter()
        .map(|(id, what, _)| (Some(*id), what.clone()))
        .collect();
    store.record_disclosures(&items, &recipient, &reason)?;
    match req.out {
        Some(path) => {
            write_atomically(path, &bytes)?;
            eprintln!(
                "Wrote {} document{} ({}) to {}",
                docs.len(),
                if docs.len() == 1 { "" } else { "s" },
                format.label(),
                path.display()
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .wrap_err("cannot write the document to standard output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text"))
}

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Json => "json",
        ExportFormat::Pdf => "pdf",
        ExportFormat::Md => "md",
        ExportFormat::Txt => "txt",
        ExportFormat::VisitSheet => "visit-sheet",
        ExportFormat::VisitSheetTxt => "visit-sheet-txt",
    }
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
    let store = open_store(cli)?;
    let subjects = store.load_all()?;
    let mut filter = filter.clone();
    if matches!(&filter.view, QueueView::Mine(name) if name.is_empty()) {
        filter.view = QueueView::Mine(store.actor().name.clone());
    }
    let filter = &filter;
    let archived: std::collections::HashSet<_> =
        store.archived()?.into_iter().map(|a| a.id).collect();
    let mut entries = crate::domain::queue(&subjects, &config, today, filter);
    // Archived subjects (every order ended, awaiting erasure) need no action.
    entries.retain(|e| !archived.contains(&e.subject));
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

fn verify(cli: &Cli) -> Result<ExitCode> {
    let dir = &store_dir(cli)?;
    let store = open_store(cli)?;
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

/// Exit code of a refused archive or erasure (nothing was changed).
const REFUSED: u8 = 1;

/// Print a refusal (or a denied role) and return its exit code; other errors propagate.
fn refusal(err: crate::store::StoreError) -> Result<ExitCode> {
    use crate::store::StoreError;
    match err {
        StoreError::Refused { message } | StoreError::Denied { message } => {
            eprintln!("spmp: refused: {message}. Nothing was changed.");
            Ok(ExitCode::from(REFUSED))
        }
        other => Err(other.into()),
    }
}

fn archive(cli: &Cli, id: u64, reason: Option<&str>, today: NaiveDate) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    if let Err(e) = store.require(crate::workflow::Permission::Archive) {
        return refusal(e);
    }
    let reason = login::required(reason, "Reason for archiving: ", "--reason TEXT")?;
    let retention = load_config(cli)?.retention_days;
    match store.archive(id, &reason, today) {
        Ok(()) => {
            let from = today
                .checked_add_days(chrono::Days::new(u64::from(retention)))
                .map_or_else(|| "never".to_string(), |d| d.to_string());
            println!(
                "Archived subject {id} on {today}. An administrator may erase it from {from} \
                 (retention {retention} days)."
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refusal(e),
    }
}

fn archived(cli: &Cli, today: NaiveDate) -> Result<ExitCode> {
    let store = open_store(cli)?;
    let retention = load_config(cli)?.retention_days;
    let list = store.archived()?;
    let mut out = format!(
        "{:<8} {:<10} {:<20} {:<16} {}\n",
        "SUBJECT", "ARCHIVED", "BY", "ERASABLE FROM", "REASON"
    );
    for a in &list {
        let from = a.erasable_from(retention).map_or_else(
            || "never".to_string(),
            |d| {
                if d <= today {
                    format!("{d} (now)")
                } else {
                    d.to_string()
                }
            },
        );
        out.push_str(&format!(
            "{:<8} {:<10} {:<20} {:<16} {}\n",
            a.id,
            a.on,
            crate::sanitize::line(&a.by),
            from,
            crate::sanitize::line(&a.reason)
        ));
    }
    if list.is_empty() {
        out.push_str("(no archived subjects)\n");
    }
    write_stdout(&out, "the archive list")?;
    Ok(ExitCode::SUCCESS)
}

fn erase(
    cli: &Cli,
    id: u64,
    reason: Option<&str>,
    yes: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    if let Err(e) = store.require(crate::workflow::Permission::Erase) {
        return refusal(e);
    }
    let retention = load_config(cli)?.retention_days;
    if !yes && !login::interactive() {
        eprintln!(
            "spmp: refused: erasing subject {id} cannot be undone; not on a terminal, so give \
             --yes to confirm. Nothing was changed."
        );
        return Ok(ExitCode::from(REFUSED));
    }
    let reason = login::required(reason, "Reason for the erasure: ", "--reason TEXT")?;
    if !yes {
        eprintln!(
            "Erasing subject {id} deletes its record, history and drafts for good; the audit \
             log keeps only that it was erased, when, by whom and why."
        );
        let typed = login::ask(&format!("Type the subject id ({id}) to confirm: "))?;
        if typed.trim() != id.to_string() {
            eprintln!("spmp: not confirmed: nothing was erased.");
            return Ok(ExitCode::from(REFUSED));
        }
    }
    match store.erase(id, &reason, today, retention) {
        Ok(r) => {
            println!(
                "Erased subject {id}: record version {}, {} history entries, {} drafts \
                 (archived {} by {}). Audit entry {} records it.",
                r.record_version,
                r.history_entries,
                r.drafts,
                r.archived_on,
                crate::sanitize::line(&r.archived_by),
                r.audit_seq
            );
            if !r.checkpointed {
                println!(
                    "WARNING: another program has the store open, so old copies of the erased \
                     pages may remain in {}-wal until it closes. Close every spmp using this \
                     store; the write-ahead log is cleared when the last one exits.",
                    crate::store::DB_FILE
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refusal(e),
    }
}
