//! Peak memory of the TUI's start-up path, in a process of its own.
//!
//! ```text
//! cargo run --release --example peak_rss -- create DIR 100000   # generate + save_all, once
//! cargo run --release --example peak_rss -- open DIR            # measure
//! cargo run --release --example peak_rss -- parts DIR           # subjects vs search index
//! ```
//!
//! `open` does what `spmp` does before and just after the first key: `Store::open`, `App::open`
//! (load and decode every subject, search index, queue), a 160x48 frame of the queue, a search
//! typed into the box, and a frame of a subject's Timeline tab; then prints the kernel's
//! high-water mark of resident memory (`VmHWM` in `/proc/self/status`) and the current `VmRSS`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The allocator `spmp` itself uses, counting the bytes it holds for callers (the live heap,
/// beside the resident memory the kernel counts).
struct Counted;
static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
// SAFETY: every call is passed to mimalloc unchanged; only a counter is kept beside it.
unsafe impl std::alloc::GlobalAlloc for Counted {
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: as the caller's contract.
        unsafe { mimalloc::MiMalloc.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: std::alloc::Layout) {
        LIVE.fetch_sub(l.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: as the caller's contract.
        unsafe { mimalloc::MiMalloc.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: std::alloc::Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new, std::sync::atomic::Ordering::Relaxed);
        LIVE.fetch_sub(l.size(), std::sync::atomic::Ordering::Relaxed);
        // SAFETY: as the caller's contract.
        unsafe { mimalloc::MiMalloc.realloc(p, l, new) }
    }
}
#[global_allocator]
static ALLOCATOR: Counted = Counted;
use std::error::Error;
use std::path::Path;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use spmp::domain::Policy;
use spmp::tui::action::Action;
use spmp::tui::app::App;
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn today() -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 11, 23).ok_or_else(|| "bad date".into())
}

/// The `Vm*` lines of `/proc/self/status` that matter here, and the live heap.
fn memory() -> Result<String> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let mut parts: Vec<String> = status
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let live = LIVE.load(std::sync::atomic::Ordering::Relaxed);
    parts.push(format!("heap: {} MB", live / 1_000_000));
    Ok(parts.join(", "))
}

fn create(dir: &Path, n: usize) -> Result<()> {
    let subjects = spmp::generate::caseload(n, spmp::generate::DEFAULT_SEED, today()?);
    let mut store = spmp::store::testkit::open(dir)?;
    store.save_all(&subjects, "seed")?;
    println!("created {n} subjects in {}", dir.display());
    Ok(())
}

fn open(dir: &Path) -> Result<()> {
    println!("before open: {}", memory()?);
    let started = std::time::Instant::now();
    let store = spmp::store::testkit::open(dir)?;
    let opened = started.elapsed();
    let mut app = App::open(
        store,
        Keymap::defaults(),
        Policy::default(),
        Theme::mono(),
        today()?,
        "BENCH: fictional data".to_string(),
    )?;
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    spmp::tui::run::draw(&mut term, &mut app)?;
    println!(
        "{} subjects loaded, first frame drawn {} ms after the store opened ({} ms): {}",
        app.main.subjects.len(),
        (started.elapsed() - opened).as_millis(),
        opened.as_millis(),
        memory()?
    );
    app.dispatch(Action::Search);
    for c in "smith".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        spmp::tui::run::draw(&mut term, &mut app)?;
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.dispatch(Action::Open);
    app.dispatch(Action::TabTimeline);
    spmp::tui::run::draw(&mut term, &mut app)?;
    println!("after a search and a subject's timeline: {}", memory()?);
    app.main.settle(std::time::Duration::from_secs(30));
    spmp::tui::run::draw(&mut term, &mut app)?;
    println!("with the search index built: {}", memory()?);
    Ok(())
}

/// Where the memory goes, as the app loads a caseload: the triaged subjects with their packed
/// search values, then the search index built from the values, then the values dropped.
fn parts(dir: &Path) -> Result<()> {
    let store = spmp::store::testkit::open(dir)?;
    println!("before load: {}", memory()?);
    let started = std::time::Instant::now();
    let (digests, _) = spmp::ops::caseload::digests(&store, &Policy::default(), &mut |_, _| {})?;
    println!(
        "{} digests read in {} ms",
        digests.len(),
        started.elapsed().as_millis()
    );
    drop(digests);
    let started = std::time::Instant::now();
    let caseload =
        spmp::ops::caseload::load_with(&store, &Policy::default(), today()?, &mut |_, _| {})?;
    println!(
        "{} subjects triaged, values packed in {} ms: {}",
        caseload.subjects.len(),
        started.elapsed().as_millis(),
        memory()?
    );
    triage_parts(&caseload.subjects);
    let index = spmp::search::SearchIndex::build_values(&caseload.values);
    println!(
        "search index built ({} values): {}",
        index.entry_count(),
        memory()?
    );
    for (part, bytes) in index.memory() {
        println!("  {part}: {} MB", bytes >> 20);
    }
    drop(caseload.values);
    println!("values dropped: {}", memory()?);
    Ok(())
}

/// The heap each part of the triages holds (measured as the bytes a copy of it takes).
fn triage_parts(triages: &[spmp::domain::Triage]) {
    let live = || LIVE.load(std::sync::atomic::Ordering::Relaxed);
    let part = |name: &str, make: &dyn Fn() -> Box<dyn std::any::Any>| {
        let before = live();
        let made = make();
        println!("  {name}: {} MB", live().saturating_sub(before) / 1_000_000);
        drop(made);
    };
    println!(
        "triages ({} B each inline), as copies:",
        std::mem::size_of::<spmp::domain::Triage>()
    );
    part("all", &|| Box::new(triages.to_vec()));
    part("reasons", &|| {
        Box::new(
            triages
                .iter()
                .map(|t| t.reasons.clone())
                .collect::<Vec<_>>(),
        )
    });
    part("names, aliases, identifiers", &|| {
        Box::new(
            triages
                .iter()
                .map(|t| {
                    let names = (t.family_name.clone(), t.given_names.clone());
                    (
                        names,
                        t.aliases.clone(),
                        t.pnc_id.clone(),
                        t.niche_ref.clone(),
                    )
                })
                .collect::<Vec<_>>(),
        )
    });
    part("officers", &|| {
        Box::new(
            triages
                .iter()
                .map(|t| (t.officer.clone(), t.officer_user.clone()))
                .collect::<Vec<_>>(),
        )
    });
    part("a queue of QueueEntry (as `spmp queue` makes)", &|| {
        Box::new(spmp::domain::queue_of(
            triages,
            &spmp::domain::QueueFilter::default(),
        ))
    });
}

fn main() -> Result<()> {
    spmp::memory::small_pages();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir] if cmd == "open" => open(Path::new(dir)),
        [cmd, dir] if cmd == "parts" => parts(Path::new(dir)),
        [cmd, dir, n] if cmd == "create" => create(Path::new(dir), n.parse()?),
        _ => Err("usage: peak_rss create DIR N | open DIR | parts DIR".into()),
    }
}
