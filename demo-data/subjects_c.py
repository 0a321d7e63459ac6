"""FICTIONAL demo subjects 12-19. Every name, place and reference is invented."""
from demo_kit import (FEN_MC, FEN_STN, HAR_MC, KES_MC, account, addr, assess, breach, complied,
                      cond, device, note, offence, order, person, relationship, review,
                      safeguard, section1, section2, signoff, spo_conditions, strategy, subject,
                      tactic,
                      vehicle, visit)


def castellano():
    """Low; long-standing, compliant; next review by cadence in January."""
    return subject(
        12, "Castellano", "José María", "2024-03-01", "DC Priya Raman",
        aliases=["Jose Castellano"], dob="1958-05-19", pnc="00/000012M",
        niche="DEMO-NOM-000012",
        addresses=[addr(1, "16 Wrenfield Close, Kestleby", "ZZ3 8YL", "2000-01-01"),
                   addr(2, "Plot 14, Kestleby Allotments, Mill Lane", None, "2019-04-01",
                        kind="other")],
        orders=[order(1, "spo", KES_MC, None,
                      spo_conditions("Beatriz Solano-Vey", "Mill Lane and Cressy Park"),
                      reference="KES/SPO/2024/0004", applied="2024-02-12", made="2024-03-04",
                      served="2024-03-05",
                      notifications=[note(1, "initial", "2024-03-05", "2024-03-06",
                                          "Kestleby Police Station", "DEMO-NOT-0021")])],
        persons=[person(1, "Beatriz Solano-Vey", "Neighbour at the allotments")],
        s1=section1("Left notes and flowers for a fellow allotment holder for a year after "
                    "she declined a friendship."),
        s2=section2(vehicles=[vehicle(1, "ZN09 RTE", "Škoda", "Octavia Estate", "Green")]),
        assessments=[assess(1, "2024-03-10", "DC Priya Raman", [("named_victim", "medium")],
                            "Recent conduct; order just served."),
                     assess(2, "2025-07-01", "DC Priya Raman", [("named_victim", "low")],
                            "Fully compliant for 16 months; moved allotment plot.")],
        reviews=[review(1, "2025-07-01", "DC Priya Raman", "2026-01-01",
                        complied(1, 1, 2, 3, 4), "Compliant.", reassessed=True),
                 review(2, "2026-01-05", "DC Priya Raman", "2026-07-05",
                        complied(1, 1, 2, 3, 4), "Compliant."),
                 review(3, "2026-07-01", "DC Priya Raman", "2027-01-01",
                        complied(1, 1, 2, 3, 4), "Compliant; visit completed.", visit=1)],
        visits=[visit(1, "2026-06-28T14:00:00", "PC 3310 Nia Rowe", "seen",
                      "Subject at home. Devices checked.")])


def astrom_lee():
    """No risk assessment yet; review overdue by the default cadence; Arabic and Chinese aliases."""
    return subject(
        13, "Åström-Lee", "Björn", "2026-08-20", "DC Femi Adebayo",
        # The same invented name in Arabic and Chinese script (right-to-left text and a script
        # the embedded PDF font lacks: tests/pdf_scripts.rs).
        aliases=["بيورن لي", "李比约恩"],
        dob="1999-12-01", pnc="00/000013N", niche="DEMO-NOM-000013",
        addresses=[addr(1, "Flat 2, 90 Tidewater Street, Saltmarsh End", "ZZ7 4GH",
                        "2026-03-01")],
        orders=[order(1, "spo", "Brindlecombe Magistrates' Court", "2028-11-02",
                      spo_conditions("Orla Fennimore", "Tidewater Street north of the quay"),
                      reference="BRI/SPO/2026/0006", applied="2026-08-20", made="2026-11-02",
                      served="2026-11-03",
                      notifications=[note(1, "initial", "2026-11-03", "2026-11-05",
                                          "Saltmarsh End Police Station", "DEMO-NOT-0522")])],
        persons=[person(1, "Orla Fennimore", "Former partner")],
        s1=section1("Repeated unwanted visits to a former partner's workplace."),
        s2=section2(social_media=[account(1, "TikTok", "@bjorn.fict.al", True)],
                    strategies=[strategy(1, "Complete the initial risk assessment",
                                         "DC Femi Adebayo", "proposed")]))


