//! Drive the real `spmp` binary in a pseudo-terminal and read its screen through a VT100 parser.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    /// Everything the program wrote, raw, for checks on what reached the terminal.
    pub raw: Arc<Mutex<Vec<u8>>>,
}

impl Term {
    /// Start the spmp binary with `args` in a `cols` x `rows` terminal, logged in already (see
    /// below).
    pub fn spawn(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Term {
        Self::start(args, cols, rows, env, true)
    }

    /// Start the spmp binary logged in as `user` with `passphrase` (a store the test made, e.g.
    /// with `spmp::demo::create_store`).
    pub fn spawn_as(args: &[&str], cols: u16, rows: u16, user: &str, passphrase: &str) -> Term {
        Self::start(
            args,
            cols,
            rows,
            &[("SPMP_USER", user), ("SPMP_PASSPHRASE", passphrase)],
            false,
        )
    }

    /// Start the spmp binary with no preset login: it shows its login screen.
    pub fn spawn_without_login(args: &[&str], cols: u16, rows: u16) -> Term {
        Self::start(args, cols, rows, &[], false)
    }

    fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)], login: bool) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_spmp"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Log in without the login screen: the demo's reviewer, or the test user of a store
        // made by the test kit (created here when missing). `env` may override both.
        cmd.env_remove("SPMP_USER");
        cmd.env_remove("SPMP_PASSPHRASE");
        if !login {
            // No preset login: the login screen asks.
        } else if args.contains(&"--demo") {
            cmd.env("SPMP_USER", "reviewer");
            cmd.env("SPMP_PASSPHRASE", "demo-reviewer");
        } else {
            if let Some(i) = args.iter().position(|a| *a == "--store")
                && let Some(dir) = args.get(i + 1)
            {
                drop(spmp::store::testkit::open(std::path::Path::new(dir)).expect("test store"));
            }
            cmd.env("SPMP_USER", spmp::store::testkit::TESTER);
            cmd.env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self::attach(pair, cmd, rows, cols)
    }

    fn attach(pair: portable_pty::PtyPair, cmd: CommandBuilder, rows: u16, cols: u16) -> Term {
        let child = pair.slave.spawn_command(cmd).expect("spawn spmp");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = p.lock() {
                    parser.process(&buf[..n]);
                }
                if let Ok(mut raw) = r.lock() {
                    raw.extend_from_slice(&buf[..n]);
                }
            }
        });
        Term {
            parser,
            writer,
            child,
            _master: pair.master,
            raw,
        }
    }

    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Wait until the screen contains `text`; panic with the screen if it never does.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {text:?}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Type `keys` (raw bytes: "\r" is enter, "\x1b" escape, "\t" tab).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
        std::thread::sleep(Duration::from_millis(80));
    }

    /// Send the program `signal` (a name `kill` knows: TERM, HUP, INT).
    pub fn signal(&self, signal: &str) {
        let pid = self.child.process_id().expect("child pid");
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }

    /// An interactive bash (no rc files, job control on) in a `cols` x `rows` terminal, with
    /// `env` set: type commands into it with [`Term::send`].
    pub fn shell(cols: u16, rows: u16, env: &[(&str, &str)]) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PS1", "shell$ ");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self::attach(pair, cmd, rows, cols)
    }

    /// Kill the program with SIGKILL, as a crash or power cut would end it, and wait for it.
    pub fn kill_9(&mut self) {
        let pid = self.child.process_id().expect("child pid");
        let status = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -9 {pid}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !matches!(self.child.try_wait(), Ok(Some(_))) {
            assert!(Instant::now() < deadline, "spmp survived kill -9");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the program to exit and return its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("spmp did not exit; the screen was:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
