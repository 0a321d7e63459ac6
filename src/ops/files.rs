//! The one way spmp writes a file: into a temporary file in the same directory, synced, then
//! moved into place, so no reader ever sees half a file; and never over an existing file unless
//! the caller was told to replace it.
use std::io::Write;
use std::path::Path;

use super::OpsError;

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse: the file must be new.
    Keep,
    /// Replace it (`--force`).
    Replace,
}

/// Refuse `path` if it exists and may not be replaced: checked before anything is recorded or
/// made, so a refused export leaves no trace.
pub fn check(path: &Path, existing: Existing) -> Result<(), OpsError> {
    if existing == Existing::Keep && path.exists() {
        return Err(OpsError::refused(format!(
            "{} already exists: choose a new file; nothing was exported",
            crate::text::line(&path.display().to_string())
        )));
    }
    Ok(())
}

/// Write `bytes` to `path`: atomically, and (with [`Existing::Keep`]) never over a file that
/// appeared in the meantime.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), OpsError> {
    write_with(path, existing, |out| out.write_all(bytes)).map(drop)
}

/// [`write`] for output made piece by piece (never all in memory): `fill` writes into a
/// buffered temporary file that becomes `path` only once it is complete and synced. Returns the
/// size of the file.
pub fn write_with(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<u64, OpsError> {
    let shown = || crate::text::line(&path.display().to_string()).into_owned();
    let io = |e: std::io::Error| OpsError::Io {
        what: format!("cannot write {}", shown()),
        source: e,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| OpsError::Io {
        what: format!(
            "cannot create a file in {}",
            crate::text::line(&dir.display().to_string())
        ),
        source: e,
    })?;
    let mut out = std::io::BufWriter::new(tmp);
    fill(&mut out).and_then(|()| out.flush()).map_err(io)?;
    let tmp = out.into_inner().map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    let file = match existing {
        Existing::Keep => tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OpsError::refused(format!(
                    "{} already exists: choose a new file; nothing was written",
                    shown()
                ))
            } else {
                io(e.error)
            }
        })?,
        Existing::Replace => tmp.persist(path).map_err(|e| io(e.error))?,
    };
    Ok(file.metadata().map(|m| m.len()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_and_an_existing_one_kept_unless_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        check(&path, Existing::Keep).unwrap();
        write(&path, b"one", Existing::Keep).unwrap();
        assert!(check(&path, Existing::Keep).is_err());
        let e = write(&path, b"two", Existing::Keep).unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        check(&path, Existing::Replace).unwrap();
        write(&path, b"three", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        // Nothing but the file is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
