//! Files in and out: `import` (interchange JSON, tracker CSV), `export` (the store as JSON, the
//! plan or visit sheets as documents), `backup` and `restore`. Each calls its use case in `ops`;
//! this file reads the command line and prints the outcome.
use super::*;
use crate::ops::export::{Disclosure, DocKind, DocumentRequest, Output, Which};
use crate::ops::files::Existing;

pub(super) fn import(cli: &Cli, file: &Path, replace: bool, dry_run: bool) -> Result<ExitCode> {
    let dir = &store_dir(cli)?;
    let open =
        || std::fs::File::open(file).wrap_err_with(|| format!("cannot read {}", file.display()));
    let size = open()?.metadata().map(|m| m.len()).unwrap_or(0);
    // A file that is not a valid interchange file is refused before anyone is asked to log in
    // (read as a stream: memory does not grow with the file). With a preset login nobody is
    // asked, and the import itself checks every record before anything is kept.
    if crate::login::preset(cli.user.as_deref(), cli.passphrase_file.as_deref())?.is_none() {
        let mut bar = crate::progress::Progress::bytes("Checking");
        crate::interchange::read(open()?, &mut |_, at| {
            bar.update(at, size);
            Ok(())
        })
        .map_err(|e| eyre!("{}: nothing was imported.\n{e}", file.display()))?;
        bar.finish();
    }
    let mut store = open_store(cli)?;
    let existing = if replace {
        ops::import::Existing::Replace
    } else {
        ops::import::Existing::Refuse
    };
    let mut bar = crate::progress::Progress::bytes("Importing");
    let source = file.display().to_string();
    let plan = ops::import::json(
        &mut store,
        &source,
        open()?,
        size,
        existing,
        dry_run,
        &mut |done, total| bar.update(done, total),
    )
    .map_err(|e| eyre!("{}: {e}", file.display()))?;
    bar.finish();
    if dry_run {
        let mut out = format!(
            "Dry run: {} subject(s) in {} would be imported into {} (nothing was changed):\n",
            plan.lines.len(),
            file.display(),
            dir.display()
        );
        for line in &plan.lines {
            out.push_str(&format!("  {line}\n"));
        }
        out::print(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "Imported {} subject(s) from {} into {}",
        plan.ids.len(),
        file.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn import_csv(
    cli: &Cli,
    file: &Path,
    mapping_file: &Path,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let mapping = std::fs::read_to_string(mapping_file)
        .wrap_err_with(|| format!("cannot read the mapping file {}", mapping_file.display()))?;
    crate::tracker::mapping::parse(&mapping)
        .map_err(|e| eyre!("{}: {e}", mapping_file.display()))?;
    let bytes = std::fs::read(file).wrap_err_with(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        eyre!(
            "{}: nothing was imported.\nthe file is not UTF-8 text (byte {}): save the \
             spreadsheet as \"CSV UTF-8\"",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let mut store = open_store(cli)?;
    let source = file.display().to_string();
    let plan = ops::import::tracker(&mut store, &source, &text, &mapping, today, dry_run)
        .map_err(|e| eyre!("{}: {e}", file.display()))?;
    if dry_run {
        let mut out = format!(
            "Dry run: {} subject(s) from {} would be added (nothing was changed):\n",
            plan.lines.len(),
            file.display()
        );
        for line in &plan.lines {
            out.push_str(&format!("  {line}\n"));
        }
        out::print(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "Imported {} subject(s) from {} into {} (ids {}-{})",
        plan.ids.len(),
        file.display(),
        store.path().display(),
        plan.ids.first().copied().unwrap_or(0),
        plan.ids.last().copied().unwrap_or(0)
    );
    Ok(ExitCode::SUCCESS)
}

/// Where an export goes: `--out FILE` (new unless `--force`) or standard output.
pub(super) fn output(out: Option<&Path>, force: bool) -> Output<'_> {
    match out {
        Some(path) => Output::File(
            path,
            if force {
                Existing::Replace
            } else {
                Existing::Keep
            },
        ),
        None => Output::Bytes,
    }
}

/// Refuse an existing output file before anyone is asked anything.
pub(super) fn check_output(out: Option<&Path>, force: bool) -> Result<()> {
    if let Output::File(path, existing) = output(out, force) {
        ops::files::check(path, existing).map_err(|e| {
            // The hint only where --force would help: an existing regular file.
            if path.is_file() && !force {
                eyre!("{e} (give --force to replace it)")
            } else {
                eyre!("{e}")
            }
        })?;
    }
    Ok(())
}

/// Ask for (or take from the command line) who receives an export and why.
pub(super) fn disclosure(
    recipient: Option<&str>,
    reason: Option<&str>,
) -> Result<(String, String)> {
    let recipient = login::required(recipient, "Recipient of the export: ", "--recipient WHO")?;
    let reason = login::required(reason, "Reason for the disclosure: ", "--reason TEXT")?;
    Ok((recipient, reason))
}

/// Print an export's bytes on standard output, or say where it was written.
pub(super) fn delivered(done: &ops::export::Exported, what: &str) -> Result<()> {
    if let Some(w) = ops::caseload::unreadable_warning(&done.left_out) {
        errln!("spmp: warning: {w}");
    }
    match &done.path {
        Some(path) => {
            errln!(
                "Wrote {} ({}) to {}",
                done.what,
                what,
                crate::text::line(&path.display().to_string())
            );
            Ok(())
        }
        None => match std::str::from_utf8(&done.bytes) {
            // Text through `out::data`: sanitised on a terminal.
            Ok(text) => write_stdout(text, &done.what.to_string()),
            Err(_) => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(&done.bytes)
                    .and_then(|()| stdout.flush())
                    .wrap_err_with(|| format!("cannot write {} to standard output", done.what))
            }
        },
    }
}

pub(super) fn export(
    cli: &Cli,
    out: Option<&Path>,
    force: bool,
    recipient: Option<&str>,
    reason: Option<&str>,
) -> Result<ExitCode> {
    check_output(out, force)?;
    let mut store = open_store(cli)?;
    ops::access::may(&store, Permission::Disclose)?;
    let (recipient, reason) = disclosure(recipient, reason)?;
    let to = Disclosure {
        recipient: &recipient,
        reason: &reason,
    };
    let mut bar = crate::progress::Progress::new("Exporting");
    let done = if out.is_none() && !std::io::stdout().is_terminal() {
        // To a pipe or a file by redirection: streamed, one subject at a time.
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        ops::export::store_json_to(&mut store, &to, &mut stdout, &mut |n, total| {
            bar.update(n, total)
        })
    } else {
        ops::export::store_json(&mut store, &to, output(out, force), &mut |n, total| {
            bar.update(n, total)
        })
    };
    bar.finish();
    let done = done?;
    delivered(&done, "JSON")?;
    Ok(ExitCode::SUCCESS)
}

/// What `spmp export` was asked for when it makes documents (a plan or visit sheets).
pub(super) struct DocumentArgs<'a> {
    pub(super) format: ExportFormat,
    pub(super) out: Option<&'a Path>,
    pub(super) force: bool,
    pub(super) subject: Option<u64>,
    pub(super) visits_due: Option<u32>,
    pub(super) recipient: Option<&'a str>,
    pub(super) reason: Option<&'a str>,
    pub(super) generated_at: Option<chrono::NaiveDateTime>,
}

/// A plan or visit sheets: recorded as disclosures (one per subject), then written.
pub(super) fn export_document(
    cli: &Cli,
    today: NaiveDate,
    args: &DocumentArgs<'_>,
) -> Result<ExitCode> {
    use crate::document::Format;
    let kind = match args.format {
        ExportFormat::VisitSheet | ExportFormat::VisitSheetTxt => DocKind::VisitSheet,
        _ => DocKind::Plan,
    };
    let format = match args.format {
        ExportFormat::Pdf => Format::Pdf,
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Txt | ExportFormat::VisitSheetTxt => Format::Text,
        ExportFormat::VisitSheet => match args.out {
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
    let which = match (args.subject, args.visits_due) {
        (Some(id), _) => Which::Subject(id),
        (None, Some(days)) => Which::VisitsDue(days),
        (None, None) => unreachable_args()?,
    };
    if format == Format::Pdf && args.out.is_none() {
        return Err(eyre!("a PDF needs a file: give --output FILE"));
    }
    check_output(args.out, args.force)?;
    let mut store = open_store(cli)?;
    ops::access::may(&store, Permission::Disclose)?;
    let (recipient, reason) = disclosure(args.recipient, args.reason)?;
    let policy = load_config(cli)?;
    let req = DocumentRequest {
        which,
        kind,
        format,
        generated: args
            .generated_at
            .unwrap_or_else(|| chrono::Local::now().naive_local()),
        today,
    };
    let mut bar = crate::progress::Progress::new("Preparing visit sheets");
    let done = ops::export::documents(
        &mut store,
        &policy,
        &req,
        &Disclosure {
            recipient: &recipient,
            reason: &reason,
        },
        output(args.out, args.force),
        &mut |n, total| bar.update(n, total),
    )?;
    bar.finish();
    if done.count == 0 {
        errln!("No visit is due in that period: nothing was exported.");
        return Ok(ExitCode::SUCCESS);
    }
    match &done.path {
        Some(path) => errln!(
            "Wrote {} document{} ({}) to {}",
            done.count,
            if done.count == 1 { "" } else { "s" },
            format.label(),
            path.display()
        ),
        None => delivered(&done, format.label())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// clap requires `--subject` or `--visits-due` with a document format; should that ever not
/// hold, say what is missing.
fn unreachable_args() -> Result<Which> {
    Err(eyre!(
        "a document needs --subject ID (or --visits-due DAYS for visit sheets)"
    ))
}

pub(super) fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text"))
}

pub(super) fn backup(cli: &Cli, output: &Path) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    let mut bar = crate::progress::Progress::new("Backing up");
    let report = ops::admin::backup(&mut store, output, &mut |done, total| {
        bar.update(done, total)
    })
    .wrap_err_with(|| format!("no backup was written to {}", output.display()))?;
    bar.finish();
    outln!(
        "Backed up {} to {} ({} bytes, still encrypted: it opens with the same users and passphrases)",
        store.path().display(),
        output.display(),
        report.bytes
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn store_command(cli: &Cli, action: &crate::cli::StoreCommand) -> Result<ExitCode> {
    let crate::cli::StoreCommand::Copy { from, to } = action;
    let src = match from {
        Some(from) => from.clone(),
        None => store_dir(cli)?,
    };
    let shown = |p: &Path| ops::admin::shown_store(p);
    if ops::users::status(&src)? != crate::store::StoreStatus::Ready {
        eyre::bail!("there is no spmp store with users at {}", shown(&src));
    }
    let login = login::login(cli.user.as_deref(), cli.passphrase_file.as_deref())?;
    let mut store = ops::users::log_in(&src, &login)?;
    let mut bar = crate::progress::Progress::new("Copying");
    let (report, copy_audit) =
        ops::admin::copy_store(&mut store, to, &login, &mut |done, total| {
            bar.update(done, total)
        })
        .wrap_err_with(|| format!("nothing was copied to {}", shown(to)))?;
    bar.finish();
    let source_audit = ops::admin::verify_audit(&store)?;
    outln!(
        "Copied {} to {}: {} subjects, {} history entries, {} users, {} drafts, {} audit entries \
         (all still sealed: the copy opens with the same users and passphrases).",
        shown(&src),
        shown(to),
        report.of("subjects"),
        report.of("history"),
        report.of("users"),
        report.of("drafts"),
        report.of("audit"),
    );
    let mut ok = true;
    for (side, audit) in [("the source", &source_audit), ("the copy", &copy_audit)] {
        match &audit.fault {
            None => outln!(
                "Audit log of {side}: {} entries form an unbroken chain.",
                audit.entries
            ),
            Some(fault) => {
                ok = false;
                errln!("Audit log of {side}: FAULT: {fault}");
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(super) fn restore(cli: &Cli, input: &Path, force: bool) -> Result<ExitCode> {
    let dir = store_dir(cli)?;
    // Replacing a store loses everything written since the backup (audit entries included):
    // only an administrator of the store being replaced may do it.
    if force && ops::admin::replaces_a_store(&dir)? {
        let current = open_store(cli)
            .wrap_err("replacing a store needs an administrator of that store to log in")?;
        ops::admin::may_replace(&current)
            .wrap_err("replacing a store needs an administrator of that store")?;
        errln!(
            "Replacing the store at {} with {}: anything written since that backup is lost.",
            dir.display(),
            input.display()
        );
    }
    let mut bar = crate::progress::Progress::new("Restoring");
    let report = ops::admin::restore(input, &dir, force, &mut |done, total| {
        bar.update(done, total)
    })
    .wrap_err_with(|| format!("nothing was restored from {}", input.display()))?;
    bar.finish();
    outln!(
        "Restored {} into {} ({} bytes). Check it with `spmp verify` and `spmp audit verify`.",
        input.display(),
        dir.display(),
        report.bytes
    );
    // Record the restore when we can log in without asking (scripts) or on a terminal.
    if login::preset(cli.user.as_deref(), cli.passphrase_file.as_deref())?.is_some()
        || login::interactive()
    {
        // The restore is done; failing to record it must not read as a failed restore.
        if let Err(e) =
            open_store(cli).and_then(|mut store| Ok(ops::admin::record_restore(&mut store, input)?))
        {
            errln!(
                "The store was restored, but the restore could not be recorded in its audit \
                 log ({e}): log in to the restored store as one of its users to check it."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
