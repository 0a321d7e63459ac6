//! What is findable: the searchable values of one subject, each with its field and item.
//!
//! Of protected persons (victims and people protected by proxy) only the name is findable, so
//! "the victim is on the phone: whose case is it?" has an answer; their addresses, notes and
//! relationships never are. A name hidden by redaction (a role that may not see it) holds
//! [`RESTRICTED`] and is not indexed.
use crate::domain::{ItemId, RESTRICTED, Subject};
use crate::domain::{ItemKind, PlanPart, Target};

use crate::text::fold::Norm;

/// Which kind of value an entry holds. [`Field::label`] is what a hit shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    /// Given and family names (`Siobhán Murphy`, and `Murphy, Siobhán`).
    Name,
    Alias,
    PncId,
    NicheRef,
    /// Address lines.
    Address,
    Postcode,
    /// Device make and model.
    Device,
    /// Device IMEI or serial number.
    Imei,
    /// Phone number used with a device.
    Phone,
    /// Social-media handle.
    Handle,
    /// Social-media profile URL.
    Url,
    /// Vehicle registration mark.
    Vrm,
    /// Vehicle make, model and colour.
    Vehicle,
    /// Investigation reference.
    Investigation,
    /// A relationship's partner name.
    Partner,
    /// A protected person's name: the hit is the subject whose protected person it is.
    ProtectedPerson,
}

/// Which form of the query an entry is matched against (see `query::Forms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Text = 0,
    Ident = 1,
    Phone = 2,
    Handle = 3,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 16] = [
        Field::Name,
        Field::Alias,
        Field::PncId,
        Field::NicheRef,
        Field::Address,
        Field::Postcode,
        Field::Device,
        Field::Imei,
        Field::Phone,
        Field::Handle,
        Field::Url,
        Field::Vrm,
        Field::Vehicle,
        Field::Investigation,
        Field::Partner,
        Field::ProtectedPerson,
    ];

    /// The field with this [`Field::label`] (`Name` for an unknown label).
    pub fn from_label(label: &str) -> Field {
        Self::ALL
            .into_iter()
            .find(|f| f.label() == label)
            .unwrap_or(Field::Name)
    }

    /// The label a hit shows ("name", "VRM", "phone"...).
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "alias",
            Field::PncId => "PNC ID",
            Field::NicheRef => "Niche ref",
            Field::Address => "address",
            Field::Postcode => "postcode",
            Field::Device => "device",
            Field::Imei => "IMEI",
            Field::Phone => "phone",
            Field::Handle => "handle",
            Field::Url => "URL",
            Field::Vrm => "VRM",
            Field::Vehicle => "vehicle",
            Field::Investigation => "investigation",
            Field::Partner => "partner",
            Field::ProtectedPerson => "protected person",
        }
    }

    /// How the stored value is normalised.
    pub(crate) fn norm(self) -> Norm {
        match self {
            Field::Name | Field::Alias | Field::Address | Field::Device | Field::Vehicle => {
                Norm::Text
            }
            Field::Partner | Field::ProtectedPerson => Norm::Text,
            Field::PncId | Field::NicheRef | Field::Postcode | Field::Imei => Norm::Ident,
            Field::Vrm | Field::Investigation => Norm::Ident,
            Field::Phone => Norm::Phone,
            Field::Handle => Norm::Handle,
            Field::Url => Norm::Url,
        }
    }

    /// Which query form the entry is matched against.
    pub(crate) fn class(self) -> Class {
        match self.norm() {
            Norm::Text | Norm::Url => Class::Text,
            Norm::Ident => Class::Ident,
            Norm::Phone => Class::Phone,
            Norm::Handle => Class::Handle,
        }
    }

    /// True when only the query's letters in a row find the value (a substring, not a
    /// scattered subsequence): a protected person's name is shown only to whoever types it,
    /// not to a search for something else whose letters happen to be in it.
    pub(crate) fn letters_in_a_row(self) -> bool {
        self == Field::ProtectedPerson
    }

    /// The kind of item the value belongs to; `None` for the subject's identity.
    fn item_kind(self) -> Option<ItemKind> {
        match self {
            Field::Name | Field::Alias | Field::PncId | Field::NicheRef => None,
            Field::Address | Field::Postcode => Some(ItemKind::Address),
            Field::Device | Field::Imei | Field::Phone => Some(ItemKind::Device),
            Field::Handle | Field::Url => Some(ItemKind::SocialAccount),
            Field::Vrm | Field::Vehicle => Some(ItemKind::Vehicle),
            Field::Investigation => Some(ItemKind::Investigation),
            Field::Partner => Some(ItemKind::Relationship),
            Field::ProtectedPerson => Some(ItemKind::ProtectedPerson),
        }
    }

    /// The item a value with this field and item id belongs to.
    pub(crate) fn target(self, item: ItemId) -> Option<Target> {
        self.item_kind()
            .map(|kind| Target::existing(kind, item, None))
    }

    /// The part of the plan the value is shown in.
    pub fn part(self) -> PlanPart {
        match self.item_kind() {
            None | Some(ItemKind::Address | ItemKind::ProtectedPerson) => PlanPart::Section1,
            Some(_) => PlanPart::Section2,
        }
    }
}

