//! Accessibility: the screen-reader mode of `--plain` (one pane at a time, linear text, labels
//! before values, ASCII only, the focused item on its own line), the mono theme saying every
//! state in words, the high-contrast theme and theme files.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use common::app::{TestApp, demo_app, keys, render};
use spmp::domain::{ReviewDue, RiskLevel};
use spmp::tui::app::{App, Focus};
use spmp::tui::theme::Theme;
use spmp::tui::views::screen::ascii_for;

fn reader_app() -> TestApp {
    let mut t = demo_app();
    t.app.theme = Theme::mono().with_plain(true);
    t
}

/// The screen's text, a line per row, without the quotes `render` puts around each.
fn text(app: &mut App, w: u16, h: u16) -> String {
    let buf = buffer(app, w, h);
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            out.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

fn buffer(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    spmp::tui::run::draw(&mut term, app).expect("draw");
    term.backend().buffer().clone()
}

/// Every drawing character the app could put on screen is one the reader mode replaces.
fn assert_ascii_drawing(screen: &str, state: &str) {
    for c in screen.chars() {
        assert!(
            ascii_for(c).is_none(),
            "{c:?} (U+{:04X}) drawn in the screen-reader mode ({state}):\n{screen}",
            u32::from(c)
        );
    }
}

#[test]
fn the_reader_mode_shows_the_list_alone_with_the_focus_on_its_own_line() {
    let mut t = reader_app();
    let app = &mut t.app;
    keys(app, "jj");
    insta::assert_snapshot!("reader_queue_80x24", render(app, 80, 24));
    let screen = text(app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let name = app.main.row(app.main.visible[2]).expect("row").name;
    assert!(
        lines[1].starts_with(&format!(
            "Focus: Queue: all, subject 3 of {}: {name}",
            app.main.visible.len()
        )),
        "{screen}"
    );
    assert!(screen.contains(&format!("3. Selected: {name}")), "{screen}");
    // One pane: nothing of the plan beside the list, no border down the middle.
    assert!(!screen.contains("Record not opened"), "{screen}");
    assert!(!screen.contains('|') && !screen.contains("+-"), "{screen}");
    assert_ascii_drawing(&screen, "queue");
}

#[test]
fn the_reader_mode_shows_the_plan_alone_its_header_as_labelled_facts() {
    let mut t = reader_app();
    let app = &mut t.app;
    keys(app, "jj<enter>");
    assert_eq!(app.main.focus, Focus::Detail);
    insta::assert_snapshot!("reader_plan_80x24", render(app, 80, 24));
    let screen = text(app, 80, 24);
    let s = app.main.current().unwrap().clone();
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[1].starts_with("Focus: plan of ") && lines[1].contains("tab 1 of 6: Offending"),
        "{screen}"
    );
    for label in [
        "Subject: ",
        "PNC ID: ",
        "Orders in force: ",
        "Risk: ",
        "Next review: ",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(label)),
            "{label} missing:\n{screen}"
        );
    }
    let risk = s.current_risk().map_or("not assessed", |r| r.label());
    assert!(screen.contains(&format!("Risk: {risk}")), "{screen}");
    // The header scrolls with the tab's content, as one text.
    keys(app, "G");
    let bottom = text(app, 80, 24);
    assert!(!bottom.contains("Subject: "), "{bottom}");
    keys(app, "g");
    // The list is not on screen while the plan is.
    let other = app.main.row(app.main.visible[0]).expect("row").name;
    assert!(!screen.contains(&other), "{screen}");
}

#[test]
fn every_tab_and_dialog_in_the_reader_mode_is_ascii_drawing_without_borders() {
    let mut t = reader_app();
    let app = &mut t.app;
    keys(app, "<enter>");
    for (state, script) in [
        ("tab 1", "1"),
        ("tab 2", "2"),
        ("tab 3", "3"),
        ("tab 4", "4"),
        ("tab 5", "5"),
        ("tab 6", "6"),
        ("help", "?"),
        ("palette", "<esc>:"),
        ("search", "<esc><esc>/wrz"),
        ("trends", "<esc><esc>T"),
        ("item chooser", "<esc>e"),
        ("a form", "<enter>"),
    ] {
        keys(app, script);
        for (w, h) in [(80, 24), (120, 40), (40, 8)] {
            let screen = text(app, w, h);
            assert_ascii_drawing(&screen, state);
            assert!(!screen.contains('…'), "{state}: {screen}");
        }
    }
}

