//! TUI tests through ratatui's TestBackend: snapshots of every pane and flows of keys.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::app::{demo_app, keys, render};
use spmp::domain::PlanPart;
use spmp::tui::app::Focus;
use spmp::tui::component::Kind;
use spmp::tui::dialogs::trends::Trends;

#[test]
fn snapshot_each_tab_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut t = demo_app();
        let app = &mut t.app;
        keys(app, "j<enter>");
        for (key, tab) in [
            ("1", "section1"),
            ("2", "section2"),
            ("3", "risk"),
            ("4", "timeline"),
            ("5", "reviews"),
            ("6", "victim"),
        ] {
            keys(app, key);
            let screen = render(app, w, h);
            insta::assert_snapshot!(format!("{tab}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn snapshot_help_palette_search_and_too_small() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "?");
    insta::assert_snapshot!("help_120x40", render(app, 120, 40));
    keys(app, "?:tab");
    insta::assert_snapshot!("palette_120x40", render(app, 120, 40));
    keys(app, "<esc>/siobhan");
    insta::assert_snapshot!("search_80x24", render(app, 80, 24));
    insta::assert_snapshot!("too_small_60x20", render(app, 60, 20));
    insta::assert_snapshot!("too_small_20x5", render(app, 20, 5));
}

#[test]
fn never_panics_at_any_size_in_any_state() {
    let mut t = demo_app();
    let app = &mut t.app;
    for state in [
        "",
        "<enter>4",
        "?",
        "<esc>:",
        "<esc>/zz",
        "<esc><esc>A",
        "<esc>/zoe<enter>why",
        "<esc><esc><esc>v<down>",
        "<esc>T",
        "vG",
    ] {
        keys(app, state);
        for w in (0..=130).step_by(7) {
            for h in (0..=45).step_by(4) {
                let _ = render(app, w, h);
            }
        }
    }
    // Locked.
    app.tick(app.last_key + std::time::Duration::from_secs(3600));
    assert!(app.locked());
    keys(app, "typed");
    for w in (0..=130).step_by(7) {
        for h in (0..=45).step_by(4) {
            let _ = render(app, w, h);
        }
    }
}

#[test]
fn flow_move_open_tabs_back_and_quit() {
    let mut t = demo_app();
    let app = &mut t.app;
    let first = app.main.current().map(|s| s.id);
    keys(app, "j");
    assert_ne!(app.main.current().map(|s| s.id), first, "j moves down");
    keys(app, "k");
    assert_eq!(app.main.current().map(|s| s.id), first, "k moves back up");
    keys(app, "G");
    assert_eq!(app.main.selected, app.main.visible.len() - 1);
    keys(app, "g<enter>");
    assert_eq!(app.main.focus, Focus::Detail);
    keys(app, "3");
    assert_eq!(app.main.tab, PlanPart::Risk);
    keys(app, "]");
    assert_eq!(app.main.tab, PlanPart::Timeline);
    keys(app, "[[");
    assert_eq!(app.main.tab, PlanPart::Section2);
    keys(app, "jjj");
    assert_eq!(
        app.main.detail.offset(),
        3,
        "j scrolls the detail pane when it has focus"
    );
    keys(app, "<tab>");
    assert_eq!(app.main.focus, Focus::List);
    keys(app, "?");
    assert!(app.dialog() == Some(Kind::Help));
    keys(app, "q");
    assert!(app.dialog().is_none(), "q closes help before anything else");
    assert!(!app.should_quit);
    keys(app, "<enter>q");
    assert_eq!(
        app.main.focus,
        Focus::List,
        "q goes back from the detail pane"
    );
    assert!(!app.should_quit);
    keys(app, "q");
    assert!(app.should_quit, "q from the list quits");
}

#[test]
fn flow_search_filters_types_over_bindings_and_clears() {
    let mut t = demo_app();
    let app = &mut t.app;
    let total = app.main.visible.len();
    keys(app, "/zoe");
    assert!(app.main.visible.len() < total, "search narrows the list");
    assert!(app.main.current().is_some_and(|s| {
        format!("{} {}", s.given_names, s.aliases.join(" ")).contains("Zoë")
    }));
    assert!(
        !app.should_quit && app.main.tab == PlanPart::Section1,
        "typed letters are text, not keys"
    );
    // Opening a record found by search asks why first.
    keys(app, "<enter>checking an alias<enter>");
    assert!(
        app.main
            .search
            .as_ref()
            .is_some_and(|s| !s.editing && s.query() == "zoe")
    );
    assert_eq!(
        app.main.focus,
        Focus::Detail,
        "enter opens the subject that matched"
    );
    keys(app, "<esc>");
    assert_eq!(app.main.focus, Focus::List);
    assert!(app.main.search.is_some(), "the results stay until cleared");
    keys(app, "<esc>");
    assert!(app.main.search.is_none());
    assert_eq!(app.main.visible.len(), total);
}

#[test]
fn flow_palette_runs_an_action_by_name() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, ":timeline<enter>");
    assert!(app.dialog().is_none());
    assert_eq!(app.main.tab, PlanPart::Timeline);
    keys(app, ":zzzz<enter>");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("No action matches"))
    );
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    for state in ["", "?", ":", "/ab", "<enter>"] {
        let mut t = demo_app();
        let app = &mut t.app;
        keys(app, state);
        keys(app, "<c-c>");
        assert!(app.should_quit, "ctrl-c in state {state:?}");
    }
}

