//! Search latency per keystroke at 10,000 and 100,000 subjects, index build time, and the
//! baseline: a plain `SkimMatcherV2` scan of the same strings for the same queries.
//!
//! `cargo bench --bench search` prints a table (median and p99 per keystroke, from
//! `SEARCH_BENCH_RUNS` typing runs, default 200) and writes it to `target/search-p99.txt`;
//! criterion then measures whole typed queries. `SEARCH_BENCH_SIZES=10000` limits the sizes.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use spmp::domain::Subject;
use spmp::search::{SearchIndex, Searcher};

#[path = "search/caseload.rs"]
mod caseload;
use caseload::{generate, strings};

/// The plain baseline: skim every string, keep the matches, sort by score.
fn skim_scan(matcher: &SkimMatcherV2, strings: &[String], q: &str) -> usize {
    let mut hits: Vec<(i64, usize)> = strings
        .iter()
        .enumerate()
        .filter_map(|(i, s)| matcher.fuzzy_match(s, q).map(|score| (score, i)))
        .collect();
    hits.sort_unstable_by(|a, b| b.cmp(a));
    hits.len()
}

fn prefixes(q: &str) -> Vec<String> {
    let chars: Vec<char> = q.chars().collect();
    (1..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (median, p99, max) of `samples`, in ms.
fn stats(samples: &mut [Duration]) -> (f64, f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    samples.sort_unstable();
    let at = |p: f64| ms(samples[((samples.len() - 1) as f64 * p).round() as usize]);
    (at(0.5), at(0.99), at(1.0))
}

/// A searcher with `SEARCH_BENCH_THREADS` threads when set.
fn searcher() -> Searcher {
    match std::env::var("SEARCH_BENCH_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => Searcher::new().with_threads(n),
        None => Searcher::new(),
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The table for one caseload size; returns the text.
fn table(
    n: usize,
    subjects: &[Subject],
    index: &SearchIndex,
    queries: &[(&str, String)],
) -> String {
    let runs = env_usize("SEARCH_BENCH_RUNS", 200);
    let base_runs = env_usize("SEARCH_BENCH_BASELINE_RUNS", 2);
    let (all, names) = strings(subjects);
    let skim = SkimMatcherV2::default().ignore_case();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{n} subjects, {} indexed values; per keystroke, ms",
        index.entry_count()
    );
    let _ = writeln!(
        out,
        "{:<6} {:<14} {:>7} {:>8} {:>8} {:>8} | {:>13} {:>13}",
        "query", "typed", "hits", "median", "p99", "max", "skim names", "skim all"
    );
    for (label, q) in queries {
        let typed = prefixes(q);
        let mut samples = vec![Vec::with_capacity(runs); typed.len()];
        let mut totals = vec![0; typed.len()];
        for _ in 0..runs {
            let mut searcher = searcher();
            for (k, p) in typed.iter().enumerate() {
                let t = Instant::now();
                let r = black_box(searcher.query(index, p));
                samples[k].push(t.elapsed());
                totals[k] = r.total;
            }
        }
        for (k, p) in typed.iter().enumerate() {
            let (median, p99, max) = stats(&mut samples[k]);
            let time = |strings: &[String]| {
                let mut t: Vec<Duration> = (0..base_runs)
                    .map(|_| {
                        let t = Instant::now();
                        black_box(skim_scan(&skim, strings, p));
                        t.elapsed()
                    })
                    .collect();
                stats(&mut t).0
            };
            let (base_names, base_all) = (time(&names), time(&all));
            let _ = writeln!(
                out,
                "{label:<6} {:<14} {:>7} {median:>8.2} {p99:>8.2} {max:>8.2} | {base_names:>13.1} {base_all:>13.1}",
                format!("{p:?}"),
                totals[k]
            );
        }
    }
    out
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let sizes = std::env::var("SEARCH_BENCH_SIZES").unwrap_or_else(|_| "10000,100000".into());
    let mut report = String::new();
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let t = Instant::now();
        let subjects = generate(n);
        let generated = t.elapsed();
        let mut builds: Vec<Duration> = (0..3)
            .map(|_| {
                let t = Instant::now();
                black_box(SearchIndex::build(&subjects));
                t.elapsed()
            })
            .collect();
        let (build, _, _) = stats(&mut builds);
        let index = SearchIndex::build(&subjects);
        // A VRM and a phone number from the caseload, typed with a space.
        let vrm = subjects
            .iter()
            .skip(n / 2)
            .find_map(|s| s.section2.vehicles.first())
            .map(|v| v.vrm.clone());
        let number = subjects
            .iter()
            .skip(n / 3)
            .find_map(|s| s.section2.devices.first());
        let national = number
            .and_then(|d| d.number.as_deref())
            .map(spmp::search::normalise_phone)
            .unwrap_or_default();
        let queries = [
            ("name", "siobhan murp".to_string()),
            (
                "VRM",
                vrm.unwrap_or_else(|| "AB12 CDE".into()).to_lowercase(),
            ),
            (
                "phone",
                format!(
                    "{} {}",
                    &national[..5.min(national.len())],
                    &national[5.min(national.len())..]
                ),
            ),
        ];
        let mut text = table(n, &subjects, &index, &queries);
        let _ = writeln!(
            text,
            "build {:.0} ms (median of 3; generating the caseload took {:.0} ms)",
            build,
            ms(generated)
        );
        eprintln!("{text}");
        report.push_str(&text);
        let mut group = c.benchmark_group(format!("search_{n}"));
        for (label, q) in &queries {
            let typed = prefixes(q);
            group.bench_function(format!("type_{label}_{}_keys", typed.len()), |b| {
                b.iter(|| {
                    let mut searcher = searcher();
                    typed
                        .iter()
                        .map(|p| searcher.query(&index, p).total)
                        .sum::<usize>()
                })
            });
            let first = &typed[0];
            group.bench_function(format!("first_key_{label}"), |b| {
                b.iter(|| searcher().query(&index, first).total)
            });
        }
        let (_, names) = strings(&subjects);
        let skim = SkimMatcherV2::default().ignore_case();
        group.bench_function("baseline_skim_names_siobhan", |b| {
            b.iter(|| skim_scan(&skim, &names, "siobhan"))
        });
        group.finish();
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/search-p99.txt");
    if let Err(e) = std::fs::write(path, &report) {
        eprintln!("could not write {path}: {e}");
    }
    c.final_summary();
}
