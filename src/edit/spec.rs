//! The vocabulary of forms: field kinds, field specs, targets and item kinds.
use crate::domain::Target;

/// How a field is edited and parsed. Every value is a `String` in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Free text over several lines (a narrative), edited in a text area.
    Multiline,
    /// A list with one entry per line (aliases, risk factors), edited in a text area.
    Lines,
    /// A date typed as UK staff type them (see [`crate::edit::parse::parse_date`]).
    Date,
    /// A date that may be left empty.
    OptDate,
    /// A time of day, `14:05` or `1405`.
    Time,
    /// Yes or no; the value is `"yes"` or `"no"`.
    Bool,
    /// Exactly one of these choices; the value is the chosen one's stable key.
    Choice(Vec<Choice>),
    /// Any number of these choices; the value is the chosen keys joined by `\n`.
    MultiChoice(Vec<Choice>),
    /// A whole number in `min..=max`, or empty when the field is not required.
    Number { min: i64, max: i64 },
}

/// One option of a choice: a stable key (what the form's value, a draft and the command line
/// hold) and the label the user reads. Renaming a label never changes what a value means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

impl Choice {
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
        }
    }

    /// The choices of a table of `(value, key, label)`.
    pub fn table<T>(table: &[(T, &str, &str)]) -> Vec<Choice> {
        table.iter().map(|(_, k, l)| Choice::new(*k, *l)).collect()
    }
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Stable name, used in drafts and tests (`"family_name"`, `"made"`).
    pub key: &'static str,
    /// What the user sees (`"Family name"`).
    pub label: String,
    pub kind: FieldKind,
    /// Required fields may not be empty.
    pub required: bool,
    /// One line of guidance shown when the field has focus (may be empty).
    pub help: String,
}

impl FieldSpec {
    pub fn new(key: &'static str, label: &str, kind: FieldKind, required: bool) -> Self {
        Self {
            key,
            label: label.to_string(),
            kind,
            required,
            help: String::new(),
        }
    }

    pub fn with_help(mut self, help: &str) -> Self {
        self.help = help.to_string();
        self
    }
}

/// A fault in a form, against the field it concerns (`None`: the form as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: Option<usize>,
    pub message: String,
}

/// One existing item, for pickers: what it is and a one-line label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub target: Target,
    pub label: String,
}

/// `text` as a `&'static str` for a field key that comes from a file (a risk instrument's item
/// keys): each distinct text is kept once for the life of the process, so building a form
/// again never grows memory.
pub fn intern(text: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, OnceLock};
    static KEYS: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut keys = KEYS
        .get_or_init(|| Mutex::new(BTreeSet::new()))
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(k) = keys.get(text) {
        return k;
    }
    let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
    keys.insert(leaked);
    leaked
}
