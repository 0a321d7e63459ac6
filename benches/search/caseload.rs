//! A deterministic synthetic caseload for the search bench: names (some accented), aliases,
//! identifiers, addresses and Section 2 content written the ways staff write them. Local to the
//! bench; `spmp::generate` can replace it once it exists.
use chrono::NaiveDate;
use spmp::domain::{
    Address, AddressKind, Device, DeviceStatus, Investigation, ProtectedPerson, Relationship,
    SocialAccount, Subject, Vehicle,
};

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    fn letters(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'A' + self.below(26) as u8))
            .collect()
    }
}

const GIVEN: &[&str] = &[
    "Siobhán",
    "Zoë",
    "Łukasz",
    "Seán",
    "Aoife",
    "Niamh",
    "José",
    "Renée",
    "Björn",
    "Chloé",
    "John",
    "James",
    "Oliver",
    "Mohammed",
    "Sarah",
    "Emma",
    "Jack",
    "Daniel",
    "Thomas",
    "Emily",
    "Jessica",
    "Ryan",
    "Liam",
    "Amelia",
    "Priya",
    "Aisha",
    "Connor",
    "Kieran",
    "Megan",
    "Hannah",
    "Lewis",
    "Callum",
    "Bethany",
    "Nathan",
    "Jordan",
    "Shannon",
    "Dylan",
    "Chantelle",
    "Wayne",
    "Dean",
];
const FAMILY: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Taylor",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Murphy",
    "Ó Briain",
    "Nowak",
    "Kowalczyk",
    "Müller",
    "Khan",
    "Begum",
    "Ali",
    "Ní Bhraonáin",
];
const STREETS: &[&str] = &[
    "Acacia",
    "Station",
    "Church",
    "Victoria",
    "Manor",
    "Park",
    "Queen's",
    "Mill",
    "Westfield",
    "Hollin",
    "Otley",
    "Harehills",
    "Chapeltown",
    "Kirkstall",
    "Roundhay",
    "Beeston",
];
const STREET_TYPES: &[&str] = &[
    "Road", "Street", "Avenue", "Lane", "Close", "Grove", "Terrace",
];
const TOWNS: &[&str] = &[
    "Leeds",
    "Bradford",
    "Halifax",
    "Wakefield",
    "Huddersfield",
    "Dewsbury",
    "Keighley",
    "York",
];
const AREAS: &[&str] = &["LS", "BD", "HX", "WF", "HD", "YO", "S", "M"];
const DEVICES: &[&str] = &[
    "Apple iPhone 13",
    "Samsung Galaxy S21",
    "Google Pixel 7",
    "Motorola Moto G54",
    "Lenovo ThinkPad T14",
    "Apple iPad Air",
    "Xiaomi Redmi Note 12",
    "Nokia 105",
    "Dell Latitude 5420",
    "Amazon Fire HD 10",
];
const MAKES: &[(&str, &[&str])] = &[
    ("Ford", &["Focus", "Fiesta", "Transit", "Kuga"]),
    ("Vauxhall", &["Corsa", "Astra", "Insignia"]),
    ("Volkswagen", &["Golf", "Polo", "Passat"]),
    ("BMW", &["320d", "X5", "118i"]),
    ("Toyota", &["Yaris", "Corolla", "Prius"]),
    ("Nissan", &["Qashqai", "Micra", "Juke"]),
];
const COLOURS: &[&str] = &["Silver", "Black", "White", "Blue", "Red", "Grey", "Green"];
const PLATFORMS: &[(&str, &str)] = &[
    ("Instagram", "https://www.instagram.com/"),
    ("Facebook", "https://facebook.com/"),
    ("X", "https://x.com/"),
    ("TikTok", "https://www.tiktok.com/@"),
    ("Snapchat", "https://snapchat.com/add/"),
];

/// A mobile number written one of the ways staff write them.
fn phone(rng: &mut Rng, national: &str) -> String {
    let (a, b) = national.split_at(5);
    match rng.below(5) {
        0 => format!("{a} {b}"),
        1 => format!("+44{}", &national[1..]),
        2 => format!("({a}) {}-{}", &b[..3], &b[3..]),
        3 => national.to_string(),
        _ => format!("+44 {} {b}", &a[1..]),
    }
}

