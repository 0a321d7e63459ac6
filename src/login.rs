//! Credentials at the edge: `--user`/`$SPMP_USER`, `--passphrase-file`/`$SPMP_PASSPHRASE`, or a
//! prompt on the terminal (no echo). A passphrase is never taken from the command line itself.
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use color_eyre::eyre::{Result, WrapErr, eyre};

use crate::store::{Login, Passphrase};

/// The environment variable holding the passphrase for non-interactive use.
pub const PASSPHRASE_ENV: &str = "SPMP_PASSPHRASE";
/// The environment variable holding a new user's passphrase for `spmp user add|passwd`.
pub const NEW_PASSPHRASE_ENV: &str = "SPMP_NEW_PASSPHRASE";

/// Whether we can ask the person at the keyboard.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The first line of `path` as a passphrase (a trailing newline is not part of it).
pub fn read_passphrase_file(path: &Path) -> Result<Passphrase> {
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path)
            .wrap_err_with(|| format!("cannot read the passphrase file {}", path.display()))?,
    );
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(eyre!("the passphrase file {} is empty", path.display()));
    }
    Ok(Passphrase::new(line))
}

/// The passphrase given without prompting: the file, else the environment.
pub fn preset_passphrase(file: Option<&Path>) -> Result<Option<Passphrase>> {
    if let Some(path) = file {
        return read_passphrase_file(path).map(Some);
    }
    Ok(std::env::var(PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .map(Passphrase::new))
}

/// Both parts of a login given without prompting, if they were.
pub fn preset(user: Option<&str>, file: Option<&Path>) -> Result<Option<Login>> {
    match (
        user.map(str::trim).filter(|u| !u.is_empty()),
        preset_passphrase(file)?,
    ) {
        (Some(user), Some(passphrase)) => Ok(Some(Login {
            user: user.to_string(),
            passphrase,
        })),
        _ => Ok(None),
    }
}

/// A login for a command: given, else asked for on the terminal.
pub fn login(user: Option<&str>, file: Option<&Path>) -> Result<Login> {
    let user = match user.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => u.to_string(),
        None if interactive() => ask("User: ")?,
        None => {
            return Err(eyre!(
                "no user to log in as: give --user NAME or set SPMP_USER"
            ));
        }
    };
    let passphrase = match preset_passphrase(file)? {
        Some(p) => p,
        None if interactive() => prompt_secret(&format!("Passphrase for {user}: "))?,
        None => {
            return Err(eyre!(
                "no passphrase for {user}: set {PASSPHRASE_ENV} or give --passphrase-file FILE"
            ));
        }
    };
    Ok(Login { user, passphrase })
}

/// A new passphrase: from `file`, else `$SPMP_NEW_PASSPHRASE`, else typed twice.
pub fn new_passphrase(file: Option<&Path>, whose: &str) -> Result<Passphrase> {
    if let Some(path) = file {
        return read_passphrase_file(path);
    }
    if let Some(p) = std::env::var(NEW_PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(Passphrase::new(p));
    }
    if !interactive() {
        return Err(eyre!(
            "no new passphrase for {whose}: set {NEW_PASSPHRASE_ENV} or give --new-passphrase-file FILE"
        ));
    }
    let first = prompt_secret(&format!("New passphrase for {whose}: "))?;
    let again = prompt_secret("Type it again: ")?;
    if first.expose() != again.expose() {
        return Err(eyre!("the two passphrases differ: nothing was changed"));
    }
    Ok(first)
}

/// A secret typed at the terminal, not echoed.
pub fn prompt_secret(prompt: &str) -> Result<Passphrase> {
    rpassword::prompt_password(prompt)
        .map(Passphrase::new)
        .wrap_err("cannot read a passphrase from the terminal")
}

/// One line typed at the terminal (echoed), trimmed.
pub fn ask(prompt: &str) -> Result<String> {
    let mut err = std::io::stderr().lock();
    err.write_all(prompt.as_bytes())
        .and_then(|()| err.flush())
        .wrap_err("cannot write to the terminal")?;
    drop(err);
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .wrap_err("cannot read from the terminal")?;
    Ok(line.trim().to_string())
}

/// A required value: given, else asked for on a terminal, else an error naming the flag.
pub fn required(given: Option<&str>, prompt: &str, flag: &str) -> Result<String> {
    if let Some(v) = given.map(str::trim).filter(|v| !v.is_empty()) {
        return Ok(v.to_string());
    }
    if interactive() {
        let v = ask(prompt)?;
        if !v.is_empty() {
            return Ok(v);
        }
    }
    Err(eyre!("{flag} is required: nothing was done"))
}
