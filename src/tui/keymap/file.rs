//! Reading one keymap file: TOML text to validated bindings, in the order they were written.
//!
//! All checks that concern one file live here (syntax, layers, key names, action names, value
//! types, duplicates after normalisation, printable keys in `[input]`); the merge in the parent
//! module only ever sees valid bindings.
use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::Layer;
use super::error::KeymapError;
use super::key::{Key, closest};
use crate::tui::action::Action;

/// The bindings of one layer of one file, in file order. `Action::Noop` means "unbind".
pub(super) type LayerBindings = Vec<(Key, Action)>;

/// Parses and validates a whole keymap file. Returns each layer the file names, with its
/// bindings in the order they appear.
pub(super) fn parse(text: &str, origin: &str) -> Result<Vec<(Layer, LayerBindings)>, KeymapError> {
    let document = DeTable::parse(text).map_err(|e| KeymapError::Syntax {
        origin: origin.to_string(),
        line: e.span().map_or(1, |span| line_of(text, span)),
        message: e.message().trim().to_string(),
    })?;
    let mut layers = Vec::new();
    for (name, value) in in_file_order(document.get_ref().iter()) {
        let table = match value.get_ref() {
            DeValue::Table(table) => table,
            _ => {
                if let Some(layer) = Layer::from_name(name.get_ref()) {
                    return Err(KeymapError::LayerNotTable {
                        origin: origin.to_string(),
                        layer: layer.name(),
                    });
                }
                return Err(KeymapError::OutsideLayer {
                    origin: origin.to_string(),
                    name: name.get_ref().to_string(),
                });
            }
        };
        let layer = Layer::from_name(name.get_ref()).ok_or_else(|| KeymapError::UnknownLayer {
            origin: origin.to_string(),
            layer: name.get_ref().to_string(),
        })?;
        layers.push((layer, parse_layer(layer, table, origin)?));
    }
    Ok(layers)
}

/// Validates the bindings of one `[layer]` table.
fn parse_layer(
    layer: Layer,
    table: &DeTable<'_>,
    origin: &str,
) -> Result<LayerBindings, KeymapError> {
    let mut seen: HashMap<Key, String> = HashMap::new();
    let mut bindings = Vec::new();
    for (raw_key, value) in in_file_order(table.iter()) {
        let raw = raw_key.get_ref().to_string();
        let key: Key = raw.parse().map_err(|reason| KeymapError::BadKey {
            origin: origin.to_string(),
            layer: layer.name(),
            key: raw.clone(),
            reason,
        })?;
        let action_name = match value.get_ref() {
            DeValue::String(s) => s.to_string(),
            other => {
                return Err(KeymapError::NotAString {
                    origin: origin.to_string(),
                    layer: layer.name(),
                    key: raw,
                    found: other.type_str(),
                });
            }
        };
        let action = Action::from_name(&action_name).ok_or_else(|| KeymapError::UnknownAction {
            origin: origin.to_string(),
            layer: layer.name(),
            key: raw.clone(),
            suggestion: closest(&action_name, action_names()),
            action: action_name.clone(),
        })?;
        if layer == Layer::Input && key.is_printable() {
            return Err(KeymapError::PrintableInInput {
                origin: origin.to_string(),
                key: raw,
            });
        }
        if let Some(first) = seen.get(&key) {
            return Err(KeymapError::Duplicate {
                origin: origin.to_string(),
                layer: layer.name(),
                first: first.clone(),
                second: raw,
                canonical: key.to_string(),
            });
        }
        seen.insert(key, raw);
        bindings.push((key, action));
    }
    Ok(bindings)
}

/// Every name a keymap file may use as an action, `noop` included.
fn action_names() -> impl Iterator<Item = &'static str> {
    std::iter::once(Action::Noop)
        .chain(Action::ALL)
        .map(Action::name)
}

/// Sorts table entries by where their key appears in the text. The TOML map may be sorted by
/// name (toml's default) or by insertion (its `preserve_order` feature); spans work either way.
fn in_file_order<'a, K: 'a, V: 'a>(
    entries: impl Iterator<Item = (&'a toml::Spanned<K>, &'a toml::Spanned<V>)>,
) -> Vec<(&'a toml::Spanned<K>, &'a toml::Spanned<V>)> {
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, span: Range<usize>) -> usize {
    let end = span.start.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