def quorne():
    """Low; SCREEN-SAFETY TEST: an alias holds a terminal escape sequence."""
    return subject(
        14, "Quorne", "Nathaniel", "2025-06-30", "DC Amira Pell",
        aliases=["Nat Quorne", "Nat\u001b]0;pwned\u0007"], dob="1985-02-28",
        pnc="00/000014P", niche="DEMO-NOM-000014",
        addresses=[addr(1, "3 Lapwing Row, Fenbridge", "ZZ2 1KJ", "2020-10-01")],
        orders=[order(1, "spo", FEN_MC, "2027-06-30",
                      spo_conditions("Tamsin Greaves", "Lapwing Row and Fenbridge Library"),
                      reference="FEN/SPO/2025/0019", made="2025-06-30", served="2025-07-01",
                      notifications=[note(1, "initial", "2025-07-01", "2025-07-02", FEN_STN,
                                          "DEMO-NOT-0233")])],
        persons=[person(1, "Tamsin Greaves", "Former friend")],
        s1=section1("Sent unwanted gifts and letters to a former friend."),
        s2=section2(notes="SCREEN-SAFETY TEST RECORD: the second alias deliberately contains "
                          "a terminal escape sequence (ESC ]0;pwned BEL) that would retitle a "
                          "terminal window if printed raw. spmp must show it escaped, as "
                          "^[]0;pwned^G. Every detail of this subject is invented."),
        assessments=[assess(1, "2025-12-15", "DC Amira Pell", [("named_victim", "low")],
                            "No contact since the order.")],
        reviews=[review(1, "2025-12-15", "DC Amira Pell", "2026-06-15", complied(1, 1, 2, 3, 4),
                        "Compliant.", reassessed=True),
                 review(2, "2026-06-12", "DC Amira Pell", "2026-12-12", complied(1, 1, 2, 3, 4),
                        "Compliant.", visit=1)],
        visits=[visit(1, "2026-06-11T09:30:00", "PC 4512 Sam Okafor", "seen", "No concerns.")])


def blake_adeyemi():
    """Medium; two breaches in 2025-26; review due in two days."""
    victim = "Jonah Whitcombe"
    return subject(
        15, "Blake-Adeyemi", "Rhiannon", "2025-05-12", "DC Priya Raman",
        dob="1987-06-23", pnc="00/000015Q", niche="DEMO-NOM-000015",
        addresses=[addr(1, "22 Osprey Walk, Harrowmere", "ZZ1 2ST", "2016-08-01")],
        orders=[order(1, "spo", HAR_MC, "2027-05-12",
                      spo_conditions(victim, "Harrowmere Business Park"),
                      reference="HAR/SPO/2025/0012", applied="2025-04-14", made="2025-05-12",
                      served="2025-05-12",
                      notifications=[note(1, "initial", "2025-05-12", "2025-05-15",
                                          "Harrowmere Police Station", "DEMO-NOT-0199")])],
        persons=[person(1, victim, "Former colleague"),
                 person(2, "Staff at Whitcombe & Hale", "Colleagues of the victim",
                        by_proxy=True)],
        s1=section1("Fixated on a colleague; sent anonymous letters to his home and office.",
                    [offence(1, "Harassment", "2025-03-01", "DEMO/OCC/25/001907",
                             "Conditional caution")],
                    [safeguard(1, 1, "Workplace security plan", "done"),
                     safeguard(2, 2, "Post screening at office", "declined",
                               "Company declined.")]),
        s2=section2(social_media=[account(1, "LinkedIn", "rhiannon-fict-ba", True)]),
        assessments=[assess(1, "2026-01-15", "DC Priya Raman",
                            [("named_victim", "medium"), ("staff", "low")],
                            "Second breach low-level; no approach in person.")],
        reviews=[review(1, "2026-01-15", "DC Priya Raman", "2026-04-15",
                        complied(1, 1, 2, 4) + [(1, 3, "breached", "See breach 2")],
                        "Breach; re-assessed.", reassessed=True),
                 review(2, "2026-08-25", "DC Priya Raman", "2026-11-25",
                        complied(1, 1, 2, 3, 4), "Compliant.")],
        breaches=[breach(1, "2025-09-21T08:50:00", 1, [1], "victim_report",
                         "Card left on the victim's car.", "Interviewed; insufficient evidence.",
                         "nfa", "DEMO/OCC/25/008840"),
                  breach(2, "2026-01-07T20:00:00", 1, [3], "third_party",
                         "A colleague reported posts about the victim.", "Cautioned.",
                         "caution", "DEMO/OCC/26/000214")])


