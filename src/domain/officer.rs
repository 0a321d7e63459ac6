//! Users as officers: rank, name, collar or warrant number and team, and the ranks force policy
//! requires to approve each kind of record.
use serde::{Deserialize, Serialize};

/// A police rank, lowest first (so `>=` reads "this rank or above"). Police staff hold no rank.
/// Detective ranks are the same ranks ([`Officer::detective`] only changes how they are written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    /// Police staff (civilian investigators, analysts, administrators).
    Staff,
    Constable,
    Sergeant,
    Inspector,
    ChiefInspector,
    Superintendent,
    ChiefSuperintendent,
}

impl Rank {
    pub const ALL: [Rank; 7] = [
        Self::Staff,
        Self::Constable,
        Self::Sergeant,
        Self::Inspector,
        Self::ChiefInspector,
        Self::Superintendent,
        Self::ChiefSuperintendent,
    ];

    /// The rank in words: "Sergeant", "Chief Inspector", "Police staff".
    pub fn label(self) -> &'static str {
        match self {
            Self::Staff => "Police staff",
            Self::Constable => "Constable",
            Self::Sergeant => "Sergeant",
            Self::Inspector => "Inspector",
            Self::ChiefInspector => "Chief Inspector",
            Self::Superintendent => "Superintendent",
            Self::ChiefSuperintendent => "Chief Superintendent",
        }
    }

    /// The abbreviation written before a name: `PS`/`DS`, `CI`/`DCI`; empty for staff.
    pub fn short(self, detective: bool) -> &'static str {
        match (self, detective) {
            (Self::Staff, _) => "",
            (Self::Constable, false) => "PC",
            (Self::Constable, true) => "DC",
            (Self::Sergeant, false) => "PS",
            (Self::Sergeant, true) => "DS",
            (Self::Inspector, false) => "Insp",
            (Self::Inspector, true) => "DI",
            (Self::ChiefInspector, false) => "CI",
            (Self::ChiefInspector, true) => "DCI",
            (Self::Superintendent, false) => "Supt",
            (Self::Superintendent, true) => "DSupt",
            (Self::ChiefSuperintendent, false) => "ChSupt",
            (Self::ChiefSuperintendent, true) => "DChSupt",
        }
    }

    /// A rank as typed: an abbreviation (`DS`, `pc`, `DCI`, `insp`) or the words (`Sergeant`,
    /// `chief inspector`, `staff`). Returns the rank and whether it was written as a detective
    /// rank; `None` for anything else.
    pub fn parse(text: &str) -> Option<(Rank, bool)> {
        let t: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        let (rank, detective) = match t.as_str() {
            "staff" | "policestaff" => (Self::Staff, false),
            "pc" | "constable" | "policeconstable" => (Self::Constable, false),
            "dc" | "detectiveconstable" => (Self::Constable, true),
            "ps" | "sgt" | "sergeant" | "policesergeant" => (Self::Sergeant, false),
            "ds" | "detectivesergeant" => (Self::Sergeant, true),
            "insp" | "inspector" => (Self::Inspector, false),
            "di" | "detectiveinspector" => (Self::Inspector, true),
            "ci" | "chiefinspector" => (Self::ChiefInspector, false),
            "dci" | "detectivechiefinspector" => (Self::ChiefInspector, true),
            "supt" | "superintendent" => (Self::Superintendent, false),
            "dsupt" | "detectivesuperintendent" => (Self::Superintendent, true),
            "chsupt" | "chiefsuperintendent" => (Self::ChiefSuperintendent, false),
            "dchsupt" | "detectivechiefsuperintendent" => (Self::ChiefSuperintendent, true),
            _ => return None,
        };
        Some((rank, detective))
    }
}

/// A rank in configuration: written as staff write it (`"DS"`, `"DCI"`, `"Inspector"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankSetting(pub Rank);

impl Serialize for RankSetting {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.label())
    }
}

impl<'de> Deserialize<'de> for RankSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rank::parse(&text)
            .map(|(r, _)| RankSetting(r))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown rank {text:?}: write e.g. \"DS\", \"Inspector\" or \"DCI\""
                ))
            })
    }
}

/// The lowest rank that may approve each kind of record (force policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignOffRanks {
    /// The plan as a whole (Sections 1 and 2 with the orders).
    pub plan: RankSetting,
    pub review: RankSetting,
    pub assessment: RankSetting,
}

