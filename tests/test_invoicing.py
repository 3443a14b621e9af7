import pytest


@pytest.fixture(scope="module")
def inv():
    from conftest import load_pure

    return load_pure("stekas_billing", "invoicing")


def _entry(inv, key, minutes, policy, overage=0, **kw):
    values = {
        "work_type": "consulting",
        "entry_rate": 0.0,
        "type_rate": 0.0,
        "contract_rate": 45.0,
        "client_rate": 0.0,
        "ticket": f"#{key}",
    }
    values.update(kw)
    return inv.BillEntry(key, minutes, overage, policy, **values)


def test_contract_overage_paid_and_free(inv):
    entries = [
        _entry(inv, 1, 36, "quota"),
        _entry(inv, 2, 36, "quota", overage=24),
        _entry(inv, 3, 36, "quota", overage=36),
        _entry(inv, 4, 60, "free", work_type="bug"),
        _entry(inv, 5, 36, "paid", work_type="training"),
        _entry(inv, 6, 60, "paid", work_type="onsite", type_rate=60.0),
    ]
    lines = inv.group_lines(entries)
    assert [(ln.kind, ln.work_type, ln.rate, ln.minutes) for ln in lines] == [
        ("overage", None, 45.0, 60),
        ("paid", "training", 45.0, 36),
        ("paid", "onsite", 60.0, 60),
    ]
    assert lines[0].keys == [2, 3]
    assert lines[0].tickets == ["#2", "#3"]


def test_entry_rate_wins(inv):
    line = inv.group_lines([_entry(inv, 1, 12, "paid", entry_rate=99.0)])[0]
    assert line.rate == 99.0


def test_no_contract_uses_client_rate(inv):
    entries = [
        _entry(inv, 1, 24, "quota", contract_rate=None, client_rate=40.0),
        _entry(inv, 2, 12, "free", contract_rate=None, client_rate=40.0),
        _entry(inv, 3, 12, "quota", contract_rate=None, client_rate=40.0),
    ]
    lines = inv.group_lines(entries)
    assert [(ln.kind, ln.minutes, ln.rate) for ln in lines] == [
        ("no_contract", 36, 40.0)
    ]


def test_amounts_to_the_cent(inv):
    # 12-minute blocks (R-CON-6) give exact quantities: 0.6 h x 45 = 27.00
    assert inv.minutes_to_quantity(36) == 0.6
    assert inv.line_amount(36, 45.0) == 27.0
    assert inv.line_amount(84, 33.33) == 46.66  # 1.4 h x 33.33 = 46.662
    assert inv.line_amount(25, 10.0) == 4.2  # 0.4167 h invoiced as 0.42 h


def test_contract_line_rate_comes_before_the_catalogue(inv):
    entries = [
        # a type paid under the contract, priced by its line
        _entry(inv, 1, 60, "paid", work_type="dev", type_rate=70.0, line_rate=55.0),
        # the line has no rate: the catalogue price, then the contract's rate
        _entry(inv, 2, 60, "paid", work_type="train", type_rate=70.0, line_rate=0.0),
        _entry(inv, 3, 60, "paid", work_type="other", line_rate=None),
        # the entry's own price still wins
        _entry(inv, 4, 12, "paid", work_type="dev", line_rate=55.0, entry_rate=99.0),
    ]
    lines = inv.group_lines(entries)
    assert [(ln.work_type, ln.rate, ln.minutes) for ln in lines] == [
        ("dev", 55.0, 60),
        ("train", 70.0, 60),
        ("other", 45.0, 60),
        ("dev", 99.0, 12),
    ]


def test_overage_of_additional_work_at_its_line_rate(inv):
    entries = [
        _entry(inv, 1, 60, "quota", overage=24),
        _entry(
            inv,
            2,
            60,
            "quota",
            overage=36,
            work_type="dev",
            line_rate=80.0,
            own_quota=True,
        ),
        # the entry's own price does not price an overage
        _entry(inv, 3, 60, "quota", overage=12, entry_rate=99.0),
    ]
    lines = inv.group_lines(entries)
    assert [(ln.kind, ln.work_type, ln.rate, ln.minutes) for ln in lines] == [
        ("overage", None, 45.0, 36),
        ("overage", "dev", 80.0, 36),
    ]


def test_one_precedence_for_both_kinds(inv):
    assert inv.RATE_PRECEDENCE.index("line_rate") < inv.RATE_PRECEDENCE.index(
        "type_rate"
    )
    assert inv.OVERAGE_RATE_SOURCES == ("line_rate", "contract_rate")


@pytest.mark.parametrize(
    ("minutes", "parts", "expected"),
    [
        (120, 2, [60, 60]),
        (60, 3, [24, 18, 18]),
        (75, 2, [39, 36]),
        (0, 2, [0, 0]),
        (30, 1, [30]),
    ],
)
def test_split_minutes(inv, minutes, parts, expected):
    assert inv.split_minutes(minutes, parts) == expected
    assert sum(inv.split_minutes(minutes, parts)) == minutes
    assert inv.split_minutes(minutes, 0) == []