#[test]
fn cut_text_ends_in_three_dots_in_the_reader_mode_and_an_ellipsis_elsewhere() {
    // The search results cut long names in the two-pane layout; the reader wraps them, and
    // what it cuts (text::ascii_cuts, unit-tested) ends in three dots.
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "/a");
    let screen = text(app, 80, 24);
    assert!(screen.contains('…'), "{screen}");
    app.theme = Theme::mono().with_plain(true);
    for (w, h) in [(80, 24), (40, 12)] {
        let screen = text(app, w, h);
        assert!(!screen.contains('…'), "{screen}");
    }
    // The setting lasts for the reader's frames only.
    app.theme = Theme::mono();
    keys(app, "<esc>/a");
    assert!(text(app, 80, 24).contains('…'));
}

#[test]
fn the_reader_mode_below_its_minimum_says_so_and_never_panics() {
    let mut t = reader_app();
    let app = &mut t.app;
    for (w, h) in [(20, 5), (39, 8), (40, 7), (0, 0), (1, 1)] {
        let screen = text(app, w, h);
        if w >= 20 {
            assert!(screen.contains("Terminal"), "{w}x{h}: {screen}");
        }
    }
    let screen = text(app, 40, 8);
    assert!(screen.contains("Focus: "), "{screen}");
}

#[test]
fn moving_in_the_reader_list_keeps_the_selected_subject_on_screen() {
    let mut t = reader_app();
    let app = &mut t.app;
    let n = app.main.visible.len();
    for i in 0..n {
        let screen = text(app, 60, 12);
        let name = app.main.row(app.main.visible[i]).expect("row").name;
        let cut: String = name.chars().take(20).collect();
        assert!(
            screen.contains(&format!("{}. Selected: ", i + 1)) && screen.contains(&cut),
            "row {i}:\n{screen}"
        );
        keys(app, "j");
    }
    keys(app, "g");
    assert!(text(app, 60, 12).contains("1. Selected: "));
}

/// Under the mono theme (no colour at all), every subject's risk level, an overdue review and
/// a required re-assessment are in the text of the list row and of the header.
#[test]
fn mono_screens_say_every_risk_level_and_warning_in_words() {
    let mut t = demo_app();
    let app = &mut t.app;
    assert!(app.theme.mono);
    let mut levels = std::collections::BTreeSet::new();
    let (mut overdue, mut reassess) = (0, 0);
    for i in 0..app.main.visible.len() {
        keys(app, "<enter>");
        let s = app.main.current().unwrap().clone();
        let screen = text(app, 160, 48);
        let row = screen
            .lines()
            .find(|l| l.chars().nth(1) == Some('>'))
            .unwrap_or_else(|| panic!("no selected row:\n{screen}"));
        let header: Vec<&str> = screen.lines().skip(1).take(6).collect();
        let header = header.join("\n");
        match s.current_risk() {
            Some(level) => {
                levels.insert(level);
                assert!(
                    row.contains(level.tag()),
                    "row {i} lacks {}: {row}",
                    level.tag()
                );
                assert!(
                    header.contains(&format!("[{}] {}", level.tag(), level.label())),
                    "{header}"
                );
            }
            None => assert!(header.contains("not assessed"), "{header}"),
        }
        if let ReviewDue::Overdue { days, .. } =
            ReviewDue::of(&s, &app.policy().cadence, app.today())
        {
            overdue += 1;
            assert!(
                header.contains(&format!("OVERDUE by {days} day")),
                "{header}"
            );
        }
        if s.needs_reassessment() {
            reassess += 1;
            assert!(header.contains("RE-ASSESSMENT REQUIRED"), "{header}");
        }
        keys(app, "<tab>j");
    }
    // The demo caseload has every level and both warnings: the test looked at each.
    assert_eq!(levels.len(), 4, "{levels:?}");
    assert!(levels.contains(&RiskLevel::VeryHigh));
    assert!(overdue > 0 && reassess > 0, "{overdue} {reassess}");
}

