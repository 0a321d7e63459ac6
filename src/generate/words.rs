//! Word lists for synthetic subjects. Every name, place, court and reference is invented; the
//! lists mix spellings (accents, apostrophes, hyphens) so search and sorting meet real variety.

pub const GIVEN: &[&str] = &[
    "Rowan",
    "Tamsin",
    "Łukasz",
    "Siobhán",
    "Zoë",
    "José",
    "Chloé",
    "Bjørn",
    "Renée",
    "Søren",
    "Noémie",
    "Dáithí",
    "Mårten",
    "Anaïs",
    "Matías",
    "Oğuz",
    "Ngozi",
    "Aoife",
    "Kwame",
    "Priya",
    "Callum",
    "Imogen",
    "Declan",
    "Marguerite",
    "Tobias",
    "Yusuf",
    "Elif",
    "Dmitri",
    "Ines",
    "Hamish",
    "Perpetua",
    "Jürgen",
    "Saoirse",
    "Ravi",
    "Nadia",
    "Osian",
    "Bethan",
    "Ciarán",
    "Leontyne",
    "Wojciech",
];

pub const FAMILY: &[&str] = &[
    "Ashby",
    "Quillfeather",
    "Wrzosek",
    "Ó Briain",
    "Farthing-Lowe",
    "Núñez",
    "Müller-Grey",
    "Thistlewood",
    "Okonkwo-Hale",
    "Vantablack",
    "Brackenridge",
    "Saltmarsh",
    "Kowalczyk",
    "Lindqvist",
    "D'Arcy-Fenn",
    "Mac Giolla",
    "Pemberthy",
    "Ravensdale",
    "Øverland",
    "Castellano",
    "Whitlock",
    "Gallowglass",
    "Nakamura-Reed",
    "Penhallow",
    "Strand",
    "Evergreen",
    "Tolliver",
    "Abernathy-Cole",
    "Çelik",
    "Håkansson",
    "Moreau",
    "Fitzwarren",
    "Ironside",
    "Larkspur",
    "Mbeki-Stone",
    "O'Dowd",
    "Underhill",
    "Villiers",
    "Yarrow",
    "Zielińska",
];

pub const OFFICERS: &[&str] = &[
    "DC Amira Pell",
    "PS Tom Verity",
    "DC Jonas Harrow",
    "PC Lena Marsh",
    "DS Ifeoma Kell",
    "DC Ruth Calloway",
    "PC Dev Anand",
    "DC Carys Bevan",
    "PS Oliver Trent",
    "DC Sana Mirza",
    "PC Gwen Tally",
    "DC Mikael Berg",
    "DS Hollis Grant",
    "DC Eilidh Ross",
    "PC Arjun Mehta",
    "DC Fern Oakley",
    "PS Kofi Mensah",
    "DC Maeve Quinlan",
    "PC Isaac Lowry",
    "DC Tegan Price",
    "DS Pavel Novak",
    "DC Orla Keane",
    "PC Bram de Vries",
    "DC Nia Rowlands",
    "DC Seth Ward",
];

pub const TOWNS: &[&str] = &[
    "Harrowmere",
    "Fenbridge",
    "Saltmarsh",
    "Linnetford",
    "Quarrytown",
    "Eldham",
    "Brackwater",
    "Coldharbour Vale",
    "Thornsby",
    "Wickham Parva",
    "Ashcombe",
    "Morrow End",
];

pub const STREETS: &[&str] = &[
    "Tallow Lane",
    "Quillfeather Road",
    "Linnet Close",
    "Kestrel Way",
    "Chandlers Row",
    "Foundry Street",
    "Orchard Rise",
    "Mill Race",
    "Copperbeech Avenue",
    "Weavers Yard",
    "St Brennoc's Road",
    "Larkspur Court",
];

pub const RELATIONSHIPS: &[&str] = &[
    "Former partner",
    "Former spouse",
    "Colleague",
    "Neighbour",
    "Acquaintance",
    "Stranger",
    "Former friend",
    "Client",
];

pub const PROXIES: &[&str] = &[
    "Mother of the victim",
    "New partner of the victim",
    "Sister of the victim",
    "Employer of the victim",
];

pub const OFFENCES: &[&str] = &[
    "Stalking involving serious alarm or distress",
    "Stalking (s.2A PHA 1997)",
    "Harassment (s.2 PHA 1997)",
    "Putting people in fear of violence",
    "Malicious communications",
    "Controlling or coercive behaviour",
];

