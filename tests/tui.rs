//! TUI tests through ratatui's TestBackend: snapshots of every pane and flows of keys.
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use spmp::config::Config;
use spmp::tui::app::{App, Focus, Overlay, Tab};
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

fn demo_app() -> App {
    let subjects = spmp::interchange::demo_subjects().expect("demo data parses");
    App::new(
        subjects,
        Keymap::defaults(),
        Config::default(),
        Theme::mono(),
        today(),
        "DEMO: fictional data".to_string(),
    )
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    spmp::tui::run::draw(&mut term, app).expect("draw");
    // TestBackend's own Display cannot show a zero-width buffer.
    if w == 0 {
        return String::new();
    }
    term.backend().to_string()
}

/// Feed keys as a user types them: each char is a key; `<enter>`, `<esc>`, `<tab>`, `<bs>`,
/// `<down>`, `<up>`, `<c-c>` are named keys.
fn keys(app: &mut App, script: &str) {
    let mut rest = script;
    while !rest.is_empty() {
        let (code, mods, len) = if let Some(end) = rest.strip_prefix('<').and_then(|r| r.find('>'))
        {
            let name = &rest[1..=end];
            let (code, mods) = match name {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "c-c" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                other => panic!("unknown key name {other}"),
            };
            (code, mods, end + 2)
        } else {
            let c = rest.chars().next().expect("non-empty");
            (KeyCode::Char(c), KeyModifiers::NONE, c.len_utf8())
        };
        app.handle_key(KeyEvent::new(code, mods));
        rest = &rest[len..];
    }
}

#[test]
fn snapshot_each_tab_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = demo_app();
        keys(&mut app, "j<enter>");
        for (key, tab) in [
            ("1", "section1"),
            ("2", "section2"),
            ("3", "risk"),
            ("4", "timeline"),
            ("5", "reviews"),
        ] {
            keys(&mut app, key);
            let screen = render(&mut app, w, h);
            insta::assert_snapshot!(format!("{tab}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn snapshot_help_palette_search_and_too_small() {
    let mut app = demo_app();
    keys(&mut app, "?");
    insta::assert_snapshot!("help_120x40", render(&mut app, 120, 40));
    keys(&mut app, "?:tab");
    insta::assert_snapshot!("palette_120x40", render(&mut app, 120, 40));
    keys(&mut app, "<esc>/siobhan");
    insta::assert_snapshot!("search_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("too_small_60x20", render(&mut app, 60, 20));
    insta::assert_snapshot!("too_small_20x5", render(&mut app, 20, 5));
}

#[test]
fn never_panics_at_any_size_in_any_state() {
    let mut app = demo_app();
    for state in ["", "<enter>4", "?", "<esc>:", "<esc>/zz"] {
        keys(&mut app, state);
        for w in (0..=130).step_by(7) {
            for h in (0..=45).step_by(4) {
                let _ = render(&mut app, w, h);
            }
        }
    }
}

#[test]
fn flow_move_open_tabs_back_and_quit() {
    let mut app = demo_app();
    let first = app.current().map(|s| s.id);
    keys(&mut app, "j");
    assert_ne!(app.current().map(|s| s.id), first, "j moves down");
    keys(&mut app, "k");
    assert_eq!(app.current().map(|s| s.id), first, "k moves back up");
    keys(&mut app, "G");
    assert_eq!(app.selected, app.visible.len() - 1);
    keys(&mut app, "g<enter>");
    assert_eq!(app.focus, Focus::Detail);
    keys(&mut app, "3");
    assert_eq!(app.tab, Tab::Risk);
    keys(&mut app, "]");
    assert_eq!(app.tab, Tab::Timeline);
    keys(&mut app, "[[");
    assert_eq!(app.tab, Tab::Section2);
    keys(&mut app, "jjj");
    assert_eq!(
        app.detail_scroll, 3,
        "j scrolls the detail pane when it has focus"
    );
    keys(&mut app, "<tab>");
    assert_eq!(app.focus, Focus::List);
    keys(&mut app, "?");
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    keys(&mut app, "q");
    assert_eq!(
        app.overlay,
        Overlay::None,
        "q closes help before anything else"
    );
    assert!(!app.should_quit);
    keys(&mut app, "<enter>q");
    assert_eq!(app.focus, Focus::List, "q goes back from the detail pane");
    assert!(!app.should_quit);
    keys(&mut app, "q");
    assert!(app.should_quit, "q from the list quits");
}

#[test]
fn flow_search_filters_types_over_bindings_and_clears() {
    let mut app = demo_app();
    let total = app.visible.len();
    keys(&mut app, "/zoe");
    assert!(app.visible.len() < total, "search narrows the list");
    assert!(app.current().is_some_and(|s| {
        format!("{} {}", s.given_names, s.aliases.join(" ")).contains("Zoë")
    }));
    assert!(
        !app.should_quit && app.tab == Tab::Section1,
        "typed letters are text, not keys"
    );
    keys(&mut app, "<enter>");
    assert!(
        app.search
            .as_ref()
            .is_some_and(|s| !s.editing && s.query == "zoe")
    );
    keys(&mut app, "<esc>");
    assert!(app.search.is_none());
    assert_eq!(app.visible.len(), total);
}

#[test]
fn flow_palette_runs_an_action_by_name() {
    let mut app = demo_app();
    keys(&mut app, ":timeline<enter>");
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.tab, Tab::Timeline);
    keys(&mut app, ":zzzz<enter>");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("No action matches"))
    );
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    for state in ["", "?", ":", "/ab", "<enter>"] {
        let mut app = demo_app();
        keys(&mut app, state);
        keys(&mut app, "<c-c>");
        assert!(app.should_quit, "ctrl-c in state {state:?}");
    }
}

#[test]
fn control_characters_never_reach_the_screen() {
    let mut app = demo_app();
    keys(&mut app, "/pwned<enter>");
    assert!(
        app.current().is_some(),
        "the demo has a subject with an escape sequence in an alias"
    );
    keys(&mut app, "<tab>");
    for tab in ["1", "2", "3", "4", "5"] {
        keys(&mut app, tab);
        let screen = render(&mut app, 120, 40);
        assert!(
            !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
            "raw control char on screen"
        );
    }
    keys(&mut app, "1");
    let screen = render(&mut app, 160, 48);
    assert!(
        screen.contains("^[]0;pwned^G"),
        "escaped form shown:\n{screen}"
    );
}

#[test]
fn monochrome_theme_uses_no_colour_only_modifiers() {
    use ratatui::style::Color;
    let mut app = demo_app();
    keys(&mut app, "<enter>");
    for tab in ["1", "2", "3", "4", "5", "?"] {
        keys(&mut app, tab);
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
        spmp::tui::run::draw(&mut term, &mut app).expect("draw");
        for cell in term.backend().buffer().content() {
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "a coloured cell {:?} under the monochrome theme on tab {tab}",
                cell.symbol()
            );
        }
    }
}
