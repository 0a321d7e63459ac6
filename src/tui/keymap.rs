//! Keymaps: which key does which [`Action`], per layer. Parse, merge, validate.
//!
//! The defaults are `keymaps/default.toml`, compiled in. A user file (`keymap.toml` in the config
//! dir, or `--keymap FILE`) is merged over them **per key**: it overrides only the keys it names,
//! and `"noop"` unbinds a key. Every file is validated as a whole before it changes anything; a
//! bad file is an error naming the file and the key, never a silently smaller keymap.
//!
//! # Layers and routing
//! - [`Layer::Normal`]: lists and panes.
//! - [`Layer::Input`]: a text field (search, palette) has focus. Printable keys
//!   ([`Key::is_printable`]) are typed into the field and can never be bound here; the app looks
//!   up only the other keys, and keys not bound here (backspace, left, ...) go to the field.
//!
//! # Order of keys
//! Within a layer, bindings keep an order: those of the last merged file come first, in the order
//! that file wrote them, then the earlier ones that it did not touch. So [`Keymap::keys_for`] and
//! [`Keymap::hint`] show the user's own key first, then the defaults in file order.
//!
//! See `docs/KEYMAPS.md` for the user-facing description.
mod error;
mod file;
mod key;

use std::fmt;
use std::path::{Path, PathBuf};

pub use error::KeymapError;
pub use key::{Key, KeyCode, KeyParseError, Modifiers};

use crate::tui::action::Action;

/// The compiled-in default keymap.
pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");

/// The name of the compiled-in keymap in error messages.
pub const DEFAULT_ORIGIN: &str = "keymaps/default.toml (built in)";

/// Which set of bindings applies: it depends on what has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Lists and panes.
    Normal,
    /// A text field has focus: printable keys are typed, only other keys are bound.
    Input,
    /// A dialog that takes no text: its own keys, before `[normal]`.
    Dialog,
}

impl Layer {
    /// Every layer, in file order.
    pub const ALL: [Layer; 3] = [Layer::Normal, Layer::Input, Layer::Dialog];

    /// The table name in keymap files: `normal`, `input` or `dialog`.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Normal => "normal",
            Layer::Input => "input",
            Layer::Dialog => "dialog",
        }
    }

    /// The layer a table name stands for.
    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The effective keymap: for each layer, each key bound at most once, in a kept order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    normal: Vec<(Key, Action)>,
    input: Vec<(Key, Action)>,
    dialog: Vec<(Key, Action)>,
}

impl Keymap {
    /// A keymap with no bindings at all. Only useful to merge files into (and in tests).
    pub fn empty() -> Keymap {
        Keymap::default()
    }

    /// The compiled-in defaults. Never fails and never panics: the file is proved valid by the
    /// tests; were it ever broken, this returns [`Keymap::fallback`] (ctrl-c quits, esc cancels).
    /// Use [`Keymap::try_defaults`] to see the error.
    pub fn defaults() -> Keymap {
        Keymap::try_defaults().unwrap_or_else(|_| Keymap::fallback())
    }

    /// The compiled-in defaults, or why they do not parse.
    pub fn try_defaults() -> Result<Keymap, KeymapError> {
        let mut map = Keymap::empty();
        map.merge_toml(DEFAULT_TOML, DEFAULT_ORIGIN)?;
        Ok(map)
    }

    /// The last-resort keymap: `ctrl-c` quits and `esc` cancels, in both layers.
    pub fn fallback() -> Keymap {
        let ctrl_c = Key::new(
            KeyCode::Char('c'),
            Modifiers {
                ctrl: true,
                ..Modifiers::default()
            },
        );
        let esc = Key::new(KeyCode::Esc, Modifiers::default());
        let bindings: Vec<(Key, Action)> = [(ctrl_c, Action::Quit), (esc, Action::Cancel)]
            .into_iter()
            .filter_map(|(key, action)| key.ok().map(|k| (k, action)))
            .collect();
        Keymap {
            normal: bindings.clone(),
            input: bindings.clone(),
            dialog: bindings,
        }
    }

    /// The defaults, then `user_file` merged over them per key. A `user_file` that cannot be
    /// read (a missing one included) is an error: the caller decides whether to pass the file
    /// at all, e.g. `default_user_path()` only if it exists, `--keymap FILE` always.
    pub fn load(user_file: Option<&Path>) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::try_defaults()?;
        if let Some(path) = user_file {
            let text = std::fs::read_to_string(path).map_err(|source| KeymapError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            map.merge_toml(&text, &path.display().to_string())?;
        }
        Ok(map)
    }

