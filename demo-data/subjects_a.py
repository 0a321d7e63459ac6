"""FICTIONAL demo subjects 1-9. Every name, place and reference is invented."""
from demo_kit import (APPROVED, FEN_MC, FEN_STN, HAR_MC, KES_MC, account, addr, assess, breach,
                      complied, cond, device, flags, investigation, note, offence, order, person,
                      relationship, review, safeguard, section1, section2, signoff, spo_conditions,
                      strategy, subject, tactic, vehicle, visit)


def wrzosek():
    """Very High; a breach on 12 Nov 2026 not yet re-assessed; review overdue."""
    return subject(
        1, "Wrzosek", "Łukasz Piotr", "2025-03-04", "DC Amira Pell",
        aliases=["Luke Wrzosek", "Lukasz Heath"], dob="1988-04-17", pnc="00/000001A",
        niche="DEMO-NOM-000001",
        addresses=[
            addr(1, "14 Tallow Lane, Harrowmere", "ZZ1 4AB", "2023-06-01", "2026-01-31"),
            addr(2, "Flat 3, 22 Quillfeather Road, Fenbridge", "ZZ2 7QT", "2026-02-01"),
            addr(3, "Unit 9, Saltmarsh Trading Estate, Fenbridge", "ZZ2 9XX", "2026-03-01",
                 kind="work"),
        ],
        flag=flags(mappa=2),
        orders=[order(
            1, "spo", FEN_MC, None,
            spo_conditions("Imogen Farthing-Lowe", "Harrowmere town centre and Linnet Close"),
            reference="FEN/SPO/2025/0007", applied="2025-02-20", made="2025-03-10",
            served="2025-03-12",
            variations=[{"date": "2025-12-04", "kind": "varied",
                         "note": "Exclusion zone extended to Harrowmere Leisure Centre."}],
            notifications=[
                note(1, "initial", "2025-03-12", "2025-03-14", FEN_STN, "DEMO-NOT-0001"),
                note(2, "new_address", "2026-02-01", "2026-02-09", FEN_STN, "DEMO-NOT-0044"),
            ])],
        persons=[
            person(1, "Imogen Farthing-Lowe", "Former partner",
                   "7 Linnet Close, Harrowmere, ZZ1 6JD", notes="Prefers contact by text."),
            person(2, "Patricia Farthing-Lowe", "Mother of Imogen", by_proxy=True,
                   notes="Subject left items at her door in 2024."),
        ],
        s1=section1(
            "Between January and November 2024 the subject repeatedly contacted his former "
            "partner after she ended their relationship.\n"
            "He sent over 400 messages from at least six accounts, waited outside her workplace "
            "and left items at her mother's address.\n"
            "He was convicted of stalking in February 2025; the SPO was made on police "
            "application.",
            [offence(1, "Stalking involving serious alarm or distress", "2024-10-02",
                     "DEMO/OCC/24/004411", "Convicted 14 Feb 2025; suspended sentence")],
            [safeguard(1, 1, "IDVA referral", "done"),
             safeguard(2, 1, "Panic alarm and target hardening at home", "done"),
             safeguard(3, 1, "Treat-as-urgent marker on victim's address", "done"),
             safeguard(4, 2, "Cocoon watch with Patricia's neighbours", "in_progress")]),
        s2=section2(
            investigations=[investigation(1, "DEMO/OCC/26/009120", "Breach of SPO", "charged",
                                          "DC Amira Pell", "2026-11-12")],
            devices=[device(1, "Phone", "Fictaphone Z5", "001010000000012", "07700 900001",
                            "declared", "2025-03-14"),
                     device(2, "Laptop", "Northwind Book 14", "DEMO-SN-77231", None, "seized",
                            "2026-11-13")],
            social_media=[account(1, "Instagram", "@fict.luke.w", True),
                          account(2, "Snapchat", "lw_fict_88", False)],
            vehicles=[vehicle(1, "ZX19 KLM", "Vauxhall", "Corsa", "Grey",
                              "ANPR locate/trace (Fenbridge); PNC: SPO subject")],
            relationships=[relationship(1, "2026-05-03", "Hollie Graydon", "2026-05-10",
                                        "PNC/PND checks; disclosure made in person.")],
            strategies=[strategy(1, "Monthly unannounced home visit, varying days and times",
                                 "PS Tom Verity", "in_progress"),
                        strategy(2, "Quarterly device examination", "DC Amira Pell",
                                 "in_progress")],
            notes="Subject tries to talk to officers about the victim. Two officers at visits."),
        assessments=[
            assess(1, "2025-03-18", "DC Amira Pell",
                   [("named_victim", "high"), ("future_partners", "medium")],
                   "Persistent fixation; convicted; complied with bail."),
            assess(2, "2025-06-20", "DC Amira Pell",
                   [("named_victim", "very_high"), ("future_partners", "medium")],
                   "Breach within 3 months of the order shows the order alone does not deter."),
            assess(3, "2026-10-20", "DC Amira Pell",
                   [("named_victim", "very_high"), ("future_partners", "high"),
                    ("public", "low")],
                   "Continued fixation; new partner; exclusion zone not verified.",
                   harm="Serious psychological harm to the victim; escalation to violence.",
                   risks=["Fixation on victim", "Recent job loss", "Undeclared account"],
                   protective=["Stable housing", "Engages with programme"],
                   options=[
                       tactic(1, "Unannounced visit in week of 16 Nov", "PC 4512 Sam Okafor",
                              "2026-11-20", "proposed"),
                       tactic(2, "Refresh treat-as-urgent marker", "PS Tom Verity",
                              "2026-11-30", "in_progress"),
                       tactic(3, "Apply to vary SPO: add Harrowmere station", "DS Lena Marsh",
                              "2026-12-15", "proposed"),
                       tactic(4, "MARAC referral", "DC Amira Pell", "2026-10-27", "done"),
                   ]),
        ],
        reviews=[
            review(1, "2026-07-01", "DC Amira Pell", "2026-07-15", complied(1, 1, 2, 3, 4),
                   "No concerns this period."),
            review(2, "2026-10-20", "DC Amira Pell", "2026-11-03",
                   complied(1, 1, 3, 4) + [(1, 2, "not_verified", "No ANPR reads to check")],
                   "Risk raised for future partners; visit attempted.", visit=2,
                   reassessed=True),
        ],
        breaches=[
            breach(1, "2025-06-14T21:40:00", 1, [1], "victim_report",
                   "Sent three messages to the victim from a newly created account.",
                   "Arrested 15 Jun 2025; phone seized.", "conviction", "DEMO/OCC/25/005512"),
            breach(2, "2026-11-12T07:15:00", 1, [2], "anpr",
                   "Vehicle ZX19 KLM read by ANPR inside the exclusion zone at 07:15.",
                   "Arrested; interviewed; charged 13 Nov 2026.", "charge",
                   "DEMO/OCC/26/009120"),
        ],
        visits=[
            visit(1, "2026-08-14T18:30:00", "PC 4512 Sam Okafor", "seen",
                  "Subject present; phone and laptop checked; no concerns."),
            visit(2, "2026-10-09T11:05:00", "PC 4512 Sam Okafor", "no_access",
                  "No reply. Neighbour says subject is at work. Card left."),
        ],
        next_review="2026-11-14")


