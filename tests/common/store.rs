//! Store helpers shared by the test files: a temp dir, a fully populated subject (every list
//! non-empty, every option set) so a round trip exercises every field of the record, and ways
//! to open, create and inspect stores (old schemas included).
#![allow(dead_code)]

/// A temporary directory, removed when dropped.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

use chrono::{NaiveDate, NaiveDateTime};
use spmp::domain::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn dt(y: i32, m: u32, day: u32, h: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, 15, 0).expect("valid test time")
}

fn sign_off() -> SignOff {
    SignOff {
        status: SignOffStatus::Approved,
        by: Some("DI Okafor".into()),
        at: Some(dt(2025, 3, 4, 10)),
        comment: "Agreed.".into(),
        signer: String::new(),
        rank: None,
    }
}

/// A subject with every list non-empty and every optional field set; `narrative` goes into
/// Section 1 (lets tests vary the record size).
pub fn full_subject(id: SubjectId, narrative: &str) -> Subject {
    let mut s = Subject::new(id, "Ní Bhriain", "Siobhán Marie", d(2024, 5, 1));
    s.aliases = vec!["Shiv".into(), "S. Bryan".into()];
    s.date_of_birth = Some(d(1988, 2, 29));
    s.pnc_id = Some("26/123456X".into());
    s.niche_ref = Some("NOM-000123".into());
    s.addresses = vec![Address {
        id: 1,
        kind: AddressKind::Home,
        lines: "1 Example Row, Testford".into(),
        postcode: Some("TE1 1ST".into()),
        from: Some(d(2023, 1, 1)),
        to: Some(d(2030, 1, 1)),
    }];
    s.flags = Flags {
        rso: true,
        mappa_level: Some(2),
        iom: true,
        other: vec!["Weapons".into()],
    };
    s.officer = Some("DC Patel".into());
    s.orders = vec![Order {
        refused: None,
        id: 1,
        kind: OrderKind::Other("Restraining order".into()),
        court: "Testford Magistrates".into(),
        reference: Some("CRT/1".into()),
        applied: Some(d(2024, 4, 1)),
        made: Some(d(2024, 4, 20)),
        served: Some(d(2024, 4, 22)),
        end: OrderEnd::Fixed(d(2026, 4, 20)),
        discharged: Some(d(2026, 1, 1)),
        variations: vec![Variation {
            date: d(2025, 1, 10),
            kind: VariationKind::Varied,
            note: "Zone widened".into(),
        }],
        conditions: vec![Condition {
            id: 1,
            kind: ConditionKind::Prohibition,
            category: "exclusion zone".into(),
            text: "Must not enter the zone on the map.".into(),
            area: Some("Testford centre".into()),
            starts: Some(d(2024, 4, 20)),
            ends: Some(d(2026, 4, 20)),
            check_method: "ANPR".into(),
        }],
        notifications: vec![Notification {
            id: 1,
            kind: NotificationKind::Other("new phone".into()),
            trigger: d(2024, 4, 22),
            received: Some(d(2024, 4, 24)),
            station: Some("Testford".into()),
            reference: Some("NTF/9".into()),
        }],
    }];
    s.protected_persons = vec![ProtectedPerson {
        contact_preferences: String::new(),
        safe_contact: String::new(),
        id: 1,
        name: "A. Victim".into(),
        relationship: "ex-partner".into(),
        by_proxy: true,
        address: Some("Secret 2".into()),
        notes: "Use mobile only".into(),
    }];
    s.section1 = Section1 {
        narrative: narrative.to_string(),
        index_offences: vec![IndexOffence {
            id: 1,
            offence: "Stalking (s.2A)".into(),
            date: Some(d(2024, 1, 3)),
            reference: Some("OCC/1".into()),
            outcome: "Charged".into(),
        }],
        safeguarding: vec![SafeguardingOption {
            id: 1,
            person: Some(1),
            option: "Alarm".into(),
            status: ActionStatus::InProgress,
            notes: "Fitted".into(),
        }],
    };
    s.section2 = Section2 {
        investigations: vec![Investigation {
            id: 1,
            reference: "INV/2".into(),
            offence: "Harassment".into(),
            status: "open".into(),
            officer: Some("DC Lee".into()),
            opened: Some(d(2025, 2, 2)),
        }],
        devices: vec![Device {
            id: 1,
            device_type: "Phone".into(),
            make_model: "Acme X".into(),
            imei_serial: Some("356938035643809".into()),
            number: Some("07700 900123".into()),
            status: DeviceStatus::Seized,
            date: Some(d(2025, 2, 3)),
        }],
        social_media: vec![SocialAccount {
            id: 1,
            platform: "Example".into(),
            handle: "@shiv".into(),
            url: Some("https://example.invalid/shiv".into()),
            declared: true,
        }],
        vehicles: vec![Vehicle {
            id: 1,
            vrm: "AB12 CDE".into(),
            make: "Ford".into(),
            model: "Fiesta".into(),
            colour: "Blue".into(),
            markers: "PNC marker".into(),
        }],
        relationships: vec![Relationship {
            id: 1,
            learned: d(2025, 3, 1),
            partner: "B. Partner".into(),
            disclosure: Some(d(2025, 3, 5)),
            checks: "PNC, PND".into(),
            decision: DisclosureDecision::Pending,
            decided: None,
            decision_reason: String::new(),
        }],
        strategies: vec![Strategy {
            id: 1,
            text: "Monthly visits".into(),
            owner: Some("PC Jones".into()),
            status: ActionStatus::Done,
        }],
        notes: "Control chars kept verbatim: \u{1b}[31m".into(),
    };
    s.assessments = vec![RiskAssessment {
        id: 1,
        date: d(2025, 3, 3),
        assessor: "DS Brown".into(),
        harm: "Serious psychological harm".into(),
        ratings: vec![
            GroupRating {
                group: RiskGroup::NamedVictim,
                level: RiskLevel::VeryHigh,
            },
            GroupRating {
                group: RiskGroup::Other("Neighbours".into()),
                level: RiskLevel::Low,
            },
        ],
        risk_factors: vec!["Fixation".into()],
        protective_factors: vec!["Employment".into()],
        rationale: "Recent breach".into(),
        tactical_options: vec![TacticalOption {
            id: 1,
            option: "Marker on systems".into(),
            owner: Some("PC Jones".into()),
            due: Some(d(2025, 4, 1)),
            status: ActionStatus::Declined,
        }],
        sign_off: sign_off(),
        supersedes: None,
        breach_rationale: String::new(),
    }];
    s.reviews = vec![Review {
        id: 1,
        date: d(2025, 3, 4),
        reviewer: "PC Jones".into(),
        outcomes: vec![ConditionOutcome {
            order: 1,
            condition: 1,
            outcome: ComplianceOutcome::NotVerified,
            note: "No ANPR hits".into(),
        }],
        notifications_note: "All received".into(),
        visit: Some(1),
        risk_reassessed: true,
        next_review: d(2025, 3, 18),
        summary: "Compliant so far".into(),
        sign_off: sign_off(),
        supersedes: None,
        late_reason: String::new(),
    }];
    s.breaches = vec![Breach {
        id: 1,
        at: dt(2025, 2, 28, 22),
        order: 1,
        conditions: vec![1],
        source: BreachSource::Other("CCTV".into()),
        reference: Some("CRIME/3".into()),
        description: "Seen in zone".into(),
        action: "Arrested".into(),
        outcome: BreachOutcome::Other("Bailed".into()),
    }];
    s.visits = vec![Visit {
        id: 1,
        at: dt(2025, 3, 4, 9),
        officer: "PC Jones".into(),
        outcome: VisitOutcome::NoAccess,
        findings: "Curtains drawn".into(),
    }];
    s.next_review = Some(d(2025, 3, 18));
    s
}

