//! A throwaway PostgreSQL cluster for the server tier: `initdb` and `pg_ctl` from the Debian
//! packages, in a temporary directory, listening only on a Unix socket there, stopped when
//! dropped. initdb refuses to run as root, so as root the cluster runs as `nobody`.
//!
//! Without the server binaries the tier is skipped with a visible line, unless
//! `SPMP_REQUIRE_SERVER_TESTS` is set (`.ci/run` sets it): then a missing server fails.
#![allow(dead_code)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A running cluster.
pub struct Cluster {
    root: tempfile::TempDir,
    bin: PathBuf,
    /// The TCP port of a cluster started with TLS.
    port: Option<u16>,
    /// The server's options, to start it again.
    options: std::cell::RefCell<String>,
    /// The superuser's password, when the socket asks for one.
    password: Option<String>,
}

use spmp::store::testkit::server::{percent, server_bin, server_command};

/// Make `path` the server's (as root the server runs as `nobody`).
fn give_to_server(path: &Path) {
    spmp::store::testkit::server::give_to_server(path).unwrap_or_else(|e| panic!("{e}"));
}

impl Cluster {
    /// Start a cluster, or `None` (with a line saying so) when the server is not installed.
    pub fn start(test: &str) -> Option<Cluster> {
        Self::start_with(test, false, None)
    }

    /// A cluster whose socket asks for a password (SCRAM): user `spmp`, password `password`.
    pub fn start_with_password(test: &str, password: &str) -> Option<Cluster> {
        Self::start_with(test, false, Some(password))
    }

    /// A cluster that also listens on 127.0.0.1 with TLS only (`hostssl`), its certificate
    /// issued by a CA made here ([`Cluster::ca`]) for the address 127.0.0.1.
    pub fn start_tls(test: &str) -> Option<Cluster> {
        Self::start_with(test, true, None)
    }

    fn start_with(test: &str, tls: bool, password: Option<&str>) -> Option<Cluster> {
        let Some(bin) = server_bin() else {
            assert!(
                std::env::var_os("SPMP_REQUIRE_SERVER_TESTS").is_none(),
                "SPMP_REQUIRE_SERVER_TESTS is set but PostgreSQL's server binaries are not \
                 installed (Debian: apt-get install postgresql)"
            );
            eprintln!("SKIPPED (server tier) {test}: PostgreSQL is not installed");
            return None;
        };
        let root = tempfile::Builder::new()
            .prefix("spmp-pg")
            .tempdir_in("/tmp")
            .expect("temp dir");
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let port = tls.then(|| {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            l.local_addr().expect("port").port()
        });
        let cluster = Cluster {
            root,
            bin,
            port,
            options: std::cell::RefCell::new(String::new()),
            password: password.map(str::to_string),
        };
        give_to_server(cluster.root.path());
        let data = cluster.data();
        let mut initdb = vec![
            "-D",
            path(&data),
            "-U",
            "spmp",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ];
        let pwfile = cluster.root.path().join("pwfile");
        if let Some(pw) = password {
            std::fs::write(&pwfile, format!("{pw}\n")).expect("pwfile");
            give_to_server(&pwfile);
            initdb.extend(["-A", "scram-sha-256", "--pwfile", path(&pwfile)]);
        } else {
            initdb.extend(["-A", "trust"]);
        }
        cluster.run("initdb", &initdb);
        let mut options = format!(
            "-k {} -c listen_addresses='' -c fsync=on -c max_connections=60",
            path(cluster.root.path())
        );
        if let Some(port) = port {
            cluster.make_certificates();
            std::fs::write(
                data.join("pg_hba.conf"),
                "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
            )
            .expect("pg_hba.conf");
            let root = path(cluster.root.path());
            options = format!(
                "-k {root} -c listen_addresses=127.0.0.1 -p {port} -c ssl=on \
                 -c ssl_cert_file={root}/server.pem -c ssl_key_file={root}/server.key \
                 -c fsync=on -c max_connections=60"
            );
        }
        *cluster.options.borrow_mut() = options;
        cluster.start_again();
        Some(cluster)
    }

    /// The port in the name of the socket.
    fn socket_port(&self) -> String {
        self.port.unwrap_or(5432).to_string()
    }

    /// The CA certificate (PEM) the TLS cluster's certificate chains to.
    pub fn ca(&self) -> PathBuf {
        self.root.path().join("ca.pem")
    }

    /// The address of database `name` over TCP (TLS clusters).
    pub fn tcp_url(&self, name: &str) -> String {
        let port = self.port.expect("a cluster started with TLS");
        format!("postgresql://spmp@127.0.0.1:{port}/{name}")
    }

    fn make_certificates(&self) {
        let dir = self.root.path();
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .expect("openssl");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=spmp test CA",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ]);
        std::fs::write(
            dir.join("ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
        )
        .expect("ext");
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext",
        ]);
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .expect("chmod key");
        for f in ["server.key", "server.pem", "ca.pem"] {
            give_to_server(&dir.join(f));
        }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    /// Run one of the server's tools (as `nobody` when we are root); panics on failure.
    fn run(&self, tool: &str, args: &[&str]) {
        let out = self.command(tool, args).output().expect("server tool");
        assert!(
            out.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn command(&self, tool: &str, args: &[&str]) -> Command {
        let mut cmd = server_command(&self.bin.join(tool));
        cmd.args(args)
            .stdin(Stdio::null())
            .current_dir(self.root.path());
        cmd
    }

    /// The socket directory.
    pub fn socket(&self) -> &Path {
        self.root.path()
    }

    /// Make database `name` and return its address.
    pub fn database(&self, name: &str) -> String {
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        self.url(name)
    }

    /// The address of database `name` as user `spmp`.
    pub fn url(&self, name: &str) -> String {
        format!("postgresql://spmp@{}/{name}", percent(path(self.socket())))
    }

    /// Run SQL in database `db` as the superuser; panics on failure.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        self.try_psql(db, sql)
            .unwrap_or_else(|e| panic!("psql {sql:?} failed: {e}"))
    }

    /// Run SQL in database `db` as the superuser: its output, or the server's error.
    pub fn try_psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let out = self
            .client("psql", db)
            .args(["-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output()
            .expect("psql");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// A client tool of the server's, connected to database `db` as the superuser.
    fn client(&self, tool: &str, db: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(tool));
        cmd.args(["-h", path(self.socket()), "-p", &self.socket_port()])
            .args(["-U", "spmp", "-d", db])
            .envs(self.password.iter().map(|p| ("PGPASSWORD", p.as_str())));
        cmd
    }

    /// `pg_dump` of database `db`, as text.
    pub fn dump(&self, db: &str) -> Vec<u8> {
        let out = self.client("pg_dump", db).output().expect("pg_dump");
        assert!(
            out.status.success(),
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Start the server (again, after [`Cluster::stop`]).
    pub fn start_again(&self) {
        let data = self.data();
        let options = self.options.borrow().clone();
        self.run(
            "pg_ctl",
            &[
                "-D",
                path(&data),
                "-o",
                &options,
                "-l",
                path(&self.root.path().join("log")),
                "-w",
                "start",
            ],
        );
    }

    /// Stop the server now (it is stopped on drop too).
    pub fn stop(&self) {
        let data = self.data();
        let _ = self
            .command(
                "pg_ctl",
                &["-D", path(&data), "-m", "immediate", "-w", "stop"],
            )
            .output();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
