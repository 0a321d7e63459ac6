//! Keymap files are tested like code: every file in `keymaps/` is valid, the defaults reach every
//! action, user files merge per key, and every kind of bad file is an error naming file and key.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::{Path, PathBuf};

use spmp::tui::action::Action;
use spmp::tui::keymap::{Key, Keymap, KeymapError, Layer};

fn key(text: &str) -> Key {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The defaults with `text` merged over them as `keymap.toml`.
fn merged(text: &str) -> Result<Keymap, KeymapError> {
    let mut map = Keymap::defaults();
    map.merge_toml(text, "keymap.toml")?;
    Ok(map)
}

fn merged_ok(text: &str) -> Keymap {
    merged(text).unwrap_or_else(|e| panic!("should merge: {e}"))
}

/// The error message of merging `text`, which must fail.
fn error_of(text: &str) -> String {
    match merged(text) {
        Ok(_) => panic!("should be refused:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn assert_names(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "{message:?} should contain {part:?}"
        );
    }
}

#[test]
fn every_file_in_keymaps_dir_is_valid() {
    let dir = manifest_dir().join("keymaps");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    assert!(files.iter().any(|p| p.ends_with("default.toml")));
    for path in &files {
        // As a user file over the defaults (this checks names, duplicates, layers, quit)...
        let loaded = Keymap::load(Some(path));
        assert!(
            loaded.is_ok(),
            "{}: {:?}",
            path.display(),
            loaded.err().map(|e| e.to_string())
        );
        // ...and on its own, with its layers reaching at least quit.
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let mut alone = Keymap::empty();
        let result = alone.merge_toml(&text, &path.display().to_string());
        assert!(
            result.is_ok(),
            "{}: {:?}",
            path.display(),
            result.err().map(|e| e.to_string())
        );
    }
}

/// Actions that only make sense while a form (or another text field) has focus.
const FORM_ONLY: [Action; 5] = [
    Action::Save,
    Action::NextField,
    Action::PrevField,
    Action::PrevStep,
    Action::ClearField,
];

#[test]
fn defaults_reach_every_action() {
    let map = Keymap::try_defaults().unwrap_or_else(|e| panic!("{e}"));
    for action in Action::ALL {
        let layer = if FORM_ONLY.contains(&action) {
            Layer::Input
        } else if Action::DIALOG.contains(&action) {
            Layer::Dialog
        } else {
            Layer::Normal
        };
        assert!(
            !map.keys_for(layer, action).is_empty(),
            "no default key for {} in {layer:?}",
            action.name()
        );
    }
}

#[test]
fn defaults_match_the_brief() {
    let map = Keymap::defaults();
    let normal = [
        ("j", Action::MoveDown),
        ("down", Action::MoveDown),
        ("k", Action::MoveUp),
        ("up", Action::MoveUp),
        ("g", Action::Top),
        ("home", Action::Top),
        ("G", Action::Bottom),
        ("end", Action::Bottom),
        ("pagedown", Action::PageDown),
        ("ctrl-d", Action::PageDown),
        ("pageup", Action::PageUp),
        ("ctrl-u", Action::PageUp),
        ("enter", Action::Open),
        ("tab", Action::NextPane),
        ("shift-tab", Action::PrevPane),
        ("]", Action::NextTab),
        ("[", Action::PrevTab),
        ("1", Action::TabSection1),
        ("2", Action::TabSection2),
        ("3", Action::TabRisk),
        ("4", Action::TabTimeline),
        ("5", Action::TabReviews),
        ("/", Action::Search),
        (":", Action::Palette),
        ("?", Action::Help),
        ("q", Action::Back),
        ("esc", Action::Cancel),
        ("ctrl-c", Action::Quit),
    ];
    for (text, action) in normal {
        assert_eq!(
            map.action(Layer::Normal, &key(text)),
            Some(action),
            "{text}"
        );
    }
    let input = [
        ("esc", Action::Cancel),
        ("enter", Action::Open),
        ("up", Action::MoveUp),
        ("ctrl-p", Action::MoveUp),
        ("down", Action::MoveDown),
        ("ctrl-n", Action::MoveDown),
        ("ctrl-c", Action::Quit),
    ];
    for (text, action) in input {
        assert_eq!(map.action(Layer::Input, &key(text)), Some(action), "{text}");
    }
    assert_eq!(map.action(Layer::Input, &key("j")), None);
    assert_eq!(map.hint(Layer::Normal, Action::Help).as_deref(), Some("?"));
    assert_eq!(
        map.hint(Layer::Normal, Action::Quit).as_deref(),
        Some("ctrl-c")
    );
}

#[test]
fn bindings_are_grouped_in_action_order() {
    let map = Keymap::defaults();
    let bindings = map.bindings(Layer::Normal);
    let order: Vec<usize> = bindings
        .iter()
        .map(|(_, a)| {
            Action::ALL
                .iter()
                .position(|x| x == a)
                .unwrap_or(usize::MAX)
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{bindings:?}");
    assert_eq!(bindings.first(), Some(&(key("j"), Action::MoveDown)));
    assert!(bindings.iter().all(|(_, a)| *a != Action::Noop));
}

#[test]
fn user_file_overrides_only_the_keys_it_names() {
    let defaults = Keymap::defaults();
    let map = merged_ok("[normal]\nj = \"move_up\"\n");
    assert_eq!(map.action(Layer::Normal, &key("j")), Some(Action::MoveUp));
    assert_eq!(map.action(Layer::Normal, &key("k")), Some(Action::MoveUp));
    assert_eq!(
        map.action(Layer::Normal, &key("down")),
        Some(Action::MoveDown)
    );
    assert_eq!(
        map.keys_for(Layer::Normal, Action::MoveUp),
        vec![key("j"), key("k"), key("up")]
    );
    assert_eq!(
        map.keys_for(Layer::Normal, Action::MoveDown),
        vec![key("down")]
    );
    for (k, action) in defaults.bindings(Layer::Normal) {
        if k != key("j") {
            assert_eq!(map.action(Layer::Normal, &k), Some(action), "{k}");
        }
    }
    assert_eq!(map.bindings(Layer::Input), defaults.bindings(Layer::Input));
}

#[test]
fn noop_unbinds_a_key() {
    let map = merged_ok("[normal]\nq = \"noop\"\n[input]\nctrl-n = \"noop\"\n");
    assert_eq!(map.action(Layer::Normal, &key("q")), None);
    assert!(map.keys_for(Layer::Normal, Action::Back).is_empty());
    assert_eq!(map.hint(Layer::Normal, Action::Back), None);
    assert_eq!(map.action(Layer::Input, &key("ctrl-n")), None);
    assert_eq!(
        map.action(Layer::Input, &key("down")),
        Some(Action::MoveDown)
    );
    assert_eq!(map.action(Layer::Normal, &key("z")), None);
}

#[test]
fn user_spellings_are_normalised() {
    let map = merged_ok("[normal]\n\"shift-x\" = \"help\"\n\"Ctrl-H\" = \"help\"\n");
    assert_eq!(map.action(Layer::Normal, &key("X")), Some(Action::Help));
    assert_eq!(
        map.action(Layer::Normal, &key("ctrl-h")),
        Some(Action::Help)
    );
    assert_eq!(map.hint(Layer::Normal, Action::Help).as_deref(), Some("X"));
}

#[test]
fn unknown_action_names_file_key_and_suggests() {
    let message = error_of("[normal]\nx = \"fly\"\n");
    assert_eq!(
        message,
        "keymap.toml: [normal] \"x\" = \"fly\": unknown action \"fly\""
    );
    let message = error_of("[normal]\nx = \"move_dwn\"\n");
    assert!(
        message.ends_with("did you mean \"move_down\"?"),
        "{message}"
    );
}

#[test]
fn bad_key_names_file_and_key() {
    let message = error_of("[normal]\nescape = \"cancel\"\n");
    assert_names(
        &message,
        &[
            "keymap.toml",
            "[normal]",
            "\"escape\"",
            "bad key",
            "\"esc\"",
        ],
    );
    let message = error_of("[input]\n\"ctrl-\" = \"cancel\"\n");
    assert_names(&message, &["keymap.toml", "[input]", "\"ctrl-\""]);
}

#[test]
fn duplicates_after_normalisation_are_errors() {
    for (a, b) in [("G", "shift-g"), ("ctrl-C", "ctrl-c"), ("Enter", "enter")] {
        let text = format!("[normal]\n\"{a}\" = \"top\"\n\"{b}\" = \"bottom\"\n");
        let message = error_of(&text);
        assert_names(&message, &["keymap.toml", "[normal]", a, b, "same key"]);
    }
    // The same key in two layers, or in the user file and the defaults, is not a duplicate.
    merged_ok("[normal]\nctrl-x = \"quit\"\n[input]\nctrl-x = \"quit\"\n");
}

#[test]
fn literal_duplicate_keys_are_a_toml_error() {
    let message = error_of("[normal]\nj = \"top\"\nj = \"bottom\"\n");
    assert_names(&message, &["keymap.toml:3", "TOML syntax error"]);
}

#[test]
fn printable_keys_in_input_layer_are_errors() {
    for k in ["j", "G", "space", "?", "shift-q"] {
        let message = error_of(&format!("[input]\n\"{k}\" = \"cancel\"\n"));
        assert_names(&message, &["keymap.toml", "[input]", k, "printable"]);
    }
    for k in ["ctrl-j", "alt-j", "f2", "shift-up"] {
        merged_ok(&format!("[input]\n\"{k}\" = \"cancel\"\n"));
    }
}

#[test]
fn unknown_layer_and_stray_keys_are_errors() {
    let message = error_of("[visual]\nj = \"move_down\"\n");
    assert_names(&message, &["keymap.toml", "[visual]", "unknown layer"]);
    let message = error_of("j = \"move_down\"\n");
    assert_names(&message, &["keymap.toml", "\"j\"", "outside any layer"]);
    for text in [
        "normal = \"move_down\"\n",
        "[[normal]]\nj = \"move_down\"\n",
    ] {
        let message = error_of(text);
        assert_names(&message, &["keymap.toml", "\"normal\"", "must be a table"]);
    }
}

#[test]
fn values_must_be_strings() {
    for (text, found) in [
        ("[normal]\nj = 1\n", "integer"),
        ("[normal]\nj = [\"move_down\"]\n", "array"),
        ("[normal.j]\naction = \"move_down\"\n", "table"),
    ] {
        let message = error_of(text);
        assert_names(
            &message,
            &[
                "keymap.toml",
                "[normal]",
                "\"j\"",
                "must be a string",
                found,
            ],
        );
    }
}

#[test]
fn syntax_errors_give_the_line() {
    let message = error_of("[normal]\nj = \"move_down\"\nk = \n");
    assert_names(&message, &["keymap.toml:3", "TOML syntax error"]);
}

#[test]
fn leaving_no_quit_key_is_an_error() {
    let message = error_of("[normal]\nctrl-c = \"noop\"\n");
    assert_eq!(
        message,
        "keymap.toml: keymap leaves no key for quit in [normal]; bind one, e.g. ctrl-c = \"quit\""
    );
    let moved = merged_ok("[normal]\nctrl-c = \"noop\"\nctrl-q = \"quit\"\n");
    assert_eq!(
        moved.hint(Layer::Normal, Action::Quit).as_deref(),
        Some("ctrl-q")
    );
    let rebound = error_of("[normal]\nctrl-c = \"help\"\n");
    assert!(rebound.contains("no key for quit"), "{rebound}");
}

#[test]
fn load_reads_user_file_and_names_it_in_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("keymap.toml");
    std::fs::write(&good, "[normal]\nx = \"quit\"\n").unwrap_or_else(|e| panic!("{e}"));
    let map = Keymap::load(Some(&good)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(map.action(Layer::Normal, &key("x")), Some(Action::Quit));
    assert_eq!(
        map.action(Layer::Normal, &key("ctrl-c")),
        Some(Action::Quit)
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[normal]\nx = \"fly\"\n").unwrap_or_else(|e| panic!("{e}"));
    let message = Keymap::load(Some(&bad))
        .map(|_| ())
        .map_err(|e| e.to_string());
    let message = message.err().unwrap_or_default();
    assert_names(
        &message,
        &[&bad.display().to_string(), "\"x\"", "unknown action"],
    );

    let missing = dir.path().join("missing.toml");
    let err = Keymap::load(Some(&missing)).map(|_| ());
    assert!(matches!(err, Err(KeymapError::Read { .. })), "{err:?}");

    assert_eq!(Keymap::load(None).ok(), Some(Keymap::defaults()));
}

#[test]
fn keymaps_doc_lists_every_action_with_its_default_keys() {
    let path = manifest_dir().join("docs/KEYMAPS.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let map = Keymap::defaults();
    for action in Action::ALL.into_iter().chain([Action::Noop]) {
        assert!(
            doc.contains(&format!("`{}`", action.name())),
            "KEYMAPS.md misses {}",
            action.name()
        );
    }
    for action in Action::ALL {
        let keys = |layer| -> String {
            let keys: Vec<String> = map
                .keys_for(layer, action)
                .iter()
                .map(|k| format!("`{k}`"))
                .collect();
            keys.join(" ")
        };
        let expected = format!(
            "| `{}` | {} | {} | {} | {} |",
            action.name(),
            keys(Layer::Normal),
            keys(Layer::Input),
            keys(Layer::Dialog),
            action.description()
        );
        assert!(
            doc.lines().any(|line| line.trim() == expected),
            "KEYMAPS.md should have the row:\n{expected}"
        );
    }
}

#[test]
fn path_helper_is_not_required_to_exist() {
    // The app loads default_user_path() only if it exists; the helper itself never fails hard.
    if let Some(path) = spmp::tui::keymap::default_user_path() {
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("keymap.toml")
        );
        let _ = Path::new(&path).exists();
    }
}
