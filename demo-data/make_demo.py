#!/usr/bin/env python3
"""Write demo-data/demo.json: FICTIONAL subjects in the spmp interchange format.

Run from anywhere: python3 demo-data/make_demo.py. The subjects are built in subjects_a.py,
subjects_b.py and subjects_c.py with the helpers in demo_kit.py; every detail is invented.
The Rust tests (tests/interchange.rs) check the file reads, validates and covers the domain.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from demo_kit import NOTE  # noqa: E402
import subjects_a  # noqa: E402
import subjects_b  # noqa: E402
import subjects_c  # noqa: E402
import victim_side  # noqa: E402

BUILDERS = [
    subjects_a.wrzosek, subjects_a.ni_bhriain, subjects_a.whitlock, subjects_a.okonjo_reeve,
    subjects_a.pryce_morgan,
    subjects_b.fenwick_adair, subjects_b.ormerod, subjects_b.riddock, subjects_b.faure_blyth,
    subjects_b.beddoe, subjects_b.halloran_pike,
    subjects_c.castellano, subjects_c.astrom_lee, subjects_c.quorne, subjects_c.blake_adeyemi,
    subjects_c.delaney, subjects_c.yildirim_shaw, subjects_c.marchetti, subjects_c.rook,
]


# The demo users who are officers in charge (see DEMO_USERS in src/demo.rs): a subject whose
# officer is one of them is linked to their login, so their "mine" view lists it.
OFFICER_USERS = {
    "DC Amira Pell": ("reviewer", "DC Amira Pell (2719)"),
    "DS Lena Marsh": ("supervisor", "DS Lena Marsh (4521)"),
}

# Plans approved by the demo chief inspector, and one submitted and awaiting sign-off.
PLAN_APPROVED = {1: "2025-03-20T11:00:00", 2: "2025-05-02T10:30:00", 5: "2024-03-01T09:45:00",
                 9: "2023-06-05T14:00:00", 18: "2024-08-09T12:00:00"}
PLAN_AWAITING = {11}


def link(s):
    """Officer users, disclosure decisions already made, and the plans' sign-offs."""
    officer = s.get("officer")
    if officer in OFFICER_USERS:
        login, label = OFFICER_USERS[officer]
        s["officer"] = label
        s["officer_user"] = login
    for r in s.get("section2", {}).get("relationships", []):
        if r.get("disclosure"):
            r["decision"] = "disclose"
            r["decided"] = r["disclosure"]
    if s["id"] in PLAN_APPROVED:
        s["plan_sign_off"] = {"status": "approved", "by": "dci", "at": PLAN_APPROVED[s["id"]],
                              "comment": "", "signer": "DCI Marcus Hale (1187)",
                              "rank": "chief_inspector"}
    elif s["id"] in PLAN_AWAITING:
        s["plan_sign_off"] = {"status": "awaiting"}
    return s


def main():
    subjects = sorted((victim_side.add(link(build())) for build in BUILDERS),
                      key=lambda s: s["id"])
    doc = {"format": "spmp-interchange", "version": 1, "fictional": True, "note": NOTE,
           "subjects": subjects}
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    (HERE / "demo.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(subjects)} fictional subjects to {HERE / 'demo.json'}")


if __name__ == "__main__":
    main()