/// A subject's searchable values, packed back to back: made where the subject is decoded (the
/// loading threads), so a large caseload is indexed without keeping its subjects. The same
/// values, in the same order, as the subject itself gives the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Values {
    text: String,
    /// Per value: its field, its item and where its text ends in `text`.
    parts: Vec<(Field, ItemId, u32)>,
}

impl Values {
    /// The values of `s`.
    pub fn of(s: &Subject) -> Self {
        let mut out = Self::default();
        for_each_value(s, &mut |field, item, text| {
            out.text.push_str(text);
            let end = u32::try_from(out.text.len()).unwrap_or(u32::MAX);
            out.parts.push((field, item, end));
        });
        out.text.shrink_to_fit();
        out.parts.shrink_to_fit();
        out
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Their text's length in bytes, in all.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Call `out(field, item id, text)` for every value, as [`for_each_value`] would.
    pub(crate) fn for_each(&self, out: &mut dyn FnMut(Field, ItemId, &str)) {
        let mut from = 0usize;
        for &(field, item, end) in &self.parts {
            let end = end as usize;
            out(field, item, self.text.get(from..end).unwrap_or_default());
            from = end;
        }
    }
}

/// Call `out(field, item id, text)` for every searchable value of `s`, in a fixed order
/// (identity first, protected persons last, so the subject's own value wins a tie). Empty
/// values are skipped.
pub(crate) fn for_each_value(s: &Subject, out: &mut impl FnMut(Field, ItemId, &str)) {
    let mut emit = |field: Field, item: ItemId, text: &str| {
        if !text.trim().is_empty() {
            out(field, item, text);
        }
    };
    let (given, family) = (s.given_names.trim(), s.family_name.trim());
    emit(Field::Name, 0, &format!("{given} {family}"));
    if !given.is_empty() && !family.is_empty() {
        emit(Field::Name, 0, &format!("{family}, {given}"));
    }
    s.aliases.iter().for_each(|a| emit(Field::Alias, 0, a));
    if let Some(pnc) = &s.pnc_id {
        emit(Field::PncId, 0, pnc);
    }
    if let Some(niche) = &s.niche_ref {
        emit(Field::NicheRef, 0, niche);
    }
    for a in &s.addresses {
        emit(Field::Address, a.id, &a.lines);
        if let Some(p) = &a.postcode {
            emit(Field::Postcode, a.id, p);
        }
    }
    let s2 = &s.section2;
    for d in &s2.devices {
        emit(Field::Device, d.id, &d.make_model);
        if let Some(imei) = &d.imei_serial {
            emit(Field::Imei, d.id, imei);
        }
        if let Some(n) = &d.number {
            emit(Field::Phone, d.id, n);
        }
    }
    for a in &s2.social_media {
        emit(Field::Handle, a.id, &a.handle);
        if let Some(url) = &a.url {
            emit(Field::Url, a.id, url);
        }
    }
    for v in &s2.vehicles {
        emit(Field::Vrm, v.id, &v.vrm);
        let words = [v.make.trim(), v.model.trim(), v.colour.trim()];
        let described: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
        emit(Field::Vehicle, v.id, &described.join(" "));
    }
    for i in &s2.investigations {
        emit(Field::Investigation, i.id, &i.reference);
    }
    for r in &s2.relationships {
        emit(Field::Partner, r.id, &r.partner);
    }
    for p in &s.protected_persons {
        if p.name != RESTRICTED {
            emit(Field::ProtectedPerson, p.id, &p.name);
        }
    }
}
