"""R-PII-4 rev. 2: the guard on a corpus of invented support mails.

Ordinary mails (requests, replies, invoices, bank details, addresses, the
sender's signature) are neither destroyed nor answered with a notice; pasted
and attached personal material is caught. Asserted on the test half, which
the detector was not adjusted on (tests/pii_mail_corpus.py). The screenshots
and scanned forms need OCR and take a second each: they are measured by
bench/pii_mail_corpus_report.py, not here.
"""

import pytest
from conftest import load_pure_lib
from pii_mail_corpus import build, judge, measure, totals

MIN_RECALL = 0.98


@pytest.fixture(scope="module")
def pd():
    return load_pure_lib("stekas_helpdesk", "personal_data")


@pytest.fixture(scope="module")
def cz():
    return load_pure_lib("stekas_helpdesk", "contact_zone")


@pytest.fixture(scope="module")
def corpus():
    return build()


@pytest.fixture(scope="module")
def test_half(corpus):
    return [m for m in corpus if m.split == "test" and not m.needs_ocr]


@pytest.fixture(scope="module")
def rows(test_half, pd, cz):
    return measure(test_half, pd, cz)


def test_corpus_size_and_halves(corpus):
    for family, least in (("ordinary", 200), ("material", 50)):
        mails = [m for m in corpus if m.family == family]
        assert len(mails) >= least
        halves = {m.split for m in mails}
        assert halves == {"train", "test"}
        kinds = {m.kind for m in mails if m.split == "test"}
        assert kinds == {m.kind for m in mails if m.split == "train"}


def test_ordinary_mails_are_neither_destroyed_nor_notified(rows):
    destroyed = {
        name: row["destroy"]
        for (family, _group, name), row in rows.items()
        if family == "ordinary" and row["destroy"]
    }
    assert destroyed == {}
    assert totals(rows, "ordinary")["mails"] >= 100


def test_pasted_and_attached_material_is_caught(rows):
    total = totals(rows, "material")
    assert total["expected"] >= 150
    assert total["caught"] / total["expected"] >= MIN_RECALL, total
    assert total["destroy"] == total["mails"], total
    for (family, group, name), row in rows.items():
        if family == "material" and group == "source":
            assert row["caught"] / row["expected"] >= MIN_RECALL, (name, row)


def test_without_the_contact_zone_signatures_would_be_destroyed(test_half, pd, cz):
    ordinary = [m for m in test_half if m.family == "ordinary"]
    without = totals(measure(ordinary, pd, cz, use_zone=False), "ordinary")
    assert without["destroy"] > 0


@pytest.mark.skipif(
    not load_pure_lib("stekas_helpdesk", "file_text").ocr_available(),
    reason="SKIPPED: tesseract with Lithuanian data ('lit') is NOT INSTALLED: "
    "scanned PDFs cannot be read (scripts/common.sh installs it)",
)
def test_scanned_pdfs_are_read_by_ocr(corpus, pd, cz):
    """file_text reads a scanned PDF's pages by OCR: a scanned form's personal
    data is found and destroyed; an ordinary scanned invoice is never destroyed
    (at most held for the dispatcher as suspect), on both halves."""
    scans = [m for m in corpus if m.source == "scan_pdf"]
    assert {(m.family, m.kind) for m in scans} == {
        ("ordinary", "scanned_invoice"),
        ("material", "scanned_form_pdf"),
    }
    assert {m.split for m in scans} == {"train", "test"}
    # OCR on a machine shared by many processes takes seconds per page
    budget = pd.Budget(seconds=240)
    for mail in scans:
        verdict = judge(mail, pd, cz, budget=budget)
        assert verdict.destroy == (mail.family == "material"), mail.ident
