//! spmp: thin entry point. Everything lives in the library.
use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc: decoding and sealing many records is allocation-heavy (docs/DECISIONS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    spmp::memory::small_pages();
    // color-eyre reports panics; ratatui's terminal init adds a hook that restores the terminal
    // before this one prints.
    if let Err(e) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .install()
    {
        eprintln!("spmp: cannot install the error reporter: {e}");
    }
    let cli = spmp::cli::Cli::parse();
    match spmp::commands::run(cli) {
        Ok(code) => code,
        // Standard output was closed by its reader (`spmp verify | head -1`): nothing is left to
        // say to anyone, so exit quietly, with the status a shell gives a program stopped by a
        // closed pipe (128 + SIGPIPE), never a panic.
        Err(err) if spmp::commands::out::is_broken_pipe(err.as_ref()) => ExitCode::from(141),
        Err(err) => {
            // User-facing errors: the message and its causes, no backtrace noise, through the
            // sanitiser (they may quote a file, a key or a user name).
            let mut text = format!("spmp: {err}\n");
            for cause in err.chain().skip(1) {
                text.push_str(&format!("  because: {cause}\n"));
            }
            let _ = std::io::stderr().write_all(spmp::text::block(&text).as_bytes());
            // The server store unreachable (or refusing us): 1, nothing changed; else 2.
            if spmp::commands::out::is_server_failure(err.as_ref()) {
                ExitCode::from(1)
            } else {
                ExitCode::from(2)
            }
        }
    }
}
