//! The dialogs that sit over the main screen. The open dialog gets keys first.
use crate::domain::SignTarget;
use crate::domain::{ItemKind, Target};
use crate::domain::{Subject, SubjectId};
use crate::edit::review::ReviewWizard;
use crate::store::HistoryEntry;
use crate::tui::form::FormState;

/// What is over the main screen.
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Palette {
        query: String,
        selected: usize,
    },
    Picker(Picker),
    Confirm(Confirm),
    Form(Box<FormSession>),
    Wizard(Box<WizardSession>),
    History(HistoryView),
    Drafts(DraftsView),
    /// A subject's audit trail (supervisors and administrators).
    Audit(AuditView),
    /// Why a record found by search or in the full list is being opened.
    Reason(ReasonDialog),
    /// The unit's figures, full screen (aggregates only: no subject is named).
    Trends(Box<TrendsView>),
}

impl Overlay {
    pub fn is_none(&self) -> bool {
        matches!(self, Overlay::None)
    }
}

/// A list to choose one entry from.
pub struct Picker {
    pub title: String,
    pub labels: Vec<String>,
    pub selected: usize,
    pub purpose: PickerPurpose,
}

/// What choosing an entry of a picker does; each holds one option per label.
pub enum PickerPurpose {
    Edit(Vec<Target>),
    Delete(Vec<Target>),
    AddKind(Vec<ItemKind>),
    AddParent(ItemKind, Vec<Target>),
    SignOff(Vec<SignTarget>),
}

/// A yes/no question; `back` is what to return to on "no".
pub struct Confirm {
    pub message: String,
    pub on_yes: Pending,
    pub back: Box<Overlay>,
}

/// What a confirmation does when answered yes.
pub enum Pending {
    Delete {
        subject: SubjectId,
        target: Target,
        label: String,
    },
    /// Drop the form (or wizard) in `back` and its draft.
    Discard,
}

/// What saving a form does besides writing the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    /// Create or edit an item of the plan (or the subject itself).
    Item,
    /// Decide a review or assessment awaiting sign-off.
    SignOff(SignTarget),
    /// Choose the queue's filter (nothing is stored).
    QueueFilter,
    /// Export the subject as a document (a disclosure; nothing of the plan changes).
    Export,
}

/// An open form over one subject.
pub struct FormSession {
    /// The subject being edited; `None` when creating a new subject.
    pub subject: Option<SubjectId>,
    pub target: Target,
    pub purpose: FormPurpose,
    /// The stored version the form was opened on (`None` for a new subject).
    pub version: Option<u64>,
    /// The subject as it was when the form opened.
    pub base: Subject,
    pub form: FormState,
    /// Values of further new-breach forms to open after this one is saved: a review marked
    /// conditions of several orders breached.
    pub then: Vec<Vec<String>>,
}

/// The compliance review wizard over one subject.
pub struct WizardSession {
    pub subject: SubjectId,
    pub version: u64,
    pub base: Subject,
    pub wizard: ReviewWizard,
    pub form: FormState,
}

/// A subject's change history.
pub struct HistoryView {
    pub subject: SubjectId,
    pub name: String,
    pub entries: Vec<HistoryEntry>,
    pub scroll: u16,
}

/// A subject's audit trail: who opened, changed or disclosed it, oldest first.
pub struct AuditView {
    pub name: String,
    pub entries: Vec<crate::store::AuditEntry>,
    pub scroll: u16,
}

/// How the Trends view breaks breaches down by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    /// By the kind of the order breached (SPO, ISPO...).
    OrderKind,
    /// By the category of each condition breached.
    Category,
}

impl Breakdown {
    pub fn other(self) -> Self {
        match self {
            Breakdown::OrderKind => Breakdown::Category,
            Breakdown::Category => Breakdown::OrderKind,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Breakdown::OrderKind => "by order kind",
            Breakdown::Category => "by condition category",
        }
    }
}

/// The Trends view: the figures, computed once when it opens (no save can happen while it is
/// open), not per frame.
pub struct TrendsView {
    pub stats: crate::domain::Stats,
    pub breakdown: Breakdown,
    pub scroll: u16,
}

/// Asks why a record is being opened before it is shown (recorded as a consultation).
pub struct ReasonDialog {
    pub subject: SubjectId,
    pub name: String,
    pub reason: String,
    /// Why the last attempt was refused (an empty reason).
    pub error: Option<String>,
    /// Open the search hit under the cursor (scrolled to the match) once recorded.
    pub from_hit: bool,
}

/// The screen is locked after a time without a key press: nothing of the data is drawn until
/// the user's passphrase is typed again. The app state under it is untouched.
#[derive(Default)]
pub struct LockScreen {
    pub passphrase: zeroize::Zeroizing<String>,
    pub error: Option<String>,
}

/// Unsaved drafts found when the store was opened.
pub struct DraftsView {
    pub drafts: Vec<DraftInfo>,
    pub selected: usize,
}

/// One draft, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInfo {
    pub key: crate::domain::DraftKey,
    pub label: String,
    pub updated: chrono::NaiveDateTime,
    pub data: DraftData,
}

/// What a draft holds: enough to reopen the form exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DraftData {
    pub subject: Option<SubjectId>,
    pub target: Target,
    pub title: String,
    pub values: Vec<String>,
    /// For a review wizard: the step reached and every step's values.
    #[serde(default)]
    pub wizard: Option<(usize, Vec<Vec<String>>)>,
    /// For a sign-off form: what is being decided.
    #[serde(default)]
    pub sign_off: Option<SignTarget>,
}

/// One change this session, for `undo`.
#[derive(Debug, Clone)]
pub struct UndoEntry {
    pub subject: SubjectId,
    /// The subject before the change, and the version it was.
    pub before: Subject,
    pub before_version: u64,
    /// The version the change produced; undo refuses if the subject moved on since.
    pub after_version: u64,
    pub summary: String,
}