impl Default for SignOffRanks {
    /// The plan by a (Detective) Chief Inspector; reviews and assessments by a Sergeant or above.
    fn default() -> Self {
        Self {
            plan: RankSetting(Rank::ChiefInspector),
            review: RankSetting(Rank::Sergeant),
            assessment: RankSetting(Rank::Sergeant),
        }
    }
}

/// Who a user is as an officer. Every field may be empty on an account made before officers
/// existed; [`Officer::label`] then falls back to the user name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Officer {
    /// The name as written on documents: "Jane Bloggs".
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub rank: Option<Rank>,
    /// Written as a detective rank (DS rather than PS).
    #[serde(default)]
    pub detective: bool,
    /// Collar or warrant number (staff number for police staff).
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub team: String,
}

impl Officer {
    /// "DS Jane Bloggs (4521)": rank, name and number, as sign-offs, history and documents show
    /// them. Parts that are not set are left out; `login` stands in for a missing name.
    pub fn label(&self, login: &str) -> String {
        let name = match self.display_name.trim() {
            "" => login.trim(),
            n => n,
        };
        let rank = self.rank.map_or("", |r| r.short(self.detective));
        let mut out = String::new();
        if !rank.is_empty() {
            out.push_str(rank);
            out.push(' ');
        }
        out.push_str(name);
        let number = self.number.trim();
        if !number.is_empty() {
            out.push_str(&format!(" ({number})"));
        }
        out
    }

    /// The rank as written (`DS`), or the words for staff, or empty.
    pub fn rank_text(&self) -> String {
        match self.rank {
            Some(Rank::Staff) => Rank::Staff.label().to_string(),
            Some(r) => r.short(self.detective).to_string(),
            None => String::new(),
        }
    }
}

/// Whether `text` names this officer, as a person would look them up: part of the display name,
/// the login, or the number, ignoring case (`"bloggs"`, `"jane"`, `"4521"`).
pub fn officer_matches(login: &str, officer: &Officer, text: &str) -> bool {
    let fold = |s: &str| s.trim().to_lowercase();
    let wanted = fold(text);
    if wanted.is_empty() {
        return true;
    }
    [
        login,
        officer.display_name.as_str(),
        officer.number.as_str(),
        &officer.label(login),
    ]
    .iter()
    .any(|s| fold(s).contains(&wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_parse_as_written_and_order_lowest_first() {
        assert_eq!(Rank::parse("DS"), Some((Rank::Sergeant, true)));
        assert_eq!(Rank::parse(" d.c.i "), Some((Rank::ChiefInspector, true)));
        assert_eq!(
            Rank::parse("Chief Inspector"),
            Some((Rank::ChiefInspector, false))
        );
        assert_eq!(Rank::parse("staff"), Some((Rank::Staff, false)));
        assert_eq!(Rank::parse("general"), None);
        assert!(Rank::ChiefInspector > Rank::Sergeant);
        assert!(Rank::Staff < Rank::Constable);
        for r in Rank::ALL {
            for d in [false, true] {
                let short = r.short(d);
                if !short.is_empty() {
                    assert_eq!(Rank::parse(short), Some((r, d)), "{short}");
                }
            }
            assert_eq!(Rank::parse(r.label()).map(|(r, _)| r), Some(r));
        }
    }

    #[test]
    fn labels_show_rank_name_and_number_and_fall_back_to_the_login() {
        let o = Officer {
            display_name: "Jane Bloggs".into(),
            rank: Some(Rank::Sergeant),
            detective: true,
            number: "4521".into(),
            team: "AOU".into(),
        };
        assert_eq!(o.label("jbloggs"), "DS Jane Bloggs (4521)");
        assert_eq!(Officer::default().label("jbloggs"), "jbloggs");
        assert!(officer_matches("jbloggs", &o, "bloggs"));
        assert!(officer_matches("jbloggs", &o, "4521"));
        assert!(officer_matches("jbloggs", &o, "JANE"));
        assert!(!officer_matches("jbloggs", &o, "smith"));
    }

    #[test]
    fn policy_ranks_read_from_config_words() {
        let r: SignOffRanks = toml::from_str("plan = \"DCI\"\nreview = \"inspector\"").unwrap();
        assert_eq!(r.plan.0, Rank::ChiefInspector);
        assert_eq!(r.review.0, Rank::Inspector);
        assert_eq!(r.assessment.0, Rank::Sergeant);
        assert!(toml::from_str::<SignOffRanks>("plan = \"boss\"").is_err());
    }
}
