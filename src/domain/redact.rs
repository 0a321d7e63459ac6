//! Restricted fields: what roles without `Permission::ViewRestricted` never see (victims'
//! addresses, and the notes on protected persons where health and vulnerability details are
//! kept), neither in the fields themselves nor where the subject's free text repeats them
//! (a condition naming the victim's street): [`redact`] withholds those first (see
//! [`super::Scrubber`]), then hides the fields.
//!
//! Restriction is decided by type, never by a field's name or path: [`PersonField`] names every
//! field of a [`ProtectedPerson`] and [`PersonField::restricted`] is an exhaustive `match`, so a
//! new field cannot be added without deciding whether it is restricted (the destructuring in
//! [`PersonField::of`] stops the build until it is), and renaming a field (or its serde key)
//! changes nothing. The history is redacted through the same function: [`super::changes`] marks
//! each change whose values [`redact`] would alter.
use super::{ProtectedPerson, Subject};

/// What restricted fields show instead of their value.
pub const RESTRICTED: &str = "restricted";

/// Every field of a protected person, by type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonField {
    Id,
    Name,
    Relationship,
    ByProxy,
    Address,
    Notes,
    ContactPreferences,
    SafeContact,
}

impl PersonField {
    pub const ALL: [PersonField; 8] = [
        PersonField::Id,
        PersonField::Name,
        PersonField::Relationship,
        PersonField::ByProxy,
        PersonField::Address,
        PersonField::Notes,
        PersonField::ContactPreferences,
        PersonField::SafeContact,
    ];

    /// Whether the field is hidden from roles without `ViewRestricted`.
    pub fn restricted(self) -> bool {
        match self {
            PersonField::Id
            | PersonField::Name
            | PersonField::Relationship
            | PersonField::ByProxy => false,
            PersonField::Address
            | PersonField::Notes
            | PersonField::ContactPreferences
            | PersonField::SafeContact => true,
        }
    }

    /// Whether the field identifies the person (a name, an address): what a document for
    /// outside the unit, such as the visit sheet, never prints, whoever reads it.
    pub fn identifies(self) -> bool {
        match self {
            PersonField::Name | PersonField::Address | PersonField::SafeContact => true,
            PersonField::ContactPreferences
            | PersonField::Id
            | PersonField::Relationship
            | PersonField::ByProxy
            | PersonField::Notes => false,
        }
    }

    /// The texts that repeat the field's value of `p` in free text: a name and its parts, an
    /// address and the parts of it that locate someone (see `scrub.rs`), the whole
    /// relationship or notes; nothing for the id and the proxy flag.
    pub fn needles(self, p: &ProtectedPerson) -> Vec<String> {
        match self {
            PersonField::Id | PersonField::ByProxy => Vec::new(),
            PersonField::Name => super::scrub::name_needles(&p.name),
            PersonField::Relationship => vec![p.relationship.clone()],
            PersonField::Address => p
                .address
                .as_deref()
                .map(super::scrub::address_needles)
                .unwrap_or_default(),
            PersonField::Notes => vec![p.notes.clone()],
            PersonField::ContactPreferences => vec![p.contact_preferences.clone()],
            PersonField::SafeContact => vec![p.safe_contact.clone()],
        }
    }

    /// The fields of `p`, one per struct field. Written as a full destructuring (no `..`): a
    /// field added to [`ProtectedPerson`] does not compile until it is named here and in
    /// [`PersonField`], where [`PersonField::restricted`] must decide it.
    pub fn of(p: &ProtectedPerson) -> [PersonField; 8] {
        let ProtectedPerson {
            id: _,
            name: _,
            relationship: _,
            by_proxy: _,
            address: _,
            notes: _,
            contact_preferences: _,
            safe_contact: _,
        } = p;
        PersonField::ALL
    }

    /// Replace the field's value in `p` by [`RESTRICTED`] (a value that is not there stays
    /// absent; the id and the proxy flag carry no personal data and are cleared to their
    /// defaults).
    fn hide(self, p: &mut ProtectedPerson) {
        let hidden = || RESTRICTED.to_string();
        match self {
            PersonField::Id => p.id = 0,
            PersonField::Name if !p.name.is_empty() => p.name = hidden(),
            PersonField::Relationship if !p.relationship.is_empty() => p.relationship = hidden(),
            PersonField::ByProxy => p.by_proxy = false,
            PersonField::Address if p.address.is_some() => p.address = Some(hidden()),
            PersonField::Notes if !p.notes.is_empty() => p.notes = hidden(),
            PersonField::ContactPreferences if !p.contact_preferences.is_empty() => {
                p.contact_preferences = hidden()
            }
            PersonField::SafeContact if !p.safe_contact.is_empty() => p.safe_contact = hidden(),
            PersonField::Name
            | PersonField::Relationship
            | PersonField::Address
            | PersonField::Notes
            | PersonField::ContactPreferences
            | PersonField::SafeContact => {}
        }
    }
}

/// Hide every restricted field of `subject`: first their values are withheld wherever the
/// subject's free text repeats them, then the fields themselves are hidden. Only subjects with
/// a restricted value are walked.
pub fn redact(subject: &mut Subject) {
    let scrubber = super::Scrubber::restricted(subject);
    scrubber.scrub_subject(subject);
    for p in &mut subject.protected_persons {
        for field in PersonField::of(p) {
            if field.restricted() {
                field.hide(p);
            }
        }
    }
    hide_victim_records(subject);
}

/// The victim's own words and needs in the contact log and needs assessments are restricted
/// like a protected person's notes (health, vulnerability, where they go): a viewer sees that
/// a contact or an assessment was made, when, how and by whom, never what it found. Each
/// record is destructured in full, so a new field must be decided here.
fn hide_victim_records(subject: &mut Subject) {
    let hide = |t: &mut String| {
        if !t.is_empty() {
            *t = RESTRICTED.to_string();
        }
    };
    for c in &mut subject.victim_contacts {
        let super::VictimContact {
            id: _,
            person: _,
            date: _,
            by: _,
            method: _,
            said: _,
            views,
        } = c;
        hide(views);
    }
    for n in &mut subject.needs_assessments {
        let super::NeedsAssessment {
            id: _,
            person: _,
            date: _,
            by: _,
            needs,
            outcome,
        } = n;
        hide(needs);
        hide(outcome);
    }
}

/// `subject` with its restricted fields hidden, or `None` when it holds no restricted value.
pub fn redacted(subject: &Subject) -> Option<Subject> {
    let mut out = subject.clone();
    redact(&mut out);
    (out != *subject).then_some(out)
}

/// Hide the values of the changes marked restricted (see [`super::Change::restricted`]).
pub fn redact_changes(changes: &mut [super::Change]) {
    for c in changes.iter_mut().filter(|c| c.restricted) {
        if !c.from.is_empty() {
            c.from = RESTRICTED.to_string();
        }
        if !c.to.is_empty() {
            c.to = RESTRICTED.to_string();
        }
    }
}
