"""R-PII-1, R-PII-4: the personal-data detector and its corpus."""

import json

import pytest
from conftest import load_pure_lib
from pii_corpus import build_corpus, make_png, make_xlsx, make_zip, score

MIN_RECALL = 0.9
MIN_PRECISION = 0.9


@pytest.fixture(scope="module")
def pd():
    return load_pure_lib("stekas_helpdesk", "personal_data")


@pytest.fixture(scope="module")
def file_text():
    return load_pure_lib("stekas_helpdesk", "file_text")


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


def _levels(report, kind):
    return [h.level for h in report.hits if h.kind == kind]


def test_corpus_recall_and_precision_per_kind(pd, file_text, corpus):
    ocr = file_text.ocr_available()
    docs = [d for d in corpus if not d.expected_unreadable and (ocr or not d.needs_ocr)]
    stats = score(
        docs, lambda d: pd.scan_file(d.data, d.filename), pd.normalize_value, pd.KINDS
    )
    for kind, item in stats.items():
        assert item["expected"] > 0, kind
        assert item["recall"] >= MIN_RECALL, (kind, item)
        assert item["precision"] >= MIN_PRECISION, (kind, item)
        assert item["level_accuracy"] >= MIN_RECALL, (kind, item)


def test_unreadable_files_cannot_be_verified(pd, corpus):
    for doc in corpus:
        if doc.expected_unreadable:
            report = pd.scan_file(doc.data, doc.filename)
            assert report.status == pd.STATUS_CANNOT_VERIFY, doc.filename
            assert doc.expected_unreadable in {
                r for _p, r in report.unreadable
            }, doc.filename


def test_every_file_type_is_in_the_corpus(corpus):
    extensions = {doc.filename.rsplit(".", 1)[-1] for doc in corpus}
    assert {"txt", "csv", "xlsx", "docx", "pdf", "zip", "png"} <= extensions


def test_personal_code_context_decides_certain_or_suspect(pd):
    assert _levels(pd.detect("asmens kodas 38506124638"), pd.PERSONAL_CODE) == [
        "certain"
    ]
    assert _levels(pd.detect("a.k. 38506124638"), pd.PERSONAL_CODE) == ["certain"]
    assert _levels(pd.detect("Užsakymas 38506124638"), pd.PERSONAL_CODE) == ["suspect"]
    # A mistyped code that is labelled as one is suspect, unlabelled it is nothing.
    assert _levels(pd.detect("asmens kodas 38506124639"), pd.PERSONAL_CODE) == [
        "suspect"
    ]
    assert pd.detect("Sąskaita 38506124639").hits == []
    # Longer digit runs and decimals are not personal codes.
    assert pd.detect("a.k. 385061246381 ir 38506124638,50").hits == []


def test_phones_emails_ibans(pd):
    report = pd.detect(
        "Tel. +370 612 34567, rašykite ona.k@pavyzdys.lt arba info@pavyzdys.lt; "
        "darbuotojo sąskaita LT20 7300 0101 1234 5678."
    )
    assert report.counts() == {
        "phone": {"certain": 1, "suspect": 0},
        "email": {"certain": 1, "suspect": 0},
        "iban": {"certain": 1, "suspect": 0},
    }
    assert pd.detect("Sąskaita LT12 3456 7890 1234 5678").hits == []


def test_names_need_a_position_to_be_certain(pd):
    assert _levels(pd.detect("Direktorius Jonas Petraitis pasirašė."), pd.PERSON) == [
        "certain"
    ]
    assert _levels(pd.detect("Ona Kazlauskienė, vyr. buhalterė"), pd.PERSON) == [
        "certain"
    ]
    assert _levels(pd.detect("Rašė Laura Petrauskaitė."), pd.PERSON) == ["suspect"]
    assert pd.detect("Sąskaita Faktūra ir Programos Versija").hits == []


