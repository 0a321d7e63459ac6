//! Files in and out: `import` (interchange JSON, tracker CSV), `export` (the store as JSON, the plan or visit sheets as documents), `backup` and `restore`.
use super::*;

pub(super) fn import(cli: &Cli, file: &Path, replace: bool, dry_run: bool) -> Result<ExitCode> {
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
                crate::text::line(&s.display_name())
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

pub(super) fn import_csv(
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
                crate::text::line(&s.display_name()),
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
                crate::text::line(&s.display_name()),
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

pub(super) fn export(
    cli: &Cli,
    format: ExportFormat,
    out: Option<&Path>,
    recipient: Option<&str>,
    reason: Option<&str>,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    store.require(crate::domain::Permission::Disclose)?;
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
pub(super) struct DocumentRequest<'a> {
    pub(super) format: ExportFormat,
    pub(super) out: Option<&'a Path>,
    pub(super) subject: Option<u64>,
    pub(super) visits_due: Option<u32>,
    pub(super) recipient: Option<&'a str>,
    pub(super) reason: Option<&'a str>,
    pub(super) generated_at: Option<chrono::NaiveDateTime>,
}

/// A plan or visit sheets: checked, then recorded as disclosures (one per subject), then
/// written. Nothing is written unless every disclosure was recorded.
pub(super) fn export_document(
    cli: &Cli,
    today: NaiveDate,
    req: &DocumentRequest<'_>,
) -> Result<ExitCode> {
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
    store.require(crate::domain::Permission::Disclose)?;
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

pub(super) fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text"))
}

pub(super) fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Json => "json",
        ExportFormat::Pdf => "pdf",
        ExportFormat::Md => "md",
        ExportFormat::Txt => "txt",
        ExportFormat::VisitSheet => "visit-sheet",
        ExportFormat::VisitSheetTxt => "visit-sheet-txt",
    }
}

pub(super) fn backup(cli: &Cli, output: &Path) -> Result<ExitCode> {
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

pub(super) fn restore(cli: &Cli, input: &Path, force: bool) -> Result<ExitCode> {
    let dir = store_dir(cli)?;
    // Replacing a store loses everything written since the backup (audit entries included):
    // only an administrator of the store being replaced may do it.
    if force && Store::status(&dir)? != StoreStatus::Absent {
        let current = open_store(cli)
            .wrap_err("replacing a store needs an administrator of that store to log in")?;
        current
            .require(crate::domain::Permission::ManageUsers)
            .wrap_err("replacing a store needs an administrator of that store")?;
        eprintln!(
            "Replacing the store at {} with {}: anything written since that backup is lost.",
            dir.display(),
            input.display()
        );
    }
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
        // The restore is done; failing to record it must not read as a failed restore.
        if let Err(e) = open_store(cli).and_then(|mut store| Ok(store.record_restore(input)?)) {
            eprintln!(
                "The store was restored, but the restore could not be recorded in its audit \
                 log ({e}): log in to the restored store as one of its users to check it."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
