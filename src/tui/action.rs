//! The one vocabulary of user actions, shared by keymaps, the help overlay and the command palette.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Unbinds a key in a user keymap; never dispatched.
    Noop,
    Quit,
    Suspend,
    Back,
    Cancel,
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    NextPane,
    PrevPane,
    NextTab,
    PrevTab,
    TabSection1,
    TabSection2,
    TabRisk,
    TabTimeline,
    TabReviews,
    TabVictim,
    Search,
    Palette,
    Help,
    NewSubject,
    AddItem,
    EditItem,
    DeleteItem,
    Review,
    Breach,
    SignOff,
    History,
    CopyIdentifier,
    AuditTrail,
    Undo,
    Save,
    NextField,
    PrevField,
    PrevStep,
    ClearField,
    NextView,
    Filter,
    Export,
    Trends,
    Governance,
    Redo,
    Yes,
    No,
    DiscardDraft,
    DeleteSubject,
    ArchiveSubject,
    MergeSubjects,
    SubmitPlan,
    KeepMine,
    KeepTheirs,
    CheckOut,
    CheckIn,
}

impl Action {
    /// Every action a user can invoke (everything but `noop`), in help/palette order.
    pub const ALL: [Action; 57] = [
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::NextPane,
        Action::PrevPane,
        Action::NextTab,
        Action::PrevTab,
        Action::TabSection1,
        Action::TabSection2,
        Action::TabRisk,
        Action::TabTimeline,
        Action::TabReviews,
        Action::TabVictim,
        Action::Search,
        Action::NextView,
        Action::Filter,
        Action::Export,
        Action::Trends,
        Action::Governance,
        Action::CheckOut,
        Action::CheckIn,
        Action::NewSubject,
        Action::AddItem,
        Action::EditItem,
        Action::DeleteItem,
        Action::DeleteSubject,
        Action::ArchiveSubject,
        Action::MergeSubjects,
        Action::Review,
        Action::Breach,
        Action::SignOff,
        Action::History,
        Action::CopyIdentifier,
        Action::AuditTrail,
        Action::Undo,
        Action::Save,
        Action::NextField,
        Action::PrevField,
        Action::PrevStep,
        Action::ClearField,
        Action::Palette,
        Action::Help,
        Action::Back,
        Action::Cancel,
        Action::Quit,
        Action::Suspend,
        Action::Redo,
        Action::Yes,
        Action::No,
        Action::DiscardDraft,
        Action::SubmitPlan,
        Action::KeepMine,
        Action::KeepTheirs,
    ];

    /// Actions that only mean something in a dialog (answering a confirmation, discarding a
    /// draft, choosing a side of a conflicting save): they are bound in the `[dialog]` layer and not offered by the palette.
    pub const DIALOG: [Action; 5] = [
        Action::Yes,
        Action::No,
        Action::DiscardDraft,
        Action::KeepMine,
        Action::KeepTheirs,
    ];