def ni_bhriain():
    """Medium; expired interim order then full SPO; moved without notifying on time."""
    victim = "Dr Marcus Ellery-Vane"
    conditions = [
        cond(1, "prohibition", "contact", f"Must not contact {victim} by any means.",
             "Victim contact"),
        cond(2, "prohibition", "social media", f"Must not refer to {victim} online.",
             "Open-source checks"),
        cond(3, "prohibition", "place", "Must not enter Brindlecombe Medical Practice.",
             "Practice manager reports", area="Brindlecombe Medical Practice, Nettle Row"),
        cond(4, "requirement", "programme",
             "Must attend an assessment with the Kestleby Stalking Intervention Programme.",
             "Programme attendance report", starts="2025-11-01", ends="2026-10-31"),
    ]
    return subject(
        2, "Ní Bhriain", "Siobhán Áine", "2025-07-28", "DC Priya Raman",
        aliases=["Siobhan Breen"], dob="1991-09-02", pnc="00/000002B",
        niche="DEMO-NOM-000002",
        addresses=[
            addr(1, "Flat 12, Marram Court, Kestleby", "ZZ3 2LP", "2023-01-01", "2026-07-30"),
            addr(2, "41 Sedgewick Row, Kestleby", "ZZ3 5HN", "2026-07-30"),
        ],
        orders=[
            order(1, "interim_spo", KES_MC, "2025-10-15", conditions[:3],
                  reference="KES/ISPO/2025/0003", applied="2025-07-28", made="2025-08-01",
                  served="2025-08-01",
                  notifications=[note(1, "initial", "2025-08-01", "2025-08-04", "Kestleby "
                                      "Police Station", "DEMO-NOT-0102")]),
            order(2, "spo", KES_MC, "2027-10-15", conditions, reference="KES/SPO/2025/0011",
                  applied="2025-07-28", made="2025-10-15", served="2025-10-17",
                  notifications=[
                      note(1, "initial", "2025-10-17", "2025-10-18", "Kestleby Police Station",
                           "DEMO-NOT-0131"),
                      note(2, "new_address", "2026-07-30", "2026-08-12",
                           "Kestleby Police Station", "DEMO-NOT-0388"),
                  ]),
        ],
        persons=[person(1, victim, "Former colleague (GP)",
                        "Brindlecombe Medical Practice, Nettle Row, Brindlecombe, ZZ4 1AA"),
                 person(2, "Brindlecombe Medical Practice staff", "Colleagues of the victim",
                        by_proxy=True)],
        s1=section1(
            "The subject, a former receptionist, became fixated on a GP at the practice.\n"
            "She sent letters and gifts, followed him home twice and posted about him online.",
            [offence(1, "Stalking (harassment with fear)", "2025-06-30", "DEMO/OCC/25/006620",
                     "Charged; SPO sought on application")],
            [safeguard(1, 1, "Practice lockdown plan and panic alarm", "done"),
             safeguard(2, 2, "Staff briefing and photo of subject at reception", "done")]),
        s2=section2(
            social_media=[account(1, "Facebook", "siobhan.fict.breen", True,
                                  "https://example.org/siobhan.fict.breen"),
                          account(2, "Facebook group", "Kestleby Community Chat (alias 'Sí')",
                                  False)],
            strategies=[strategy(1, "Fortnightly open-source checks", "DC Priya Raman",
                                 "in_progress")]),
        assessments=[
            assess(1, "2025-08-05", "DC Priya Raman", [("named_victim", "high")],
                   "Active fixation; order newly served."),
            assess(2, "2026-03-20", "DC Priya Raman",
                   [("named_victim", "medium"), ("staff", "medium")],
                   "Online breach only; no approach since the order; programme engaged.",
                   options=[tactic(1, "Covert checks on alias accounts", "DC Priya Raman",
                                   "2026-04-30", "done"),
                            tactic(2, "Apply to add a named-account prohibition",
                                   "DS Lena Marsh", "2026-05-31", "declined")]),
        ],
        reviews=[
            review(1, "2026-03-20", "DC Priya Raman", "2026-05-20",
                   complied(2, 1, 3, 4) + [(2, 2, "breached", "See breach 1")],
                   "Breach dealt with by caution; risk re-assessed.", reassessed=True),
            review(2, "2026-08-10", "DC Priya Raman", "2026-11-10",
                   complied(2, 1, 2, 3) + [(2, 4, "not_verified", "Report not received")],
                   "Subject moved; new address notified late.", visit=1,
                   notes_checked="New address notified 13 days after the move (late).",
                   sign=signoff("returned", APPROVED, "2026-08-12T09:10:00",
                                "Record what action was taken on the late notification.")),
        ],
        breaches=[breach(1, "2026-03-08T13:20:00", 2, [2], "intelligence",
                         "Posted about the victim in a local community group under an alias.",
                         "Interviewed under caution.", "caution", "DEMO/OCC/26/002871")],
        visits=[visit(1, "2026-08-06T16:00:00", "PC 2291 Jo Castell", "moved",
                      "Not at Marram Court; landlord says she left in late July.")])


