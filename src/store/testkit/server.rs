//! The store's tests once more on a PostgreSQL server.
//!
//! With `SPMP_TEST_STORE=server` in the environment, [`place`] turns each directory a test
//! keeps its store in into the address of a database of its own, on a throwaway cluster that
//! is started the first time a test asks (`initdb` and `pg_ctl` from the Debian packages, in a
//! temporary directory, on a Unix socket only; as `nobody` when we are root, since initdb
//! refuses root). A watcher in its own process group stops the cluster and removes its
//! directory when the test process ends, however it ends.
//!
//! [`super::open`], [`super::open_as`] and the test crates' helpers go through [`place`], so a
//! test file written for SQLite runs unchanged against the server: `.ci/run` runs the store's
//! test files a second time this way. Without the variable [`place`] is the directory itself.
use std::collections::HashSet;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// Whether this test process keeps its stores on the server (`SPMP_TEST_STORE=server`).
pub fn on_server() -> bool {
    std::env::var_os("SPMP_TEST_STORE").is_some_and(|v| v == "server")
}

/// Whether to skip a test (or the rest of one) that reads or writes the SQLite file itself (its
/// rows through rusqlite, its bytes, its locks), because this run keeps the stores on the
/// server; says so on a line of its own (`.ci/run` counts them). The test still runs in every
/// plain `cargo test`.
pub fn sqlite_only(test: &str) -> bool {
    let skip = on_server();
    if skip {
        // Straight to the standard error, past the test harness's capture, so a run shows
        // every skip.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "SQLite only (the stores of this run are on the server): {test}"
        );
    }
    skip
}

/// Where the store a test keeps in `dir` lives: `dir` itself, or (on the server) the address of
/// a database made for `dir` the first time it is asked for. The same `dir` always gives the
/// same database. Panics when the server cannot be started: a test cannot go on without it.
pub fn place(dir: &Path) -> PathBuf {
    if !on_server() || super::super::open::server_url(dir).is_some() {
        return dir.to_path_buf();
    }
    let shared = match SHARED.get_or_init(Shared::start) {
        Ok(shared) => shared,
        Err(e) => panic!("SPMP_TEST_STORE=server, but the test server cannot start: {e}"),
    };
    match shared.database_for(dir) {
        Ok(url) => PathBuf::from(url),
        Err(e) => panic!("making the test database for {}: {e}", dir.display()),
    }
}

/// The newest installed PostgreSQL's `bin` directory (or `SPMP_PG_BIN`).
pub fn server_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SPMP_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Whether this process runs as root (read from /proc, no libc call).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Hand `path` to the server's user (`nobody` when we are root; otherwise it is ours already).
pub fn give_to_server(path: &Path) -> Result<(), String> {
    if !is_root() {
        return Ok(());
    }
    let status = Command::new("chown")
        .arg("65534:65534")
        .arg(path)
        .status()
        .map_err(|e| format!("chown: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("chown of {} failed", path.display()))
    }
}

/// The server's tool `exe`, run as `nobody` when we are root.
pub fn server_command(exe: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(exe);
        c
    } else {
        Command::new(exe)
    }
}

/// A socket directory written as the host of an address.
pub fn percent(p: &str) -> String {
    p.replace('%', "%25").replace('/', "%2F")
}

static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();

/// The cluster this process's tests share, and the databases made on it so far.
struct Shared {
    /// `postgresql://spmp@SOCKET-DIR`, without a database.
    base: String,
    /// The maintenance connection that makes databases.
    admin: Mutex<postgres::Client>,
    made: Mutex<HashSet<String>>,
}

impl Shared {
    fn start() -> Result<Shared, String> {
        let bin = server_bin()
            .ok_or("PostgreSQL's server binaries are not installed (apt-get install postgresql)")?;
        let root = tempfile::Builder::new()
            .prefix("spmp-pg-suite")
            .tempdir_in("/tmp")
            .map_err(|e| format!("temp dir: {e}"))?
            .keep();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("chmod: {e}"))?;
        give_to_server(&root)?;
        let text = |p: &Path| {
            p.to_str()
                .map(str::to_string)
                .ok_or("a temp path not UTF-8")
        };
        let root_s = text(&root)?;
        let data = format!("{root_s}/data");
        let pg_ctl = bin.join("pg_ctl");
        // The watcher first: however this process ends from here on (a panic, a test's child
        // process killed with -9 mid-start), the cluster is stopped and its directory removed.
        watch(&pg_ctl, &data, &root_s)?;
        run(server_command(&bin.join("initdb"))
            .args(["-D", &data, "-U", "spmp", "--no-sync", "-E", "UTF8"])
            .args(["--locale=C", "-A", "trust"]))?;
        // Durability on the server is tested by the server tier on clusters of its own; here
        // the cluster only has to hold each test's store while the test runs.
        let options = format!(
            "-k {root_s} -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=200"
        );
        run(server_command(&pg_ctl)
            .args(["-D", &data, "-o", &options, "-l"])
            .arg(format!("{root_s}/log"))
            .args(["-w", "start"]))?;
        let admin = postgres::Config::new()
            .host_path(&root)
            .user("spmp")
            .dbname("postgres")
            .connect(postgres::NoTls)
            .map_err(|e| format!("connecting to the test cluster: {e}"))?;
        Ok(Shared {
            base: format!("postgresql://spmp@{}", percent(&root_s)),
            admin: Mutex::new(admin),
            made: Mutex::new(HashSet::new()),
        })
    }

    fn database_for(&self, dir: &Path) -> Result<String, String> {
        let name = format!("t{:016x}", fnv(dir.as_os_str().as_encoded_bytes()));
        let mut made = self.made.lock().map_err(|_| "a test panicked")?;
        if !made.contains(&name) {
            let mut admin = self.admin.lock().map_err(|_| "a test panicked")?;
            admin
                .batch_execute(&format!("CREATE DATABASE {name} STRATEGY = FILE_COPY"))
                .map_err(|e| format!("CREATE DATABASE {name}: {e}"))?;
            made.insert(name.clone());
        }
        Ok(format!("{}/{name}", self.base))
    }
}

/// Run a server tool; its output as the error when it fails.
fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Start the watcher that stops the cluster in `data` and removes `root` once this process
/// has gone. It is in a process group of its own, so a Ctrl-C to the tests does not take it.
fn watch(pg_ctl: &Path, data: &str, root: &str) -> Result<(), String> {
    // Stopping a cluster that never started fails quietly; the directory goes either way.
    let script = r#"pid=$1; root=$2; shift 2
while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
"$@" >/dev/null 2>&1
rm -rf "$root""#;
    let stop = server_command(pg_ctl);
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(script)
        .arg("spmp-test-server-watch")
        .arg(std::process::id().to_string())
        .arg(root)
        .arg(stop.get_program())
        .args(stop.get_args())
        .args(["-D", data, "-m", "immediate", "-w", "stop"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    cmd.spawn()
        .map(drop)
        .map_err(|e| format!("starting the watcher: {e}"))
}

/// FNV-1a, to name a directory's database.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
