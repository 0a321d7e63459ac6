//! The loading screen: shown while a large caseload is read after the login.
use ratatui::Frame;
use ratatui::text::Line;

use super::widgets::panel;
use crate::tui::theme::Theme;

/// Draw "Opening the caseload" with how many subjects of how many are read. Never panics at
/// any size.
pub fn draw(frame: &mut Frame, theme: &Theme, done: u64, total: u64) {
    let bar = crate::text::bar("Reading", done, total);
    let count = format!(
        "{} of {} subjects",
        thousands(done.min(total)),
        thousands(total)
    );
    let what = if done < total {
        "Reading the caseload: the list and the queue follow."
    } else {
        "Every subject read: building the list and the queue."
    };
    let lines = vec![
        Line::raw(what),
        Line::raw(""),
        Line::raw(bar),
        Line::styled(count.clone(), theme.dim),
    ];
    let compact = vec![
        Line::styled("spmp: opening", theme.heading),
        Line::raw(count),
    ];
    panel(frame, theme, "spmp: opening the caseload", lines, compact);
}

/// `n` with thousands separated by commas: `100,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn render(w: u16, h: u16, done: u64, total: u64) -> String {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| draw(f, &Theme::mono(), done, total)).unwrap();
        let buf = term.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_loading_screen_says_how_far_the_reading_is() {
        let screen = render(100, 12, 45_000, 100_000);
        insta::assert_snapshot!(screen);
        assert!(screen.contains("45,000 of 100,000 subjects"), "{screen}");
        assert!(screen.contains(" 45%"), "{screen}");
    }

    #[test]
    fn a_tiny_terminal_still_gets_the_count() {
        let screen = render(20, 5, 7, 7);
        assert!(screen.contains("7 of 7 subjects"), "{screen}");
    }

    #[test]
    fn once_every_subject_is_read_it_says_what_follows() {
        let screen = render(100, 12, 7, 7);
        assert!(
            screen.contains("building the list and the queue"),
            "{screen}"
        );
        assert!(screen.contains("100%"), "{screen}");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(300_000), "300,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
