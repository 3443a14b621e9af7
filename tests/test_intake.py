# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-INT-2..4: mandatory intake items, pure rules."""

import pytest
from conftest import load_pure


@pytest.fixture(scope="module")
def intake():
    return load_pure("stekas_helpdesk", "intake")


COMPLETE = {
    "company": "UAB Test",
    "firstname": "Ona",
    "lastname": "Testaitė",
    "function": "Buhalterė",
    "phone": "+370 600 00001",
    "email": "ona@test.example",
    "purpose": "Report fails",
    "description": "<p>The report shows an error.</p>",
}


def test_complete_data_misses_nothing(intake):
    assert intake.missing_items(COMPLETE) == []


@pytest.mark.parametrize("code", list(COMPLETE))
def test_each_item_is_mandatory(intake, code):
    assert intake.missing_items({**COMPLETE, code: "  "}) == [code]


def test_missing_items_keep_the_listing_order(intake):
    data = {**COMPLETE, "phone": "", "company": False, "purpose": None}
    assert intake.missing_items(data) == ["company", "phone", "purpose"]


@pytest.mark.parametrize(
    ("code", "value"),
    [("phone", "12-34"), ("email", "not-an-address"), ("description", "<p> </p>")],
)
def test_malformed_values_count_as_missing(intake, code, value):
    assert intake.missing_items({**COMPLETE, code: value}) == [code]


def test_serious_problem_needs_a_detailed_description(intake):
    assert intake.missing_items(COMPLETE, serious=True) == ["description"]
    long_text = "<p>" + "x" * intake.DETAILED_DESCRIPTION_MIN_CHARS + "</p>"
    assert intake.missing_items({**COMPLETE, "description": long_text}, True) == []


def test_parse_reply_reads_labelled_lines_and_skips_quotes(intake):
    text = (
        "Laba diena,\n"
        "Pareigos: vyr. buhalterė\n"
        "Telefonas : +370 600 12345\n"
        "> Vardas: quoted\n"
        "Company: UAB Naujas\n"
        "pareigos: second ignored\n"
    )
    assert intake.parse_reply(text) == {
        "function": "vyr. buhalterė",
        "phone": "+370 600 12345",
        "company": "UAB Naujas",
    }
    assert intake.parse_reply("") == {}


# R-INT-2 rev. 2: what a request must carry depends on the client's service mode.
def test_mode_a_needs_only_the_purpose(intake):
    assert intake.missing_items({"purpose": "Report fails"}, mode=intake.MODE_A) == []
    assert intake.missing_items({"purpose": "  "}, mode=intake.MODE_A) == ["purpose"]


def test_mode_a_serious_problem_still_needs_a_detailed_description(intake):
    data = {"purpose": "Report fails", "description": "<p>Short.</p>"}
    assert intake.missing_items(data, True, intake.MODE_A) == ["description"]
    data["description"] = "x" * intake.DETAILED_DESCRIPTION_MIN_CHARS
    assert intake.missing_items(data, True, intake.MODE_A) == []


def test_mode_b_and_unknown_modes_keep_the_full_list(intake):
    assert intake.missing_items({}, mode=intake.MODE_B) == list(intake.ITEM_CODES)
    assert intake.missing_items({}, mode=None) == list(intake.ITEM_CODES)
    assert intake.missing_items({}) == list(intake.ITEM_CODES)


def test_required_items_by_mode(intake):
    assert intake.required_items(intake.MODE_A) == ("purpose",)
    assert intake.required_items(intake.MODE_A, serious=True) == (
        "purpose",
        "description",
    )
    assert intake.required_items(intake.MODE_B) == intake.ITEM_CODES