/// `n` subjects with names, aliases, identifiers, addresses and Section 2 content.
pub fn generate(n: usize) -> Vec<Subject> {
    let mut rng = Rng(0x5350_4d50);
    let opened = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    (0..n)
        .map(|i| {
            let (given, family) = (rng.pick(GIVEN), rng.pick(FAMILY));
            let mut s = Subject::new(i as u64 + 1, family, given, opened);
            for _ in 0..rng.below(3) / 2 + rng.below(2) {
                s.aliases.push(format!("{} {}", rng.pick(GIVEN), family));
            }
            s.pnc_id = Some(format!(
                "{}/{}{}",
                rng.digits(2),
                rng.digits(6),
                rng.letters(1)
            ));
            s.niche_ref = Some(format!("N{}", rng.digits(7)));
            for id in 1..=1 + rng.below(2) as u32 {
                s.addresses.push(Address {
                    id,
                    kind: AddressKind::Home,
                    lines: format!(
                        "{} {} {}, {}",
                        1 + rng.below(200),
                        rng.pick(STREETS),
                        rng.pick(STREET_TYPES),
                        rng.pick(TOWNS)
                    ),
                    postcode: Some(format!(
                        "{}{} {}{}",
                        rng.pick(AREAS),
                        1 + rng.below(29),
                        rng.digits(1),
                        rng.letters(2)
                    )),
                    from: None,
                    to: None,
                });
            }
            let s2 = &mut s.section2;
            for id in 1..=rng.below(3) as u32 {
                let national = format!("07{}", rng.digits(9));
                s2.devices.push(Device {
                    id,
                    device_type: "Phone".into(),
                    make_model: rng.pick(DEVICES).into(),
                    imei_serial: Some(rng.digits(15)),
                    number: Some(phone(&mut rng, &national)),
                    status: DeviceStatus::Declared,
                    date: None,
                });
            }
            for id in 1..=rng.below(3) as u32 {
                let (platform, url) = PLATFORMS[rng.below(PLATFORMS.len())];
                let handle = format!(
                    "{}_{}{}",
                    spmp::search::fold(given),
                    spmp::search::normalise_identifier(family),
                    rng.digits(2)
                );
                s2.social_media.push(SocialAccount {
                    id,
                    platform: platform.into(),
                    url: Some(format!("{url}{handle}")),
                    handle: format!("@{handle}"),
                    declared: true,
                });
            }
            for id in 1..=rng.below(3) as u32 {
                let (make, models) = MAKES[rng.below(MAKES.len())];
                s2.vehicles.push(Vehicle {
                    id,
                    vrm: format!("{}{} {}", rng.letters(2), rng.digits(2), rng.letters(3)),
                    make: make.into(),
                    model: rng.pick(models).into(),
                    colour: rng.pick(COLOURS).into(),
                    markers: String::new(),
                });
            }
            for id in 1..=rng.below(2) as u32 {
                s2.investigations.push(Investigation {
                    id,
                    reference: format!("WY/2025/{}", rng.digits(6)),
                    offence: "Harassment".into(),
                    status: "open".into(),
                    officer: None,
                    opened: None,
                });
            }
            if rng.below(3) == 0 {
                let partner = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
                s2.relationships.push(Relationship {
                    id: 1,
                    learned: opened,
                    partner,
                    disclosure: None,
                    checks: String::new(),
                    decided: None,
                    decision: spmp::domain::DisclosureDecision::Pending,
                    decision_reason: String::new(),
                });
            }
            s.protected_persons.push(ProtectedPerson {
                contact_preferences: String::new(),
                safe_contact: String::new(),
                id: 1,
                name: format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY)),
                relationship: "ex-partner".into(),
                by_proxy: false,
                address: None,
                notes: String::new(),
            });
            s
        })
        .collect()
}

/// Every indexed value as stored (what the baseline scans), and the names alone.
pub fn strings(subjects: &[Subject]) -> (Vec<String>, Vec<String>) {
    let mut all = Vec::new();
    let names: Vec<String> = subjects
        .iter()
        .map(|s| format!("{} {}", s.given_names, s.family_name))
        .collect();
    for s in subjects {
        all.push(format!("{} {}", s.given_names, s.family_name));
        all.push(format!("{}, {}", s.family_name, s.given_names));
        all.extend(s.aliases.iter().cloned());
        all.extend(s.pnc_id.iter().chain(&s.niche_ref).cloned());
        for a in &s.addresses {
            all.extend(std::iter::once(a.lines.clone()).chain(a.postcode.clone()));
        }
        let s2 = &s.section2;
        for d in &s2.devices {
            all.push(d.make_model.clone());
            all.extend(d.imei_serial.iter().chain(&d.number).cloned());
        }
        for a in &s2.social_media {
            all.extend(std::iter::once(a.handle.clone()).chain(a.url.clone()));
        }
        for v in &s2.vehicles {
            all.push(v.vrm.clone());
            all.push(format!("{} {} {}", v.make, v.model, v.colour));
        }
        all.extend(s2.investigations.iter().map(|i| i.reference.clone()));
        all.extend(s2.relationships.iter().map(|r| r.partner.clone()));
    }
    (all, names)
}