/// FNV-1a over the bytes: a dependency-free checksum for narratives in the crash test.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Create a new store in `dir` (absent or empty) as [`spmp::store::testkit::TESTER`]
/// (administrator, reviewer, supervisor) with the cheap test key derivation.
pub fn create(dir: &std::path::Path) -> Result<spmp::store::Store, spmp::store::StoreError> {
    create_with(dir, &spmp::store::testkit::options())
}

/// [`create`] with explicit options (keep `testkit::options().kdf` for speed).
pub fn create_with(
    dir: &std::path::Path,
    opts: &spmp::store::StoreOptions,
) -> Result<spmp::store::Store, spmp::store::StoreError> {
    use spmp::domain::Role;
    spmp::store::Store::create_with(
        &spmp::store::testkit::place(dir),
        opts,
        &spmp::store::testkit::login(spmp::store::testkit::TESTER),
        &[Role::Reviewer, Role::Supervisor],
    )
}

/// Open the existing store in `dir` as the tester; never creates anything.
pub fn open_existing(dir: &std::path::Path) -> Result<spmp::store::Store, spmp::store::StoreError> {
    spmp::store::Store::open_with(
        &spmp::store::testkit::place(dir),
        &spmp::store::testkit::options(),
        &spmp::store::testkit::login(spmp::store::testkit::TESTER),
    )
}