def test_reports_never_hold_the_values(pd):
    text = "Direktorius Jonas Petraitis, asmens kodas 38506124638, tel. +370 612 34567"
    report = pd.detect(text)
    assert report.status == pd.STATUS_CERTAIN
    dumped = json.dumps(report.to_dict(), ensure_ascii=False)
    for secret in ("Petraitis", "38506124638", "612 34567"):
        assert secret not in dumped
    assert "38506124638" not in repr(report.hits)


def test_known_sender_data_is_ignored(pd):
    ignore = pd.make_ignore(
        emails=["Ona.K@pavyzdys.lt"],
        phones=["+37061234567"],
        names=["Ona Kazlauskienė"],
    )
    text = "Pagarbiai, Ona Kazlauskienė, buhalterė, tel. 8 612 34567, ona.k@pavyzdys.lt"
    assert pd.detect(text, ignore=ignore).hits == []
    assert pd.detect(text).status == pd.STATUS_CERTAIN


def test_xlsx_numbers_are_read_as_text(pd):
    data = make_xlsx([["Kodas"], ["38506124638"]], number_columns=(0,))
    report = pd.scan_file(data, "a.xlsx")
    assert _levels(report, pd.PERSONAL_CODE) == ["suspect"]  # no context word
    data = make_xlsx([["Asmens kodas"], ["38506124638"]], number_columns=(0,))
    assert _levels(pd.scan_file(data, "a.xlsx"), pd.PERSONAL_CODE) == ["certain"]


def test_scan_never_raises(pd, file_text, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(file_text, "extract", boom)
    report = pd.scan_file(b"anything", "x.txt")
    assert report.status == pd.STATUS_CANNOT_VERIFY
    monkeypatch.setattr(pd, "detect", boom)
    assert pd.scan_text("a.k. 38506124638").status == pd.STATUS_CANNOT_VERIFY


def test_image_without_ocr_cannot_be_verified(pd, file_text, monkeypatch):
    monkeypatch.setattr(file_text, "ocr_available", lambda: False)
    report = pd.scan_file(make_png(["Asmens kodas 38506124638"]), "scan.png")
    assert report.unreadable == [("scan.png", "no_ocr")]


def test_pdf_read_by_child_python_when_pdftotext_is_missing(
    pd, file_text, corpus, monkeypatch
):
    monkeypatch.setattr(file_text.shutil, "which", lambda name: None)
    docs = {d.filename: d for d in corpus}
    report = pd.scan_file(docs["phones.pdf"].data, "phones.pdf")
    assert report.counts()["phone"]["certain"] >= 3
    report = pd.scan_file(docs["encrypted.pdf"].data, "encrypted.pdf")
    assert report.unreadable == [("encrypted.pdf", "encrypted")]


def test_zip_limits(pd, file_text):
    many = make_zip({f"f{i}.txt": b"x" for i in range(20)})
    limits = file_text.Limits(zip_max_entries=10)
    assert pd.scan_file(many, "many.zip", limits=limits).unreadable == [
        ("many.zip", "zip_bomb")
    ]
    big = make_zip({"a.txt": b"a" * 5000})
    limits = file_text.Limits(zip_max_total=1000)
    assert pd.scan_file(big, "big.zip", limits=limits).unreadable == [
        ("big.zip", "zip_bomb")
    ]


def test_cp1257_text_is_decoded(file_text):
    assert (
        file_text.decode_text("Žukauskas, gimęs".encode("cp1257")) == "Žukauskas, gimęs"
    )


def test_child_limits_stop_a_runaway_reader(file_text):
    limits = file_text.Limits(child_timeout=2)
    try:
        code, _out, _err = file_text.run_limited(
            [file_text.sys.executable, "-c", "while True: pass"], b"", limits
        )
        assert code != 0  # killed by its CPU limit
    except file_text._Unreadable as exc:
        assert exc.reason == "timeout"  # or stopped by the wall-clock timeout
    limits = file_text.Limits(child_memory=200 * 1024 * 1024)
    code, _out, _err = file_text.run_limited(
        [file_text.sys.executable, "-c", "x = bytearray(400 * 1024 * 1024)"],
        b"",
        limits,
    )
    assert code != 0


def test_child_command_runs_at_low_priority_with_one_openmp_thread(file_text):
    # OCR must take the CPU the portal's requests leave: niced, and tesseract's
    # OpenMP on one thread instead of every core.
    limits = file_text.Limits()
    command, env = file_text.limited_command(["/usr/bin/tesseract", "stdin"], limits, 7)
    assert limits.child_nice == 10 and limits.child_threads == 1
    nice_at = command.index("/usr/bin/tesseract") - 1
    assert command[nice_at] == "10"
    assert command[nice_at - 1] == "7"
    assert env["OMP_THREAD_LIMIT"] == "1"
    assert "os.nice(nice)" in command[3]


def test_child_really_runs_niced_with_the_thread_limit(file_text):
    probe = "import os; print(os.nice(0), os.environ.get('OMP_THREAD_LIMIT'))"
    base = file_text.os.nice(0)
    code, out, _err = file_text.run_limited(
        [file_text.sys.executable, "-c", probe], b"", file_text.Limits()
    )
    assert code == 0
    nice, threads = out.split()
    assert int(nice) == min(base + 10, 19)
    assert threads == b"1"


def test_tesseract_reads_under_the_child_limits(file_text):
    if not file_text.ocr_available():
        pytest.skip("tesseract with Lithuanian data is not installed")
    out = file_text.ocr_image(make_png(["Saskaita 4471"]), file_text.Limits())
    assert b"4471" in out


# --- the phone matcher's pre-filter ---------------------------------


def _matcher_phones(text):
    """What phonenumbers' matcher finds on the whole text, as the detector did
    before its pre-filter (numbers of 8 digits or more)."""
    import phonenumbers

    found = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, "LT", leniency=phonenumbers.Leniency.VALID
    ):
        if sum(c.isdigit() for c in match.raw_string) >= 8:
            found.append((match.start, match.end, match.raw_string))
    return found


