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

/// The allocator `spmp` itself uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
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

/// The `Vm*` lines of `/proc/self/status` that matter here.
fn memory() -> Result<String> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    Ok(status
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", "))
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
    let store = spmp::store::testkit::open(dir)?;
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
        "{} subjects loaded, first frame drawn: {}",
        app.main.subjects.len(),
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
    Ok(())
}

/// Where the memory goes: resident memory after loading every subject, then after building the
/// search index over them (without the app).
fn parts(dir: &Path) -> Result<()> {
    let store = spmp::store::testkit::open(dir)?;
    println!("before load: {}", memory()?);
    let subjects = store.load_all()?;
    println!("{} subjects decoded: {}", subjects.len(), memory()?);
    let index = spmp::search::SearchIndex::build(&subjects);
    println!(
        "search index built ({} values): {}",
        index.entry_count(),
        memory()?
    );
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir] if cmd == "open" => open(Path::new(dir)),
        [cmd, dir] if cmd == "parts" => parts(Path::new(dir)),
        [cmd, dir, n] if cmd == "create" => create(Path::new(dir), n.parse()?),
        _ => Err("usage: peak_rss create DIR N | open DIR | parts DIR".into()),
    }
}
