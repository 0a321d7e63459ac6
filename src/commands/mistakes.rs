//! `delete-subject` and `merge-subjects`: putting a mistaken record right, through
//! `ops::mistakes` like the app (the store enforces every rule inside its transaction).
use super::*;

/// A refusal, including a subject that is not in the store, printed with its exit code.
fn refused(err: ops::OpsError) -> Result<ExitCode> {
    match err {
        ops::OpsError::Gone(id) => {
            refusal(ops::OpsError::Refused(format!("there is no subject {id}")))
        }
        other => refusal(other),
    }
}

/// "1 history entry", "3 drafts".
fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// On a terminal without `--yes`, ask the user to type `id` to go on; off a terminal, `--yes`
/// is required. `Ok(None)`: confirmed; `Ok(Some(code))`: not confirmed, nothing was changed.
fn confirmed(yes: bool, what: &str, explain: &str, id: u64) -> Result<Option<ExitCode>> {
    if yes {
        return Ok(None);
    }
    if !login::interactive() {
        errln!(
            "spmp: refused: {what} cannot be undone; not on a terminal, so give --yes to \
             confirm. Nothing was changed."
        );
        return Ok(Some(ExitCode::from(REFUSED)));
    }
    errln!("{explain}");
    let typed = login::ask(&format!("Type the subject id ({id}) to confirm: "))?;
    if typed.trim() == id.to_string() {
        Ok(None)
    } else {
        errln!("spmp: not confirmed: nothing was changed.");
        Ok(Some(ExitCode::from(REFUSED)))
    }
}

pub(super) fn delete_subject(
    cli: &Cli,
    id: u64,
    reason: Option<&str>,
    yes: bool,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    // Whether it may be deleted at all, before asking anything.
    let creation = match ops::mistakes::deletable(&store, id) {
        Ok(c) => c,
        Err(e) => return refused(e),
    };
    let officers = ops::users::officers(&store).unwrap_or_default();
    let by = crate::text::line(&ops::users::label_of(&officers, &creation.by)).into_owned();
    let at = creation.at.format("%Y-%m-%d %H:%M UTC");
    let reason = login::required(reason, "Reason for deleting it: ", "--reason TEXT")?;
    let explain = format!(
        "Deleting subject {id} (created {at} by {by}) as created in error removes its record, \
         history and drafts for good; the audit log keeps only that it was deleted, when, by \
         whom and why."
    );
    if let Some(code) = confirmed(yes, &format!("deleting subject {id}"), &explain, id)? {
        return Ok(code);
    }
    match ops::mistakes::delete_subject(&mut store, id, &reason) {
        Ok(r) => {
            outln!(
                "Deleted subject {id} as created in error (created {at} by {by}): record \
                 version {}, {}, {}. Audit entry {} records it; id {id} is never given out \
                 again.",
                r.record_version,
                count(r.history_entries, "history entry", "history entries"),
                count(r.drafts, "draft", "drafts"),
                r.audit_seq
            );
            if !r.checkpointed {
                outln!(
                    "WARNING: another program has the store open, so old copies of the deleted \
                     pages may remain in {}-wal until it closes. Close every spmp using this \
                     store; the write-ahead log is cleared when the last one exits.",
                    crate::store::DB_FILE
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused(e),
    }
}

pub(super) fn merge_subjects(
    cli: &Cli,
    keep: u64,
    from: u64,
    reason: Option<&str>,
    yes: bool,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    if keep == from {
        return refused(ops::OpsError::Refused(format!(
            "--keep and --from are both subject {keep}: give the two records of the person"
        )));
    }
    if let Err(e) = ops::mistakes::may_merge(&store) {
        return refused(e);
    }
    let (a, b) = match ops::item::load(&store, keep)
        .and_then(|(a, _)| ops::item::load(&store, from).map(|(b, _)| (a, b)))
    {
        Ok(x) => x,
        Err(e) => return refused(e),
    };
    let reason = login::required(reason, "Reason for the merge: ", "--reason TEXT")?;
    let explain = format!(
        "Merging subject {from} into subject {keep}:\n  keep:                {}\n  merge in and remove: \
         {}\nThe kept record gains everything of the other and both histories; record {from} \
         is removed.",
        crate::text::line(&ops::mistakes::identify(&a)),
        crate::text::line(&ops::mistakes::identify(&b)),
    );
    if let Some(code) = confirmed(
        yes,
        &format!("merging subject {from} into {keep}"),
        &explain,
        from,
    )? {
        return Ok(code);
    }
    match ops::mistakes::merge_subjects(&mut store, keep, from, &reason) {
        Ok(r) => {
            outln!(
                "Merged subject {from} into subject {keep} (now revision {}): added {}; {} \
                 moved; {} of {from} removed; record {from} removed.",
                r.version,
                r.added,
                count(r.history_moved, "history entry", "history entries"),
                count(r.drafts, "draft", "drafts")
            );
            if !r.renumbered.is_empty() {
                outln!("Renumbered: {}", r.renumbered);
            }
            if r.duplicates > 0 {
                outln!(
                    "{} item(s) of {from} identical to one of {keep} were not added twice.",
                    r.duplicates
                );
            }
            if !r.kept_aside.is_empty() {
                outln!(
                    "Kept as aliases or notes (they differed): {}.",
                    r.kept_aside.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused(e),
    }
}
