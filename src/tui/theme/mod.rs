//! Colours and text styles, one per role (risk levels, focus, warnings...). Three themes are
//! built in: `default` (colour), `high-contrast` (bright on black, for low vision and glare) and
//! `mono` (under `NO_COLOR`: bold, reverse and underline only). A theme file ([`file`]) starts
//! from one of them and sets roles, loaded like the keymap. Nothing is said by colour alone:
//! every risk level and warning is also in the text (a test renders every screen in mono).
use ratatui::style::{Color, Modifier, Style};

use crate::domain::RiskLevel;

pub mod file;

pub use file::{ThemeError, default_user_path};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mono: bool,
    /// The screen-reader mode of `--plain`: one pane at a time, linear text, ASCII only.
    pub plain: bool,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focused: Style,
    pub alert: Style,
    pub warn: Style,
    pub ok: Style,
    pub key: Style,
    pub tab_active: Style,
    /// The styles of the four risk levels (see [`Theme::risk`]).
    pub risk_very_high: Style,
    pub risk_high: Style,
    pub risk_medium: Style,
    pub risk_low: Style,
}

impl Theme {
    pub fn color() -> Self {
        let alert = Style::default()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD);
        Self {
            mono: false,
            plain: false,
            base: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            title: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            heading: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            selected: Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default().fg(Color::Cyan),
            alert,
            warn: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            risk_very_high: alert,
            risk_high: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            risk_medium: Style::default().fg(Color::Yellow),
            risk_low: Style::default().fg(Color::Green),
        }
    }

    /// Bright colours on black, bold where the default theme is dim: every role stays far from
    /// the background (no dark grey, no blue on black).
    pub fn high_contrast() -> Self {
        let bold = Modifier::BOLD;
        let on_black = |fg: Color| Style::default().fg(fg).bg(Color::Black);
        let alert = Style::default()
            .fg(Color::Black)
            .bg(Color::LightRed)
            .add_modifier(bold);
        Self {
            mono: false,
            plain: false,
            base: on_black(Color::White),
            dim: on_black(Color::Gray),
            title: on_black(Color::LightCyan).add_modifier(bold),
            heading: on_black(Color::LightYellow).add_modifier(bold | Modifier::UNDERLINED),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            border: on_black(Color::White),
            border_focused: on_black(Color::LightYellow).add_modifier(bold),
            alert,
            warn: on_black(Color::LightYellow).add_modifier(bold),
            ok: on_black(Color::LightGreen).add_modifier(bold),
            key: on_black(Color::LightCyan).add_modifier(bold),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            risk_very_high: alert,
            risk_high: on_black(Color::LightRed).add_modifier(bold),
            risk_medium: on_black(Color::LightYellow),
            risk_low: on_black(Color::LightGreen),
        }
    }

    pub fn mono() -> Self {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let rev = Style::default().add_modifier(Modifier::REVERSED);
        Self {
            mono: true,
            plain: false,
            base: Style::default(),
            dim: Style::default(),
            title: bold,
            heading: bold.add_modifier(Modifier::UNDERLINED),
            selected: rev,
            border: Style::default(),
            border_focused: bold,
            alert: rev.add_modifier(Modifier::BOLD),
            warn: bold,
            ok: Style::default(),
            key: bold,
            tab_active: rev.add_modifier(Modifier::BOLD),
            risk_very_high: rev.add_modifier(Modifier::BOLD),
            risk_high: bold,
            risk_medium: Style::default(),
            risk_low: Style::default(),
        }
    }

    /// A built-in theme by name: `default`, `high-contrast` or `mono`.
    pub fn named(name: &str) -> Option<Self> {
        match name.trim() {
            "default" | "color" | "colour" => Some(Self::color()),
            "high-contrast" => Some(Self::high_contrast()),
            "mono" => Some(Self::mono()),
            _ => None,
        }
    }

    /// The names [`Theme::named`] knows, for messages.
    pub const NAMES: &'static str = "default, high-contrast, mono";

    /// The theme for this environment: monochrome when `NO_COLOR` is set and non-empty.
    pub fn from_env() -> Self {
        Self::color().or_mono_under_no_color()
    }

    /// This theme, or mono when `NO_COLOR` is set and non-empty (a theme file's colours give
    /// way to the user's wish for none).
    pub fn or_mono_under_no_color(self) -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::mono().with_plain(self.plain),
            _ => self,
        }
    }

    pub fn with_plain(mut self, plain: bool) -> Self {
        self.plain = plain;
        self
    }

    /// Style for a risk level; the level's text tag carries the meaning, the colour only helps.
    pub fn risk(&self, level: RiskLevel) -> Style {
        match level {
            RiskLevel::VeryHigh => self.risk_very_high,
            RiskLevel::High => self.risk_high,
            RiskLevel::Medium => self.risk_medium,
            RiskLevel::Low => self.risk_low,
        }
    }
}