def delaney():
    """High; photographs of the victim found at a visit; second breach pending."""
    victim = "Saoirse Halvey"
    conditions = spo_conditions(victim, "Kestleby Marina") + [
        cond(5, "prohibition", "images", f"Must not photograph or film {victim}.",
             "Device examination")]
    return subject(
        16, "Delaney", "Oisín", "2025-02-03", "DC Omar Halloran",
        aliases=["Osh Delaney"], dob="1983-04-04", pnc="00/000016R", niche="DEMO-NOM-000016",
        addresses=[addr(1, "Berth 12, Kestleby Marina", "ZZ3 1MM", "2024-07-01")],
        orders=[order(1, "spo", KES_MC, None, conditions, reference="KES/SPO/2025/0001",
                      made="2025-02-03", served="2025-02-04",
                      notifications=[note(1, "initial", "2025-02-04", "2025-02-06",
                                          "Kestleby Police Station", "DEMO-NOT-0005")])],
        persons=[person(1, victim, "Former partner")],
        s1=section1("Photographed his former partner from a boat moored opposite her home."),
        s2=section2(devices=[device(1, "Phone", "Fictaphone Z4", "001010000000046",
                                    "07700 900333", "examined", "2025-10-18")],
                    vehicles=[vehicle(1, "ZL17 OSD", "Land Rover", "Defender", "Blue")]),
        assessments=[assess(1, "2025-10-25", "DC Omar Halloran", [("named_victim", "high")],
                            "Covert photography shows continued fixation."),
                     assess(2, "2026-10-02", "DC Omar Halloran",
                            [("named_victim", "high"), ("public", "low")],
                            "Further approach; arrested; bailed away from marina.",
                            options=[tactic(1, "Bail address checks", "PC 2291 Jo Castell",
                                            "2026-11-30", "in_progress")])],
        reviews=[review(1, "2026-10-02", "DC Omar Halloran", "2026-10-30",
                        complied(1, 2, 3, 4, 5) + [(1, 1, "breached", "See breach 2")],
                        "Re-assessed after breach.", reassessed=True),
                 review(2, "2026-11-05", "DC Omar Halloran", "2026-12-03",
                        complied(1, 1, 2, 3, 4, 5), "No further contact.", visit=1)],
        breaches=[breach(1, "2025-10-18T15:30:00", 1, [5], "visit",
                         "Photographs of the victim found on his phone at a visit.",
                         "Phone seized; charged.", "conviction", "DEMO/OCC/25/009914"),
                  breach(2, "2026-09-30T18:10:00", 1, [1], "victim_report",
                         "Approached the victim at a bus stop.", "Arrested; bailed.",
                         "pending", "DEMO/OCC/26/008101")],
        visits=[visit(1, "2026-11-04T17:45:00", "PC 2291 Jo Castell", "seen",
                      "At bail address; phone examined.")])