pub const NARRATIVES: &[&str] = &[
    "After the relationship ended the subject sent hundreds of messages from several accounts and waited outside the victim's home.",
    "The subject fixated on a colleague, followed her after work and posted about her online under false names.",
    "The subject repeatedly turned up at the victim's workplace and left gifts and notes at her door.",
    "Over eight months the subject tracked the victim's car and contacted her friends and family to find her.",
    "The subject made repeated unwanted calls and created fake profiles to monitor the victim's accounts.",
];

pub const SAFEGUARDING: &[&str] = &[
    "IDVA referral",
    "Panic alarm and target hardening",
    "Treat-as-urgent marker on address",
    "Cocoon watch with neighbours",
    "Safety planning with the victim",
    "Workplace security briefing",
];

pub const STRATEGIES: &[&str] = &[
    "Monthly unannounced home visit, varying days and times",
    "Quarterly device examination",
    "Open-source checks of declared accounts",
    "ANPR locate/trace on known vehicles",
    "Liaison with probation offender manager",
];

pub const TACTICS: &[&str] = &[
    "Unannounced home visit",
    "Marker on PNC and local systems",
    "Disclosure to new partner",
    "Covert check of social media",
    "Application to vary the order",
    "Referral to MARAC",
    "Referral to MAPPA",
    "Device examination",
    "Victim update call",
];

pub const RISK_FACTORS: &[&str] = &[
    "Fixation on the victim",
    "Recent breach",
    "Loss of job",
    "Substance misuse",
    "New relationship",
    "Access to the victim's new address",
    "Escalating contact",
];

pub const PROTECTIVE_FACTORS: &[&str] = &[
    "Engaging with perpetrator programme",
    "Stable accommodation",
    "Family support",
    "Employment",
    "Complying with notification",
];

pub const PLATFORMS: &[&str] = &[
    "Instagram",
    "Snapchat",
    "TikTok",
    "Facebook",
    "X",
    "WhatsApp",
    "Telegram",
];

pub const DEVICES: &[(&str, &str)] = &[
    ("Phone", "Fictaphone Z5"),
    ("Phone", "Nimbus Mini 3"),
    ("Laptop", "Northwind Book 14"),
    ("Tablet", "Slate Tab 10"),
    ("Phone", "Orion X2"),
    ("Camera", "Lumen Snap 7"),
];

pub const CARS: &[(&str, &str)] = &[
    ("Vauxhall", "Corsa"),
    ("Ford", "Fiesta"),
    ("Toyota", "Yaris"),
    ("Volkswagen", "Golf"),
    ("Nissan", "Qashqai"),
    ("Kia", "Picanto"),
    ("BMW", "1 Series"),
];

pub const COLOURS: &[&str] = &["Grey", "Black", "Silver", "Blue", "Red", "White", "Green"];

pub const COURTS: &[&str] = &[
    "Fenbridge Magistrates' Court",
    "Harrowmere Magistrates' Court",
    "Saltmarsh Crown Court",
    "Linnetford Magistrates' Court",
    "Thornsby Family Court",
];

/// Conditions of an SPO: (requirement?, category, text with `{v}` for the victim, check method).
pub const SPO_CONDITIONS: &[(bool, &str, &str, &str)] = &[
    (
        false,
        "contact",
        "Must not contact {v} directly or indirectly by any means.",
        "Victim contact; device examination",
    ),
    (
        false,
        "exclusion zone",
        "Must not enter the exclusion zone on map A around {v}'s home.",
        "ANPR; visits; victim reports",
    ),
    (
        false,
        "social media",
        "Must not refer to {v} on any social media platform.",
        "Open-source checks",
    ),
    (
        false,
        "images",
        "Must not record or share images of {v}.",
        "Device examination",
    ),
    (
        true,
        "devices",
        "Must give officers access to any internet-capable device on request.",
        "Device examination at visits",
    ),
    (
        true,
        "programme",
        "Must attend and complete a perpetrator programme.",
        "Provider attendance reports",
    ),
    (
        true,
        "sign on",
        "Must sign on weekly at the nominated police station.",
        "Station records",
    ),
];

/// Conditions of other orders: (requirement?, category, text, check method).
pub const OTHER_CONDITIONS: &[(bool, &str, &str, &str)] = &[
    (
        true,
        "finances",
        "Must notify any bank account held within 7 days.",
        "Financial checks",
    ),
    (
        false,
        "travel",
        "Must not travel outside the UK without notice.",
        "Ports alerts",
    ),
    (
        false,
        "association",
        "Must not associate with named individuals.",
        "Intelligence; visits",
    ),
    (
        true,
        "residence",
        "Must reside at the notified address.",
        "Home visits",
    ),
];