/// Migration 1's schema, as a store written by the first release holds it (plaintext).
pub const V1_SCHEMA: &str = "
    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
    CREATE TABLE subjects (id INTEGER PRIMARY KEY, version INTEGER NOT NULL,
                           updated TEXT NOT NULL, payload BLOB NOT NULL) STRICT;
    CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
                        actor TEXT NOT NULL, action TEXT NOT NULL, subject_id INTEGER) STRICT;
    CREATE INDEX audit_subject ON audit(subject_id);
    INSERT INTO meta(key, value) VALUES ('app', 'spmp'), ('created', '2026-01-01T00:00:00.000Z');
    PRAGMA journal_mode = WAL;
    PRAGMA user_version = 1;
";

/// Migration 2's additions (plaintext history and drafts), on top of [`V1_SCHEMA`].
pub const V2_SCHEMA: &str = "
    CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, subject_id INTEGER NOT NULL,
                          at TEXT NOT NULL, actor TEXT NOT NULL, summary TEXT NOT NULL,
                          payload BLOB NOT NULL) STRICT;
    CREATE INDEX history_subject ON history(subject_id, seq);
    CREATE TABLE drafts (key TEXT PRIMARY KEY NOT NULL, updated TEXT NOT NULL,
                         payload BLOB NOT NULL) STRICT;
    PRAGMA user_version = 2;
";

/// Write an old, unencrypted store (schema `version`, 1 or 2) in `dir` with raw SQL, as an
/// earlier release left it. Returns the raw connection (closed when dropped).
pub fn legacy_store(dir: &std::path::Path, version: i64) -> rusqlite::Connection {
    std::fs::create_dir_all(dir).expect("create legacy store dir");
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).expect("raw connection");
    conn.execute_batch(V1_SCHEMA).expect("schema 1");
    if version >= 2 {
        conn.execute_batch(V2_SCHEMA).expect("schema 2");
    }
    conn
}

/// The names of the tables in the store in `dir`.
pub fn tables(dir: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join(spmp::store::DB_FILE)).expect("raw connection");
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("list tables");
    stmt.query_map([], |r| r.get(0))
        .expect("list tables")
        .collect::<Result<_, _>>()
        .expect("list tables")
}

