//! fuzzy-matcher against nucleo-matcher on the same candidates (docs/PERFORMANCE.md,
//! "Matchers"): every folded name, alias and address line of a generated caseload, scored
//! against a few queries, as `Matcher::score` is called when a page is ranked.
//!
//! ```text
//! cargo run --release --example matchers -- 100000
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;

use spmp::search::Matcher;

/// The allocator `spmp` itself uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let subjects = spmp::generate::caseload(n, spmp::generate::DEFAULT_SEED, today);
    let mut keys = Vec::new();
    for s in &subjects {
        keys.push(spmp::search::fold(&format!(
            "{} {}",
            s.given_names, s.family_name
        )));
        keys.extend(s.aliases.iter().map(|a| spmp::search::fold(a)));
        keys.extend(s.addresses.iter().map(|a| spmp::search::fold(&a.lines)));
    }
    drop(subjects);
    println!("{} candidates", keys.len());
    let skim = spmp::search::SkimMatcher::default();
    let nucleo = spmp::search::NucleoMatcher;
    for q in ["smi", "jones", "rd", "mrtn", "high street", "ab", "xq"] {
        let t = Instant::now();
        let skim_hits = keys.iter().filter(|k| skim.score(k, q).is_some()).count();
        let skim_time = t.elapsed();
        let t = Instant::now();
        let nucleo_hits = keys.iter().filter(|k| nucleo.score(k, q).is_some()).count();
        let nucleo_time = t.elapsed();
        println!(
            "{q:>12}: fuzzy-matcher {skim_time:>10.2?} ({skim_hits} hits), nucleo-matcher \
             {nucleo_time:>10.2?} ({nucleo_hits} hits), ratio {:.2}",
            skim_time.as_secs_f64() / nucleo_time.as_secs_f64()
        );
    }
}
