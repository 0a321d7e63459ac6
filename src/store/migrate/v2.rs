//! Record format 2, frozen: the stored types exactly as format 2 laid them out, so records
//! written then still decode whatever the current types become. Never edit these; a new format
//! gets a new module.
//!
//! A format-2 record is decoded into these types and converted to the current [`Subject`] by
//! a JSON round trip ([`upgrade`]): the field names and enum tags are the same in both, and
//! every field added since (format 3: the victim's side, partners, screenings, SPO decisions,
//! an order's refusal) has a serde default.
#![allow(dead_code)] // read only by serde
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::store::codec::CodecError;

type ItemId = u32;
type SubjectId = u64;

/// A format-2 record as the current [`crate::domain::Subject`].
pub(super) fn upgrade(old: Subject) -> Result<crate::domain::Subject, CodecError> {
    let fail = |e: serde_json::Error| CodecError::Decode {
        version: 2,
        message: format!("upgrading a format 2 record: {e}"),
    };
    let value = serde_json::to_value(&old).map_err(fail)?;
    serde_json::from_value(value).map_err(fail)
}

#[derive(Serialize, Deserialize)]
pub struct Subject {
    pub id: SubjectId,
    pub family_name: String,
    pub given_names: String,
    pub aliases: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub pnc_id: Option<String>,
    pub niche_ref: Option<String>,
    pub addresses: Vec<Address>,
    pub flags: Flags,
    pub officer: Option<String>,
    pub officer_user: Option<String>,
    pub opened: NaiveDate,
    pub orders: Vec<Order>,
    pub protected_persons: Vec<ProtectedPerson>,
    pub section1: Section1,
    pub section2: Section2,
    pub assessments: Vec<RiskAssessment>,
    pub reviews: Vec<Review>,
    pub breaches: Vec<Breach>,
    pub visits: Vec<Visit>,
    pub next_review: Option<NaiveDate>,
    pub reassessment_due: Option<NaiveDate>,
    pub plan_sign_off: Option<SignOff>,
}

