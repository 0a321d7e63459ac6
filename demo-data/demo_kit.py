"""Builders for the FICTIONAL demo subjects written by make_demo.py.

Every person, place, court, reference, phone number, vehicle and account below is invented.
Phone numbers are from Ofcom's drama range (07700 900000-900999), postcodes use the
non-existent ZZ area, IMEIs use the 00101 test prefix, VRMs start with a Z memory tag (never
issued first in the current GB format) and URLs use example.org. The data is meant to be
viewed around 2026-11-23.
"""
NOTE = ("FICTIONAL DEMO DATA. All people, places, courts, addresses, phone numbers, vehicles, "
        "accounts and references are invented; any resemblance to real people is coincidence. "
        "Dates are set for viewing around 23 Nov 2026.")


def clean(d):
    """Drop absent (None) values so the file shows only what is set."""
    return {k: v for k, v in d.items() if v is not None}


def addr(id, lines, postcode, frm=None, to=None, kind="home"):
    return clean(dict(id=id, kind=kind, lines=lines, postcode=postcode, **{"from": frm}, to=to))


def cond(id, kind, category, text, check, area=None, starts=None, ends=None):
    return clean(dict(id=id, kind=kind, category=category, text=text, area=area,
                      starts=starts, ends=ends, check_method=check))


def note(id, kind, trigger, received=None, station=None, reference=None):
    return clean(dict(id=id, kind=kind, trigger=trigger, received=received,
                      station=station, reference=reference))


def order(id, kind, court, end, conditions, reference=None, applied=None, made=None,
          served=None, discharged=None, variations=(), notifications=()):
    end = "until_further_order" if end is None else {"fixed": end}
    return clean(dict(id=id, kind=kind, court=court, reference=reference, applied=applied,
                      made=made, served=served, end=end, discharged=discharged,
                      variations=list(variations), conditions=conditions,
                      notifications=list(notifications)))


def person(id, name, relationship, address=None, by_proxy=False, notes=""):
    return clean(dict(id=id, name=name, relationship=relationship, by_proxy=by_proxy,
                      address=address, notes=notes))


def signoff(status, by=None, at=None, comment=""):
    return clean(dict(status=status, by=by, at=at, comment=comment))


def assess(id, date, assessor, ratings, rationale, harm="", risks=(), protective=(),
           options=(), sign=None):
    return dict(id=id, date=date, assessor=assessor, harm=harm,
                ratings=[{"group": g, "level": l} for g, l in ratings],
                risk_factors=list(risks), protective_factors=list(protective),
                rationale=rationale, tactical_options=list(options),
                sign_off=sign or signoff("approved", "DI Rachel Okoye", date + "T16:00:00"))


def tactic(id, option, owner, due, status):
    return clean(dict(id=id, option=option, owner=owner, due=due, status=status))


def review(id, date, reviewer, next_review, outcomes, summary, visit=None, reassessed=False,
           notes_checked="All notification clocks checked: none outstanding.", sign=None):
    return clean(dict(id=id, date=date, reviewer=reviewer,
                      outcomes=[clean(dict(order=o, condition=c, outcome=r, note=n))
                                for o, c, r, n in outcomes],
                      notifications_note=notes_checked, visit=visit,
                      risk_reassessed=reassessed, next_review=next_review, summary=summary,
                      sign_off=sign or signoff("approved", "DI Rachel Okoye",
                                               date + "T17:30:00")))


def breach(id, at, order_id, conditions, source, description, action, outcome, reference):
    return clean(dict(id=id, at=at, order=order_id, conditions=conditions, source=source,
                      reference=reference, description=description, action=action,
                      outcome=outcome))


def visit(id, at, officer, outcome, findings):
    return dict(id=id, at=at, officer=officer, outcome=outcome, findings=findings)


def complied(order_id, *conditions):
    return [(order_id, c, "complied", "") for c in conditions]


def spo_conditions(victim, zone, start=1):
    """The usual SPO prohibitions and a requirement, numbered from `start`."""
    return [
        cond(start, "prohibition", "contact",
             f"Must not contact {victim} directly or indirectly by any means, including "
             "through third parties.", "Victim contact; device examination"),
        cond(start + 1, "prohibition", "exclusion zone",
             f"Must not enter the exclusion zone shown on map A attached to the order ({zone}).",
             "ANPR; visits; victim reports", area=zone),
        cond(start + 2, "prohibition", "social media",
             f"Must not refer to {victim} on any social media or messaging platform, by name "
             "or otherwise.", "Open-source checks of declared and known accounts"),
        cond(start + 3, "requirement", "devices",
             "Must give officers access to any device capable of accessing the internet, with "
             "its passwords, on request.", "Device examination at visits"),
    ]


APPROVED = "DI Rachel Okoye"
FEN_MC = "Fenbridge Magistrates' Court"
HAR_MC = "Harrowmere Magistrates' Court"
KES_MC = "Kestleby Magistrates' Court"
FEN_STN = "Fenbridge Police Station"


def flags(rso=False, mappa=None, iom=False, other=()):
    return clean(dict(rso=rso, mappa_level=mappa, iom=iom, other=list(other)))


def offence(id, offence_text, date, reference, outcome):
    return dict(id=id, offence=offence_text, date=date, reference=reference, outcome=outcome)


def safeguard(id, person_id, option, status, notes=""):
    return clean(dict(id=id, person=person_id, option=option, status=status, notes=notes))


def section1(narrative, offences=(), safeguarding=()):
    return dict(narrative=narrative, index_offences=list(offences),
                safeguarding=list(safeguarding))


def investigation(id, reference, offence_text, status, officer, opened):
    return dict(id=id, reference=reference, offence=offence_text, status=status,
                officer=officer, opened=opened)


def device(id, device_type, make_model, imei_serial=None, number=None, status="declared",
           date=None):
    return clean(dict(id=id, device_type=device_type, make_model=make_model,
                      imei_serial=imei_serial, number=number, status=status, date=date))


def account(id, platform, handle, declared, url=None):
    return clean(dict(id=id, platform=platform, handle=handle, url=url, declared=declared))


def vehicle(id, vrm, make, model, colour, markers=""):
    return dict(id=id, vrm=vrm, make=make, model=model, colour=colour, markers=markers)


def relationship(id, learned, partner, disclosure, checks):
    return clean(dict(id=id, learned=learned, partner=partner, disclosure=disclosure,
                      checks=checks))


def strategy(id, text, owner, status):
    return clean(dict(id=id, text=text, owner=owner, status=status))


def section2(investigations=(), devices=(), social_media=(), vehicles=(), relationships=(),
             strategies=(), notes=""):
    return dict(investigations=list(investigations), devices=list(devices),
                social_media=list(social_media), vehicles=list(vehicles),
                relationships=list(relationships), strategies=list(strategies), notes=notes)


def subject(id, family, given, opened, officer, *, aliases=(), dob=None, pnc=None, niche=None,
            addresses=(), flag=None, orders=(), persons=(), s1=None, s2=None, assessments=(),
            reviews=(), breaches=(), visits=(), next_review=None):
    """One subject, its keys in the order spmp writes them."""
    return clean(dict(
        id=id, family_name=family, given_names=given, aliases=list(aliases),
        date_of_birth=dob, pnc_id=pnc, niche_ref=niche, addresses=list(addresses),
        flags=flag or flags(), officer=officer, opened=opened, orders=list(orders),
        protected_persons=list(persons), section1=s1 or section1(""),
        section2=s2 or section2(), assessments=list(assessments), reviews=list(reviews),
        breaches=list(breaches), visits=list(visits), next_review=next_review))
