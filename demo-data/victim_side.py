"""The victim's side of the FICTIONAL demo subjects: contacts after each event, needs
assessments, Victims' Code records, referrals, meetings, orders considered and screenings on
the invented demo instrument (demo-data/instruments.toml). Every detail is invented.

Written as seen on the demo anchor, 23 Nov 2026. A few gaps are left on purpose so the queue
shows each victim reason: subject 10's victim was not updated after the latest breach, subject 7
has no needs assessment, a referral of subject 2 is past its follow-up, a MARAC action of
subject 1 is overdue.
"""
from datetime import date, datetime, timedelta

ANCHOR = date(2026, 11, 23)
OFFICERS = ["DC Amira Pell (2719)", "PC Tom Ashdown (3310)", "DS Lena Marsh (4521)"]
SERVICES = ["IDVA", "ISAC", "Paladin", "Victim Support"]


def d(text):
    return date.fromisoformat(text[:10])


def iso(day):
    return day.isoformat()


def events(s):
    out = [d(b["at"]) for b in s.get("breaches", [])]
    out += [d(r["date"]) for r in s.get("reviews", [])]
    for o in s.get("orders", []):
        for key in ("applied", "made", "served", "discharged"):
            if o.get(key):
                out.append(d(o[key]))
        out += [d(v["date"]) for v in o.get("variations", [])]
    return sorted(e for e in out if e <= ANCHOR)


def first_made(s):
    made = [d(o["made"]) for o in s.get("orders", []) if o.get("made")]
    return min(made) if made else d(s["opened"])


def contact(id, person, day, n, said, views):
    return {"id": id, "person": person, "date": iso(day), "by": OFFICERS[n % 3],
            "method": ["phone", "in_person", "text"][n % 3], "said": said, "views": views}


def screening(id, day, by, answers, judgement=None, rationale=""):
    """A screening on the demo instrument as the app would store it (wording copied)."""
    items = [
        ("contact_after_order", "Has the subject tried to contact the protected person since the order was made?", "yes_no", 3),
        ("incidents_month", "How many incidents of unwanted contact were reported in the last 30 days?", "count", 1),
        ("fixation", "How would you describe the subject's focus on the protected person?", "choice", 0),
        ("threats", "Have threats of harm been made (to the person, their family or the subject themself)?", "yes_no", 4),
        ("escalation", "Has the behaviour become more frequent or more serious recently?", "yes_no", 3),
        ("victim_fear", "Is the protected person frightened of what the subject will do next?", "yes_no", 2),
    ]
    labels = {"none": ("No sign of continued focus", 0), "some": ("Some continued interest", 2),
              "intense": ("Intense and persistent focus", 4)}
    rows, score = [], 0
    for key, text, kind, pts in items:
        a = answers.get(key, "unanswered")
        label, points = "", 0
        if kind == "yes_no":
            answer = a
            points = pts if a == "yes" else 0
        elif kind == "count":
            answer = {"count": a}
            points = min(a * pts, 5)
        else:
            answer = {"choice": a}
            label, points = labels[a]
        score += points
        rows.append({"key": key, "question": text, "answer": answer, "label": label,
                     "points": points})
    band = "very_high" if score >= 15 else "high" if score >= 10 else "medium" if score >= 5 else "low"
    return {"id": id, "date": iso(day), "by": by, "instrument": "demo-srs",
            "instrument_name": "Demo stalking risk screen", "instrument_version": "1.0",
            "answers": rows, "score": score, "band": band, "judgement": judgement or band,
            "rationale": rationale}


