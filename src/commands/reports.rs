//! Reports on the store: `queue`, `stats`, `verify`; and `generate` (a synthetic caseload).
use super::*;

pub(super) fn queue(
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

pub(super) fn stats(
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

/// Columns for a table: `$COLUMNS`, else the terminal's width, else 120 (output to a file).
pub(super) fn terminal_width() -> usize {
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

pub(super) fn generate_file(n: usize, out: &Path, seed: u64, today: NaiveDate) -> Result<ExitCode> {
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

pub(super) fn verify(cli: &Cli) -> Result<ExitCode> {
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
