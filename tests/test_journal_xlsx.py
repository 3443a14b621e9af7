"""R-HIS-2: the XLSX extract (text stays text, translated headers, h:mm)."""

import datetime
import io

import pytest

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def journal_xlsx():
    from conftest import load_pure_lib

    return load_pure_lib("stekas_helpdesk", "journal_xlsx")


def _read(data):
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows())


def test_formula_like_text_is_never_a_formula(journal_xlsx):
    rows = [
        {
            "ticket_number": "HT0001",
            "description": "=1+1",
            "contact_phone": "+37060000000",
            "problem": "@SUM(A1)",
            "date": datetime.date(2026, 1, 31),
            "actual_minutes": 13,
            "billed_minutes": 24,
        }
    ]
    sheet = _read(journal_xlsx.write_journal(rows))
    entry = sheet[1]
    assert entry[11].value == "=1+1" and entry[11].data_type == "s"
    assert entry[5].value == "+37060000000" and entry[5].data_type == "s"
    assert entry[7].value == "@SUM(A1)" and entry[7].data_type == "s"


def test_headers_and_durations(journal_xlsx):
    rows = [
        {"actual_minutes": 13, "billed_minutes": 24},
        {"actual_minutes": 61, "billed_minutes": 72},
    ]
    sheet = _read(journal_xlsx.write_journal(rows, title="Išrašas"))
    assert sheet[0][0].value == "Išrašas"
    assert [c.value for c in sheet[2]] == journal_xlsx.HEADERS
    first = [c.value for c in sheet[3][12:16]]
    assert first == [pytest.approx(13 / 60), "0:13", 0.4, "0:24"]
    total = [c.value for c in sheet[5]]
    assert total[0] == "Total"
    assert total[12:16] == [pytest.approx(74 / 60), "1:14", 1.6, "1:36"]


def test_labels_in_the_readers_language(journal_xlsx):
    headers = [f"H{i}" for i in range(len(journal_xlsx.COLUMNS))]
    labels = {"headers": headers, "total": "Iš viso", "sheet": "Žurnalas"}
    data = journal_xlsx.write_journal([{"actual_minutes": 1}], labels=labels)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.active.title == "Žurnalas"
    rows = list(workbook.active.iter_rows())
    assert [c.value for c in rows[0]] == headers
    assert rows[-1][0].value == "Iš viso"


def test_labels_must_cover_every_column(journal_xlsx):
    with pytest.raises(ValueError):
        journal_xlsx.write_journal([], labels={"headers": ["only one"]})


def test_thousand_rows_in_constant_memory(journal_xlsx):
    rows = ({"actual_minutes": 13, "billed_minutes": 24} for _i in range(1000))
    sheet = _read(journal_xlsx.write_journal(rows))
    assert len(sheet) == 1 + 1000 + 1
    assert sheet[-1][15].value == "400:00"
