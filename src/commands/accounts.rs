//! `spmp user` (accounts) and `spmp audit` (verify the chain, export the log).
use super::*;
use crate::domain::Officer;
use crate::store::NewUser;

pub(super) fn parse_roles(names: &[String]) -> Result<Vec<Role>> {
    let mut roles = Vec::new();
    for n in names {
        let role = Role::parse(n).ok_or_else(|| {
            eyre!("unknown role {n:?}: use viewer, reviewer, supervisor or administrator")
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// The officer `args` describe, starting from `base` (parts not given stay as they are).
fn officer_of(args: &crate::cli::OfficerArgs, base: Officer) -> Result<Officer> {
    Ok(ops::users::officer_from(
        args.rank.as_deref(),
        args.display_name.as_deref(),
        args.number.as_deref(),
        args.team.as_deref(),
        base,
    )?)
}

/// ", DS Lena Marsh (4521)" when officer details were given.
fn officer_suffix(name: &str, officer: &Officer) -> String {
    if *officer == Officer::default() {
        String::new()
    } else {
        format!(", {}", crate::text::line(&officer.label(name.trim())))
    }
}

pub(super) fn user(cli: &Cli, action: &UserCommand) -> Result<ExitCode> {
    use ops::users::roles_text;
    match action {
        UserCommand::Add {
            name,
            roles,
            new_passphrase_file,
            officer,
        } => {
            let roles = parse_roles(roles)?;
            let officer = officer_of(officer, Officer::default())?;
            let dir = store_dir(cli)?;
            if ops::users::needs_administrator(&dir)? {
                let passphrase = match login::new_passphrase(new_passphrase_file.as_deref(), name) {
                    Ok(p) => p,
                    Err(e) => match login::preset_passphrase(cli.passphrase_file.as_deref())? {
                        Some(p) => p,
                        None => return Err(e),
                    },
                };
                let mut store = ops::users::create_store(
                    &dir,
                    &Login {
                        user: name.clone(),
                        passphrase,
                    },
                    &roles,
                )?;
                if officer != Officer::default() {
                    ops::users::set_officer(&mut store, name, &officer)?;
                }
                outln!(
                    "Created the store at {} with administrator {} ({}). Everything in it is encrypted; \
                     keep the passphrase safe: without any user's passphrase the store cannot be read.",
                    dir.display(),
                    store.actor().name,
                    roles_text(&store.actor().roles)
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut store = open_store(cli)?;
            ops::users::may_manage(&store)?;
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), name)?;
            ops::users::add(
                &mut store,
                &NewUser {
                    name,
                    passphrase: &passphrase,
                    roles: &roles,
                    officer: &officer,
                },
            )?;
            outln!(
                "Added user {} ({}){}",
                name.trim(),
                roles_text(&roles),
                officer_suffix(name, &officer)
            );
        }
        UserCommand::Edit { name, officer } => {
            if !officer.any() {
                return Err(eyre!(
                    "say what to set: --rank, --display-name, --number and/or --team"
                ));
            }
            let mut store = open_store(cli)?;
            ops::users::may_manage(&store)?;
            let current = ops::users::list(&store)?
                .into_iter()
                .find(|u| u.name == name.trim())
                .ok_or_else(|| eyre!("there is no user called {:?}", name.trim()))?;
            let officer = officer_of(officer, current.officer)?;
            ops::users::set_officer(&mut store, name, &officer)?;
            outln!(
                "{} is now {} (from their next login)",
                name.trim(),
                crate::text::line(&officer.label(name.trim()))
            );
        }
        UserCommand::Passwd {
            name,
            new_passphrase_file,
        } => {
            let mut store = open_store(cli)?;
            let name = ops::users::passwd_target(&store, name.as_deref())?;
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), &name)?;
            ops::users::passwd(&mut store, &name, &passphrase)?;
            outln!("Changed the passphrase of {}", name.trim());
        }
        UserCommand::Disable { name } => {
            let mut store = open_store(cli)?;
            ops::users::disable(&mut store, name)?;
            outln!(
                "Disabled user {}: their passphrase no longer opens the store",
                name.trim()
            );
        }
        UserCommand::List => {
            let store = open_store(cli)?;
            let users = ops::users::list(&store)?;
            let mut out = String::new();
            out.push_str(&format!(
                "{:<16} {:<32} {:<24} {:<30} {:<9} {}\n",
                "USER", "OFFICER", "TEAM", "ROLES", "STATUS", "CREATED"
            ));
            for u in &users {
                out.push_str(&format!(
                    "{:<16} {:<32} {:<24} {:<30} {:<9} {} by {}\n",
                    crate::text::line(&u.name),
                    crate::text::line(&u.officer.label(&u.name)),
                    crate::text::line(&u.officer.team),
                    roles_text(&u.roles),
                    if u.disabled { "disabled" } else { "enabled" },
                    u.created.get(..10).unwrap_or(&u.created),
                    crate::text::line(&u.created_by),
                ));
            }
            let pending: Vec<&str> = users
                .iter()
                .filter(|u| u.keys_pending && !u.disabled)
                .map(|u| u.name.as_str())
                .collect();
            if !pending.is_empty() {
                out.push_str(&format!(
                    "\nKeys not yet upgraded (each is upgraded at their next login; until then a \
                     copy of the restricted key is kept for them: see docs/SECURITY.md): {}\n",
                    pending.join(", ")
                ));
            }
            out::print(&out)?;
        }
        UserCommand::Key => {
            let store = open_store(cli)?;
            match ops::users::own_key_fingerprint(&store) {
                Some(fp) => outln!(
                    "Your signing key ({}): {fp}\nEvery audit entry you make is signed with it.",
                    crate::text::line(&store.actor().name)
                ),
                None => outln!(
                    "You hold no signing key yet: this store starts signing at an administrator's next login."
                ),
            }
        }
        UserCommand::Keys => {
            let store = open_store(cli)?;
            let keys = ops::users::signing_keys(&store)?;
            let mut out = String::new();
            if keys.is_empty() {
                out.push_str("No signing keys yet: this store starts signing at an administrator's next login.\n");
            } else {
                out.push_str(&format!(
                    "{:<16} {:<20} {:<44} {}\n",
                    "USER", "FINGERPRINT", "STATUS", "ADDED"
                ));
            }
            for k in &keys {
                let status = match (&k.trust, k.root) {
                    (crate::store::Trust::Certified, true) => "root (certifies itself)".to_string(),
                    (crate::store::Trust::Certified, false) => format!(
                        "certified by {}{}",
                        crate::text::line(k.certified_by.as_deref().unwrap_or("?")),
                        if k.admin { ", may certify" } else { "" }
                    ),
                    (crate::store::Trust::Awaiting, _) => "awaiting certification".to_string(),
                    (crate::store::Trust::Broken, _) => {
                        "CERTIFICATE DOES NOT HOLD (see audit verify)".to_string()
                    }
                };
                out.push_str(&format!(
                    "{:<16} {:<20} {:<44} {}\n",
                    crate::text::line(&k.name),
                    k.fingerprint,
                    status,
                    k.added.get(..10).unwrap_or(&k.added)
                ));
            }
            out::print(&out)?;
        }
        UserCommand::Certify { name, fingerprint } => {
            let mut store = open_store(cli)?;
            let what = ops::users::certify(&mut store, name, fingerprint)?;
            outln!("{}", crate::text::line(&what));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `spmp drafts list | discard`: the logged-in user's own drafts.
pub(super) fn drafts(cli: &Cli, action: &DraftsCommand) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    let listed = ops::drafts::numbered(&store)?;
    match action {
        DraftsCommand::List => {
            let mut text = String::new();
            if listed.is_empty() {
                text.push_str("You have no drafts.\n");
            }
            for (n, d) in listed.iter().enumerate() {
                text.push_str(&format!("{:>3}  {}\n", n + 1, d.line()));
            }
            write_stdout(&text, "the drafts")?;
            Ok(ExitCode::SUCCESS)
        }
        DraftsCommand::Discard {
            numbers,
            unreadable,
        } => {
            let mut chosen = Vec::new();
            for &n in numbers {
                match n.checked_sub(1).and_then(|i| listed.get(i)) {
                    Some(d) => chosen.push(d),
                    None => eyre::bail!(
                        "there is no draft {n}: `spmp drafts list` shows {} draft(s)",
                        listed.len()
                    ),
                }
            }
            if *unreadable {
                chosen.extend(listed.iter().filter(|d| d.is_unreadable()));
            }
            for d in &chosen {
                ops::drafts::discard_listed(&mut store, d)?;
                errln!("Discarded draft: {}", d.line());
            }
            if chosen.is_empty() {
                errln!("No draft to discard.");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(super) fn audit(cli: &Cli, action: &AuditCommand) -> Result<ExitCode> {
    // An existing file is refused before anyone is asked to log in.
    if let AuditCommand::Export { out, force, .. } = action {
        check_output(out.as_deref(), *force)?;
    }
    let mut store = open_store(cli)?;
    match action {
        AuditCommand::Head => {
            match ops::admin::audit_head(&store)? {
                Some((seq, fingerprint)) => outln!(
                    "{seq}:{fingerprint}  (the audit log's last entry and its fingerprint: \
                     record it outside the store; `spmp audit verify --expect \
                     {seq}:{fingerprint}` checks the log still holds it)"
                ),
                None => outln!("The audit log is empty."),
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify { expect } => {
            let report = match expect {
                None => ops::admin::verify_audit(&store)?,
                Some(text) => {
                    let Some((seq, fingerprint)) = text
                        .split_once(':')
                        .and_then(|(s, f)| s.trim().parse::<u64>().ok().map(|s| (s, f)))
                    else {
                        eyre::bail!(
                            "--expect takes ENTRY:FINGERPRINT as `spmp audit head` prints it \
                             (e.g. 812:3fa2c9e1d0b4a7f2)"
                        );
                    };
                    ops::admin::verify_audit_expect(&store, seq, fingerprint)?
                }
            };
            match &report.fault {
                None => {
                    outln!(
                        "OK: the audit log's {} entries form an unbroken chain",
                        report.entries
                    );
                    if let Some(text) = expect {
                        outln!("The log still holds the recorded entry {}", text.trim());
                    }
                    for (name, fp) in &report.awaiting {
                        outln!(
                            "Note: entries by {} are signed with a key no administrator has \
                             certified yet ({fp}); once they have read you that fingerprint \
                             from `spmp user key`, run `spmp user certify {} {fp}`.",
                            crate::text::line(name),
                            crate::text::line(name)
                        );
                    }
                    if let Some((seq, fingerprint)) = &report.head {
                        outln!(
                            "Head: {seq}:{fingerprint}. Keep this line: `spmp audit verify \
                             --expect {seq}:{fingerprint}` later catches a log rolled back to an \
                             older copy."
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Some(fault) => {
                    outln!(
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
            force,
            recipient,
            reason,
        } => {
            ops::access::may(&store, Permission::ViewAudit)?;
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
            let format = match format {
                AuditFormat::Csv => ops::export::LogFormat::Csv,
                AuditFormat::Json => ops::export::LogFormat::Json,
            };
            let output = match out {
                Some(path) => ops::export::Output::File(
                    path,
                    if *force {
                        ops::files::Existing::Replace
                    } else {
                        ops::files::Existing::Keep
                    },
                ),
                None => ops::export::Output::Bytes,
            };
            let done = ops::export::audit_log(
                &mut store,
                format,
                &ops::export::Disclosure {
                    recipient: &recipient,
                    reason: &reason,
                },
                output,
            )?;
            match &done.path {
                Some(path) => outln!("Wrote {} audit entries to {}", done.count, path.display()),
                None => write_stdout(&String::from_utf8_lossy(&done.bytes), "the audit log")?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
