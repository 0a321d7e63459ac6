//! Reports on the store: `queue`, `stats`, `verify`; and `generate` (a synthetic caseload).
use super::*;

pub(super) fn queue(
    cli: &Cli,
    today: NaiveDate,
    format: QueueFormat,
    filter: &QueueFilter,
) -> Result<ExitCode> {
    let policy = load_config(cli)?;
    let store = open_store(cli)?;
    let filter = ops::caseload::filter_for(&store, filter);
    let (entries, unreadable) = ops::caseload::queue_of_store(&store, &policy, today, &filter)?;
    warn_unreadable(&ops::caseload::Caseload {
        unreadable,
        ..Default::default()
    });
    let text = match format {
        QueueFormat::Table => report::queue::table(&entries, terminal_width()),
        QueueFormat::Csv => report::queue::csv(&entries),
        QueueFormat::Json => report::queue::json(&entries, today),
    };
    match format {
        QueueFormat::Table => out::print(&text)?,
        QueueFormat::Csv | QueueFormat::Json => write_stdout(&text, "the queue")?,
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn stats(
    cli: &Cli,
    today: NaiveDate,
    format: QueueFormat,
    months: Option<u32>,
) -> Result<ExitCode> {
    let policy = load_config(cli)?;
    let store = open_store(cli)?;
    let months = months.unwrap_or(policy.breach_chart_months);
    let (figures, unreadable) = ops::caseload::stats_of_store(&store, &policy, today, months)?;
    warn_unreadable(&ops::caseload::Caseload {
        unreadable,
        ..Default::default()
    });
    let text = match format {
        QueueFormat::Table => report::stats::table(&figures),
        QueueFormat::Csv => report::stats::csv(&figures),
        QueueFormat::Json => report::stats::json(&figures),
    };
    match format {
        QueueFormat::Table => out::print(&text)?,
        QueueFormat::Csv | QueueFormat::Json => write_stdout(&text, "the figures")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Name on standard error the records left out because they cannot be read (the output
/// itself stays as its format says).
fn warn_unreadable(caseload: &ops::caseload::Caseload) {
    if let Some(w) = caseload.warning() {
        errln!("spmp: warning: {w}");
    }
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
    // Each subject is made as it is written, streamed to a temporary file beside `out`, then
    // renamed: never half a file, and neither the caseload nor the text in memory.
    let mut bar = crate::progress::Progress::new("Generating");
    let total = n as u64;
    let made = generate::subjects(n, seed, today)
        .enumerate()
        .map(|(i, s)| {
            bar.update(i as u64, total);
            s
        });
    let written = ops::files::write_with(out, ops::files::Existing::Replace, |w| {
        generate::write_json(made, w)
    });
    if written.is_ok() {
        bar.update(total, total);
    }
    bar.finish();
    let bytes = written?;
    outln!(
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
    let mut bar = crate::progress::Progress::new("Verifying");
    let report = ops::admin::verify_with_progress(&store, &mut |n, total| bar.update(n, total));
    bar.finish();
    let report = report?;
    out::print(&report.to_string())?;
    if report.is_ok() {
        outln!("OK: {} verified", dir.display());
        Ok(ExitCode::SUCCESS)
    } else {
        outln!("FAULTS FOUND in {}", dir.display());
        Ok(ExitCode::from(1))
    }
}
