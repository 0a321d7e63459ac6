//! Which form an unsaved draft belongs to ([`DraftKey`]): one draft per user per key. The key is
//! typed so that nothing decides by parsing text which subject a draft is about: the store keeps
//! [`DraftKey::subject`] in a column of its own, and erasing a subject deletes its drafts by
//! that column.
use serde::{Deserialize, Serialize};

use super::{ItemId, SignTarget, SubjectId, Target};

/// The form a draft was typed into. Forms that are never kept as drafts (the queue filter, the
/// export form) have no key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DraftKey {
    /// A form over one item of a subject, or the new-subject form (`subject: None`).
    Item {
        subject: Option<SubjectId>,
        target: Target,
    },
    /// The sign-off form of a review or assessment.
    SignOff {
        subject: SubjectId,
        target: SignTarget,
    },
    /// The compliance review wizard.
    Review { subject: SubjectId },
    /// The review wizard revising review `review` (a returned round, or an approved review).
    Revision { subject: SubjectId, review: ItemId },
}

impl DraftKey {
    /// The subject the draft is about (`None`: a subject not yet created).
    pub fn subject(&self) -> Option<SubjectId> {
        match self {
            DraftKey::Item { subject, .. } => *subject,
            DraftKey::SignOff { subject, .. }
            | DraftKey::Review { subject }
            | DraftKey::Revision { subject, .. } => Some(*subject),
        }
    }

    /// The key as text: `form:12:{target}`, `form:new:{target}`, `signoff:12:{target}` or
    /// `review:12` (the text earlier versions wrote, so their drafts are still found).
    pub fn encode(&self) -> String {
        match self {
            DraftKey::Item { subject, target } => {
                let subject = subject.map_or_else(|| "new".to_string(), |id| id.to_string());
                format!("form:{subject}:{}", json(target))
            }
            DraftKey::SignOff { subject, target } => {
                format!("signoff:{subject}:{}", json(target))
            }
            DraftKey::Review { subject } => format!("review:{subject}"),
            DraftKey::Revision { subject, review } => format!("revise:{subject}:{review}"),
        }
    }

    /// Read back a key written by [`DraftKey::encode`]; `None` for anything else.
    pub fn decode(text: &str) -> Option<DraftKey> {
        if let Some(id) = text.strip_prefix("review:") {
            return Some(DraftKey::Review {
                subject: id.parse().ok()?,
            });
        }
        let (kind, rest) = text.split_once(':')?;
        let (subject, target) = rest.split_once(':')?;
        match kind {
            "revise" => Some(DraftKey::Revision {
                subject: subject.parse().ok()?,
                review: target.parse().ok()?,
            }),
            "form" => Some(DraftKey::Item {
                subject: match subject {
                    "new" => None,
                    id => Some(id.parse().ok()?),
                },
                target: serde_json::from_str(target).ok()?,
            }),
            "signoff" => Some(DraftKey::SignOff {
                subject: subject.parse().ok()?,
                target: serde_json::from_str(target).ok()?,
            }),
            _ => None,
        }
    }
}

/// Compact JSON of a target (plain serde data, which always serialises).
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ItemKind;

    #[test]
    fn keys_round_trip_and_name_their_subject() {
        let keys = [
            DraftKey::Item {
                subject: None,
                target: Target::new_item(ItemKind::Subject, None),
            },
            DraftKey::Item {
                subject: Some(12),
                target: Target::existing(ItemKind::Device, 3, None),
            },
            DraftKey::SignOff {
                subject: 12,
                target: SignTarget::Assessment(2),
            },
            DraftKey::Review { subject: 120 },
            DraftKey::Revision {
                subject: 120,
                review: 3,
            },
        ];
        for k in keys {
            assert_eq!(DraftKey::decode(&k.encode()), Some(k), "{}", k.encode());
        }
        assert_eq!(
            keys.map(|k| k.subject()),
            [None, Some(12), Some(12), Some(120), Some(120)]
        );
        assert_eq!(keys[4].encode(), "revise:120:3");
        assert_eq!(keys[3].encode(), "review:120");
        assert_eq!(
            keys[1].encode(),
            r#"form:12:{"kind":"device","id":3,"parent":null}"#
        );
        for bad in ["", "review:x", "form:12", "queue:12:{}", "form:1:x"] {
            assert_eq!(DraftKey::decode(bad), None, "{bad}");
        }
    }
}
