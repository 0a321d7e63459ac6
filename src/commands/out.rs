//! Everything the command line prints goes through here: messages and tables through the one
//! sanitiser (`text::block`), data (CSV, JSON) as it is unless standard output is a terminal.
//! A closed standard output (`spmp verify | true`) is an error carrying the `BrokenPipe`, which
//! `main` turns into a quiet exit, never a panic.
use std::io::{IsTerminal, Write};

use color_eyre::eyre::{Context, Result};

/// Print a message or a table on standard output, every control and bidi character escaped.
pub(crate) fn print(text: &str) -> Result<()> {
    write_all(&mut std::io::stdout().lock(), &crate::text::block(text))
        .wrap_err("cannot write to standard output")
}

/// Print a message on standard error, sanitised. A closed standard error is ignored: there is
/// nowhere left to say anything.
pub(crate) fn eprint(text: &str) {
    let _ = write_all(&mut std::io::stderr().lock(), &crate::text::block(text));
}

/// Write data (CSV, JSON, a report) to standard output: as it is into a pipe or a file, through
/// the sanitiser when standard output is a terminal.
pub(crate) fn data(text: &str, what: &str) -> Result<()> {
    let stdout = std::io::stdout();
    let text = if stdout.is_terminal() {
        crate::text::block(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    write_all(&mut stdout.lock(), &text)
        .wrap_err_with(|| format!("cannot write {what} to standard output"))
}

fn write_all(w: &mut impl Write, text: &str) -> std::io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// Whether `err` (or any error it wraps) is a closed pipe on the other end of an output.
/// Whether `err` (or a cause of it) is the server store failing: unreachable, refusing the
/// login or the TLS handshake, or lost. Nothing was changed; spmp exits 1 for it, as the
/// issue of the server store asks, rather than 2, its status for other errors.
pub fn is_server_failure(err: &(dyn std::error::Error + 'static)) -> bool {
    use crate::ops::OpsError;
    use crate::store::StoreError;
    let mut cur = Some(err);
    while let Some(e) = cur {
        let server = matches!(
            e.downcast_ref::<StoreError>(),
            Some(StoreError::Server { .. })
        ) || matches!(
            e.downcast_ref::<OpsError>(),
            Some(OpsError::Store(StoreError::Server { .. }))
        );
        if server {
            return true;
        }
        cur = e.source();
    }
    false
}

pub fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        cur = e.source();
    }
    false
}