@pytest.mark.parametrize(
    "phone",
    [
        "8 612 34567",
        "+370 612 34567",
        "(8-5) 212 3456",
        "861234567",
        "+44 20 7946 0958",
        "00370 612 34567",
        "370 612 34567",
    ],
)
def test_phone_prefilter_keeps_phones_in_digit_dense_text(pd, phone):
    rows = [
        f"SF-{i:08d};2026-11-{1 + i % 28:02d};Apskaitos eilute;{i * 7:>10}.00;EUR"
        for i in range(200)
    ]
    rows.insert(100, f"SF-00000100;2026-11-02;Kontaktas {phone};100.00;EUR")
    text = "\n".join(rows)
    chunks = list(pd._phone_chunks(text, "LT"))
    # only the line with the phone goes to the matcher
    assert len(chunks) == 1 and phone in chunks[0][1]
    phones = [h for h in pd.detect(text).hits if h.kind == pd.PHONE]
    assert [text[h.start : h.end] for h in phones] == [phone]


def test_phone_prefilter_skips_invoice_numbers_dates_and_amounts(pd):
    text = "SF-00001234;2026-11-05;Apskaitos eilute;     12345.00;EUR\n" * 50
    assert list(pd._phone_chunks(text, "LT")) == []


def test_phone_prefilter_finds_what_the_matcher_finds(pd):
    """On random mixes of phones, digits and punctuation the detector finds
    exactly what the matcher finds on the whole text."""
    import random

    rng = random.Random(8)
    pieces = [
        "+370 612 34567", "8 612 34567", "(8-5) 212 3456", "861234567",
        "+44 20 7946 0958", "0044 20 7946 0958", "00370 612 34567",
        "370 612 34567", "8 800 12345", "SF-00001234", "2026-11-05",
        "12345.00", "tel. ", "x", " ext. 12", "/", "(", ")", "+", " ", "\n",
        "-", ".", "a", "Jonas ", "€", "\t", "61234567", "52123456",
        "0 612 34567", "+1 650 253 0000", "370", "00", "12:30",
    ]  # fmt: skip
    for _ in range(400):
        parts = [
            rng.choice(pieces)
            if rng.random() < 0.5
            else "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12)))
            for _ in range(rng.randint(1, 25))
        ]
        text = "".join(parts)
        found = [(h.start, h.end, h.value) for h in pd._find_phones(text, "LT", [])]
        assert found == _matcher_phones(text), text


