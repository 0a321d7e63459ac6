//! `spmp` with no command: the TUI, after its login screen (or a preset login).
use super::*;

pub(super) fn tui(cli: &Cli, today: chrono::NaiveDate) -> Result<ExitCode> {
    let config = load_config(cli)?;
    let keymap = load_keymap(cli)?;
    let theme = load_theme(cli)?;
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(eyre!(
            "spmp's screen needs a terminal, and standard output is not one (it goes to a file \
             or a pipe): run spmp in a terminal, or use a command for output to keep, e.g. \
             `spmp queue --format csv > queue.csv` (`spmp --help` lists them)"
        ));
    }
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
    let ran = crate::tui::run::run_session(start, &theme, |store, progress| {
        // A working set says so, and until when it opens (docs/OFFLINE.md).
        let banner = match ops::offline::banner(&store) {
            Some(ws) => format!("{ws}   {banner}"),
            None => banner,
        };
        App::open_reporting(store, (keymap, config, theme, today, banner), progress)
            .wrap_err("cannot load the store's subjects")
    })?;
    if let Some(signal) = crate::tui::run::ended_by_signal() {
        // Ended by SIGTERM, SIGHUP or SIGINT: the terminal is back and (on return) the demo
        // store removed; the exit status says which signal, as the shell expects.
        return Ok(ExitCode::from(
            128u8.saturating_add(u8::try_from(signal).unwrap_or(0)),
        ));
    }
    // The log's head as the session left it, to record outside the store (a supervisor's
    // daily check: `spmp audit verify --expect`).
    if ran
        && !cli.demo
        && let Ok(Some((seq, fingerprint))) = ops::admin::stored_head(&dir)
    {
        errln!(
            "Audit log head: {seq}:{fingerprint} (`spmp audit verify --expect {seq}:{fingerprint}` \
             checks the log still holds it)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// How the TUI logs in. A preset login (the user from --user or $SPMP_USER with the passphrase
/// from --passphrase-file or $SPMP_PASSPHRASE) opens the store before the terminal is taken, so
/// scripts and tests skip the screen; otherwise the TUI's login screen asks, or on a store without
/// users creates its administrator.
pub(super) fn tui_login(cli: &Cli, dir: &Path) -> Result<Start> {
    let status = ops::users::status(dir)?;
    if status == StoreStatus::Ready
        && let Some(login) = login::preset(cli.user.as_deref(), cli.passphrase_file.as_deref())?
    {
        return Ok(Start::Store(Box::new(ops::users::log_in(dir, &login)?)));
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

/// The theme asked for: `--theme` (a built-in name or a file), else the config directory's
/// theme.toml when there is one, else the default (mono under `--plain`); mono under
/// `NO_COLOR` whatever was asked.
fn load_theme(cli: &Cli) -> Result<Theme> {
    let asked = match cli.theme.as_deref() {
        Some(name) if Theme::named(name).is_some() && !std::path::Path::new(name).exists() => {
            Theme::named(name)
        }
        Some(path) => Some(crate::tui::theme::file::load(std::path::Path::new(path))?),
        None => match crate::tui::theme::default_user_path().filter(|p| p.exists()) {
            Some(path) => Some(crate::tui::theme::file::load(&path)?),
            None => None,
        },
    };
    let theme = match asked {
        Some(theme) => theme,
        None if cli.plain => Theme::mono(),
        None => Theme::color(),
    };
    Ok(theme.with_plain(cli.plain).or_mono_under_no_color())
}
