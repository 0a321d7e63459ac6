//! The project explains itself: the architecture document names every module as it is.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;

#[test]
fn architecture_names_every_top_level_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc =
        std::fs::read_to_string(root.join("docs/ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).expect("read lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';'))
        .collect();
    assert!(
        modules.len() >= 10,
        "lib.rs declares the modules: {modules:?}"
    );
    for m in modules {
        assert!(
            doc.contains(&format!("`{m}/`")) || doc.contains(&format!("`{m}.rs`")),
            "docs/ARCHITECTURE.md does not describe the module {m}"
        );
    }
}

#[test]
fn readme_gives_the_two_set_up_commands() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("read README.md");
    assert!(readme.contains("cargo run --release -- --demo"));
    assert!(readme.contains("cargo test"));
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect("read .ci/run");
    assert!(
        ci.contains("\ncargo test 2>&1"),
        "CI runs the README's test command"
    );
}
