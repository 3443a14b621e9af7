"""R-INT-2, R-PII-4 rev. 2: the sender's own contact data is not material."""

import pytest
from conftest import load_pure_lib


@pytest.fixture(scope="module")
def pd():
    return load_pure_lib("stekas_helpdesk", "personal_data")


@pytest.fixture(scope="module")
def cz():
    return load_pure_lib("stekas_helpdesk", "contact_zone")


@pytest.fixture(scope="module")
def intake():
    return load_pure_lib("stekas_helpdesk", "intake")


SIGNED = (
    "Laba diena,\n"
    "po atnaujinimo programa nerodo sąskaitų sąrašo.\n"
    "\n"
    "Pagarbiai,\n"
    "Ona Kazlauskienė\n"
    "vyr. buhalterė\n"
    "UAB „Medžio namai“\n"
    "Tel. +370 612 34567, mob. 8 698 76543\n"
    "ona.kazlauskiene@medis.lt\n"
)


def test_known_client_second_phone_in_signature_is_not_material(pd, cz):
    """Her contact holds one phone; the signature carries a second one."""
    ignore = pd.make_ignore(
        emails=["ona.kazlauskiene@medis.lt"],
        phones=["+37061234567"],
        names=["Ona Kazlauskienė"],
    )
    assert pd.scan_text(SIGNED, "body", ignore=ignore).status == pd.STATUS_CERTAIN
    zone = cz.split(SIGNED, "Ona Kazlauskienė", "ona.kazlauskiene@medis.lt", ignore)
    report = pd.scan_text(SIGNED, "body", ignore=ignore, sender_zone=zone)
    assert report.status == pd.STATUS_CLEAN
    assert [h.value for h in report.sender_hits] == ["8 698 76543"]


def test_unknown_sender_signature_fills_the_intake_items(pd, cz, intake):
    zone = cz.split(SIGNED, "", "ona.kazlauskiene@medis.lt")
    assert zone.items == {
        "firstname": "Ona",
        "lastname": "Kazlauskienė",
        "function": "vyr. buhalterė",
        "phone": "+370 612 34567",
        "email": "ona.kazlauskiene@medis.lt",
        "company": "UAB „Medžio namai“",
    }
    report = pd.scan_text(SIGNED, "body", sender_zone=zone)
    assert report.status == pd.STATUS_CLEAN
    assert {h.kind for h in report.sender_hits} == {"person", "phone", "email"}
    data = {**zone.items, "purpose": "Klaida", "description": "Nerodo sąrašo."}
    assert intake.missing_items(data) == []


def test_signature_on_one_line(pd, cz):
    body = (
        "Programa nepasileidžia.\n"
        "Pagarbiai, Ona Kazlauskienė, buhalterė, tel. 8 612 34567"
    )
    zone = cz.split(body)
    assert zone.items["function"] == "buhalterė"
    assert zone.items["phone"] == "8 612 34567"
    assert pd.detect(body, sender_zone=zone).hits == []


def test_pasted_list_stays_material(pd, cz):
    listed = (
        "Jonas Petraitis, direktorius, tel. 8 612 11111\n"
        "Rūta Jankauskaitė, buhalterė, tel. 8 612 22222\n"
    )
    before = f"Laba diena,\nsiunčiu sąrašą:\n{listed}\nPagarbiai,\nTomas Žukauskas\n"
    after = f"Sveiki,\nkur klaida?\n\nPagarbiai,\nUAB Medis\n\nDarbuotojai:\n{listed}"
    inline = f"Sveiki,\nkur klaida?\nPagarbiai, Tomas Žukauskas\n{listed}"
    for body in (before, after, inline):
        zone = cz.split(body)
        report = pd.detect(body, sender_zone=zone)
        material = sorted(h.value for h in report.hits)
        assert material == [
            "8 612 11111",
            "8 612 22222",
            "Jonas Petraitis",
            "Rūta Jankauskaitė",
        ], body


def test_personal_code_is_material_even_in_the_signature(pd, cz):
    body = "Sveiki,\nklaida.\n\nPagarbiai,\nJonas Petraitis\na.k. 38506124638\n"
    zone = cz.split(body)
    report = pd.detect(body, sender_zone=zone)
    assert [h.kind for h in report.hits] == ["personal_code"]
    assert report.status == pd.STATUS_CERTAIN


def test_contact_lines_and_the_senders_data_elsewhere(pd, cz):
    body = (
        "Sveiki,\nmano tel. 8 612 34567, skambinkite po pietų.\n"
        "Dar kartą: 8 698 76543 arba jonas.p@medis.lt.\n\n"
        "Pagarbiai,\nJonas Petraitis\nmob. 8 698 76543\n"
    )
    zone = cz.split(body, "Jonas Petraitis", "jonas.p@medis.lt")
    assert pd.detect(body, sender_zone=zone).hits == []


def test_quoted_mail_is_not_the_senders_zone(pd, cz):
    body = (
        "Viskas veikia.\nAčiū,\nOna\n\n"
        "> Pagarbiai,\n> Jonas Petraitis, konsultantas, tel. 8 612 11111\n"
    )
    zone = cz.split(body, "Ona Kazlauskienė")
    assert zone.items == {"firstname": "Ona"}
    assert [h.value for h in pd.detect(body, sender_zone=zone).hits] == [
        "Jonas Petraitis",
        "8 612 11111",
    ]


def test_zone_offsets_match_the_detectors_on_decomposed_text(pd, cz):
    import unicodedata

    body = unicodedata.normalize(
        "NFD",
        "Ačiū už pagalbą, šįkart įkėlėme žiniaraštį ir ataskaitą.\n" * 3
        + "Mano tel. 8 612 34567.\n"
        + "Jonas Petraitis, direktorius, tel. 8 612 11111\n",
    )
    zone = cz.split(body)
    report = pd.detect(body, sender_zone=zone)
    assert [h.value for h in report.sender_hits] == ["8 612 34567"]
    assert [h.value for h in report.hits] == ["Jonas Petraitis", "8 612 11111"]


def test_zone_spans_are_merged(cz):
    zone = cz.ContactZone(spans=[(10, 20), (0, 5), (15, 30), (40, 50)])
    assert zone.spans == [(0, 5), (10, 30), (40, 50)]
    assert zone.inside(12, 28) and zone.inside(40, 50)
    assert not zone.inside(4, 11) and not zone.inside(30, 41)
