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

/// What is at an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Nothing: a new file.
    New,
    /// A regular file (not a link): replaced atomically, and only with [`Existing::Replace`].
    Regular,
    /// A FIFO or a character device (`/dev/null`, a pipe, a terminal): written through, never
    /// replaced.
    WriteThrough,
    /// Anything else (a directory, a block device, a socket, a symbolic link): refused, saying
    /// what it is.
    Refuse(&'static str),
}

fn target(path: &Path) -> Target {
    use std::os::unix::fs::FileTypeExt;
    let Ok(own) = std::fs::symlink_metadata(path) else {
        return Target::New;
    };
    // The type of what the path reaches (through any link).
    let reached = std::fs::metadata(path).map(|m| m.file_type());
    match reached {
        Ok(t) if t.is_fifo() || t.is_char_device() => Target::WriteThrough,
        _ if own.file_type().is_symlink() => Target::Refuse("a symbolic link"),
        Ok(t) if t.is_file() => Target::Regular,
        Ok(t) if t.is_dir() => Target::Refuse("a directory"),
        Ok(t) if t.is_block_device() => Target::Refuse("a block device (a disk)"),
        Ok(t) if t.is_socket() => Target::Refuse("a socket"),
        _ => Target::Refuse("not a regular file"),
    }
}

/// Refuse `path` if it exists and may not be replaced, or is something spmp never replaces:
/// checked before anything is recorded or made, so a refused export leaves no trace. A FIFO or
/// a character device (`/dev/null`, `/dev/stdout` on a pipe) is written through, never
/// replaced, so it needs no `--force`.
pub fn check(path: &Path, existing: Existing) -> Result<(), OpsError> {
    let shown = || crate::text::line(&path.display().to_string()).into_owned();
    match target(path) {
        Target::New | Target::WriteThrough => Ok(()),
        Target::Regular if existing == Existing::Replace => Ok(()),
        Target::Regular => Err(OpsError::refused(format!(
            "{} already exists: choose a new file; nothing was exported",
            shown()
        ))),
        Target::Refuse(what) => Err(OpsError::refused(format!(
            "{} is {what}: spmp writes only to a new or regular file (or through a pipe or \
             device such as /dev/null), never replacing anything else; nothing was exported",
            shown()
        ))),
    }
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
    let mut staged = Staged::open(path, existing)?;
    let filled = fill(staged.writer());
    staged.io(filled)?;
    staged.persist()
}

/// Output written piece by piece into a buffered temporary file beside its path, which becomes
/// the path only at [`Staged::persist`], complete and synced (dropped before: nothing is left).
/// A pipe or a device is written straight through (see [`check`]).
pub struct Staged {
    path: std::path::PathBuf,
    existing: Existing,
    out: CountingWriter<Sink>,
}

/// The write buffer of a staged output: an export writes a gigabyte at 100k subjects, in
/// elements larger than the default 8 KiB buffer (each of which would be its own system call).
const BUFFER: usize = 1 << 20;

/// How much of a staged file is written between the syncs started ahead of the last one.
const SYNC_EVERY: u64 = 64 << 20;

enum Sink {
    Temp(std::io::BufWriter<tempfile::NamedTempFile>, Ahead),
    Through(std::io::BufWriter<std::fs::File>),
}

/// Syncs of a large staged file started while it is still being written, on a thread of their
/// own (a sync waits on the disk, not the processor): the sync before the file is moved into
/// place then has only the last part left to wait for (1.6 s of a gigabyte export). The thread
/// starts with the first [`SYNC_EVERY`] written: a small file never has one.
#[derive(Default)]
struct Ahead {
    /// How much was written when the last sync was asked for.
    asked_at: u64,
    written: u64,
    /// The syncing thread, told to sync again by a message; `None` until one is needed, or
    /// where none could start (every sync is then the last one's).
    thread: Option<Syncer>,
}

/// A syncing thread and how to ask it for a sync.
type Syncer = (
    std::sync::mpsc::SyncSender<()>,
    std::thread::JoinHandle<std::io::Result<()>>,
);

impl Ahead {
    /// Count `n` bytes written to `file`, asking for a sync every [`SYNC_EVERY`] (never
    /// waiting for one).
    fn wrote(&mut self, n: usize, file: &std::fs::File) {
        self.written += n as u64;
        if self.written - self.asked_at < SYNC_EVERY {
            return;
        }
        self.asked_at = self.written;
        if self.thread.is_none() {
            self.thread = Self::start(file);
        }
        if let Some((tx, _)) = &self.thread {
            // A sync already asked for and not begun covers this one too.
            let _ = tx.try_send(());
        }
    }

    fn start(file: &std::fs::File) -> Option<Syncer> {
        let file = file.try_clone().ok()?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name("sync-ahead".into())
            .spawn(move || {
                for () in rx {
                    file.sync_data()?;
                }
                Ok(())
            })
            .ok()
            .map(|handle| (tx, handle))
    }

    /// Stop the thread; the first error a sync met, if any.
    fn finish(self) -> std::io::Result<()> {
        match self.thread {
            Some((tx, handle)) => {
                drop(tx);
                handle
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("the syncing thread stopped")))
            }
            None => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Temp(w, ahead) => {
                let n = w.write(buf)?;
                ahead.wrote(n, w.get_ref().as_file());
                Ok(n)
            }
            Sink::Through(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Temp(w, _) => w.flush(),
            Sink::Through(w) => w.flush(),
        }
    }
}

