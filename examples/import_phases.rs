//! Where an import's time goes (docs/PERFORMANCE.md): the whole-file reader, the stream reader,
//! and saving the subjects into a fresh store, each timed alone.
//!
//! ```text
//! cargo run --release --example import_phases -- FILE.json STORE_DIR
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The allocator `spmp` itself uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (file, dir) = (&args[1], std::path::Path::new(&args[2]));
    let t = Instant::now();
    let text = std::fs::read_to_string(file).unwrap();
    println!("read the file: {:?}", t.elapsed());
    let t = Instant::now();
    let whole = spmp::interchange::parse(&text).unwrap();
    println!(
        "whole-file reader: {:?} ({} subjects)",
        t.elapsed(),
        whole.len()
    );
    pieces(&text);
    drop(text);
    let t = Instant::now();
    let mut n = 0;
    spmp::interchange::read(std::fs::File::open(file).unwrap(), &mut |_, _| {
        n += 1;
        Ok(())
    })
    .unwrap();
    println!("stream reader: {:?} ({n} subjects)", t.elapsed());
    let mut store = spmp::store::testkit::open(dir).unwrap();
    let t = Instant::now();
    store.save_all(&whole, "import").unwrap();
    println!("save_all: {:?}", t.elapsed());
}

#[allow(dead_code)]
fn pieces(text: &str) {
    #[derive(serde::Deserialize)]
    struct Env<'a> {
        #[serde(borrow)]
        subjects: Vec<&'a serde_json::value::RawValue>,
    }
    let env: Env<'_> = serde_json::from_str(text).unwrap();
    let raws: Vec<&str> = env.subjects.iter().map(|r| r.get()).collect();
    let t = Instant::now();
    for r in &raws {
        let _: serde_json::Value = serde_json::from_str(r).unwrap();
    }
    println!("  Value: {:?}", t.elapsed());
    let t = Instant::now();
    let mut subjects = Vec::new();
    for r in &raws {
        subjects.push(serde_json::from_str::<spmp::domain::Subject>(r).unwrap());
    }
    println!("  Subject (serde_json): {:?}", t.elapsed());
    let t = Instant::now();
    for r in &raws {
        let mut de = serde_json::Deserializer::from_str(r);
        let _: spmp::domain::Subject = serde_path_to_error::deserialize(&mut de).unwrap();
    }
    println!("  Subject (path_to_error): {:?}", t.elapsed());
    let t = Instant::now();
    for r in &raws {
        let v: serde_json::Value = serde_json::from_str(r).unwrap();
        let _ = spmp::domain::dates::json_date_faults(&v);
    }
    println!("  Value + date faults: {:?}", t.elapsed());
    let t = Instant::now();
    for s in &subjects {
        let _ = spmp::domain::validate_subject(s);
    }
    println!("  validate: {:?}", t.elapsed());
}
