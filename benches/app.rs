//! The app end to end at 10,000 and 100,000 subjects: one frame (queue home screen, a subject's
//! Section 1 and Timeline tabs) at 160x48 on ratatui's `TestBackend`; opening the store to the
//! first frame; a durable save of one changed subject (median and p99 over `APP_BENCH_SAVES`
//! commits, default 200); importing the whole interchange file (parse + `save_all`).
//!
//! `cargo bench --bench app` prints a summary and writes it to `target/app-bench.txt`.
//! `APP_BENCH_SIZES=10000` limits the sizes. Each store is created once per run (its time is
//! printed) and reused by every measurement of that size; the page cache is warm.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use spmp::domain::Policy;
use spmp::domain::Subject;
use spmp::store::Commit;
use spmp::tui::action::Action;
use spmp::tui::app::App;
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (median, p99, max) of `samples`, in ms (nearest rank, as in benches/search.rs).
fn stats(samples: &mut [Duration]) -> (f64, f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    samples.sort_unstable();
    let at = |p: f64| ms(samples[((samples.len() - 1) as f64 * p).round() as usize]);
    (at(0.5), at(0.99), at(1.0))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

/// What the binary does at start-up: open the store, open the app, draw the first frame.
fn open_app(dir: &Path) -> App {
    let store = spmp::store::testkit::open(dir).expect("open store");
    App::open(
        store,
        Keymap::defaults(),
        Policy::default(),
        Theme::mono(),
        today(),
        "BENCH: fictional data".to_string(),
    )
    .expect("open app")
}

fn open_to_first_frame(dir: &Path) -> App {
    let mut app = open_app(dir);
    spmp::tui::run::draw(&mut terminal(), &mut app).expect("draw");
    app
}

/// Where start-up time goes, median of 3 runs each: store open, load + decode, search index,
/// queue, the whole `App::open`, and the first frame.
fn phases(dir: &Path) -> String {
    let median = |f: &mut dyn FnMut() -> Duration| {
        let mut t: Vec<Duration> = (0..3).map(|_| f()).collect();
        stats(&mut t).0
    };
    let open = median(&mut || {
        let t = Instant::now();
        black_box(spmp::store::testkit::open(dir).expect("open store"));
        t.elapsed()
    });
    // The bytes alone: SQLite reading every payload, no decoding.
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).expect("open db");
    let read = median(&mut || {
        let t = Instant::now();
        let mut stmt = conn
            .prepare("SELECT id, payload FROM subjects ORDER BY id")
            .expect("prepare");
        let bytes: usize = stmt
            .query_map([], |r| r.get::<_, Vec<u8>>(1))
            .expect("query")
            .map(|p| p.expect("row").len())
            .sum();
        black_box(bytes);
        t.elapsed()
    });
    drop(conn);
    let store = spmp::store::testkit::open(dir).expect("open store");
    let load = median(&mut || {
        let t = Instant::now();
        black_box(store.load_all().expect("load_all"));
        t.elapsed()
    });
    let subjects = store.load_all().expect("load_all");
    let index = median(&mut || {
        let t = Instant::now();
        black_box(spmp::search::SearchIndex::build(&subjects));
        t.elapsed()
    });
    let config = Policy::default();
    let queue = median(&mut || {
        let t = Instant::now();
        black_box(spmp::domain::queue(
            &subjects,
            &config,
            today(),
            &spmp::domain::QueueFilter::default(),
        ));
        t.elapsed()
    });
    drop((store, subjects));
    let mut app = None;
    let app_open = median(&mut || {
        let t = Instant::now();
        let opened = open_app(dir);
        let took = t.elapsed();
        app = Some(opened);
        took
    });
    let mut app = app.expect("opened");
    let frame = median(&mut || {
        let t = Instant::now();
        spmp::tui::run::draw(&mut terminal(), &mut app).expect("draw");
        t.elapsed()
    });
    format!(
        "start-up phases (median of 3, ms): Store::open {open:.1}, read payloads {read:.0}, \
         load_all (read + decode) {load:.0}, \
         SearchIndex::build {index:.0}, queue {queue:.0}; App::open in all {app_open:.0}; \
         first frame on a new terminal {frame:.1}"
    )
}

/// A fresh store in a temp dir holding `subjects` (one `save_all`).
fn seed_store(subjects: &[Subject]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = spmp::store::testkit::open(dir.path()).expect("open store");
    store.save_all(subjects, "seed").expect("seed the store");
    dir
}