    /// The snake_case name used in keymap files and the palette.
    pub fn name(self) -> &'static str {
        match self {
            Action::Noop => "noop",
            Action::Quit => "quit",
            Action::Suspend => "suspend",
            Action::Back => "back",
            Action::Cancel => "cancel",
            Action::MoveDown => "move_down",
            Action::MoveUp => "move_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::NextTab => "next_tab",
            Action::PrevTab => "prev_tab",
            Action::TabSection1 => "tab_section1",
            Action::TabSection2 => "tab_section2",
            Action::TabRisk => "tab_risk",
            Action::TabTimeline => "tab_timeline",
            Action::TabReviews => "tab_reviews",
            Action::TabVictim => "tab_victim",
            Action::Search => "search",
            Action::Palette => "palette",
            Action::Help => "help",
            Action::NewSubject => "new_subject",
            Action::AddItem => "add_item",
            Action::EditItem => "edit_item",
            Action::DeleteItem => "delete_item",
            Action::Review => "review",
            Action::Breach => "breach",
            Action::SignOff => "sign_off",
            Action::History => "history",
            Action::CopyIdentifier => "copy_identifier",
            Action::AuditTrail => "audit_trail",
            Action::Undo => "undo",
            Action::Save => "save",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::PrevStep => "prev_step",
            Action::ClearField => "clear_field",
            Action::NextView => "next_view",
            Action::Filter => "filter",
            Action::Export => "export",
            Action::Trends => "trends",
            Action::Governance => "governance",
            Action::Redo => "redo",
            Action::SubmitPlan => "submit_plan",
            Action::Yes => "yes",
            Action::No => "no",
            Action::DiscardDraft => "discard_draft",
            Action::DeleteSubject => "delete_subject",
            Action::ArchiveSubject => "archive_subject",
            Action::MergeSubjects => "merge_subjects",
            Action::KeepMine => "keep_mine",
            Action::KeepTheirs => "keep_theirs",
            Action::CheckOut => "check_out",
            Action::CheckIn => "check_in",
        }
    }

    /// One line for help and palette.
    pub fn description(self) -> &'static str {
        match self {
            Action::Noop => "Unbind the key",
            Action::Quit => "Quit spmp",
            Action::Suspend => "Suspend spmp to the shell (`fg` brings it back)",
            Action::Back => "Go back (quit from the subject list)",
            Action::Cancel => "Cancel: close the dialog or clear the search",
            Action::MoveDown => "Move down",
            Action::MoveUp => "Move up",
            Action::PageDown => "Page down",
            Action::PageUp => "Page up",
            Action::Top => "Go to the top",
            Action::Bottom => "Go to the bottom",
            Action::Open => "Open the selected subject or item",
            Action::NextPane => "Focus the next pane",
            Action::PrevPane => "Focus the previous pane",
            Action::NextTab => "Next tab of the plan",
            Action::PrevTab => "Previous tab of the plan",
            Action::TabSection1 => "Tab 1: Section 1, offending and safeguarding",
            Action::TabSection2 => "Tab 2: Section 2, investigations and management",
            Action::TabRisk => "Tab 3: Section 3, risk assessment",
            Action::TabTimeline => "Tab 4: timeline and breach chart",
            Action::TabReviews => "Tab 5: compliance reviews",
            Action::TabVictim => "Tab 6: victim contact, referrals and partner meetings",
            Action::Search => "Search subjects by name, alias or identifier",
            Action::Palette => "Command palette: run any action by name",
            Action::Help => "Show the keys (this help)",
            Action::NewSubject => "Create a new subject",
            Action::AddItem => "Add an item to this part of the plan",
            Action::EditItem => "Edit an item of this part of the plan",
            Action::DeleteItem => "Delete an item of this part of the plan (asks first)",
            Action::Review => "Run a compliance review of the subject",
            Action::Breach => "Record a breach of an order",
            Action::SignOff => "Sign off a review or risk assessment: approve or return",
            Action::History => "Show the subject's change history",
            Action::CopyIdentifier => {
                "Copy the open subject's PNC ID (or Niche reference) to the clipboard (OSC 52)"
            }
            Action::AuditTrail => "Show the subject's audit trail: who opened or changed it",
            Action::Undo => "Undo your last change this session (asks first if several fields)",
            Action::Save => "Save the form, or go on to the next step of the review",
            Action::NextField => "Next field of the form",
            Action::PrevField => "Previous field of the form",
            Action::PrevStep => "Review wizard: back to the previous step",
            Action::ClearField => "Clear the text field being typed in",
            Action::NextView => "Cycle the list: queue (all, mine, due in 7 days), all subjects",
            Action::Filter => "Filter the queue by reason, risk, order kind and officer",
            Action::Export => "Export the plan or a visit sheet (an audited disclosure)",
            Action::Trends => "Trends: the unit's figures, breaches per month, overdue work",
            Action::Governance => "Governance: super-complaint measures, RAG and the action plan",
            Action::Redo => "Redo the change you undid last (asks first if several fields)",
            Action::SubmitPlan => "Submit the plan (Sections 1 and 2, orders) for sign-off",
            Action::Yes => "Answer yes to the question asked",
            Action::No => "Answer no to the question asked",
            Action::DiscardDraft => "Discard the selected unsaved draft",
            Action::DeleteSubject => {
                "Delete a subject created in error (its creator or supervisors)"
            }
            Action::ArchiveSubject => "Archive the subject once every order has ended (asks why)",
            Action::MergeSubjects => "Merge a duplicate record of this person into this one",
            Action::KeepMine => {
                "Conflicting save: keep your value of the selected field (at a check-in: the \
                 laptop's)"
            }
            Action::KeepTheirs => {
                "Conflicting save: keep their value of the selected field (at a check-in: the \
                 office's)"
            }
            Action::CheckOut => {
                "Check a working set out for offline review on a laptop (this subject, the \
                 list, yours, visits due)"
            }
            Action::CheckIn => {
                "Check a working set in: the laptop's changes merged, conflicts side by side"
            }
        }
    }

    /// Look an action up by its keymap name.
    pub fn from_name(name: &str) -> Option<Action> {
        std::iter::once(Action::Noop)
            .chain(Action::ALL)
            .find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for a in std::iter::once(Action::Noop).chain(Action::ALL) {
            assert_eq!(Action::from_name(a.name()), Some(a));
            let json = serde_json::to_string(&a).expect("serialise");
            assert_eq!(json, format!("\"{}\"", a.name()));
        }
        assert_eq!(Action::from_name("fly"), None);
    }
}
