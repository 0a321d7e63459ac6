//! `spmp checkout` and `spmp checkin` (docs/OFFLINE.md).
use super::*;
use crate::cli::{CheckinArgs, CheckoutArgs, CheckoutCommand, KeepArg, MakeArgs};
use crate::domain::Side;

pub(super) fn checkout(cli: &Cli, args: &CheckoutArgs) -> Result<ExitCode> {
    let Some(action) = args.command() else {
        return Err(eyre!(
            "say what to check out (`spmp checkout --subjects 3,7 --out DIR`, `--mine` or \
             `--visits-due DAYS`), or `spmp checkout list` / `revoke ID`"
        ));
    };
    let action = &action;
    // A working set expires by the laptop's clock, so it is counted from the real date, never
    // from --today.
    let today = chrono::Local::now().date_naive();
    let dir = store_dir(cli)?;
    // `--for USER`: the working set is wrapped with USER's passphrase, so USER logs in.
    let user = match (action, cli.user.as_deref()) {
        (
            CheckoutCommand::Make(MakeArgs {
                for_user: Some(f), ..
            }),
            Some(u),
        ) if f.trim() != u.trim() => {
            return Err(eyre!(
                "a working set for {} is made by {} logged in with their own passphrase \
                 (it opens with it): run it as --user {}; nothing was checked out",
                f.trim(),
                f.trim(),
                f.trim()
            ));
        }
        (
            CheckoutCommand::Make(MakeArgs {
                for_user: Some(f), ..
            }),
            _,
        ) => Some(f.as_str()),
        (_, u) => u,
    };
    let login = login::login(user, cli.passphrase_file.as_deref())?;
    let mut store = ops::users::log_in(&dir, &login)?;
    ops::users::apply_policy(&mut store, &load_config(cli)?);
    match action {
        CheckoutCommand::Make(MakeArgs {
            subjects,
            mine,
            visits_due,
            days,
            out,
            ..
        }) => {
            let policy = load_config(cli)?;
            let which = match (mine, visits_due) {
                (true, _) => ops::offline::Selection::Mine,
                (false, Some(d)) => ops::offline::Selection::VisitsDue(*d),
                (false, None) => ops::offline::Selection::Ids(subjects),
            };
            let subjects = ops::offline::select(&store, which, &policy, today)
                .wrap_err("nothing was checked out")?;
            let days = days.unwrap_or(policy.checkout_days);
            let opts = ops::offline::options_for_working_set(&store);
            let made =
                ops::offline::check_out(&mut store, &login, &subjects, (today, days), out, &opts)
                    .wrap_err("nothing was checked out")?;
            outln!(
                "Checked out {} subject(s) to {} as working set {}, until {}: open it with \
                 `spmp --store {}`; check it in with `spmp checkin {}`.",
                made.checkout.subjects.len(),
                made.dir.display(),
                made.checkout.id,
                made.checkout.expires,
                made.dir.display(),
                made.dir.display()
            );
        }
        CheckoutCommand::List => {
            let all = ops::offline::list(&store)?;
            if all.is_empty() {
                outln!("No working sets have been checked out of this store.");
            }
            for c in all {
                let ids: Vec<String> = c.subjects.iter().map(|(id, _)| id.to_string()).collect();
                outln!(
                    "{}  {:<11}  {}  until {}  made {}  subjects {}",
                    c.id,
                    c.state.label(),
                    c.user,
                    c.expires,
                    c.made,
                    ids.join(",")
                );
            }
        }
        CheckoutCommand::Revoke { id, reason } => {
            ops::offline::revoke(&mut store, id, reason).wrap_err("nothing was revoked")?;
            outln!("Revoked working set {id}: it can no longer be checked in.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn checkin(cli: &Cli, args: &CheckinArgs) -> Result<ExitCode> {
    let dir = store_dir(cli)?;
    let login = login::login(cli.user.as_deref(), cli.passphrase_file.as_deref())?;
    let mut store = ops::users::log_in(&dir, &login)?;
    // The force's sign-off ranks hold for what is checked in, as for every save.
    ops::users::apply_policy(&mut store, &load_config(cli)?);
    let keep = args.keep.map(|k| match k {
        KeepArg::Office => Side::Theirs,
        KeepArg::Laptop => Side::Mine,
    });
    let opts = ops::offline::options_for_working_set(&store);
    let done = ops::offline::check_in(&mut store, &args.working_set, &login, keep, &opts)?;
    if !done.done {
        errln!(
            "Nothing was checked in: {} field(s) were changed both in the office and on the \
             laptop since the checkout.",
            done.conflicts.len()
        );
        for c in &done.conflicts {
            errln!(
                "  subject {} ({}): {}\n    when checked out: {}\n    office now:       {}\n    laptop:           {}",
                c.subject,
                c.name,
                c.conflict.label,
                c.conflict.base,
                c.conflict.theirs,
                c.conflict.mine
            );
        }
        errln!(
            "Run `spmp checkin {} --keep office` or `--keep laptop` to say which value each keeps.",
            args.working_set.display()
        );
        return Ok(ExitCode::from(1));
    }
    for (id, note) in &done.applied {
        outln!("Subject {id}: {note}");
    }
    outln!(
        "Checked in {}: {} subject(s) changed, {} audit entr{} of offline work added to this \
         store's log.",
        args.working_set.display(),
        done.applied.len(),
        done.entries,
        if done.entries == 1 { "y" } else { "ies" }
    );
    Ok(ExitCode::SUCCESS)
}