impl Staged {
    /// Start writing `path` (refused as [`check`] refuses).
    pub fn open(path: &Path, existing: Existing) -> Result<Self, OpsError> {
        let sink = match target(path) {
            Target::WriteThrough => {
                // Written into, never renamed over: the device or pipe stays what it is.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| io_error(path, e))?;
                Sink::Through(std::io::BufWriter::with_capacity(BUFFER, file))
            }
            Target::Refuse(_) => {
                check(path, existing)?;
                return Err(OpsError::refused("nothing was written"));
            }
            Target::New | Target::Regular => {
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
                Sink::Temp(
                    std::io::BufWriter::with_capacity(BUFFER, tmp),
                    Ahead::default(),
                )
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            existing,
            out: CountingWriter {
                inner: sink,
                count: 0,
            },
        })
    }

    /// Whether what is written goes straight out (a pipe or a device): it cannot be held back
    /// until [`Staged::persist`].
    pub fn writes_through(&self) -> bool {
        matches!(self.out.inner, Sink::Through(_))
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// An I/O result of writing, with the file named.
    pub fn io<T>(&self, result: std::io::Result<T>) -> Result<T, OpsError> {
        result.map_err(|e| io_error(&self.path, e))
    }

    /// Make the output the file at its path (synced first); returns its size.
    pub fn persist(self) -> Result<u64, OpsError> {
        let path = self.path;
        let count = self.out.count;
        let tmp = match self.out.inner {
            Sink::Through(mut w) => {
                w.flush().map_err(|e| io_error(&path, e))?;
                return Ok(count);
            }
            Sink::Temp(w, ahead) => {
                ahead.finish().map_err(|e| io_error(&path, e))?;
                w.into_inner()
                    .map_err(|e| io_error(&path, e.into_error()))?
            }
        };
        tmp.as_file().sync_all().map_err(|e| io_error(&path, e))?;
        let shown = || crate::text::line(&path.display().to_string()).into_owned();
        let file = match self.existing {
            Existing::Keep => tmp.persist_noclobber(&path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    OpsError::refused(format!(
                        "{} already exists: choose a new file; nothing was written",
                        shown()
                    ))
                } else {
                    io_error(&path, e.error)
                }
            })?,
            Existing::Replace => tmp.persist(&path).map_err(|e| io_error(&path, e.error))?,
        };
        Ok(file.metadata().map(|m| m.len()).unwrap_or(0))
    }
}

fn io_error(path: &Path, source: std::io::Error) -> OpsError {
    OpsError::Io {
        what: format!(
            "cannot write {}",
            crate::text::line(&path.display().to_string())
        ),
        source,
    }
}

struct CountingWriter<W: Write> {
    inner: W,
    count: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
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

    #[test]
    fn a_large_file_is_synced_ahead_as_it_is_written_and_arrives_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.json");
        let piece: Vec<u8> = (0..=255u8).cycle().take(12_345).collect();
        let pieces = (2 * SYNC_EVERY as usize) / piece.len() + 3;
        let mut staged = Staged::open(&path, Existing::Keep).unwrap();
        staged.writer().write_all(&piece).unwrap();
        match &staged.out.inner {
            Sink::Temp(_, ahead) => assert!(ahead.thread.is_none(), "a small file has none"),
            Sink::Through(_) => panic!("a new file is staged"),
        }
        for _ in 1..pieces {
            staged.writer().write_all(&piece).unwrap();
        }
        match &staged.out.inner {
            Sink::Temp(_, ahead) => {
                assert!(ahead.thread.is_some());
                // Two syncs were asked for while it was written (the buffer holds the rest).
                assert!(ahead.asked_at >= SYNC_EVERY, "{}", ahead.asked_at);
                assert!(ahead.written > 2 * SYNC_EVERY - BUFFER as u64);
            }
            Sink::Through(_) => panic!("a new file is staged"),
        }
        assert!(!path.exists(), "nothing at the path before it is complete");
        let size = staged.persist().unwrap();
        assert_eq!(size, (pieces * piece.len()) as u64);
        let written = std::fs::read(&path).unwrap();
        assert!(written.chunks(piece.len()).all(|c| c == piece.as_slice()));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // Dropped before it is complete: nothing is left, and its syncing thread ends.
        let other = dir.path().join("dropped.json");
        let mut staged = Staged::open(&other, Existing::Keep).unwrap();
        for _ in 0..pieces {
            staged.writer().write_all(&piece).unwrap();
        }
        drop(staged);
        assert!(!other.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_device_is_written_through_and_a_directory_or_link_refused() {
        let null = Path::new("/dev/null");
        for existing in [Existing::Keep, Existing::Replace] {
            check(null, existing).unwrap();
            assert_eq!(
                write_with(null, existing, |w| w.write_all(b"abc")).unwrap(),
                3
            );
        }
        let meta = std::fs::metadata(null).unwrap();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(
            &meta.file_type()
        ));

        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x", Existing::Replace).unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
        let file = dir.path().join("real.txt");
        std::fs::write(&file, b"kept").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let e = write(&link, b"x", Existing::Replace).unwrap_err();
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"kept");
    }
}