def whitlock():
    """High; SPO made but not yet served."""
    return subject(
        3, "Whitlock", "Zoë Marguerite", "2026-11-02", "DC Femi Adebayo",
        dob="1979-12-30", pnc="00/000003C", niche="DEMO-NOM-000003",
        addresses=[addr(1, "The Old Forge, Pike Lane, Oakhollow", "ZZ5 8RW", "2019-04-01")],
        orders=[order(1, "spo", FEN_MC, "2028-11-18",
                      spo_conditions("Gareth Lindqvist", "Oakhollow village"),
                      reference="FEN/SPO/2026/0031", applied="2026-10-19", made="2026-11-18")],
        persons=[person(1, "Gareth Lindqvist", "Former neighbour"),
                 person(2, "Ava Lindqvist", "Daughter of Gareth (aged 9)", by_proxy=True)],
        s1=section1("Fixated on a former neighbour after a boundary dispute; filmed his "
                    "family from her car on many occasions.",
                    safeguarding=[safeguard(1, 2, "School informed; collection plan agreed",
                                            "done")]),
        s2=section2(social_media=[account(1, "Facebook", "Zoe.W.fict", False)],
                    strategies=[strategy(1, "Locate and serve: subject avoiding service",
                                         "PC 1178 Dev Sandhu", "in_progress")],
                    notes="Order made 18 Nov 2026; NOT YET SERVED. Notification clock starts "
                          "at service."),
        assessments=[assess(1, "2026-11-04", "DC Femi Adebayo",
                            [("named_victim", "high"), ("children", "medium")],
                            "Escalating filming; order not yet served.",
                            options=[tactic(1, "Serve SPO in person", "PC 1178 Dev Sandhu",
                                            "2026-11-21", "in_progress")],
                            sign=signoff("awaiting"))])


