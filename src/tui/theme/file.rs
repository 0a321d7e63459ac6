//! A theme file: a built-in theme to start from and a style per role, loaded like the keymap
//! (`--theme FILE`, else the config directory's `theme.toml` when it exists). Unknown roles,
//! unknown keys and colours that are not colours are errors naming the file, never ignored.
//!
//! ```toml
//! base = "high-contrast"          # default, high-contrast or mono
//! [roles]
//! alert = { fg = "black", bg = "light-red", bold = true }
//! risk_medium = { fg = "#ffd700" }
//! ```
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use super::Theme;

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("cannot read theme file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("theme file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    base: Option<String>,
    #[serde(default)]
    roles: Roles,
}

/// Every role a theme styles; a file sets any of them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Roles {
    base: Option<Spec>,
    dim: Option<Spec>,
    title: Option<Spec>,
    heading: Option<Spec>,
    selected: Option<Spec>,
    border: Option<Spec>,
    border_focused: Option<Spec>,
    alert: Option<Spec>,
    warn: Option<Spec>,
    ok: Option<Spec>,
    key: Option<Spec>,
    tab_active: Option<Spec>,
    risk_very_high: Option<Spec>,
    risk_high: Option<Spec>,
    risk_medium: Option<Spec>,
    risk_low: Option<Spec>,
}

/// One role's style: colours by name (`red`, `light-red`, `gray`...), `#rrggbb` or a palette
/// index (`0`-`255`), and text attributes. What a spec leaves out is plain (not inherited).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

impl Spec {
    fn style(&self, role: &str) -> Result<Style, String> {
        let colour = |which: &str, text: &Option<String>| -> Result<Option<Color>, String> {
            text.as_deref()
                .map(|t| {
                    Color::from_str(t.trim()).map_err(|_| {
                        format!(
                            "roles.{role}.{which} = {t:?} is not a colour (a name such as \
                             \"red\" or \"light-red\", \"#rrggbb\", or 0-255)"
                        )
                    })
                })
                .transpose()
        };
        let mut style = Style::default();
        if let Some(fg) = colour("fg", &self.fg)? {
            style = style.fg(fg);
        }
        if let Some(bg) = colour("bg", &self.bg)? {
            style = style.bg(bg);
        }
        for (on, m) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(m);
            }
        }
        Ok(style)
    }
}

/// The theme a file's `text` describes; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Theme, ThemeError> {
    let bad = |message: String| ThemeError::Parse {
        path: path.to_path_buf(),
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut theme = match file.base.as_deref() {
        None => Theme::color(),
        Some(name) => Theme::named(name).ok_or_else(|| {
            bad(format!(
                "base = {name:?} is not a built-in theme (one of: {})",
                Theme::NAMES
            ))
        })?,
    };
    let r = file.roles;
    let slots: [(&str, Option<Spec>, &mut Style); 16] = [
        ("base", r.base, &mut theme.base),
        ("dim", r.dim, &mut theme.dim),
        ("title", r.title, &mut theme.title),
        ("heading", r.heading, &mut theme.heading),
        ("selected", r.selected, &mut theme.selected),
        ("border", r.border, &mut theme.border),
        (
            "border_focused",
            r.border_focused,
            &mut theme.border_focused,
        ),
        ("alert", r.alert, &mut theme.alert),
        ("warn", r.warn, &mut theme.warn),
        ("ok", r.ok, &mut theme.ok),
        ("key", r.key, &mut theme.key),
        ("tab_active", r.tab_active, &mut theme.tab_active),
        (
            "risk_very_high",
            r.risk_very_high,
            &mut theme.risk_very_high,
        ),
        ("risk_high", r.risk_high, &mut theme.risk_high),
        ("risk_medium", r.risk_medium, &mut theme.risk_medium),
        ("risk_low", r.risk_low, &mut theme.risk_low),
    ];
    for (role, spec, slot) in slots {
        if let Some(spec) = spec {
            *slot = spec.style(role).map_err(bad)?;
        }
    }
    Ok(theme)
}

/// The theme in the file at `path`.
pub fn load(path: &Path) -> Result<Theme, ThemeError> {
    let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Where a user's theme file is looked for when `--theme` is not given.
pub fn default_user_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "spmp").map(|dirs| dirs.config_dir().join("theme.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Theme, String> {
        parse(text, Path::new("theme.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn an_empty_file_is_the_default_theme_and_base_picks_a_built_in() {
        assert_eq!(parsed(""), Ok(Theme::color()));
        assert_eq!(
            parsed("base = \"high-contrast\""),
            Ok(Theme::high_contrast())
        );
        assert_eq!(parsed("base = \"mono\""), Ok(Theme::mono()));
    }

    #[test]
    fn roles_override_their_style_only() {
        let theme = parsed(
            "base = \"mono\"\n[roles]\nalert = { fg = \"black\", bg = \"light-red\", bold = true }\n\
             risk_medium = { fg = \"#ffd700\", underlined = true }\n",
        )
        .unwrap();
        assert_eq!(
            theme.alert,
            Style::default()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            theme.risk(crate::domain::RiskLevel::Medium),
            Style::default()
                .fg(Color::Rgb(0xff, 0xd7, 0))
                .add_modifier(Modifier::UNDERLINED)
        );
        assert_eq!(theme.warn, Theme::mono().warn);
    }

    #[test]
    fn unknown_roles_keys_bases_and_colours_are_errors_naming_the_file() {
        for (text, says) in [
            ("[roles]\nalarm = { fg = \"red\" }", "alarm"),
            ("[roles]\nalert = { colour = \"red\" }", "colour"),
            (
                "[roles]\nalert = { fg = \"reddish\" }",
                "roles.alert.fg = \"reddish\"",
            ),
            ("base = \"neon\"", "base = \"neon\" is not a built-in theme"),
            ("font = \"x\"", "font"),
            ("[roles\n", "theme.toml"),
        ] {
            let e = parsed(text).unwrap_err();
            assert!(e.contains("theme.toml") && e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn a_missing_file_says_which() {
        let e = load(Path::new("/nonexistent/spmp-theme.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/spmp-theme.toml"), "{e}");
    }

    #[test]
    fn the_shipped_theme_files_parse() {
        for (name, text) in [
            (
                "high-contrast.toml",
                include_str!("../../../docs/themes/high-contrast.toml"),
            ),
            (
                "example.toml",
                include_str!("../../../docs/themes/example.toml"),
            ),
        ] {
            parse(text, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(
            parse(
                include_str!("../../../docs/themes/high-contrast.toml"),
                Path::new("x")
            )
            .unwrap(),
            Theme::high_contrast()
        );
    }
}
