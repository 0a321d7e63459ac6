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
    match action {
        UserCommand::Add {
            name,
            roles,
            new_passphrase_file,
        } => {
            let roles = parse_roles(roles)?;
            let dir = store_dir(cli)?;
            if matches!(
                Store::status(&dir)?,
                StoreStatus::Absent | StoreStatus::NeedsAdministrator
            ) {
                let passphrase = match login::new_passphrase(new_passphrase_file.as_deref(), name) {
                    Ok(p) => p,
                    Err(e) => match login::preset_passphrase(cli.passphrase_file.as_deref())? {
                        Some(p) => p,
                        None => return Err(e),
                    },
                };
                let store = Store::create(
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
            store.require(crate::domain::Permission::ManageUsers)?;
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), name)?;
            store.add_user(name, &passphrase, &roles)?;
            println!("Added user {} ({})", name.trim(), roles_text(&roles));
        }
        UserCommand::Passwd {
            name,
            new_passphrase_file,
        } => {
            let mut store = open_store(cli)?;
            let name = name.clone().unwrap_or_else(|| store.actor().name.clone());
            if name.trim() != store.actor().name {
                store.require(crate::domain::Permission::ManageUsers)?;
            }
            let passphrase = login::new_passphrase(new_passphrase_file.as_deref(), &name)?;
            store.set_passphrase(&name, &passphrase)?;
            println!("Changed the passphrase of {}", name.trim());
        }
        UserCommand::Disable { name } => {
            let mut store = open_store(cli)?;
            store.disable_user(name)?;
            println!(
                "Disabled user {}: their passphrase no longer opens the store",
                name.trim()
            );
        }
        UserCommand::List => {
            let store = open_store(cli)?;
            let users = store.users()?;
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

pub(super) fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn audit(cli: &Cli, action: &AuditCommand) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    match action {
        AuditCommand::Verify => {
            let report = store.verify_audit()?;
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
            recipient,
            reason,
            ..
        } => {
            store.require(crate::domain::Permission::ViewAudit)?;
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
            // The export is itself recorded (and so appears in what it writes).
            store.record_audit_export(&recipient, &reason)?;
            let entries = store.audit_log()?;
            let text = match format {
                AuditFormat::Csv => report::audit::csv(&entries),
                AuditFormat::Json => report::audit::json(&entries),
            };
            match out {
                Some(path) => {
                    write_atomically(path, text.as_bytes())?;
                    println!(
                        "Wrote {} audit entries to {}",
                        entries.len(),
                        path.display()
                    );
                }
                None => write_stdout(&text, "the audit log")?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
