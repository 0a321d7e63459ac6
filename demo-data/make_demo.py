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

BUILDERS = [
    subjects_a.wrzosek, subjects_a.ni_bhriain, subjects_a.whitlock, subjects_a.okonjo_reeve,
    subjects_a.pryce_morgan,
    subjects_b.fenwick_adair, subjects_b.ormerod, subjects_b.riddock, subjects_b.faure_blyth,
    subjects_b.beddoe, subjects_b.halloran_pike,
    subjects_c.castellano, subjects_c.astrom_lee, subjects_c.quorne, subjects_c.blake_adeyemi,
    subjects_c.delaney, subjects_c.yildirim_shaw, subjects_c.marchetti,
]


def main():
    subjects = sorted((build() for build in BUILDERS), key=lambda s: s["id"])
    doc = {"format": "spmp-interchange", "version": 1, "fictional": True, "note": NOTE,
           "subjects": subjects}
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    (HERE / "demo.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(subjects)} fictional subjects to {HERE / 'demo.json'}")


if __name__ == "__main__":
    main()
