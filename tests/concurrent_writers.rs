//! Several processes saving to one store at once (issue 15, point 3, on the SQLite store): eight
//! writers, each saving in turn its own field of a subject they all edit (so every save after
//! the first meets a newer version and is merged) and a field of a subject of its own. Every
//! acknowledged save is present at the end, no field went back to an older value, and the audit
//! chain verifies.
//!
//! The writers are this test binary, re-executed to run the ignored test `writer_child`;
//! each prints `ACK <shared|own> <n>` only after the save returned.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::app::today;
use spmp::domain::{Role, Subject, SubjectId, Vehicle};
use spmp::ops::{self, OpsError};
use spmp::store::{StoreError, testkit};

const STORE_ENV: &str = "SPMP_WRITERS_STORE";
const WRITER_ENV: &str = "SPMP_WRITER";
const SAVES_ENV: &str = "SPMP_WRITER_SAVES";
const WRITERS: usize = 8;
/// Saves per writer (half on the shared subject); `SPMP_WRITER_SAVES` changes it.
const SAVES: usize = 300;
/// The subject every writer edits.
const SHARED: SubjectId = 1;

fn user(k: usize) -> String {
    format!("writer{k}")
}

/// Writer `k`'s own subject.
fn own(k: usize) -> SubjectId {
    10 + k as SubjectId
}

fn saves() -> usize {
    std::env::var(SAVES_ENV)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(SAVES)
}

/// Save `change` of subject `id` as a form would (load, change, commit with the merge), and
/// again, as a user would, while the store is busy with another writer or others kept saving
/// the subject through every merge (nothing was written then).
fn save(store: &mut spmp::store::Store, id: SubjectId, change: impl Fn(&mut Subject)) {
    for _ in 0..1_000 {
        let (base, version) = ops::item::load(store, id).expect("load");
        let mut mine = base.clone();
        change(&mut mine);
        match ops::merge::commit(store, &base, version, &mine, "concurrent edit") {
            Ok(_) => return,
            Err(OpsError::Store(StoreError::Busy { .. })) => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(OpsError::Refused(why)) if why.contains("save again") => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("save of subject {id} failed: {e}"),
        }
    }
    panic!("the store stayed busy");
}

#[test]
#[ignore = "run by eight_writers_lose_nothing_and_revert_nothing as its child processes"]
fn writer_child() {
    let (Some(dir), Some(k)) = (
        std::env::var_os(STORE_ENV),
        std::env::var(WRITER_ENV)
            .ok()
            .and_then(|k| k.parse::<usize>().ok()),
    ) else {
        return;
    };
    let mut store = testkit::open_as(Path::new(&dir), &user(k), &[Role::Reviewer])
        .expect("the writer opens the store");
    let mut out = std::io::stdout();
    for n in 0..saves() {
        if n % 2 == 0 {
            let value = format!("w{k}-{n}");
            save(&mut store, SHARED, |s| {
                s.section2.vehicles[k].colour = value.clone()
            });
            writeln!(out, "ACK shared {n}").expect("stdout");
        } else {
            let value = format!("w{k}-{n}");
            save(&mut store, own(k), |s| s.section1.narrative = value.clone());
            writeln!(out, "ACK own {n}").expect("stdout");
        }
        out.flush().expect("stdout");
    }
}

#[test]
fn eight_writers_lose_nothing_and_revert_nothing() {
    // On the server the same is `eight_writers_on_a_server_store_lose_nothing_and_revert_nothing`.
    if common::store::sqlite_only(
        "eight_writers_lose_nothing_and_revert_nothing: writers meeting SQLite's write lock \
         (the server store's variant is the next test)",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    eight_writers_on(dir.path());
}

/// The same on a server store (issue 15, point 3): eight workstations, one PostgreSQL store.
#[test]
fn eight_writers_on_a_server_store_lose_nothing_and_revert_nothing() {
    let Some(pg) = common::server::Cluster::start("eight writers on a server store") else {
        return;
    };
    let url = pg.database("unit");
    eight_writers_on(Path::new(&url));
}

fn eight_writers_on(store: &Path) {
    {
        let mut admin = testkit::open(store).unwrap();
        let mut shared = Subject::new(SHARED, "Shared", "Fictional", today());
        shared.section2.vehicles = (0..WRITERS)
            .map(|k| Vehicle {
                id: k as u32 + 1,
                vrm: format!("AB{k:02} CDE"),
                make: "Ford".into(),
                model: "Fiesta".into(),
                colour: "white".into(),
                markers: String::new(),
            })
            .collect();
        let mut all = vec![shared];
        all.extend((0..WRITERS).map(|k| Subject::new(own(k), "Own", &user(k), today())));
        admin.save_all(&all, "seed").unwrap();
        drop(admin);
        // The writers' accounts made now, not raced for by the writers.
        for k in 0..WRITERS {
            drop(testkit::open_as(store, &user(k), &[Role::Reviewer]).unwrap());
        }
    }
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..WRITERS)
        .map(|k| {
            Command::new(&exe)
                .args(["--exact", "writer_child", "--ignored", "--nocapture"])
                .env(STORE_ENV, store)
                .env(WRITER_ENV, k.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut last = Vec::new();
    for (k, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        let acks: Vec<(String, usize)> = BufReader::new(&out.stdout[..])
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| {
                let mut parts = l.strip_prefix("ACK ")?.split(' ');
                Some((parts.next()?.to_string(), parts.next()?.parse().ok()?))
            })
            .collect();
        assert!(
            out.status.success(),
            "writer {k} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(acks.len(), saves(), "writer {k} acknowledged every save");
        let last_of = |what: &str| {
            acks.iter()
                .filter(|(w, _)| w == what)
                .map(|(_, n)| *n)
                .max()
                .unwrap()
        };
        last.push((last_of("shared"), last_of("own")));
    }
    let store = testkit::open(store).unwrap();
    let shared = store.load(SHARED).unwrap().unwrap();
    for (k, (shared_n, own_n)) in last.iter().enumerate() {
        assert_eq!(
            shared.section2.vehicles[k].colour,
            format!("w{k}-{shared_n}"),
            "writer {k}'s last save on the shared subject stands"
        );
        let mine = store.load(own(k)).unwrap().unwrap();
        assert_eq!(mine.section1.narrative, format!("w{k}-{own_n}"));
    }
    // Every save is in the history: the seed, then each writer's.
    let history = store.history(SHARED).unwrap();
    assert_eq!(history.len(), 1 + WRITERS * saves().div_ceil(2));
    assert!(store.verify_audit().unwrap().is_ok());
    assert!(store.verify().unwrap().faults.is_empty());
}
