"""FICTIONAL demo subjects 6-11. Every name, place and reference is invented."""
from demo_kit import (APPROVED, FEN_MC, HAR_MC, addr, assess, breach, complied, cond,
                      device, flags, investigation, note, order, person, relationship,
                      review, safeguard, section1, section2, signoff, spo_conditions,
                      subject, tactic, vehicle, visit)

KES_FC = "Kestleby Family Court"


def fenwick_adair():
    """Medium; forced marriage protection order; next review set and upcoming."""
    return subject(
        6, "Fenwick-Adair", "Tobias", "2025-04-03", "DC Priya Raman",
        dob="1969-08-21", pnc="00/000006F", niche="DEMO-NOM-000006",
        addresses=[addr(1, "9 Corncrake Drive, Kestleby", "ZZ3 7UB", "2010-05-01")],
        orders=[order(1, "fmpo", KES_FC, "2027-04-03", [
            cond(1, "prohibition", "travel", "Must not remove Lily Fenwick-Adair from England "
                 "and Wales or arrange for anyone else to do so.", "Port alerts"),
            cond(2, "requirement", "passports", "Must surrender Lily's passport to Kestleby "
                 "Police Station within 24 hours.", "Passport held at station"),
            cond(3, "prohibition", "marriage", "Must not arrange or take part in any "
                 "marriage ceremony involving Lily.", "Contact with Lily via school"),
        ], reference="KES/FMPO/2025/0002", applied="2025-04-01", made="2025-04-03",
            served="2025-04-04")],
        persons=[person(1, "Lily Fenwick-Adair", "Daughter (aged 17)",
                        notes="Speaks to the school's safeguarding lead weekly."),
                 person(2, "Noah Fenwick-Adair", "Brother of Lily (aged 15)", by_proxy=True)],
        s1=section1("Lily told a teacher a marriage was being arranged for her abroad over "
                    "the summer holidays.\nThe FMPO was made on an urgent application.",
                    safeguarding=[safeguard(1, 1, "Port alert in place", "done"),
                                  safeguard(2, 1, "Passport held at Kestleby station", "done"),
                                  safeguard(3, 1, "Referral to the school DSL", "done"),
                                  safeguard(4, 2, "Children's social care assessment",
                                            "in_progress")]),
        assessments=[assess(1, "2026-09-01", "DC Priya Raman",
                            [("named_victim", "medium"), ("children", "medium")],
                            "Compliant; family engaging with social care.")],
        reviews=[review(1, "2026-09-01", "DC Priya Raman", "2026-12-01", complied(1, 1, 2, 3),
                        "Passport still held; no travel bookings found.")],
        next_review="2026-12-01")


def ormerod():
    """Low; FGM protection order; cadence gives a review in early December."""
    return subject(
        7, "Ormerod", "Celia Jane", "2026-02-10", "DC Femi Adebayo",
        dob="1984-03-09", pnc="00/000007G", niche="DEMO-NOM-000007",
        addresses=[addr(1, "2 Sorrel Yard, Brindlecombe", "ZZ4 6PE", "2018-09-01")],
        orders=[order(1, "fgmpo", KES_FC, None, [
            cond(1, "prohibition", "travel", "Must not take, or arrange for anyone to take, "
                 "Maisie Ormerod-Tate outside the United Kingdom.", "Port alerts"),
            cond(2, "requirement", "passports", "Must surrender every passport held for "
                 "Maisie.", "Passport held at station"),
        ], reference="KES/FGMPO/2026/0001", applied="2026-02-09", made="2026-02-10",
            served="2026-02-11")],
        persons=[person(1, "Maisie Ormerod-Tate", "Niece (aged 6)")],
        s1=section1("A relative reported a planned trip for Maisie during which a "
                    "'ceremony' was discussed.",
                    safeguarding=[safeguard(1, 1, "Strategy meeting with social care",
                                            "done")]),
        assessments=[assess(1, "2026-06-01", "DC Femi Adebayo",
                            [("children", "low"), ("named_victim", "low")],
                            "Passports held; family engaged; no travel planned.")],
        reviews=[review(1, "2026-06-01", "DC Femi Adebayo", "2026-12-01", complied(1, 1, 2),
                        "No concerns.")])