def okonjo_reeve():
    """Very High; interim order awaiting the full hearing; initial notification overdue."""
    zone = "Wexmoor Road and the Wexmoor University campus"
    conditions = spo_conditions("Keziah Morrow-Platt", zone)[:2] + [
        cond(3, "requirement", "sign on", "Must sign on weekly at Harrowmere Police Station.",
             "Station register", area="Harrowmere Police Station")]
    return subject(
        4, "Okonjo-Reeve", "Darius", "2026-10-21", "DC Femi Adebayo",
        dob="1995-02-11", pnc="00/000004D", niche="DEMO-NOM-000004",
        addresses=[addr(1, "28 Larchmere Gardens, Harrowmere", "ZZ1 9EF", "2025-09-01")],
        flag=flags(iom=True),
        orders=[
            order(1, "interim_spo", HAR_MC, "2026-12-16", conditions,
                  reference="HAR/ISPO/2026/0019", applied="2026-10-21", made="2026-10-28",
                  served="2026-10-29", notifications=[note(1, "initial", "2026-10-29")]),
            order(2, "spo", HAR_MC, None, [], reference="HAR/SPO/2026/0020",
                  applied="2026-10-21"),
        ],
        persons=[person(1, "Keziah Morrow-Platt", "Fellow student; no relationship")],
        s1=section1("Stranger-type fixation on a fellow student at Wexmoor University.\n"
                    "Followed her between lectures and home on at least ten occasions.",
                    safeguarding=[safeguard(1, 1, "University security briefed", "done"),
                                  safeguard(2, 1, "Personal safety advice", "done")]),
        s2=section2(notes="Full hearing listed 16 Dec 2026 at Harrowmere Magistrates' Court. "
                          "The interim order runs until the application is decided."),
        assessments=[assess(1, "2026-10-22", "DC Femi Adebayo",
                            [("named_victim", "very_high"), ("public", "medium")],
                            "Daily following; disregard of warnings; no protective factors.",
                            options=[tactic(1, "Arrest enquiry: failure to notify (s.11)",
                                            "PS Tom Verity", "2026-11-24", "proposed")])],
        next_review="2026-11-26")