    /// Merges one keymap file's text over this keymap, per key: each key the file names is
    /// rebound (or unbound by `"noop"`); all other keys stay. `origin` names the file in errors.
    ///
    /// All or nothing: on error `self` is unchanged. It is an error if, afterwards, no key in
    /// the normal layer quits.
    pub fn merge_toml(&mut self, text: &str, origin: &str) -> Result<(), KeymapError> {
        let layers = file::parse(text, origin)?;
        let mut next = self.clone();
        for (layer, bindings) in layers {
            let list = next.layer_mut(layer);
            let mut merged: Vec<(Key, Action)> = bindings
                .iter()
                .filter(|(_, action)| *action != Action::Noop)
                .copied()
                .collect();
            merged.extend(
                list.iter()
                    .filter(|(key, _)| !bindings.iter().any(|(named, _)| named == key))
                    .copied(),
            );
            *list = merged;
        }
        if next.keys_for(Layer::Normal, Action::Quit).is_empty() {
            return Err(KeymapError::QuitUnreachable {
                origin: origin.to_string(),
            });
        }
        *self = next;
        Ok(())
    }

    /// The action bound to `key` in `layer`, if any. Never `Action::Noop`. Layers do not fall
    /// back to each other.
    pub fn action(&self, layer: Layer, key: &Key) -> Option<Action> {
        self.layer(layer)
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, action)| *action)
    }

    /// Every key bound to `action` in `layer`: the last merged file's keys first, in the order
    /// it wrote them, then the defaults in file order.
    pub fn keys_for(&self, layer: Layer, action: Action) -> Vec<Key> {
        self.layer(layer)
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(key, _)| *key)
            .collect()
    }

    /// The text of the first key for `action` (e.g. `"?"`, `"ctrl-c"`), for status-bar hints.
    pub fn hint(&self, layer: Layer, action: Action) -> Option<String> {
        self.keys_for(layer, action).first().map(Key::to_string)
    }

    /// All bindings of `layer`, grouped by action in [`Action::ALL`] order, each action's keys in
    /// [`Keymap::keys_for`] order. For the help overlay.
    pub fn bindings(&self, layer: Layer) -> Vec<(Key, Action)> {
        Action::ALL
            .into_iter()
            .flat_map(|action| {
                self.keys_for(layer, action)
                    .into_iter()
                    .map(move |key| (key, action))
            })
            .collect()
    }

    fn layer(&self, layer: Layer) -> &Vec<(Key, Action)> {
        match layer {
            Layer::Normal => &self.normal,
            Layer::Input => &self.input,
            Layer::Dialog => &self.dialog,
        }
    }

    fn layer_mut(&mut self, layer: Layer) -> &mut Vec<(Key, Action)> {
        match layer {
            Layer::Normal => &mut self.normal,
            Layer::Input => &mut self.input,
            Layer::Dialog => &mut self.dialog,
        }
    }
}

/// Where the user's keymap lives if `--keymap` is not given: `keymap.toml` in the platform
/// config dir (Linux: `~/.config/spmp/keymap.toml`). `None` if there is no home directory.
/// The app loads it only if it exists.
pub fn default_user_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "spmp").map(|dirs| dirs.config_dir().join("keymap.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn defaults_parse_and_do_not_fall_back() {
        let defaults = Keymap::try_defaults().map_err(|e| e.to_string());
        assert!(defaults.is_ok(), "{defaults:?}");
        assert_ne!(Keymap::defaults(), Keymap::fallback());
    }

    #[test]
    fn fallback_can_quit_and_cancel() {
        let map = Keymap::fallback();
        for layer in Layer::ALL {
            assert_eq!(map.action(layer, &key("ctrl-c")), Some(Action::Quit));
            assert_eq!(map.action(layer, &key("esc")), Some(Action::Cancel));
        }
    }

    #[test]
    fn a_failed_merge_changes_nothing() {
        let mut map = Keymap::defaults();
        let before = map.clone();
        let bad = "[normal]\nj = \"move_up\"\nk = \"fly\"\n";
        assert!(map.merge_toml(bad, "bad.toml").is_err());
        assert_eq!(map, before);
    }

    #[test]
    fn user_keys_come_first_then_defaults_in_file_order() {
        let mut map = Keymap::defaults();
        let before = map.keys_for(Layer::Normal, Action::MoveDown);
        assert_eq!(before, vec![key("j"), key("down")]);
        let user = "[normal]\nctrl-n = \"move_down\"\nn = \"move_down\"\n";
        map.merge_toml(user, "user.toml")
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let after = map.keys_for(Layer::Normal, Action::MoveDown);
        assert_eq!(after, vec![key("ctrl-n"), key("n"), key("j"), key("down")]);
        assert_eq!(
            map.hint(Layer::Normal, Action::MoveDown).as_deref(),
            Some("ctrl-n")
        );
    }

    #[test]
    fn layer_names_round_trip() {
        for layer in Layer::ALL {
            assert_eq!(Layer::from_name(layer.name()), Some(layer));
            assert_eq!(layer.to_string(), layer.name());
        }
        assert_eq!(Layer::from_name("Normal"), None);
    }

    #[test]
    fn default_user_path_is_keymap_toml_in_spmp_config_dir() {
        if let Some(path) = default_user_path() {
            assert!(path.ends_with("keymap.toml"));
            assert!(path.to_string_lossy().contains("spmp"));
        }
    }
}