def riddock():
    """Medium; slavery and trafficking risk order; devices; overdue by cadence."""
    return subject(
        8, "Riddock", "Callum James", "2025-09-15", "DC Omar Halloran",
        aliases=["CJ", "Cal Ridd"], dob="1990-11-30", pnc="00/000008H",
        niche="DEMO-NOM-000008",
        addresses=[addr(1, "Flat 7, Pennyroyal House, Fenbridge", "ZZ2 3CD", "2024-02-01")],
        orders=[order(1, "stro", FEN_MC, "2027-09-15", [
            cond(1, "prohibition", "travel", "Must not arrange travel or accommodation for "
                 "any other person.", "Financial checks; visits"),
            cond(2, "requirement", "devices", "Must notify police of any phone number used, "
                 "within 3 days.", "Device checks"),
        ], reference="FEN/STRO/2025/0001", made="2025-09-15", served="2025-09-16")],
        s1=section1("Suspected of arranging accommodation for workers at car washes in "
                    "Fenbridge.\nNo conviction; the risk order was made on police application."),
        s2=section2(
            investigations=[investigation(1, "DEMO/OCC/26/002290", "Modern slavery", "NFA",
                                          "DC Omar Halloran", "2026-01-20")],
            devices=[device(1, "Phone", "Fictaphone Z5", "001010000000038", "07700 900210",
                            "declared", "2025-09-18"),
                     device(2, "Phone", "Unknown make", None, "07700 900417", "undeclared",
                            "2025-12-02"),
                     device(3, "Tablet", "Slate 10", "DEMO-SN-40192", None, "returned",
                            "2026-02-01")],
            vehicles=[vehicle(1, "ZT70 HNB", "Toyota", "Prius", "Silver", "PNC: STRO")]),
        assessments=[assess(1, "2026-05-12", "DC Omar Halloran",
                            [({"other": "People at risk of exploitation"}, "medium"),
                             ("public", "low")],
                            "Undeclared phone; investigation closed NFA.")],
        reviews=[review(1, "2026-05-12", "DC Omar Halloran", "2026-08-12",
                        complied(1, 1) + [(1, 2, "breached", "Undeclared phone; see breach 1")],
                        "Breach recorded; risk re-assessed.", reassessed=True),
                 review(2, "2026-08-20", "DC Omar Halloran", "2026-11-20", complied(1, 1, 2),
                        "No concerns.")],
        breaches=[breach(1, "2025-12-02T16:45:00", 1, [2], "intelligence",
                         "Phone 07700 900417 attributed to the subject; never notified.",
                         "Arrested; released under investigation.", "arrest",
                         "DEMO/OCC/25/011870")])


def faure_blyth():
    """Low; STPO varied; a discharged SPO."""
    return subject(
        9, "Faure-Blyth", "Aurélien", "2023-05-22", "DS Lena Marsh",
        dob="1981-01-14", pnc="00/000009J", niche="DEMO-NOM-000009",
        addresses=[addr(1, "Bramble Cottage, Kestleby Road, Wexmoor", "ZZ6 1QQ", "2021-03-01")],
        flag=flags(mappa=1),
        orders=[
            order(1, "stpo", "Harrowmere Crown Court", "2028-05-22", [
                cond(1, "prohibition", "employment", "Must not act as a gangmaster or supply "
                     "labour to any person.", "Employer checks"),
                cond(2, "requirement", "travel", "Must notify travel abroad 7 days before.",
                     "Port checks"),
            ], reference="HAR/STPO/2023/0004", made="2023-05-22", served="2023-05-22",
                variations=[{"date": "2025-02-10", "kind": "varied",
                             "note": "Travel notice reduced from 14 to 7 days."}]),
            order(2, "spo", HAR_MC, None,
                  [cond(1, "prohibition", "contact", "Must not contact Ines Calloway.",
                        "Victim contact")],
                  reference="HAR/SPO/2024/0002", made="2024-01-15", served="2024-01-16",
                  discharged="2026-05-20",
                  notifications=[note(1, "initial", "2024-01-16", "2024-01-18",
                                      "Harrowmere Police Station", "DEMO-NOT-0009")]),
        ],
        persons=[person(1, "Ines Calloway", "Former employee",
                        notes="Moved abroad; SPO discharged on police application.")],
        assessments=[assess(1, "2026-06-10", "DS Lena Marsh", [("public", "low")],
                            "Fully compliant; stable employment.")],
        reviews=[review(1, "2026-06-10", "DS Lena Marsh", "2026-12-10", complied(1, 1, 2),
                        "SPO discharged 20 May 2026; STPO only.")],
        next_review="2026-12-10")