def pryce_morgan():
    """High; SCPO ending within 60 days; two breaches; ANPR."""
    return subject(
        5, "Pryce-Morgan", "Gethin", "2024-02-12", "DS Lena Marsh",
        aliases=["Geth Morgan"], dob="1972-06-05", pnc="00/000005E", niche="DEMO-NOM-000005",
        addresses=[addr(1, "Ty Gwyn, Heron Ridge, Wexmoor", "ZZ6 3TT", "2015-01-01")],
        flag=flags(mappa=3, iom=True, other=["Firearms marker (fictional)"]),
        orders=[
            order(1, "scpo", "Harrowmere Crown Court", "2027-01-09", [
                cond(1, "requirement", "vehicles", "Must notify police of any vehicle used, "
                     "within 3 days.", "PNC/ANPR checks"),
                cond(2, "prohibition", "devices", "Must not possess more than one mobile phone.",
                     "Searches; device checks"),
                cond(3, "requirement", "finance", "Must report any cash over £1,000.",
                     "Financial investigator checks"),
            ], reference="HAR/SCPO/2022/0002", applied="2021-11-01", made="2022-01-10",
                served="2022-01-10",
                variations=[{"date": "2024-03-01", "kind": "appealed",
                             "note": "Appeal against the finance condition dismissed."}]),
            order(2, "spo", HAR_MC, None, [
                cond(1, "prohibition", "contact", "Must not contact Delyth Ambrose.",
                     "Victim contact"),
                cond(2, "prohibition", "tracking", "Must not place any tracking device on any "
                     "vehicle.", "Vehicle checks"),
            ], reference="HAR/SPO/2024/0005", made="2024-02-20", served="2024-02-21",
                notifications=[note(1, "initial", "2024-02-21", "2024-02-23",
                                    "Harrowmere Police Station", "DEMO-NOT-0017")]),
        ],
        persons=[person(1, "Delyth Ambrose", "Former business partner")],
        s1=section1("Organised crime nominal. Tracked a former business partner after a "
                    "dispute over the sale of the business.",
                    safeguarding=[safeguard(1, 1, "Vehicle sweep for trackers", "done")]),
        s2=section2(
            investigations=[
                investigation(1, "DEMO/OCC/26/006014", "Stalking: tracking device", "charged",
                              "DS Lena Marsh", "2026-07-19"),
                investigation(2, "DEMO/FIN/25/000311", "Money laundering enquiry", "open",
                              "DC Omar Halloran", "2025-05-01")],
            vehicles=[vehicle(1, "ZY68 PQR", "BMW", "3 Series", "Black",
                              "ANPR hotlist (Harrowmere); SCPO vehicle"),
                      vehicle(2, "zk21wdf", "Ford", "Transit", "White", "Declared under SCPO")],
            devices=[device(1, "Phone", "Fictaphone Z3", "001010000000020", "07700 900105")]),
        assessments=[
            assess(1, "2025-09-30", "DS Lena Marsh", [("named_victim", "medium"),
                                                       ("public", "medium")],
                   "Compliant since order; organised-crime links."),
            assess(2, "2026-07-25", "DS Lena Marsh",
                   [("named_victim", "high"), ("public", "medium")],
                   "Tracker on victim's car shows planning and intent.",
                   options=[tactic(1, "Prepare SCPO renewal application before expiry",
                                   "DS Lena Marsh", "2026-11-09", "in_progress"),
                            tactic(2, "Review ANPR markers", "DC Omar Halloran", "2026-08-15",
                                   "done")]),
        ],
        reviews=[review(1, "2026-11-02", "DS Lena Marsh", "2026-11-30",
                        complied(1, 1, 2, 3) + complied(2, 1, 2),
                        "SCPO ends 9 Jan 2027: renewal application in progress.", visit=1,
                        sign=signoff("awaiting"))],
        breaches=[
            breach(1, "2025-11-03T10:00:00", 1, [2], {"other": "Partner agency search"},
                   "Second phone found in a search by a partner agency.",
                   "Reported for summons.", "nfa", "DEMO/OCC/25/010233"),
            breach(2, "2026-07-19T02:10:00", 2, [2], "anpr",
                   "ZY68 PQR read near the victim's home at 02:10; tracker found on her car.",
                   "Arrested and charged.", "charge", "DEMO/OCC/26/006014"),
        ],
        visits=[visit(1, "2026-11-02T10:00:00", "PC 3310 Nia Rowe", "seen",
                      "One phone seen. Vehicles as declared.")])
