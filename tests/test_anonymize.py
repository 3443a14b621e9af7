"""R-PII-2: anonymized copies of text, CSV and XLSX files."""

import io

import openpyxl
import pytest
from conftest import load_pure_lib
from pii_corpus import make_pdf, make_xlsx, source


@pytest.fixture(scope="module")
def an():
    return load_pure_lib("stekas_helpdesk", "anonymize")


@pytest.fixture(scope="module")
def pd():
    return load_pure_lib("stekas_helpdesk", "personal_data")


def test_text_gets_consistent_stand_ins(an, pd):
    text = (
        "Direktorius Jonas Petraitis, asmens kodas 38506124638.\n"
        "Jonas Petraitis pasirašė; a.k. 38506124638 patikrintas, tel. +370 612 34567.\n"
        "Kitas asmens kodas 49203158866."
    )
    out, report = an.anonymize_text(text)
    assert report.status == pd.STATUS_CERTAIN
    for secret in ("Petraitis", "38506124638", "49203158866", "612 34567"):
        assert secret not in out
    assert out.count("[asmuo 1]") == 2
    assert out.count("[asmens kodas 1]") == 2
    assert out.count("[asmens kodas 2]") == 1
    assert "[telefonas 1]" in out
    assert pd.detect(out).hits == []


def test_csv_copy_keeps_its_shape(an, pd):
    out, report = an.anonymize_csv(source("employees.csv"))
    text = out.decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "Vardas;Pavardė;Pareigos;Asmens kodas;Tel.;El. paštas"
    assert len(lines) == 4
    assert lines[1].split(";")[2] == "direktorius"
    for secret in ("Petraitis", "37205175207", "612 34567", "jonas.petraitis@"):
        assert secret not in text
    assert report.counts()["personal_code"]["certain"] == 3
    assert pd.scan_file(out, "copy.csv").hits == []


def test_xlsx_numbers_become_stand_ins(an, pd):
    rows = [line.split(";") for line in source("employees.csv").decode().splitlines()]
    data = make_xlsx(rows, number_columns=(3,))
    out, _report = an.anonymize_xlsx(data)
    sheet = openpyxl.load_workbook(io.BytesIO(out)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][3] == "[asmens kodas 1]"
    assert values[1][2] == "direktorius"
    assert values[2][0] == values[2][1]  # both parts of one name, one stand-in
    assert pd.scan_file(out, "copy.xlsx").hits == []


def test_anonymize_file_names_the_copy(an):
    data, name, report = an.anonymize_file(b"a.k. 38506124638", "laiskas.txt")
    assert name == "laiskas_anonimizuota.txt"
    assert data == b"a.k. [asmens kodas 1]"
    assert report.status == "certain"


def test_other_formats_are_refused(an):
    with pytest.raises(an.AnonymizeError):
        an.anonymize_file(make_pdf(["a.k. 38506124638"], password="x"), "a.pdf")
    with pytest.raises(an.AnonymizeError):
        an.anonymize_file(b"GIF89a" + b"\0" * 20, "a.gif")
    assert not an.can_anonymize(b"GIF89a" + b"\0" * 20, "a.gif")
    assert an.can_anonymize(b"abc", "a.txt")


def test_international_phone_is_a_phone_and_is_replaced(an, pd):
    """After a "+" eleven digits are a phone number, not a personal code: the
    copy must not keep it, whatever column context the row gives."""
    data = (
        "Vardas;Asmens kodas;Tel.\n"
        "Jonas Petraitis;38506124638;+37060012346\n"
        "Ona Petraitienė;+37060012347;\n"
    ).encode()
    out, report = an.anonymize_csv(data)
    text = out.decode()
    assert "6001234" not in text, text
    phones = [h.value for h in report.hits if h.kind == pd.PHONE]
    assert phones == ["+37060012346", "+37060012347"]
    assert pd.detect("a.k. +37060012346").kinds() == [pd.PHONE]