#[test]
fn control_characters_never_reach_the_screen() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "/pwned<enter>control character check<enter>");
    assert!(
        app.main.current().is_some(),
        "the demo has a subject with an escape sequence in an alias"
    );
    keys(app, "<tab>");
    for tab in ["1", "2", "3", "4", "5", "6"] {
        keys(app, tab);
        let screen = render(app, 120, 40);
        assert!(
            !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
            "raw control char on screen"
        );
    }
    keys(app, "1");
    let screen = render(app, 160, 48);
    assert!(
        screen.contains("^[]0;pwned^G"),
        "escaped form shown:\n{screen}"
    );
}

#[test]
fn monochrome_theme_uses_no_colour_only_modifiers() {
    use ratatui::style::Color;
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "<enter>");
    for tab in ["1", "2", "3", "4", "5", "6", "?"] {
        keys(app, tab);
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
        spmp::tui::run::draw(&mut term, app).expect("draw");
        for cell in term.backend().buffer().content() {
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "a coloured cell {:?} under the monochrome theme on tab {tab}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn the_header_says_each_thing_once() {
    let mut t = demo_app();
    let app = &mut t.app;
    for _ in 0..app.main.visible.len() {
        keys(app, "<enter><esc>");
        let screen = render(app, 160, 48);
        let header: String = screen
            .lines()
            .skip(1)
            .take(7)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            header.matches("RE-ASSESSMENT REQUIRED").count() <= 1,
            "{header}"
        );
        assert!(header.matches("Next review").count() == 1, "{header}");
        keys(app, "j");
    }
}

#[test]
fn snapshot_trends_view_toggle_and_sizes() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "T");
    assert!(app.dialog() == Some(Kind::Trends));
    insta::assert_snapshot!("trends_120x40", render(app, 120, 40));
    insta::assert_snapshot!("trends_80x24", render(app, 80, 24));
    keys(app, "v");
    insta::assert_snapshot!("trends_by_category_120x40", render(app, 120, 40));
    insta::assert_snapshot!("trends_200x60", render(app, 200, 60));
    insta::assert_snapshot!("trends_20x5", render(app, 20, 5));
    insta::assert_snapshot!("trends_60x20", render(app, 60, 20));
}

#[test]
fn trends_shows_the_figures_of_domain_stats() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "T");
    // The figures are read from the store: the same as over the whole demo subjects.
    let live: Vec<_> = spmp::interchange::demo_subjects()
        .unwrap()
        .into_iter()
        .filter(|s| !app.main.archived.contains(&s.id))
        .collect();
    let expected = spmp::domain::stats(
        &live,
        &app.main.policy,
        app.main.today,
        app.main.policy.breach_chart_months,
    );
    let Some(v) = app.top_as::<Trends>() else {
        panic!("T opens the Trends view");
    };
    assert_eq!(v.stats, expected);
    assert!(
        expected.breaches_awaiting_reassessment > 0,
        "the demo data has one"
    );
    let screen = render(app, 200, 60);
    let live_total: u32 = expected.live_orders.iter().map(|(_, n)| n).sum();
    assert!(
        screen.contains(&format!("Live orders: {live_total}")),
        "{screen}"
    );
    let row = |label: &str, n: u32| {
        screen.lines().any(|l| {
            l.contains(&format!("  {label} ")) && l.split_whitespace().any(|w| w == n.to_string())
        })
    };
    for (kind, n) in &expected.live_orders {
        assert!(row(kind, *n), "{kind} {n}: {screen}");
    }
    assert!(
        row(
            "awaiting re-assessment",
            expected.breaches_awaiting_reassessment
        ),
        "{screen}"
    );
    let months: u32 = expected.breaches_by_month.iter().map(|m| m.total).sum();
    assert!(screen.contains(&format!(": {months} in total")), "{screen}");
    for w in &expected.overdue_by_officer {
        assert!(screen.contains(&w.officer), "{screen}");
    }
    // Aggregates only: no subject is named.
    for s in app.main.subjects.iter() {
        assert!(
            !screen.contains(&*s.family_name),
            "{} named: {screen}",
            s.family_name
        );
    }
}

#[test]
fn trends_scrolls_toggles_and_returns_to_where_the_user_was() {
    let mut t = demo_app();
    let app = &mut t.app;
    keys(app, "j<enter>4");
    let (selected, focus, tab) = (app.main.selected, app.main.focus, app.main.tab);
    for close in ["<esc>", "q", "T"] {
        keys(app, "T");
        assert!(app.dialog() == Some(Kind::Trends));
        keys(app, close);
        assert!(app.dialog().is_none(), "{close} closes the Trends view");
        assert_eq!(
            (app.main.selected, app.main.focus, app.main.tab),
            (selected, focus, tab)
        );
        assert!(!app.should_quit);
    }
    keys(app, "T");
    let top = render(app, 80, 24);
    assert!(top.contains("more below (j)"), "{top}");
    assert!(!top.contains("Overdue work by officer"), "{top}");
    keys(app, "G");
    let bottom = render(app, 80, 24);
    assert!(bottom.contains("Overdue work by officer"), "{bottom}");
    assert!(!bottom.contains("more below"), "{bottom}");
    keys(app, "g");
    assert_eq!(render(app, 80, 24), top);
    let by_kind = render(app, 120, 40);
    assert!(by_kind.contains("by order kind"));
    keys(app, "v");
    let by_category = render(app, 120, 40);
    assert!(
        by_category.contains("by condition category"),
        "{by_category}"
    );
    assert!(by_category.contains("Key: "), "{by_category}");
    keys(app, "]");
    assert!(render(app, 120, 40).contains("by order kind"));
    // The palette runs it too.
    keys(app, "<esc>:trends<enter>");
    assert!(app.dialog() == Some(Kind::Trends));
}