def yildirim_shaw():
    """Medium; SPO renewed; review overdue by cadence."""
    return subject(
        17, "Yıldırım-Shaw", "Mehmet", "2024-05-01", "DS Lena Marsh",
        dob="1976-09-12", pnc="00/000017S", niche="DEMO-NOM-000017",
        addresses=[addr(1, "61 Starling Avenue, Fenbridge", "ZZ2 6DW", "2012-01-01")],
        orders=[order(1, "spo", FEN_MC, "2028-05-01",
                      spo_conditions("Aylin Shaw", "Starling Avenue south of the canal"),
                      reference="FEN/SPO/2024/0010", made="2024-05-01", served="2024-05-02",
                      variations=[{"date": "2026-04-20", "kind": "renewed",
                                   "note": "Renewed for two years on police application."}],
                      notifications=[note(1, "initial", "2024-05-02", "2024-05-03", FEN_STN,
                                          "DEMO-NOT-0030")])],
        persons=[person(1, "Aylin Shaw", "Former wife"),
                 person(2, "Deniz Shaw", "Son (adult)", by_proxy=True)],
        s1=section1("Stalking of his former wife during divorce proceedings."),
        s2=section2(relationships=[relationship(1, "2026-06-01", "Maren Oakes", "2026-06-09",
                                                "Disclosure made; partner informed.")]),
        assessments=[assess(1, "2026-04-20", "DS Lena Marsh",
                            [("named_victim", "medium"), ("future_partners", "medium")],
                            "Breaches low-level; renewed order.")],
        reviews=[review(1, "2026-08-18", "DS Lena Marsh", "2026-11-18",
                        complied(1, 1, 2, 3, 4), "Compliant.")],
        breaches=[breach(1, "2025-08-09T12:00:00", 1, [1], "victim_report",
                         "Sent a birthday card to the victim.", "Community resolution.",
                         {"other": "Community resolution"}, "DEMO/OCC/25/007311"),
                  breach(2, "2026-04-11T22:30:00", 1, [2], "victim_report",
                         "Seen on Starling Avenue.", "Arrested; file with CPS.", "pending",
                         "DEMO/OCC/26/003322")])


def marchetti():
    """Low; one breach in 2025 long since re-assessed."""
    return subject(
        18, "Marchetti", "Élodie", "2024-08-01", "DC Femi Adebayo",
        dob="1990-10-10", pnc="00/000018T", niche="DEMO-NOM-000018",
        addresses=[addr(1, "4 Heathcote Mews, Brindlecombe", "ZZ4 3NR", "2020-02-01")],
        orders=[order(1, "spo", "Brindlecombe Magistrates' Court", "2027-08-01",
                      spo_conditions("Leon Ashdown", "Brindlecombe station"),
                      reference="BRI/SPO/2024/0003", made="2024-08-01", served="2024-08-01",
                      notifications=[note(1, "initial", "2024-08-01", "2024-08-02",
                                          "Brindlecombe Police Station", "DEMO-NOT-0041")])],
        persons=[person(1, "Leon Ashdown", "Former partner")],
        assessments=[assess(1, "2025-07-20", "DC Femi Adebayo", [("named_victim", "medium")],
                            "Breach by message."),
                     assess(2, "2026-01-20", "DC Femi Adebayo", [("named_victim", "low")],
                            "No contact for six months.")],
        reviews=[review(1, "2026-07-20", "DC Femi Adebayo", "2027-01-20",
                        complied(1, 1, 2, 3, 4), "Compliant.")],
        breaches=[breach(1, "2025-07-05T10:15:00", 1, [1], "victim_report",
                         "Sent a message via a mutual friend.", "Cautioned.", "caution",
                         "DEMO/OCC/25/006001")])


def rook():
    """Just served: the initial notification clock is running (due in two days); the first
    risk assessment awaits sign-off."""
    return subject(
        19, "Rook", "Tamsin Avery", "2026-11-20", "DC Femi Adebayo",
        dob="1993-02-14", pnc="00/000019U", niche="DEMO-NOM-000019",
        addresses=[addr(1, "Flat 2, 9 Saltgrove Row, Wexmoor", "ZZ1 8PL", "2025-09-01")],
        orders=[order(1, "spo", "Wexmoor Magistrates' Court", "2028-11-21",
                      spo_conditions("Corin Vale", "Wexmoor bus station"),
                      reference="WEX/SPO/2026/0031", applied="2026-10-02", made="2026-11-21",
                      served="2026-11-22",
                      notifications=[note(1, "initial", "2026-11-22")])],
        persons=[person(1, "Corin Vale", "Former colleague", "31 Gullet Lane, Wexmoor")],
        s1=section1("Repeated unwanted gifts and messages to a former colleague after she "
                    "left the firm; followed her to the bus station on four occasions."),
        assessments=[assess(1, "2026-11-22", "DC Femi Adebayo", [("named_victim", "high")],
                            "Persistent, escalating despite warnings; recently served.",
                            sign=signoff("awaiting"))],
        next_review="2026-12-06")

