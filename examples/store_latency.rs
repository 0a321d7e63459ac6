//! Durable saves and refresh latency on any store (docs/PERFORMANCE.md, issue 15): `N` saves of
//! one subject through the same use case the app's forms use (load, change, commit with the
//! merge), each timed to its commit; then, with a second connection of another user watching,
//! how long after each commit that connection's change counter moves (what the app looks at
//! every second).
//!
//! ```text
//! cargo run --release --example store_latency -- DIR|postgresql://... [saves]
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::time::{Duration, Instant};

use spmp::domain::Role;
use spmp::store::testkit;

/// The allocator `spmp` itself uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn p(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{what}: n={} p50={:.2?} p95={:.2?} p99={:.2?} max={:.2?}",
        times.len(),
        p(&times, 0.5),
        p(&times, 0.95),
        p(&times, 0.99),
        times[times.len() - 1]
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let place = args
        .next()
        .expect("a store directory or a postgresql:// address");
    let saves: usize = args.next().map_or(300, |a| a.parse().unwrap());
    let at = Path::new(&place);
    let mut store = testkit::open(at).expect("open the store");
    let id = 900_001;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    if store.load(id).unwrap().is_none() {
        let s = spmp::domain::Subject::new(id, "Latency", "Fictional", today);
        store.save(&s, "added").unwrap();
    }
    let watcher = testkit::open_as(at, "watcher", &[Role::Viewer]).expect("second user");
    let mut save_times = Vec::with_capacity(saves);
    let mut seen_times = Vec::with_capacity(saves);
    for n in 0..saves {
        let before = watcher.data_version().unwrap();
        let (base, version) = spmp::ops::item::load(&store, id).unwrap();
        let mut mine = base.clone();
        mine.section1.narrative = format!("save {n}");
        let t = Instant::now();
        spmp::ops::merge::commit(&mut store, &base, version, &mine, "latency").unwrap();
        save_times.push(t.elapsed());
        let t = Instant::now();
        while watcher.data_version().unwrap() == before {
            assert!(t.elapsed() < Duration::from_secs(10), "no news after 10 s");
            std::thread::sleep(Duration::from_micros(200));
        }
        seen_times.push(t.elapsed());
    }
    report("durable save (commit returned)", save_times);
    report("commit seen by another connection", seen_times);
}