def add(s):
    sid = s["id"]
    victims = [p for p in s.get("protected_persons", []) if not p.get("by_proxy")]
    s.setdefault("victim_contacts", [])
    s.setdefault("needs_assessments", [])
    s.setdefault("victims_code", [])
    for n, p in enumerate(victims):
        if n == 0:
            p["contact_preferences"] = "Text first; no calls after 8pm; not at work."
            p["safe_contact"] = f"07700 900{sid:03d} (a number the subject does not know)"
        start = first_made(s)
        if sid != 7:
            s["needs_assessments"].append({
                "id": len(s["needs_assessments"]) + 1, "person": p["id"],
                "date": iso(min(start + timedelta(days=3), ANCHOR)), "by": OFFICERS[sid % 3],
                "needs": "Safety planning; updates by text; support at court.",
                "outcome": "Safety plan agreed; referred for specialist support."})
        s["victims_code"].append({
            "id": len(s["victims_code"]) + 1, "person": p["id"],
            "date": iso(min(start + timedelta(days=3), ANCHOR)), "by": OFFICERS[sid % 3],
            "rights": ["information", "referral", "updates", "statement"],
            "how": "in_person", "notes": ""})
        evs = events(s)
        for k, e in enumerate(evs[-3:]):
            if sid == 10 and k == len(evs[-3:]) - 1:
                continue  # left on purpose: not updated after the latest event
            s["victim_contacts"].append(contact(
                len(s["victim_contacts"]) + 1, p["id"], min(e + timedelta(days=2), ANCHOR), k,
                "Told what happened and what the unit is doing next.",
                "Relieved the order is being enforced; worried about the route to work."))
    # Referrals: one accepted for most; subject 2's awaits its outcome past its follow-up.
    s["referrals"] = []
    if victims:
        made = first_made(s)
        outcome = "awaiting" if sid in (2, 11) else "accepted"
        follow = made + timedelta(days=14) if sid == 2 else ANCHOR + timedelta(days=10)
        s["referrals"].append({"id": 1, "person": victims[0]["id"],
                               "service": SERVICES[sid % 4], "date": iso(made + timedelta(days=2)),
                               "consent": "given", "outcome": outcome,
                               "follow_up": iso(follow) if outcome == "awaiting" else None,
                               "notes": ""})
    # Meetings: the daily screening for most; a MARAC for subject 1 with an overdue action.
    s["meetings"] = []
    if sid % 3 != 0:
        s["meetings"].append({"id": 1, "kind": "daily", "date": iso(ANCHOR - timedelta(days=sid % 20)),
                              "decisions": "Screened at the daily management meeting: no change.",
                              "actions": []})
    if sid == 1:
        s["meetings"].append({
            "id": 2, "kind": "marac", "date": iso(ANCHOR - timedelta(days=30)),
            "decisions": "High risk confirmed; partners to share bail and order details.",
            "actions": [
                {"id": 1, "action": "Fit a video doorbell at the victim's home", "owner": "IDVA",
                 "due": iso(ANCHOR - timedelta(days=9)), "done": None, "tactical": True},
                {"id": 2, "action": "Share the SPO conditions with the school", "owner": "DC Amira Pell",
                 "due": iso(ANCHOR - timedelta(days=20)), "done": iso(ANCHOR - timedelta(days=22)),
                 "tactical": False}]})
    # Orders considered: each SPO applied for was considered first; subject 9 also had an SPO
    # considered and judged not appropriate.
    s["considerations"] = []
    for o in s.get("orders", []):
        if o["kind"] in ("spo", "interim_spo") and o.get("applied"):
            s["considerations"].append({
                "id": len(s["considerations"]) + 1, "date": iso(d(o["applied"]) - timedelta(days=5)),
                "by": "DS Lena Marsh (4521)", "kind": o["kind"], "decision": "apply", "reason": ""})
    if sid == 9:
        s["considerations"].append({
            "id": len(s["considerations"]) + 1, "date": iso(ANCHOR - timedelta(days=40)),
            "by": "DS Lena Marsh (4521)", "kind": "spo", "decision": "not_appropriate",
            "reason": "New conduct towards a colleague stopped after words of advice; SCPO "
                      "conditions already cover it. Revisit if it recurs."})
    # Two screenings on the demo instrument for subject 1, the second with an override.
    s["screenings"] = []
    if sid == 1:
        s["screenings"].append(screening(1, ANCHOR - timedelta(days=70), "DC Amira Pell (2719)",
            {"contact_after_order": "no", "incidents_month": 1, "fixation": "some",
             "threats": "no", "escalation": "no", "victim_fear": "yes"}))
        s["screenings"].append(screening(2, ANCHOR - timedelta(days=20), "DC Amira Pell (2719)",
            {"contact_after_order": "yes", "incidents_month": 2, "fixation": "some",
             "threats": "no", "escalation": "yes", "victim_fear": "yes"},
            judgement="very_high",
            rationale="Breach pattern and the MARAC's information on a new address search "
                      "raise the risk beyond the score."))
    return s
