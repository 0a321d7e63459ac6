//! spmp: thin entry point. Everything lives in the library.
use std::process::ExitCode;

use clap::Parser;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .install()?;
    let cli = spmp::cli::Cli::parse();
    spmp::commands::run(cli)
}
