//! A subject's outside identifiers (PNC ID, Niche reference) name one person: two subjects with
//! the same one are almost certainly the same person entered twice. Compared ignoring case and
//! spaces. Imports refuse a clash; the forms warn (an officer may know better, e.g. a record
//! merged in the PNC).
use super::{Subject, SubjectId};

/// Which identifier clashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    Pnc,
    Niche,
}

impl Identifier {
    /// The field's label, as the forms show it.
    pub fn label(self) -> &'static str {
        match self {
            Identifier::Pnc => "PNC ID",
            Identifier::Niche => "Niche reference",
        }
    }

    /// The field's key in the interchange file.
    pub fn key(self) -> &'static str {
        match self {
            Identifier::Pnc => "pnc_id",
            Identifier::Niche => "niche_ref",
        }
    }
}

/// What [`identifier_clashes`] reads of a subject: a whole record, its summary or its
/// [`super::Triage`].
pub trait Identified {
    fn subject_id(&self) -> SubjectId;
    /// The identifier's value as written, if any.
    fn identifier(&self, which: Identifier) -> Option<&str>;
    /// "FAMILY, Given".
    fn name(&self) -> String;
}

impl Identified for Subject {
    fn subject_id(&self) -> SubjectId {
        self.id
    }

    fn identifier(&self, which: Identifier) -> Option<&str> {
        match which {
            Identifier::Pnc => self.pnc_id.as_deref(),
            Identifier::Niche => self.niche_ref.as_deref(),
        }
    }

    fn name(&self) -> String {
        self.display_name()
    }
}

/// An identifier as compared: without spaces, lower case; `None` when empty.
pub fn identifier_key(value: &str) -> Option<String> {
    let key: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    (!key.is_empty()).then_some(key)
}

/// `subject` shares an identifier with another subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifierClash {
    pub identifier: Identifier,
    /// The value as `subject` has it.
    pub value: String,
    pub other: SubjectId,
    pub other_name: String,
}

impl std::fmt::Display for IdentifierClash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} is also subject {}'s ({})",
            self.identifier.label(),
            crate::text::line(&self.value),
            self.other,
            crate::text::line(&self.other_name)
        )
    }
}

/// `subject` as [`identifier_clashes`] reads the others: its id, names and identifiers, and
/// nothing else (the plan opened on the day it was).
pub fn identity_of(subject: Subject) -> Subject {
    let mut out = Subject::new(subject.id, "", "", subject.opened);
    out.family_name = subject.family_name;
    out.given_names = subject.given_names;
    out.pnc_id = subject.pnc_id;
    out.niche_ref = subject.niche_ref;
    out
}

/// Every identifier `subject` shares with one of `others` (a subject with its own id is
/// skipped: that is the same subject).
pub fn identifier_clashes<'a, T: Identified + 'a>(
    subject: &Subject,
    others: impl IntoIterator<Item = &'a T>,
) -> Vec<IdentifierClash> {
    let mine: Vec<(Identifier, &str, String)> = [Identifier::Pnc, Identifier::Niche]
        .into_iter()
        .filter_map(|i| {
            let v = subject.identifier(i)?;
            Some((i, v, identifier_key(v)?))
        })
        .collect();
    if mine.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for other in others {
        if other.subject_id() == subject.id {
            continue;
        }
        for (identifier, value, key) in &mine {
            if other
                .identifier(*identifier)
                .and_then(identifier_key)
                .as_ref()
                == Some(key)
            {
                out.push(IdentifierClash {
                    identifier: *identifier,
                    value: (*value).to_string(),
                    other: other.subject_id(),
                    other_name: other.name(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::subject;

    #[test]
    fn clashes_with_the_identity_alone_are_the_clashes_with_the_whole_subject() {
        let mut a = subject();
        a.pnc_id = Some("26/123456X".into());
        a.niche_ref = Some("NOM-1".into());
        let mut b = crate::domain::testkit::subject();
        b.id = 2;
        b.pnc_id = Some("26/123456x".into());
        b.niche_ref = Some("NOM-1".into());
        b.aliases.push("Another name".into());
        let whole = identifier_clashes(&a, [&b]);
        let slim = identity_of(b.clone());
        assert!(slim.aliases.is_empty() && slim.orders.is_empty());
        assert_eq!(identifier_clashes(&a, [&slim]), whole);
        assert_eq!(whole.len(), 2);
    }

    #[test]
    fn the_same_pnc_id_or_niche_reference_clashes_ignoring_case_and_spaces() {
        let mut a = subject();
        a.pnc_id = Some("26/123456X".into());
        a.niche_ref = Some("NOM-1".into());
        let mut b = subject();
        b.id = 2;
        b.pnc_id = Some(" 26/123456x ".into());
        let mut c = subject();
        c.id = 3;
        c.niche_ref = Some("nom-1".into());
        let clashes = identifier_clashes(&a, [&a, &b, &c]);
        assert_eq!(clashes.len(), 2);
        assert_eq!(clashes[0].identifier, Identifier::Pnc);
        assert_eq!(clashes[0].other, 2);
        assert_eq!(clashes[1].identifier, Identifier::Niche);
        assert_eq!(
            clashes[1].to_string(),
            "Niche reference NOM-1 is also subject 3's (SMITH, John)"
        );
        b.pnc_id = Some(String::new());
        assert!(identifier_clashes(&b, [&a]).is_empty());
    }
}