#[test]
fn the_high_contrast_theme_fills_the_screen_and_never_draws_a_colour_on_itself() {
    let mut t = demo_app();
    let app = &mut t.app;
    app.theme = Theme::high_contrast();
    keys(app, "<enter>");
    for tab in ["1", "3", "4", "?"] {
        keys(app, tab);
        let buf = buffer(app, 120, 40);
        for cell in buf.content() {
            assert_ne!(
                cell.bg,
                Color::Reset,
                "{:?} on the terminal's background",
                cell.symbol()
            );
            assert_ne!(
                cell.fg,
                cell.bg,
                "{:?} drawn in its background colour",
                cell.symbol()
            );
            assert!(
                !matches!(cell.fg, Color::DarkGray | Color::Blue),
                "a low-contrast colour {:?} for {:?}",
                cell.fg,
                cell.symbol()
            );
        }
    }
}

#[test]
fn a_theme_file_sets_roles_and_a_bad_one_is_refused_before_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[roles]\nalert = { fg = \"reddish\" }\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(["--theme", bad.to_str().unwrap(), "--store"])
        .arg(dir.path().join("store"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("bad.toml") && err.contains("roles.alert.fg = \"reddish\" is not a colour"),
        "{err}"
    );
    // A built-in name and a good file pass the theme check (standard output is a pipe here,
    // so the screen is then refused for that reason instead).
    let good = dir.path().join("good.toml");
    std::fs::write(&good, include_str!("../docs/themes/example.toml")).unwrap();
    for theme in ["high-contrast", "mono", good.to_str().unwrap()] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
            .args(["--theme", theme, "--store"])
            .arg(dir.path().join("store"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("needs a terminal"), "{theme}: {err}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(["--theme", "neon"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read theme file neon"), "{err}");
}

/// A dialog's list in the reader mode says the selected item whole, however narrow the screen
/// (the others stay a row each).
#[test]
fn the_reader_mode_says_a_dialogs_selected_item_whole() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "<enter>ejjjjj");
    // The item as the two-pane dialog shows it.
    let wide = text(app, 300, 40);
    let label = wide
        .lines()
        .find_map(|l| l.split_once("> ").map(|(_, rest)| rest))
        .unwrap()
        .trim_end_matches([' ', '│', '┃'])
        .to_string();
    assert!(label.len() > 60, "{label}");
    app.theme = Theme::mono().with_plain(true);
    let narrow = text(app, 50, 24);
    let mut said = String::new();
    let mut lines = narrow
        .lines()
        .skip_while(|l| !l.starts_with("> Selected: "));
    if let Some(first) = lines.next() {
        said.push_str(first.trim_start_matches("> Selected: ").trim_end());
    }
    for l in lines.take_while(|l| !l.starts_with("  ") && !l.trim().is_empty()) {
        said.push(' ');
        said.push_str(l.trim_end());
    }
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // The two-pane dialog is at most 90 columns and cuts the item there; the reader says it
    // all, over three rows of 50.
    assert!(
        words(&said).starts_with(&words(&label)) && said.len() > label.len(),
        "{said}\n{label}\n{narrow}"
    );
}

/// A form in the reader mode says focus, "required" and an empty choice in words.
#[test]
fn a_form_in_the_reader_mode_says_focus_required_and_choices_in_words() {
    let mut t = reader_app();
    let app = &mut t.app;
    keys(app, "<enter>r");
    let screen = text(app, 100, 30);
    let field = screen
        .lines()
        .find(|l| l.trim_start().starts_with("> Outcome"))
        .unwrap_or_else(|| panic!("no focused Outcome field:\n{screen}"));
    assert!(field.contains("(required)"), "{field}");
    assert!(
        field.contains("none chosen") && field.contains("4 choices"),
        "{field}"
    );
    assert!(
        !screen.contains("< - >") && !screen.contains("* Outcome"),
        "{screen}"
    );
}

/// The help (and every scrolled text dialog) in the reader mode cuts nothing: a long line goes
/// on below.
#[test]
fn the_help_in_the_reader_mode_says_each_description_whole() {
    let mut t = reader_app();
    let app = &mut t.app;
    keys(app, "?");
    let screen = text(app, 60, 200);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = words(&screen);
    for action in [
        spmp::tui::action::Action::TabVictim,
        spmp::tui::action::Action::CopyIdentifier,
    ] {
        assert!(
            said.contains(&words(action.description())),
            "{} cut:\n{screen}",
            action.name()
        );
    }
}
