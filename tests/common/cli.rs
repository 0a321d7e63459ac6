//! The real binary on a demo store: run `spmp` as a user of it, read what it said.
#![allow(dead_code)]
use std::path::Path;
use std::process::{Command, Output};

use spmp::domain::Role;
use spmp::store::testkit;

/// `spmp --store STORE --today 2026-11-23 ARGS...` logged in as `user` (STORE where
/// [`testkit::place`] keeps the store made for `store`).
pub fn spmp_as(user: &str, store: &Path, args: &[&str]) -> Output {
    spmp_at(user, &testkit::place(store), args)
}

/// [`spmp_as`] on exactly `place` (a directory or a server address), never mapped.
pub fn spmp_at(user: &str, place: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(place)
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", user)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .expect("run spmp")
}

/// Standard output then standard error.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A store holding the demo caseload, with a reviewer, a supervisor and a viewer.
pub fn demo_store(dir: &Path) {
    let mut admin = testkit::open(dir).expect("store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data");
    admin.save_all(&subjects, "seed").expect("seed");
    drop(admin);
    for (name, role) in [
        ("rita.reviewer", Role::Reviewer),
        ("sam.supervisor", Role::Supervisor),
        ("vic.viewer", Role::Viewer),
    ] {
        drop(testkit::open_as(dir, name, &[role]).expect("user"));
    }
}
