"""R-PII-4: the guard scans the text of HTML as a browser shows it."""

import time

import pytest
from conftest import load_pure_lib


@pytest.fixture(scope="module")
def ht():
    return load_pure_lib("stekas_helpdesk", "html_text")


@pytest.fixture(scope="module")
def an():
    return load_pure_lib("stekas_helpdesk", "anonymize")


@pytest.fixture(scope="module")
def pd():
    return load_pure_lib("stekas_helpdesk", "personal_data")


def test_inline_markup_does_not_split_a_value(ht):
    shown = ht.rendered_text("<p>asmens kodas 3900101<span>0000</span></p>")
    assert shown == "asmens kodas 39001010000"
    assert ht.rendered_text("3900<b>101</b><i>00</i>00") == "39001010000"


def test_blocks_are_lines_and_hidden_parts_are_left_out(ht):
    html = (
        "<div>a</div><p>b<br>c</p><table><tr><td>1</td><td>2</td></tr></table>"
        "<!-- 38506124638 --><script>x = 1</script><style>p {}</style>"
    )
    assert ht.rendered_text(html) == "a\nb\nc\n\t1\t\t2"


def test_entities_and_invisible_characters(ht):
    assert ht.rendered_text("3900&#8203;1010&shy;000&nbsp;x") == "39001010000 x"


def test_unclosed_tags_cost_linear_time(ht):
    start = time.monotonic()
    ht.rendered_text("<a" * 200_000)
    assert time.monotonic() - start < 2


def test_split_value_is_replaced_in_what_the_reader_sees(an, pd):
    html = "<p>Darbuotojo asmens kodas 3900101<span>0000</span>.</p>"
    ht = load_pure_lib("stekas_helpdesk", "html_text")
    report = pd.detect(ht.rendered_text(html))
    out = an.replace_in_html(html, an.replacements_for(report, an.StandIns()))
    assert "39001010000" not in ht.rendered_text(out)
    assert "[asmens kodas 1]" in out


def test_whole_value_keeps_the_markup(an):
    html = "<p>kodas <b>38506124638</b></p>"
    out = an.replace_in_html(html, {"38506124638": "[asmens kodas 1]"})
    assert out == "<p>kodas <b>[asmens kodas 1]</b></p>"


def test_a_copy_cut_short_by_the_budget_is_refused(an, pd):
    text = "tel. +370 612 34567\n" * 300_000  # over the 5,000,000 characters
    with pytest.raises(an.AnonymizeError, match=pd.OVER_BUDGET):
        an.anonymize_text(text)
