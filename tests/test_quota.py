"""R-BIL-1..3: free-hour quotas, consumed in chronological order."""

from datetime import date

import pytest


def _entries(quota, specs):
    return [
        quota.Entry(i, minutes, policy) for i, (minutes, policy) in enumerate(specs)
    ]


def test_crossing_entry_is_split(quota):
    # 2 h per month, five quota entries billed 36 min each.
    result = quota.allocate(_entries(quota, [(36, "quota")] * 5), 120)
    assert [result[i] for i in range(5)] == [
        (36, 0),
        (36, 0),
        (36, 0),
        (12, 24),
        (0, 36),
    ]


def test_free_and_paid_types_neither_consume_nor_are_consumed(quota):
    specs = [(36, "quota"), (60, "free"), (36, "quota"), (120, "paid"), (60, "quota")]
    result = quota.allocate(_entries(quota, specs), 120)
    assert result[1] == (0, 0)
    assert result[3] == (0, 0)
    assert result[4] == (48, 12)


def test_deleting_an_entry_reallocates(quota):
    entries = _entries(quota, [(36, "quota")] * 5)
    del entries[1]
    result = quota.allocate(entries, 120)
    assert [result[e.key] for e in entries] == [(36, 0), (36, 0), (36, 0), (12, 24)]


def test_locked_entries_keep_their_split_and_are_reserved_first(quota):
    entries = [
        quota.Entry("a", 60, "quota"),
        quota.Entry("b", 36, "quota", True, 36, 0),
        quota.Entry("c", 60, "quota"),
    ]
    result = quota.allocate(entries, 120)
    assert result["b"] == (36, 0)
    assert result["a"] == (60, 0)
    assert result["c"] == (24, 36)
    assert sum(a.free for a in result.values()) == 120


def test_zero_limit_is_all_overage(quota):
    assert quota.allocate(_entries(quota, [(36, "quota")]), 0)[0] == (0, 36)


def test_unknown_policy_is_refused(quota):
    with pytest.raises(quota.QuotaError):
        quota.allocate(_entries(quota, [(36, "other")]), 60)


def test_thresholds(quota):
    assert quota.parse_thresholds("100, 80%") == (80, 100)
    assert quota.parse_thresholds("") == ()
    for bad in ("abc", "0", "80,x"):
        with pytest.raises(quota.QuotaError):
            quota.parse_thresholds(bad)
    assert quota.reached_thresholds(95, 120, (80, 100)) == ()
    assert quota.reached_thresholds(96, 120, (80, 100)) == (80,)
    assert quota.reached_thresholds(120, 120, (80, 100)) == (80, 100)
    assert quota.reached_thresholds(10, 0, (80, 100)) == ()


def test_appending_from_the_used_total_gives_the_full_split(quota):
    # Entries logged after every other entry of the period are allocated from
    # the period's used total: the same split as re-allocating the period.
    import random

    rng = random.Random(7)
    for _ in range(200):
        specs = [
            (rng.randint(1, 180), rng.choice(("quota", "quota", "free", "paid")))
            for _ in range(rng.randint(1, 12))
        ]
        entries = [
            quota.Entry(i, m, p, locked=rng.random() < 0.2, free=0, overage=0)
            for i, (m, p) in enumerate(specs)
        ]
        limit = rng.choice((0, 60, 120, 600))
        full = quota.allocate(entries, limit)
        cut = rng.randint(0, len(entries))
        old = [e for e in entries[:cut]]
        before = quota.allocate(old, limit)
        used = quota.period_figures(before, old, limit)["used_minutes"]
        new = [e for e in entries[cut:] if not e.locked]
        if any(e.locked for e in entries[cut:]):
            continue  # new entries are never invoiced yet
        appended = quota.allocate(new, limit, used_minutes=used)
        assert {e.key: full[e.key] for e in new} == appended
        assert {e.key: full[e.key] for e in old} == before
        figures_full = quota.period_figures(full, entries, limit)
        figures_old = quota.period_figures(before, old, limit)
        figures_new = quota.period_figures(appended, new, limit)
        for name in ("used_minutes", "overage_minutes", "paid_minutes"):
            assert figures_full[name] == figures_old[name] + figures_new[name]


def test_appends_at_end(quota):
    assert quota.appends_at_end([date(2026, 11, 3)], None)
    assert quota.appends_at_end([date(2026, 11, 3)], date(2026, 11, 3))
    assert not quota.appends_at_end(
        [date(2026, 11, 5), date(2026, 11, 2)], date(2026, 11, 3)
    )


def test_used_percent(quota):
    assert quota.used_percent(36, 120) == 30
    assert quota.used_percent(0, 120) == 0
    assert quota.used_percent(121, 120) == 101
    assert quota.used_percent(30, 0) == 0


def _bucket_entries(quota, specs):
    """specs: (minutes, bucket) of quota entries in chronological order."""
    return [
        quota.Entry(key, minutes, "quota", bucket=bucket)
        for key, (minutes, bucket) in enumerate(specs)
    ]


def test_buckets_are_independent(quota):
    # consulting (None) has 60 free minutes, the additional work "dev" 30
    specs = [(48, None), (24, "dev"), (24, None), (24, "dev"), (12, "other")]
    entries = _bucket_entries(quota, specs)
    result = quota.allocate_buckets(entries, {None: 60, "dev": 30})
    assert result == {
        0: (48, 0),
        1: (24, 0),
        2: (12, 12),
        3: (6, 18),
        4: (0, 12),  # a bucket without a limit: all overage
    }
    # the consulting split is what it would be without the other buckets
    alone = quota.allocate([e for e in entries if e.bucket is None], 60)
    assert {k: result[k] for k in alone} == alone
    figures = quota.period_figures(result, entries, 60)
    assert figures["used_minutes"] == 60  # the consulting hours only
    assert figures["overage_minutes"] == 12 + 18 + 12


@pytest.mark.parametrize("seed", range(20))
def test_free_plus_overage_is_billed_per_bucket(quota, seed):
    import random

    rng = random.Random(seed)
    buckets = [None, "dev", "train"]
    specs = [(rng.choice([12, 24, 36, 60]), rng.choice(buckets)) for _ in range(15)]
    limits = {bucket: rng.choice([0, 30, 60, 120]) for bucket in buckets}
    entries = _bucket_entries(quota, specs)
    result = quota.allocate_buckets(entries, limits)
    for bucket in buckets:
        mine = [e for e in entries if e.bucket == bucket]
        free = sum(result[e.key].free for e in mine)
        overage = sum(result[e.key].overage for e in mine)
        assert free + overage == sum(e.minutes for e in mine)
        assert free == min(limits[bucket], sum(e.minutes for e in mine))
