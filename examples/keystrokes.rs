//! Per keystroke at a large caseload (docs/PERFORMANCE.md): the first page
//! (`search::first_page`, what the list shows at once) and the complete result (`Searcher`,
//! what the background pass sends), typing queries one key at a time.
//!
//! ```text
//! cargo run --release --example keystrokes -- 100000 [runs]
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::{Duration, Instant};

/// The allocator `spmp` itself uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn p(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(100_000, |a| a.parse().unwrap());
    let runs: usize = args.next().map_or(20, |a| a.parse().unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let summaries: Vec<_> = spmp::generate::caseload(n, spmp::generate::DEFAULT_SEED, today)
        .into_iter()
        .map(spmp::domain::into_summary)
        .collect();
    let t = Instant::now();
    let index = spmp::search::SearchIndex::build(&summaries);
    println!(
        "{n} subjects, {} values, index built in {:?}",
        index.entry_count(),
        t.elapsed()
    );
    let family = summaries[n / 3].family_name.to_lowercase();
    let vrm = summaries
        .iter()
        .find_map(|s| s.section2.vehicles.first().map(|v| v.vrm.to_lowercase()))
        .unwrap_or_else(|| "ab12 cde".into());
    let street = summaries[n / 2]
        .addresses
        .first()
        .map_or("high street".to_string(), |a| a.lines.to_lowercase());
    let street: String = street.chars().take(14).collect();
    for query in [
        "smith",
        family.as_str(),
        vrm.as_str(),
        street.as_str(),
        "07700 900",
    ] {
        let (mut first, mut complete) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let mut searcher = spmp::search::Searcher::new();
            for k in 1..=query.chars().count() {
                let q: String = query.chars().take(k).collect();
                let t = Instant::now();
                std::hint::black_box(spmp::search::first_page(&index, &q, spmp::search::PAGE));
                first.push(t.elapsed());
                let t = Instant::now();
                std::hint::black_box(searcher.query(&index, &q));
                complete.push(t.elapsed());
            }
        }
        first.sort();
        complete.sort();
        println!(
            "{query:>16}: first page median {:>9.2?} p99 {:>9.2?} max {:>9.2?} | complete median {:>9.2?} p99 {:>9.2?} max {:>9.2?}",
            p(&first, 0.5),
            p(&first, 0.99),
            first[first.len() - 1],
            p(&complete, 0.5),
            p(&complete, 0.99),
            complete[complete.len() - 1]
        );
    }
}
