//! Why a keymap file was refused. Every message names the file (the `origin`) and, where there
//! is one, the layer and the key as the user wrote it, so it can be found in the file.
use std::path::PathBuf;

use super::key::KeyParseError;

/// A keymap file that cannot be used. The app refuses to start with this message rather than
/// run with a keymap the user did not write.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    /// The file could not be read (an explicitly named file that does not exist is this error).
    #[error("cannot read keymap file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("{origin}:{line}: TOML syntax error: {message}")]
    Syntax {
        origin: String,
        line: usize,
        message: String,
    },
    /// A table other than `[normal]` or `[input]`.
    #[error("{origin}: unknown layer [{layer}] (the layers are [normal] and [input])")]
    UnknownLayer { origin: String, layer: String },
    /// A top-level entry that is not a table, such as a binding written before any `[layer]`.
    #[error("{origin}: \"{name}\" is outside any layer; put bindings under [normal] or [input]")]
    OutsideLayer { origin: String, name: String },
    /// A layer name used for something other than a table (`normal = "x"`, `[[normal]]`).
    #[error(
        "{origin}: \"{layer}\" must be a table: write [{layer}] and KEY = \"action\" lines under it"
    )]
    LayerNotTable { origin: String, layer: &'static str },
    /// A key string that does not parse.
    #[error("{origin}: [{layer}] \"{key}\": bad key: {reason}")]
    BadKey {
        origin: String,
        layer: &'static str,
        key: String,
        reason: KeyParseError,
    },
    /// An action name that is not in the vocabulary.
    #[error(
        "{origin}: [{layer}] \"{key}\" = \"{action}\": unknown action \"{action}\"{}",
        suggest(.suggestion)
    )]
    UnknownAction {
        origin: String,
        layer: &'static str,
        key: String,
        action: String,
        suggestion: Option<&'static str>,
    },
    /// A binding whose value is not a string (`j = 1`, `j = ["move_down"]`, `[normal.j]`).
    #[error(
        "{origin}: [{layer}] \"{key}\": the action must be a string such as \"move_down\", found {found}"
    )]
    NotAString {
        origin: String,
        layer: &'static str,
        key: String,
        found: &'static str,
    },
    /// Two spellings of one key in one layer of one file (`"G"` and `"shift-g"`).
    #[error(
        "{origin}: [{layer}] \"{first}\" and \"{second}\" are the same key ({canonical}); bind it once"
    )]
    Duplicate {
        origin: String,
        layer: &'static str,
        first: String,
        second: String,
        canonical: String,
    },
    /// A printable key in `[input]`, where such keys are typed into the text field.
    #[error(
        "{origin}: [input] \"{key}\": printable keys are typed into the text field and cannot be bound in [input]; use a named key or a ctrl- or alt- chord"
    )]
    PrintableInInput { origin: String, key: String },
    /// After merging, no key in `[normal]` quits: the user would be locked in.
    #[error(
        "{origin}: keymap leaves no key for quit in [normal]; bind one, e.g. ctrl-c = \"quit\""
    )]
    QuitUnreachable { origin: String },
}

fn suggest(suggestion: &Option<&'static str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean \"{s}\"?"))
}

impl KeymapError {
    /// The file (or other origin) the error is about.
    pub fn origin(&self) -> String {
        match self {
            KeymapError::Read { path, .. } => path.display().to_string(),
            KeymapError::Syntax { origin, .. }
            | KeymapError::UnknownLayer { origin, .. }
            | KeymapError::OutsideLayer { origin, .. }
            | KeymapError::LayerNotTable { origin, .. }
            | KeymapError::BadKey { origin, .. }
            | KeymapError::UnknownAction { origin, .. }
            | KeymapError::NotAString { origin, .. }
            | KeymapError::Duplicate { origin, .. }
            | KeymapError::PrintableInInput { origin, .. }
            | KeymapError::QuitUnreachable { origin } => origin.clone(),
        }
    }
}