/// `saves` durable commits of one subject, each changing one field; the duration of each.
fn commits(dir: &Path, subject: &Subject, saves: usize) -> Vec<Duration> {
    let mut store = spmp::store::testkit::open(dir).expect("open store");
    let mut version = store.version(subject.id).expect("version");
    let mut edited = subject.clone();
    (0..saves)
        .map(|i| {
            edited.niche_ref = Some(format!("NB-BENCH-{i:05}"));
            let t = Instant::now();
            let v = store
                .commit(&Commit {
                    subject: &edited,
                    expected_version: version,
                    summary: "Edited Niche reference",
                })
                .expect("commit");
            let took = t.elapsed();
            version = Some(v);
            took
        })
        .collect()
}

/// Parse the interchange text and save it all into a fresh store (what `spmp import` does).
fn import(text: &str, dir: &Path) -> (Duration, Duration) {
    let t = Instant::now();
    let subjects = spmp::interchange::parse(text).expect("parse");
    let parsed = t.elapsed();
    let mut store = spmp::store::testkit::open(dir).expect("open store");
    store.save_all(&subjects, "import").expect("save_all");
    (parsed, t.elapsed() - parsed)
}

fn bench_size(c: &mut Criterion, n: usize, report: &mut String) {
    let mut text = String::new();
    let t = Instant::now();
    let subjects = spmp::generate::caseload(n, spmp::generate::DEFAULT_SEED, today());
    let generated = t.elapsed();
    let t = Instant::now();
    let dir = seed_store(&subjects);
    let seeded = t.elapsed();
    let _ = writeln!(
        text,
        "\n{n} subjects: generated in {:.0} ms; store created (save_all) in {:.1} s",
        ms(generated),
        seeded.as_secs_f64()
    );
    eprint!("{text}");

    let _ = writeln!(text, "{}", phases(dir.path()));
    let mut group = c.benchmark_group(format!("app_{n}"));
    group.bench_function("open_to_first_frame", |b| {
        b.iter_with_large_drop(|| open_to_first_frame(dir.path()))
    });

    // Frames on a terminal that stays up, as in the running app.
    let mut app = open_app(dir.path());
    let mut term = terminal();
    group.bench_function("frame_queue", |b| {
        b.iter(|| spmp::tui::run::draw(&mut term, &mut app).expect("draw"))
    });
    app.dispatch(Action::Open);
    app.dispatch(Action::TabSection1);
    let current = app.main.current().cloned().expect("a subject is selected");
    let events = spmp::domain::timeline(&current, app.main.policy.notification_days).len();
    let _ = writeln!(
        text,
        "subject frames: subject {} (first in the queue), {} timeline events",
        current.id, events
    );
    group.bench_function("frame_subject_section1", |b| {
        b.iter(|| spmp::tui::run::draw(&mut term, &mut app).expect("draw"))
    });
    app.dispatch(Action::TabTimeline);
    group.bench_function("frame_subject_timeline", |b| {
        b.iter(|| spmp::tui::run::draw(&mut term, &mut app).expect("draw"))
    });
    drop(app);

    // Durable saves: WAL, synchronous=FULL; one fsync'd transaction each.
    let saves = env_usize("APP_BENCH_SAVES", 200);
    let mut samples = commits(dir.path(), &subjects[n / 2], saves);
    let (median, p99, max) = stats(&mut samples);
    let _ = writeln!(
        text,
        "commit one changed subject ({saves} saves): median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );

    // Import of the whole file, as `spmp export` writes it.
    let json = spmp::interchange::to_json(&subjects).expect("serialises");
    drop(subjects);
    let mb = json.len() as f64 / 1e6;
    if n <= 10_000 {
        group.bench_function("import_parse_save_all", |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("tempdir"),
                |fresh| {
                    black_box(import(&json, fresh.path()));
                    fresh
                },
                BatchSize::PerIteration,
            )
        });
    }
    let fresh = tempfile::tempdir().expect("tempdir");
    let (parsed, saved) = import(&json, fresh.path());
    let _ = writeln!(
        text,
        "import of a {mb:.1} MB file, measured once: {:.2} s (parse {:.2} s + save_all {:.2} s)",
        (parsed + saved).as_secs_f64(),
        parsed.as_secs_f64(),
        saved.as_secs_f64()
    );
    group.finish();
    // The first line was printed before the measurements.
    eprintln!("{}", text.lines().skip(2).collect::<Vec<_>>().join("\n"));
    report.push_str(&text);
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let sizes = std::env::var("APP_BENCH_SIZES").unwrap_or_else(|_| "10000,100000".into());
    let mut report = String::new();
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        bench_size(&mut c, n, &mut report);
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/app-bench.txt");
    if let Err(e) = std::fs::write(path, &report) {
        eprintln!("could not write {path}: {e}");
    }
    c.final_summary();
}
