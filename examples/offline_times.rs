//! Offline working sets (docs/PERFORMANCE.md, issue 16): how long a checkout of N subjects and
//! their check-in take on an office store, with the working set's real key derivation (as
//! `spmp checkout make` and `spmp checkin` make and open it). Half the subjects are changed on
//! the laptop and a tenth of those in the office too (other fields), so the check-in merges.
//!
//! ```text
//! cargo run --release --example offline_times -- DIR|postgresql://... [subjects] [runs]
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::time::{Duration, Instant};

use spmp::domain::Side;
use spmp::ops::offline::{check_in, check_out};
use spmp::store::testkit::edit;
use spmp::store::{Store, StoreOptions, testkit};

/// The allocator `spmp` itself uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let place = args
        .next()
        .expect("usage: offline_times DIR|postgresql://... [subjects] [runs]");
    let n: u64 = args.next().map_or(200, |a| a.parse().expect("subjects"));
    let runs: usize = args.next().map_or(3, |a| a.parse().expect("runs"));
    let place = Path::new(&place);
    let today = chrono::Local::now().date_naive();
    let mut office = testkit::open(place).unwrap();
    if office.count().unwrap() < n {
        let subjects = spmp::generate::caseload(n as usize, 7, today);
        office.save_all(&subjects, "seed").unwrap();
    }
    let ids: Vec<u64> = office
        .load_all()
        .unwrap()
        .iter()
        .map(|s| s.id)
        .take(n as usize)
        .collect();
    let login = testkit::login(testkit::TESTER);
    // The working set as the commands make it: the real key derivation.
    let ws_opts = StoreOptions::default();
    let mut outs = Vec::new();
    let mut ins = Vec::new();
    for run in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let ws_dir = dir.path().join("ws");
        let t = Instant::now();
        check_out(&mut office, &login, &ids, (today, 7), &ws_dir, &ws_opts).unwrap();
        outs.push(t.elapsed());
        let mut ws = Store::open_with(&ws_dir, &ws_opts, &login).unwrap();
        for (i, &id) in ids.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
            edit(&mut ws, id, |s| {
                s.officer = Some(format!("DC Laptop {run}"))
            });
            if i % 20 == 0 {
                edit(&mut office, id, |s| {
                    s.next_review = Some(today + chrono::Days::new(9));
                });
            }
        }
        drop(ws);
        let t = Instant::now();
        let done = check_in(&mut office, &ws_dir, &login, Some(Side::Mine), &ws_opts).unwrap();
        ins.push(t.elapsed());
        assert!(done.done);
        assert_eq!(done.applied.len(), ids.len().div_ceil(2));
    }
    let show = |what: &str, mut v: Vec<Duration>| {
        v.sort();
        println!(
            "{what} of {} subjects: min {:.2?} median {:.2?} max {:.2?} ({} runs)",
            ids.len(),
            v[0],
            v[v.len() / 2],
            v[v.len() - 1],
            v.len()
        );
    };
    show("checkout", outs);
    show("check-in", ins);
}