def beddoe():
    """High; a DAPO (an 'other' order) and an SPO; new-name notification due soon."""
    victim = "Carys Penhallow"
    return subject(
        10, "Beddoe", "Ffion Mair", "2026-04-01", "DC Amira Pell",
        aliases=["Ffion Tallant"], dob="1993-07-07", pnc="00/000010K",
        niche="DEMO-NOM-000010",
        addresses=[addr(1, "5 Gull Terrace, Saltmarsh End", "ZZ7 2AB", "2022-01-01")],
        orders=[
            order(1, {"other": "DAPO"}, "Fenbridge Family Court", "2027-04-01", [
                cond(1, "prohibition", "contact", f"Must not contact {victim}.",
                     "Victim contact"),
                cond(2, "prohibition", "place", "Must not come within 100 metres of 11 Gull "
                     "Terrace.", "Victim reports", area="11 Gull Terrace, Saltmarsh End"),
            ], reference="FEN/DAPO/2026/0008", made="2026-04-01", served="2026-04-02"),
            order(2, "spo", FEN_MC, None, spo_conditions(victim, "Saltmarsh End seafront"),
                  reference="FEN/SPO/2026/0017", applied="2026-05-20", made="2026-06-10",
                  served="2026-06-11",
                  notifications=[note(1, "initial", "2026-06-11", "2026-06-20",
                                      "Fenbridge Police Station", "DEMO-NOT-0410"),
                                 note(2, "new_name", "2026-11-21")]),
        ],
        persons=[person(1, victim, "Former partner", "11 Gull Terrace, Saltmarsh End, ZZ7 2AD")],
        s1=section1("Coercive and controlling behaviour in the relationship, then stalking "
                    "after it ended.\nThe DAPO came first; the SPO added online prohibitions.",
                    safeguarding=[safeguard(1, 1, "Sanctuary scheme at victim's home",
                                            "in_progress")]),
        s2=section2(relationships=[relationship(1, "2026-10-01", "Rhys Tallant", None,
                                                "Right-to-know disclosure under consideration.")],
                    notes="Changed surname by deed poll on 21 Nov 2026: new-name notification "
                          "due by 24 Nov."),
        assessments=[assess(1, "2026-09-18", "DC Amira Pell",
                            [("named_victim", "high"), ("future_partners", "high")],
                            "Breach of DAPO; new relationship.",
                            options=[tactic(1, "Decide right-to-know disclosure",
                                            "DS Lena Marsh", "2026-10-15", "proposed")])],
        reviews=[review(1, "2026-09-18", "DC Amira Pell", "2026-10-16",
                        [(1, 1, "breached", "See breach 1"), (1, 2, "complied", "")]
                        + complied(2, 1, 2, 3, 4), "Breach; risk re-assessed.",
                        reassessed=True),
                 review(2, "2026-10-30", "DC Amira Pell", "2026-11-27",
                        complied(1, 1, 2) + complied(2, 1, 2, 3, 4), "No further incidents.",
                        visit=1, sign=signoff("awaiting"))],
        breaches=[breach(1, "2026-09-14T23:05:00", 1, [1], "victim_report",
                         "Rang the victim eleven times from a withheld number.",
                         "Arrested 15 Sep 2026.", "arrest", "DEMO/OCC/26/007702")],
        visits=[visit(1, "2026-10-29T19:20:00", "PC 2291 Jo Castell", "seen",
                      "Subject calm; new partner present.")],
        next_review="2026-11-27")


def halloran_pike():
    """High; registered sex offender: notification clock suspended; review overdue."""
    return subject(
        11, "Halloran-Pike", "Desmond", "2026-09-01", "DC Omar Halloran",
        dob="1966-10-02", pnc="00/000011L", niche="DEMO-NOM-000011",
        addresses=[addr(1, "Room 4, Kingfisher Hostel, Wexmoor", "ZZ6 9MB", "2025-12-01")],
        flag=flags(rso=True, mappa=1),
        orders=[order(1, "spo", "Wexmoor Magistrates' Court", None,
                      spo_conditions("Harriet Quayle", "Wexmoor Leisure Centre"),
                      reference="WEX/SPO/2026/0014", made="2026-09-01", served="2026-09-02",
                      notifications=[note(1, "initial", "2026-09-02")])],
        persons=[person(1, "Harriet Quayle", "Swimming instructor; stranger")],
        s1=section1("Watched and photographed a swimming instructor at a leisure centre "
                    "over six weeks.",
                    safeguarding=[safeguard(1, 1, "Leisure centre staff briefed", "done")]),
        s2=section2(devices=[device(1, "Camera", "Lumen X100", "DEMO-SN-10044", None,
                                    "examined", "2026-09-10")],
                    notes="On the sex offender register until 2029: SPO notification "
                          "requirements do not run while registered (MOSOVO team manage)."),
        assessments=[assess(1, "2026-09-05", "DC Omar Halloran",
                            [("public", "high"), ("children", "high")],
                            "Fixation on a stranger; previous sexual offending.")],
        reviews=[review(1, "2026-10-03", "DC Omar Halloran", "2026-10-31",
                        complied(1, 1, 2, 3, 4), "No concerns reported.",
                        sign=signoff("returned", APPROVED, "2026-10-05T11:00:00",
                                     "Rationale does not address the children group."))])
