//! Unit tests for the key syntax and the event translation.
use super::*;

fn key(text: &str) -> Key {
    match text.parse() {
        Ok(k) => k,
        Err(e) => panic!("{text:?} should parse: {e}"),
    }
}

fn event(code: CtCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn every_named_key_round_trips() {
    for (name, _) in NAMES {
        assert_eq!(key(name).to_string(), name);
    }
    for n in 1..=12 {
        let name = format!("f{n}");
        assert_eq!(key(&name).to_string(), name);
    }
    assert_eq!(key("shift-tab").to_string(), "shift-tab");
}

#[test]
fn printable_characters_round_trip() {
    for text in [
        "j", "G", "?", "/", ":", "1", "[", "]", "-", "é", "ß", "\"", "'",
    ] {
        assert_eq!(key(text).to_string(), text);
        assert!(key(text).is_printable(), "{text}");
    }
    assert_eq!(key("space").code(), KeyCode::Char(' '));
    assert!(key("space").is_printable());
}

#[test]
fn modifiers_round_trip_in_canonical_order() {
    for text in [
        "ctrl-c",
        "alt-x",
        "ctrl-alt-x",
        "alt-G",
        "ctrl-enter",
        "shift-up",
        "ctrl-shift-tab",
        "ctrl-alt-shift-f5",
        "ctrl--",
        "alt-space",
        "ctrl-?",
    ] {
        assert_eq!(key(text).to_string(), text);
    }
    assert_eq!(key("alt-ctrl-x").to_string(), "ctrl-alt-x");
    assert_eq!(key("shift-ctrl-up").to_string(), "ctrl-shift-up");
}

#[test]
fn case_and_shift_normalise() {
    assert_eq!(key("ctrl-C"), key("ctrl-c"));
    assert_eq!(key("ctrl-shift-c"), key("ctrl-c"));
    assert_eq!(key("shift-g"), key("G"));
    assert_eq!(key("shift-G"), key("G"));
    assert_eq!(key("alt-shift-g"), key("alt-G"));
    assert_ne!(key("g"), key("G"));
    assert_ne!(key("alt-g"), key("alt-G"));
    assert_eq!(key("Enter"), key("enter"));
    assert_eq!(key("PageDown"), key("pagedown"));
    assert_eq!(key("CTRL-Home").to_string(), "ctrl-home");
    assert_eq!(key("F5"), key("f5"));
    assert_eq!(key("Shift-Tab").to_string(), "shift-tab");
}

#[test]
fn bad_names_are_errors() {
    for text in [
        "",
        "ctrl-",
        "enterr",
        "escape",
        "f0",
        "f13",
        "f01",
        "ctrl-ctrl-c",
        "shift-1",
        "shift-?",
        "shift-space",
        " ",
        "\t",
        "\u{1b}",
        "jj",
        "super-x",
        "ctrl-up-down",
    ] {
        assert!(text.parse::<Key>().is_err(), "{text:?} should not parse");
    }
    let err = "escape".parse::<Key>().map(|k| k.to_string());
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("unknown key name \"escape\"; did you mean \"esc\"?".to_string())
    );
    let err = "pagdown".parse::<Key>().map_err(|e| e.to_string());
    assert_eq!(
        err,
        Err("unknown key name \"pagdown\"; did you mean \"pagedown\"?".to_string())
    );
}

#[test]
fn from_event_drops_shift_on_characters() {
    let with_shift = event(CtCode::Char('G'), KeyModifiers::SHIFT);
    let without = event(CtCode::Char('G'), KeyModifiers::NONE);
    let lower_with_shift = event(CtCode::Char('g'), KeyModifiers::SHIFT);
    for e in [with_shift, without, lower_with_shift] {
        assert_eq!(Key::from_event(&e), key("G"));
    }
    let question = event(CtCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&question), key("?"));
    let space = event(CtCode::Char(' '), KeyModifiers::NONE);
    assert_eq!(Key::from_event(&space).to_string(), "space");
}

#[test]
fn from_event_backtab_is_shift_tab() {
    for mods in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
        let k = Key::from_event(&event(CtCode::BackTab, mods));
        assert_eq!(k, key("shift-tab"));
        assert_eq!(k.to_string(), "shift-tab");
    }
    let tab = Key::from_event(&event(CtCode::Tab, KeyModifiers::SHIFT));
    assert_eq!(tab, key("shift-tab"));
}

#[test]
fn from_event_ctrl_letters_are_lower_case() {
    let ctrl = KeyModifiers::CONTROL;
    let ctrl_shift = KeyModifiers::CONTROL | KeyModifiers::SHIFT;
    assert_eq!(
        Key::from_event(&event(CtCode::Char('c'), ctrl)),
        key("ctrl-c")
    );
    assert_eq!(
        Key::from_event(&event(CtCode::Char('C'), ctrl_shift)),
        key("ctrl-c")
    );
    let alt_shift = KeyModifiers::ALT | KeyModifiers::SHIFT;
    assert_eq!(
        Key::from_event(&event(CtCode::Char('G'), alt_shift)),
        key("alt-G")
    );
}

#[test]
fn from_event_named_keys_keep_modifiers() {
    let cases = [
        (CtCode::Enter, KeyModifiers::NONE, "enter"),
        (CtCode::Esc, KeyModifiers::NONE, "esc"),
        (CtCode::Up, KeyModifiers::SHIFT, "shift-up"),
        (CtCode::PageDown, KeyModifiers::CONTROL, "ctrl-pagedown"),
        (CtCode::F(1), KeyModifiers::ALT, "alt-f1"),
        (CtCode::Backspace, KeyModifiers::NONE, "backspace"),
        (CtCode::Delete, KeyModifiers::NONE, "delete"),
    ];
    for (code, mods, text) in cases {
        assert_eq!(Key::from_event(&event(code, mods)).to_string(), text);
    }
}

#[test]
fn from_event_unsupported_keys_never_match_a_parsed_key() {
    let cases = [
        event(CtCode::Insert, KeyModifiers::NONE),
        event(CtCode::F(13), KeyModifiers::NONE),
        event(CtCode::Null, KeyModifiers::NONE),
        event(CtCode::Char('j'), KeyModifiers::SUPER),
        event(CtCode::Char('\u{1b}'), KeyModifiers::NONE),
    ];
    for e in cases {
        let k = Key::from_event(&e);
        assert_eq!(k.code(), KeyCode::Unsupported, "{e:?}");
        assert!(!k.is_printable());
        assert!(k.to_string().parse::<Key>().is_err());
    }
}

#[test]
fn from_press_drops_release_only() {
    let mut e = event(CtCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(Key::from_press(&e), Some(key("j")));
    e.kind = KeyEventKind::Repeat;
    assert_eq!(Key::from_press(&e), Some(key("j")));
    e.kind = KeyEventKind::Release;
    assert_eq!(Key::from_press(&e), None);
}

#[test]
fn printable_means_typed_into_a_text_field() {
    for text in ["j", "G", "space", "?", "1"] {
        assert!(key(text).is_printable(), "{text}");
    }
    for text in ["ctrl-j", "alt-j", "enter", "esc", "f1", "shift-tab", "up"] {
        assert!(!key(text).is_printable(), "{text}");
    }
}

#[test]
fn closest_finds_typos_only() {
    let names = ["move_down", "help", "quit"];
    assert_eq!(closest("move_dwn", names.into_iter()), Some("move_down"));
    assert_eq!(closest("hlep", names.into_iter()), Some("help"));
    assert_eq!(closest("fly", names.into_iter()), None);
}