def test_email_search_from_each_at_sign_finds_what_the_pattern_finds(pd):
    import random

    rng = random.Random(5)
    pieces = [
        "a@b.lt", "jonas.petraitis@pavyzdys.lt", "x@@y.lt", "@foo.lt", "foo@",
        ".a@b.cd", "a+b@c-d.ef.gh", "x" * 70 + "@long.lt", "info@x.lt",
        "q@w.e1", "@", ".", "-", "+", " ", "\n", "ab", "žodis",
    ]  # fmt: skip
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        expected = [m.span() for m in pd._EMAIL_RE.finditer(text)]
        assert [m.span() for m in pd._email_matches(text)] == expected, text


def test_personal_code_pattern_boundaries(pd):
    import re

    before = re.compile(r"(?<![\d.,/+-])(\d{11})(?![\d]|[.,]\d)")  # plain form
    text = (
        "39001010017 1390010100170 a.k.39001010017. 12.39001010017 +39001010017 "
        "39001010017,5 -39001010017 x39001010017 /39001010017\n39001010017"
    )
    assert [m.span(1) for m in pd._CODE_RE.finditer(text)] == [
        m.span(1) for m in before.finditer(text)
    ]


def test_table_text_joins_plain_rows_and_labels_context_columns(pd):
    rows = [
        ["Sąskaita", "Data", "Suma"],
        ["SF-1", None, "10,00"],
        ["", "  ", None],
        ["SF-2", "2026-11-05", "eilutė\nantra"],
    ]
    assert pd.table_text(rows) == (
        "Sąskaita\tData\tSuma\nSF-1\t\t10,00\nSF-2\t2026-11-05\teilutė antra"
    )
    labelled = pd.table_text([["Vardas", "Tel."], ["Jonas", "+370 612 34567"]])
    assert labelled == "Vardas\tTel.\nJonas\tTel.: +370 612 34567"


# --- bounded cost: spans, budgets ---------------------------------------------


def test_spans_overlap_as_a_linear_scan_would(pd):
    import random

    rng = random.Random(3)
    for _ in range(200):
        spans, pos = [], 0
        for _ in range(rng.randint(0, 12)):
            pos += rng.randint(0, 5)
            end = pos + rng.randint(1, 6)
            spans.append(pd.Hit("phone", "certain", pos, end))
            pos = end
        index = pd.Spans(spans)
        for _ in range(20):
            start = rng.randint(0, pos + 3)
            end = start + rng.randint(1, 8)
            expected = any(h.start < end and start < h.end for h in spans)
            assert index.overlaps(start, end) == expected


def _phone_dense(lines):
    return "\n".join(
        f"Jonas Petraitis;tel. +370 6{i * 7919 % 10000000:07d};Vilnius"
        for i in range(lines)
    )


def test_text_over_the_size_budget_cannot_be_verified(pd):
    text = "Direktorius Jonas Petraitis, a.k. 38506124638. " * 10
    budget = pd.Budget(max_chars=100)
    report = pd.scan_text(text, "body", budget=budget)
    assert report.status == pd.STATUS_CANNOT_VERIFY
    assert report.unreadable == [("body", pd.OVER_BUDGET)]
    assert pd.scan_text(text, "body").status == pd.STATUS_CERTAIN