#[derive(Serialize, Deserialize)]
pub struct Address {
    pub id: ItemId,
    pub kind: AddressKind,
    pub lines: String,
    pub postcode: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
pub struct Flags {
    pub rso: bool,
    pub mappa_level: Option<u8>,
    pub iom: bool,
    pub other: Vec<String>,
}

#[derive(Serialize, Deserialize)]
pub struct Order {
    pub id: ItemId,
    pub kind: OrderKind,
    pub court: String,
    pub reference: Option<String>,
    pub applied: Option<NaiveDate>,
    pub made: Option<NaiveDate>,
    pub served: Option<NaiveDate>,
    pub end: OrderEnd,
    pub discharged: Option<NaiveDate>,
    pub variations: Vec<Variation>,
    pub conditions: Vec<Condition>,
    pub notifications: Vec<Notification>,
}

#[derive(Serialize, Deserialize)]
pub struct ProtectedPerson {
    pub id: ItemId,
    pub name: String,
    pub relationship: String,
    pub by_proxy: bool,
    pub address: Option<String>,
    pub notes: String,
}

#[derive(Serialize, Deserialize)]
pub struct Section1 {
    pub narrative: String,
    pub index_offences: Vec<IndexOffence>,
    pub safeguarding: Vec<SafeguardingOption>,
}

#[derive(Serialize, Deserialize)]
pub struct Section2 {
    pub investigations: Vec<Investigation>,
    pub devices: Vec<Device>,
    pub social_media: Vec<SocialAccount>,
    pub vehicles: Vec<Vehicle>,
    pub relationships: Vec<Relationship>,
    pub strategies: Vec<Strategy>,
    pub notes: String,
}

#[derive(Serialize, Deserialize)]
pub struct RiskAssessment {
    pub id: ItemId,
    pub date: NaiveDate,
    pub assessor: String,
    pub harm: String,
    pub ratings: Vec<GroupRating>,
    pub risk_factors: Vec<String>,
    pub protective_factors: Vec<String>,
    pub rationale: String,
    pub tactical_options: Vec<TacticalOption>,
    pub sign_off: SignOff,
    pub supersedes: Option<ItemId>,
    pub breach_rationale: String,
}

#[derive(Serialize, Deserialize)]
pub struct Review {
    pub id: ItemId,
    pub date: NaiveDate,
    pub reviewer: String,
    pub outcomes: Vec<ConditionOutcome>,
    pub notifications_note: String,
    pub visit: Option<ItemId>,
    pub risk_reassessed: bool,
    pub next_review: NaiveDate,
    pub summary: String,
    pub sign_off: SignOff,
    pub supersedes: Option<ItemId>,
    pub late_reason: String,
}

#[derive(Serialize, Deserialize)]
pub struct Breach {
    pub id: ItemId,
    pub at: NaiveDateTime,
    pub order: ItemId,
    pub conditions: Vec<ItemId>,
    pub source: BreachSource,
    pub reference: Option<String>,
    pub description: String,
    pub action: String,
    pub outcome: BreachOutcome,
}

#[derive(Serialize, Deserialize)]
pub struct Visit {
    pub id: ItemId,
    pub at: NaiveDateTime,
    pub officer: String,
    pub outcome: VisitOutcome,
    pub findings: String,
}

#[derive(Serialize, Deserialize)]
pub struct SignOff {
    pub status: SignOffStatus,
    pub by: Option<String>,
    pub at: Option<NaiveDateTime>,
    pub comment: String,
    pub signer: String,
    pub rank: Option<Rank>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    Home,
    Work,
    Other,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    Spo,
    InterimSpo,
    Scpo,
    Fmpo,
    Fgmpo,
    Stro,
    Stpo,
    Other(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEnd {
    Fixed(NaiveDate),
    UntilFurtherOrder,
}

#[derive(Serialize, Deserialize)]
pub struct Variation {
    pub date: NaiveDate,
    pub kind: VariationKind,
    pub note: String,
}

#[derive(Serialize, Deserialize)]
pub struct Condition {
    pub id: ItemId,
    pub kind: ConditionKind,
    pub category: String,
    pub text: String,
    pub area: Option<String>,
    pub starts: Option<NaiveDate>,
    pub ends: Option<NaiveDate>,
    pub check_method: String,
}

#[derive(Serialize, Deserialize)]
pub struct Notification {
    pub id: ItemId,
    pub kind: NotificationKind,
    pub trigger: NaiveDate,
    pub received: Option<NaiveDate>,
    pub station: Option<String>,
    pub reference: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct Relationship {
    pub id: ItemId,
    pub learned: NaiveDate,
    pub partner: String,
    pub disclosure: Option<NaiveDate>,
    pub checks: String,
    pub decision: DisclosureDecision,
    pub decided: Option<NaiveDate>,
    pub decision_reason: String,
}

#[derive(Serialize, Deserialize)]
pub struct IndexOffence {
    pub id: ItemId,
    pub offence: String,
    pub date: Option<NaiveDate>,
    pub reference: Option<String>,
    pub outcome: String,
}

#[derive(Serialize, Deserialize)]
pub struct SafeguardingOption {
    pub id: ItemId,
    pub person: Option<ItemId>,
    pub option: String,
    pub status: ActionStatus,
    pub notes: String,
}

#[derive(Serialize, Deserialize)]
pub struct Investigation {
    pub id: ItemId,
    pub reference: String,
    pub offence: String,
    pub status: String,
    pub officer: Option<String>,
    pub opened: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
pub struct Device {
    pub id: ItemId,
    pub device_type: String,
    pub make_model: String,
    pub imei_serial: Option<String>,
    pub number: Option<String>,
    pub status: DeviceStatus,
    pub date: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
pub struct SocialAccount {
    pub id: ItemId,
    pub platform: String,
    pub handle: String,
    pub url: Option<String>,
    pub declared: bool,
}

#[derive(Serialize, Deserialize)]
pub struct Vehicle {
    pub id: ItemId,
    pub vrm: String,
    pub make: String,
    pub model: String,
    pub colour: String,
    pub markers: String,
}

#[derive(Serialize, Deserialize)]
pub struct Strategy {
    pub id: ItemId,
    pub text: String,
    pub owner: Option<String>,
    pub status: ActionStatus,
}

#[derive(Serialize, Deserialize)]
pub struct GroupRating {
    pub group: RiskGroup,
    pub level: RiskLevel,
}

#[derive(Serialize, Deserialize)]
pub struct TacticalOption {
    pub id: ItemId,
    pub option: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
}

#[derive(Serialize, Deserialize)]
pub struct ConditionOutcome {
    pub order: ItemId,
    pub condition: ItemId,
    pub outcome: ComplianceOutcome,
    pub note: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachSource {
    VictimReport,
    Visit,
    Intelligence,
    Anpr,
    ThirdParty,
    Other(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachOutcome {
    Pending,
    Arrest,
    Charge,
    Caution,
    Nfa,
    Conviction,
    Other(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    Seen,
    NoAccess,
    Moved,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignOffStatus {
    Awaiting,
    Approved,
    Returned,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    Staff,
    Constable,
    Sergeant,
    Inspector,
    ChiefInspector,
    Superintendent,
    ChiefSuperintendent,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariationKind {
    Varied,
    Renewed,
    Appealed,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    Prohibition,
    Requirement,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Initial,
    NewName,
    NewAddress,
    Other(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureDecision {
    Pending,
    Disclose,
    NoDisclosure,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Proposed,
    InProgress,
    Done,
    Declined,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Declared,
    Undeclared,
    Seized,
    Examined,
    Returned,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskGroup {
    NamedVictim,
    FuturePartners,
    Children,
    Public,
    Staff,
    Other(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    VeryHigh,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplianceOutcome {
    Complied,
    Breached,
    NotVerified,
    NotApplicable,
}
