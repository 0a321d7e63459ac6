//! `archive`, `archived` and `erase`: retention of subjects whose orders have ended.
use super::*;

/// Exit code of a refused archive or erasure (nothing was changed).
pub(super) const REFUSED: u8 = 1;

/// Print a refusal (or a denied role) and return its exit code; other errors propagate.
pub(super) fn refusal(err: ops::OpsError) -> Result<ExitCode> {
    use crate::store::StoreError;
    match err {
        ops::OpsError::Store(StoreError::Refused { message } | StoreError::Denied { message })
        | ops::OpsError::Refused(message) => {
            errln!("spmp: refused: {message}. Nothing was changed.");
            Ok(ExitCode::from(REFUSED))
        }
        other => Err(other.into()),
    }
}

pub(super) fn archive(
    cli: &Cli,
    id: u64,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    if let Err(e) = ops::retention::may_archive(&store) {
        return refusal(e);
    }
    let reason = login::required(reason, "Reason for archiving: ", "--reason TEXT")?;
    let policy = load_config(cli)?;
    let retention = policy.retention_days;
    match ops::retention::archive(&mut store, &policy, id, &reason, today) {
        Ok(from) => {
            let from = from.map_or_else(|| "never".to_string(), |d| d.to_string());
            outln!(
                "Archived subject {id} on {today}. An administrator may erase it from {from} \
                 (retention {retention} days)."
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refusal(e),
    }
}

pub(super) fn archived(cli: &Cli, today: NaiveDate) -> Result<ExitCode> {
    let store = open_store(cli)?;
    let retention = load_config(cli)?.retention_days;
    let list = ops::retention::archived(&store)?;
    let mut out = format!(
        "{:<8} {:<10} {:<20} {:<16} {}\n",
        "SUBJECT", "ARCHIVED", "BY", "ERASABLE FROM", "REASON"
    );
    for a in &list {
        let from = a.erasable_from(retention).map_or_else(
            || "never".to_string(),
            |d| {
                if d <= today {
                    format!("{d} (now)")
                } else {
                    d.to_string()
                }
            },
        );
        out.push_str(&format!(
            "{:<8} {:<10} {:<20} {:<16} {}\n",
            a.id,
            a.on,
            crate::text::line(&a.by),
            from,
            crate::text::line(&a.reason)
        ));
    }
    if list.is_empty() {
        out.push_str("(no archived subjects)\n");
    }
    out::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn erase(
    cli: &Cli,
    id: u64,
    reason: Option<&str>,
    yes: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    if let Err(e) = ops::retention::may_erase(&store) {
        return refusal(e);
    }
    let policy = load_config(cli)?;
    if !yes && !login::interactive() {
        errln!(
            "spmp: refused: erasing subject {id} cannot be undone; not on a terminal, so give \
             --yes to confirm. Nothing was changed."
        );
        return Ok(ExitCode::from(REFUSED));
    }
    let reason = login::required(reason, "Reason for the erasure: ", "--reason TEXT")?;
    if !yes {
        errln!(
            "Erasing subject {id} deletes its record, history and drafts for good; the audit \
             log keeps only that it was erased, when, by whom and why."
        );
        let typed = login::ask(&format!("Type the subject id ({id}) to confirm: "))?;
        if typed.trim() != id.to_string() {
            errln!("spmp: not confirmed: nothing was erased.");
            return Ok(ExitCode::from(REFUSED));
        }
    }
    match ops::retention::erase(&mut store, &policy, id, &reason, today) {
        Ok(r) => {
            outln!(
                "Erased subject {id}: record version {}, {} history entries, {} drafts \
                 (archived {} by {}). Audit entry {} records it.",
                r.record_version,
                r.history_entries,
                r.drafts,
                r.archived_on,
                crate::text::line(&r.archived_by),
                r.audit_seq
            );
            if !r.checkpointed {
                outln!(
                    "WARNING: another program has the store open, so old copies of the erased \
                     pages may remain in {}-wal until it closes. Close every spmp using this \
                     store; the write-ahead log is cleared when the last one exits.",
                    crate::store::DB_FILE
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refusal(e),
    }
}