def test_scan_over_its_time_budget_stops_and_cannot_be_verified(pd):
    import time

    text = _phone_dense(20000)  # about 1 MB: several seconds of matching
    t0 = time.monotonic()
    report = pd.detect(text, budget=pd.Budget(seconds=0.3))
    assert time.monotonic() - t0 < 2
    assert report.status == pd.STATUS_CANNOT_VERIFY
    assert report.over_budget


def test_over_budget_wins_over_certain_hits(pd):
    report = pd.Report(
        hits=[pd.Hit("personal_code", "certain", 0, 11)],
        unreadable=[("a.txt", pd.OVER_BUDGET)],
    )
    assert report.status == pd.STATUS_CANNOT_VERIFY
    # Other unreadable parts (an encrypted file in a zip) do not hide a
    # certain hit found elsewhere.
    report.unreadable = [("a.zip/b.pdf", "encrypted")]
    assert report.status == pd.STATUS_CERTAIN


def test_a_shared_budget_covers_several_scans(pd):
    import time

    budget = pd.Budget.shared(0.2)
    time.sleep(0.25)
    report = pd.scan_file(b"a.k. 38506124638", "a.txt", budget=budget)
    assert report.unreadable == [("a.txt", pd.OVER_BUDGET)]
    assert pd.scan_text("tekstas", budget=budget).over_budget


def test_file_reading_stops_at_the_deadline(pd, file_text):
    import time

    limits = file_text.Limits(deadline=time.monotonic() - 1)
    data = make_xlsx([["Kodas"], ["38506124638"]])
    extraction = file_text.extract(data, "a.xlsx", limits)
    assert extraction.unreadable == [("a.xlsx", pd.OVER_BUDGET)]
    report = pd.scan_file(data, "a.xlsx", budget=pd.Budget(seconds=0))
    assert report.status == pd.STATUS_CANNOT_VERIFY


def test_file_over_the_size_budget_cannot_be_verified(pd):
    data = make_xlsx([["Tel."]] + [[f"+370 612 {i:05d}"] for i in range(50)])
    report = pd.scan_file(data, "a.xlsx", budget=pd.Budget(max_chars=200))
    assert report.status == pd.STATUS_CANNOT_VERIFY
    assert report.over_budget


# --- context in mail bodies ----------------------------------------------------


def test_pasted_table_header_gives_its_column_context(pd):
    text = (
        "žiniaraštyje blogai skaičiuojami mokesčiai:\n"
        "Vardas\tPavardė\tAsmens kodas\tTel.\n"
        "Dalia\tMikalauskienė\t48305084827\t(8 5) 212 3456\n"
        "Julius\tAdomaitis\t50006158466\t\n"
        "\n"
        "Kitas numeris 38506124638."
    )
    report = pd.detect(text)
    levels = {h.value: h.level for h in report.hits if h.kind != pd.PERSON}
    assert levels == {
        "48305084827": "certain",
        "(8 5) 212 3456": "certain",
        "50006158466": "certain",
        "38506124638": "suspect",  # after the table: no header above it
    }


def test_unlisted_name_next_to_a_position_is_certain(pd):
    text = "Ignas Bernotas, buhalteris, tel. +37068815308\nDirektorė Laura Vaitkutė"
    persons = [(h.value, h.level) for h in pd.detect(text).hits if h.kind == pd.PERSON]
    assert persons == [("Ignas Bernotas", "certain"), ("Laura Vaitkutė", "certain")]
    assert pd.detect("Naujas Projektas buvo pradėtas.").hits == []


def test_number_labelled_as_another_number_is_not_a_phone(pd):
    assert pd.detect("Užsakymo nr. 861234567 neatsidaro.").hits == []
    assert pd.detect("SQL timeout on query 37061234567").hits == []
    assert pd.detect("Buhalterijos numeris (8 5) 212 3456.").kinds() == [pd.PHONE]
    assert pd.detect("Nr. +370 612 34567").kinds() == [pd.PHONE]
