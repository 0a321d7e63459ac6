//! `spmp user` (accounts) and `spmp audit` (verify the chain, export the log).
use super::*;

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

pub(super) fn user(cli: &Cli, action: &UserCommand) -> Result<ExitCode> {
    use ops::users::roles_text;
    match action {
        UserCommand::Add {
            name,
            roles,
            new_passphrase_file,
        } => {
            let roles = parse_roles(roles)?;
            let dir = store_dir(cli)?;
            if ops::users::needs_administrator(&dir)? {
                let passphrase = match login::new_passphrase(new_passphrase_file.as_deref(), name) {
                    Ok(p) => p,
                    Err(e) => match login::preset_passphrase(cli.passphrase_file.as_deref())? {
                        Some(p) => p,
                        None => return Err(e),
                    },
                };
                let store = ops::users::create_store(
                    &dir,
                    &Login {
                        user: name.clone(),
                        passphrase,
                    },
                    &roles,
                )?;
                println!(
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
            ops::users::add(&mut store, name, &passphrase, &roles)?;
            println!("Added user {} ({})", name.trim(), roles_text(&roles));
        }
        UserCommand::Passwd {
            name,
            new_passphrase_file,
        } => {
            let mut store = open_store(cli)?;
            let name = ops::users::passwd_target(&store, name.as_deref())?;
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), &name)?;
            ops::users::passwd(&mut store, &name, &passphrase)?;
            println!("Changed the passphrase of {}", name.trim());
        }
        UserCommand::Disable { name } => {
            let mut store = open_store(cli)?;
            ops::users::disable(&mut store, name)?;
            println!(
                "Disabled user {}: their passphrase no longer opens the store",
                name.trim()
            );
        }
        UserCommand::List => {
            let store = open_store(cli)?;
            let users = ops::users::list(&store)?;
            let mut out = String::new();
            out.push_str(&format!(
                "{:<24} {:<40} {:<9} {}\n",
                "USER", "ROLES", "STATUS", "CREATED"
            ));
            for u in users {
                out.push_str(&format!(
                    "{:<24} {:<40} {:<9} {} by {}\n",
                    crate::text::line(&u.name),
                    roles_text(&u.roles),
                    if u.disabled { "disabled" } else { "enabled" },
                    u.created.get(..10).unwrap_or(&u.created),
                    crate::text::line(&u.created_by),
                ));
            }
            write_stdout(&out, "the user list")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn audit(cli: &Cli, action: &AuditCommand) -> Result<ExitCode> {
    // An existing file is refused before anyone is asked to log in.
    if let AuditCommand::Export { out, force, .. } = action {
        check_output(out.as_deref(), *force)?;
    }
    let mut store = open_store(cli)?;
    match action {
        AuditCommand::Verify => {
            let report = ops::admin::verify_audit(&store)?;
            match &report.fault {
                None => {
                    println!(
                        "OK: the audit log's {} entries form an unbroken chain",
                        report.entries
                    );
                    if let Some((seq, fingerprint)) = &report.head {
                        println!(
                            "Head: entry {seq}, fingerprint {fingerprint}. Keep this line: a log \
                             later rolled back to an older copy would end before it."
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Some(fault) => {
                    println!(
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
                Some(path) => println!("Wrote {} audit entries to {}", done.count, path.display()),
                None => write_stdout(&String::from_utf8_lossy(&done.bytes), "the audit log")?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