/// [`full_subject`] with every field format 2 added set too (the v2 fixture).
pub fn full_subject_v2(id: SubjectId, narrative: &str) -> Subject {
    let mut s = full_subject(id, narrative);
    s.officer_user = Some("okafor".into());
    s.plan_sign_off = Some(SignOff {
        signer: "DCI Ade Okafor (1234)".into(),
        rank: Some(Rank::ChiefInspector),
        ..sign_off()
    });
    s.section2.relationships[0].decision = DisclosureDecision::Disclose;
    s.section2.relationships[0].decided = Some(d(2025, 3, 4));
    s.section2.relationships[0].decision_reason = "Risk to the new partner".into();
    s.assessments[0].breach_rationale = "Breach of 1 Mar answered: contact ban reinforced".into();
    s.assessments[0].sign_off.signer = "DS Kay Brown (77)".into();
    s.assessments[0].sign_off.rank = Some(Rank::Sergeant);
    let mut revision = s.assessments[0].clone();
    revision.id = 2;
    revision.supersedes = Some(1);
    revision.sign_off = SignOff::default();
    s.assessments.push(revision);
    s.reviews[0].late_reason = "Subject in hospital until April".into();
    s
}

/// [`full_subject_v2`] with every field format 3 added set too (the v3 fixture): the victim's
/// side, partners, orders considered, a screening and an order's refusal.
pub fn full_subject_v3(id: SubjectId, narrative: &str) -> Subject {
    use spmp::domain::*;
    let mut s = full_subject_v2(id, narrative);
    let day = s.opened;
    let person = s.protected_persons[0].id;
    s.protected_persons[0].contact_preferences = "Texts before 6pm".into();
    s.protected_persons[0].safe_contact = "01632 960321".into();
    s.orders[0].refused = Some(day);
    s.victim_contacts = vec![VictimContact {
        id: 1,
        person,
        date: day,
        by: "PC Fixture (1)".into(),
        method: ContactMethod::ThroughPartner,
        said: "Update given".into(),
        views: "Feels safer".into(),
    }];
    s.needs_assessments = vec![NeedsAssessment {
        id: 1,
        person,
        date: day,
        by: "PC Fixture (1)".into(),
        needs: "Safety plan".into(),
        outcome: "Agreed".into(),
    }];
    s.victims_code = vec![VictimsCodeRecord {
        id: 1,
        person,
        date: day,
        by: "PC Fixture (1)".into(),
        rights: vec![CodeRight::Information, CodeRight::Complaint],
        how: ContactMethod::Letter,
        notes: "Leaflet given".into(),
    }];
    s.referrals = vec![Referral {
        id: 1,
        person: Some(person),
        service: "ISAC".into(),
        date: day,
        consent: Consent::Given,
        outcome: ReferralOutcome::Accepted,
        follow_up: Some(day),
        notes: "Accepted".into(),
    }];
    s.meetings = vec![Meeting {
        id: 1,
        kind: MeetingKind::Matac,
        date: day,
        decisions: "Target hardening".into(),
        actions: vec![MeetingAction {
            id: 1,
            action: "Fit locks".into(),
            owner: "Housing".into(),
            due: Some(day),
            done: None,
            tactical: true,
        }],
    }];
    s.considerations = vec![Consideration {
        id: 1,
        date: day,
        by: "DS Fixture (2)".into(),
        kind: OrderKind::Spo,
        decision: SpoDecision::NotAppropriate,
        reason: "Stopped after advice".into(),
    }];
    s.screenings = vec![Screening {
        id: 1,
        date: day,
        by: "DC Fixture (3)".into(),
        instrument: "demo-srs".into(),
        instrument_name: "Demo".into(),
        instrument_version: "1.0".into(),
        answers: vec![
            ScreeningAnswer {
                key: "a".into(),
                question: "Q?".into(),
                answer: Answer::Count(2),
                label: String::new(),
                points: 2,
            },
            ScreeningAnswer {
                key: "b".into(),
                question: "R?".into(),
                answer: Answer::Choice("x".into()),
                label: "X".into(),
                points: 1,
            },
        ],
        score: 3,
        band: RiskLevel::Low,
        judgement: RiskLevel::Medium,
        rationale: "Known escalation".into(),
    }];
    s
}

#[allow(unused_imports)]
pub use spmp::store::testkit::sqlite_only;
