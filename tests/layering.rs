//! The layering of the crate, checked: each top-level module names only the modules the
//! architecture allows it (docs/ARCHITECTURE.md, "Layering"), the TUI and the CLI reach the
//! store only through `ops`, and the TUI's state never imports its views.
//!
//! The check reads the source: every `crate::x` path (in `use` lines, grouped `use crate::{..}`
//! and inline paths) outside test code. Test code (`tests.rs`, `*_tests.rs`, `testkit.rs`,
//! fixtures, `tests/` folders and a trailing `#[cfg(test)] mod tests`) may reach further.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module -> the crate modules it may name. Anything not listed may name nothing.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &["text"]),
    ("text", &[]),
    ("memory", &[]),
    ("progress", &["text"]),
    ("store", &["domain", "memory"]),
    ("config", &["domain"]),
    ("edit", &["domain", "text"]),
    ("search", &["domain", "memory", "text"]),
    ("document", &["domain", "text"]),
    ("interchange", &["domain", "text"]),
    ("tracker", &["domain", "text"]),
    ("report", &["domain", "store", "text"]),
    ("generate", &["domain", "interchange", "text"]),
    ("login", &["store"]),
    (
        "ops",
        &[
            "document",
            "domain",
            "edit",
            "interchange",
            "report",
            "search",
            "store",
            "text",
            "tracker",
        ],
    ),
    ("demo", &["domain", "interchange", "ops", "store"]),
    ("cli", &["domain", "generate"]),
    (
        "tui",
        &[
            "config", "demo", "document", "domain", "edit", "memory", "ops", "search", "store",
            "text",
        ],
    ),
    (
        "commands",
        &[
            "cli",
            "config",
            "demo",
            "document",
            "domain",
            "edit",
            "generate",
            "interchange",
            "login",
            "ops",
            "progress",
            "report",
            "store",
            "text",
            "tracker",
            "tui",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every non-test source file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "tests" && name != "fixtures" && name != "snapshots" {
                sources(&path, out);
            }
        } else if name.ends_with(".rs")
            && name != "tests.rs"
            && name != "testkit.rs"
            && name != "fixtures.rs"
            && !name.ends_with("_tests.rs")
        {
            out.push(path);
        }
    }
}

/// The text of a file without its comments and without a trailing test module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate modules `code` names: `crate::x...` and the items of `use crate::{x, y::z}`.
fn named(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && c == ',' {
                    push_first(&mut out, &item);
                    item.clear();
                } else {
                    item.push(c);
                }
            }
            push_first(&mut out, &item);
        } else {
            push_first(&mut out, after);
        }
        rest = after;
    }
    out
}

/// The first path segment of `path` (`store::Store` -> `store`).
fn push_first(out: &mut BTreeSet<String>, path: &str) {
    let first: String = path
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    if !first.is_empty() && first != "self" {
        out.insert(first);
    }
}

/// The top-level module a file belongs to (`src/tui/app/mod.rs` -> `tui`).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn every_module_names_only_the_modules_below_it() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    sources(&src(), &mut files);
    assert!(
        files.len() > 50,
        "the source tree was read: {}",
        files.len()
    );
    let mut faults = Vec::new();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let may = allowed.get(module.as_str()).copied().unwrap_or(&[]);
        for dep in named(&code(file)) {
            if dep != module && !may.contains(&dep.as_str()) {
                faults.push(format!(
                    "{} ({module}) names crate::{dep}",
                    file.strip_prefix(src()).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(
        faults.is_empty(),
        "edges the architecture forbids:\n{}",
        faults.join("\n")
    );
}

#[test]
fn the_check_sees_every_kind_of_path() {
    let found = named(
        "use crate::domain::Subject;\nuse crate::{store::Store, ops, edit::{a, b}};\n\
         let x = crate::tui::app::App::new();",
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["domain", "edit", "ops", "store", "tui"]);
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap_or_default();
    for line in lib.lines().filter_map(|l| l.strip_prefix("pub mod ")) {
        let m = line.trim_end_matches(';');
        assert!(
            ALLOWED.iter().any(|(name, _)| *name == m),
            "the layering table names every module: {m}"
        );
    }
}

#[test]
fn the_tui_and_the_cli_reach_the_store_only_through_ops() {
    let mut files = Vec::new();
    for dir in ["tui", "commands"] {
        sources(&src().join(dir), &mut files);
    }
    files.push(src().join("demo.rs"));
    let mut faults = Vec::new();
    for file in &files {
        let code = code(file);
        for (n, line) in code.lines().enumerate() {
            let calls_store = line.contains("Store::")
                || line.match_indices("store.").any(|(at, _)| {
                    let after = &line[at + "store.".len()..];
                    let method: String = after
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    let called = after[method.len()..].starts_with('(');
                    let before = line[..at].chars().last();
                    before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
                        && called
                        && method != "actor"
                        && method != "path"
                });
            if calls_store {
                faults.push(format!(
                    "{}:{}: {}",
                    file.strip_prefix(src()).unwrap_or(file).display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        faults.is_empty(),
        "store calls outside ops (only actor() and path() may be read):\n{}",
        faults.join("\n")
    );
}

#[test]
fn the_tui_state_never_imports_its_views() {
    let mut files = Vec::new();
    for dir in ["tui/app", "tui/workbench"] {
        sources(&src().join(dir), &mut files);
    }
    files.push(src().join("tui/component.rs"));
    files.push(src().join("tui/scroll.rs"));
    let faults: Vec<String> = files
        .iter()
        .filter(|f| code(f).contains("tui::views"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(faults.is_empty(), "state importing views: {faults:?}");
    // And the dialogs and views never reach back into the app's internals.
    let mut below = Vec::new();
    sources(&src().join("tui/dialogs"), &mut below);
    sources(&src().join("tui/workbench"), &mut below);
    let back: Vec<String> = below
        .iter()
        .filter(|f| code(f).contains("tui::app"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        back.is_empty(),
        "dialogs or the workbench naming the app: {back:?}"
    );
}
