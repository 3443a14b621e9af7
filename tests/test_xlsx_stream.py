"""The streaming XLSX writer of the journal extract (lib/xlsx_stream.py),
read back with openpyxl: values, types, styles and what XML cannot hold."""

import datetime
import tracemalloc
import zipfile

import pytest

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def xs():
    from conftest import load_pure_lib

    return load_pure_lib("stekas_helpdesk", "xlsx_stream")


def _write(xs, tmp_path, rows, **kwargs):
    path = tmp_path / "out.xlsx"
    with xs.SheetStream(str(path), kwargs.pop("name", "Žurnalas"), **kwargs) as sheet:
        for index, row in enumerate(rows):
            if row is None:
                sheet.skip()
            else:
                sheet.row(row, height=45 if index == 0 else None)
    return path


def test_values_types_and_styles(xs, tmp_path):
    when = datetime.datetime(2026, 11, 30, 23, 50)
    path = _write(
        xs,
        tmp_path,
        [
            [("Antraštė", xs.HEADER), ("Suma", xs.BOLD)],
            None,
            [
                ("=SUM(A1)", xs.TEXT),
                (1.25, xs.HOURS),
                (datetime.date(2026, 1, 31), xs.DATE),
                (when, xs.DATETIME),
                (None, xs.TEXT),
                (7, xs.HOURS_BOLD),
                ("  tarpai  ", xs.TEXT),
            ],
        ],
        widths=[12, 30],
    )
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Žurnalas"
    assert sheet["A1"].value == "Antraštė" and sheet["A1"].font.b
    assert sheet["A1"].alignment.wrap_text
    assert sheet["A2"].value is None  # the skipped row
    assert sheet["A3"].value == "=SUM(A1)" and sheet["A3"].data_type == "s"
    assert sheet["B3"].value == 1.25 and sheet["B3"].number_format == "0.00"
    assert sheet["C3"].value == datetime.datetime(2026, 1, 31)
    assert sheet["C3"].number_format == "yyyy\\-mm\\-dd"
    assert sheet["D3"].value == when
    assert sheet["E3"].value is None
    assert sheet["F3"].value == 7 and sheet["F3"].font.b
    assert sheet["G3"].value == "  tarpai  "
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.row_dimensions[1].height == 45


def test_text_xml_cannot_hold(xs, tmp_path):
    long_text = "x" * 40000
    path = _write(
        xs,
        tmp_path,
        [[("a\x01b <c> & \"d\" 'e'", xs.TEXT), (long_text, xs.TEXT)]],
        name='Sheet "A" & <B>' + "z" * 40,
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "a_x0001_b <c> & \"d\" 'e'"
    assert len(sheet["B1"].value) == xs.MAX_STRING
    assert sheet.title == ('Sheet "A" & <B>' + "z" * 40)[:31]


def test_column_letters(xs):
    assert [xs.column_letters(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_package_parts(xs, tmp_path):
    path = _write(xs, tmp_path, [[("x", xs.TEXT)]])
    names = set(zipfile.ZipFile(path).namelist())
    assert names == {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    }


def test_failed_write_leaves_no_half_workbook(xs, tmp_path):
    path = tmp_path / "broken.xlsx"
    with pytest.raises(RuntimeError):
        with xs.SheetStream(str(path), "S") as sheet:
            sheet.row([("x", xs.TEXT)])
            raise RuntimeError("interrupted")
    assert "xl/workbook.xml" not in zipfile.ZipFile(path).namelist()


def test_memory_does_not_grow_with_rows(xs, tmp_path):
    def peak(count):
        tracemalloc.start()
        _write(
            xs,
            tmp_path,
            ([(f"HT{i:06d}", xs.TEXT), (i / 60, xs.HOURS)] for i in range(count)),
        )
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak_bytes

    small, large = peak(2000), peak(20000)
    assert large < small * 1.5


def test_printed_landscape_on_one_page_width(xs, tmp_path):
    path = _write(xs, tmp_path, [[("x", xs.TEXT)]], fit_width=True)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
