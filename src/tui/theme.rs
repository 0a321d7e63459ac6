//! Colours and text styles. Under `NO_COLOR` a monochrome theme keeps bold, reverse and
//! underline so nothing depends on colour alone.
use ratatui::style::{Color, Modifier, Style};

use crate::domain::RiskLevel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mono: bool,
    /// ASCII borders for screen readers and old consoles.
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
}

impl Theme {
    pub fn color() -> Self {
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
            alert: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
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
        }
    }

    /// The theme for this environment: monochrome when `NO_COLOR` is set and non-empty.
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::mono(),
            _ => Self::color(),
        }
    }

    pub fn with_plain(mut self, plain: bool) -> Self {
        self.plain = plain;
        self
    }

    /// Style for a risk level; the level's text tag carries the meaning, the colour only helps.
    pub fn risk(&self, level: RiskLevel) -> Style {
        if self.mono {
            return match level {
                RiskLevel::VeryHigh => self.alert,
                RiskLevel::High => Style::default().add_modifier(Modifier::BOLD),
                _ => Style::default(),
            };
        }
        match level {
            RiskLevel::VeryHigh => self.alert,
            RiskLevel::High => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            RiskLevel::Medium => Style::default().fg(Color::Yellow),
            RiskLevel::Low => Style::default().fg(Color::Green),
        }
    }
}
