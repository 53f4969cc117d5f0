"""A malformed plan file gets a message naming the field and where it is."""

import pytest

from actionplan.core.errors import Invalid
from actionplan.demo import haringey_plan_text
from actionplan.plans.plan_file import dump_plan_file, parse_plan_file


def _error(text: str) -> Invalid:
    with pytest.raises(Invalid) as caught:
        parse_plan_file(text)
    return caught.value


def test_the_haringey_file_is_whole():
    plan = parse_plan_file(haringey_plan_text()).plan
    assert [a.number for a in plan.areas] == list(range(1, 10))
    assert [len(a.actions) for a in plan.areas] == [10, 6, 3, 6, 3, 4, 2, 2, 4]
    assert [len(a.outcomes) for a in plan.areas] == [3, 3, 4, 4, 3, 2, 3, 3, 4]
    assert [x.status for x in plan.legend] == ["red", "amber", "green", "blue"]
    assert len(plan.acronyms) == 10
    # No PDF artefacts survived the transcription.
    texts = [t for a in plan.areas for x in a.actions for t in (x.text, x.target)]
    assert not [t for t in texts if "<p>" in t or "</p>" in t or "Impact of actions" in t]


def test_page_break_pieces_are_joined():
    actions = {x.ref: x for a in parse_plan_file(haringey_plan_text()).plan.areas for x in a.actions}
    assert actions["1.8"].target.endswith("their families and trusted professionals.")
    assert actions["2.5"].target == "Completed. A review planned for end of March 2019."
    assert actions["1.9"].text == ("There is a shared understanding amongst staff and managers of what 'good' "
                                   "social work practice looks like.\n\nFeedback from staff. Communications and "
                                   "engagement events.")


def test_the_two_printed_9_3s_are_kept_apart():
    area9 = parse_plan_file(haringey_plan_text()).plan.areas[8]
    assert [(x.ref, x.printed_ref) for x in area9.actions] == [
        ("9.1", None), ("9.2", None), ("9.3a", "9.3"), ("9.3b", "9.3")]


def test_yaml_syntax_error_names_the_line():
    error = _error("format: actionplan/plan@1\nplan:\n  title: [unclosed\n")
    assert error.code == "plan_file_unreadable"
    assert "line 4" in error.detail or "line 3" in error.detail


def test_a_wrong_field_is_named_with_its_path_and_line():
    text = haringey_plan_text().replace("ref: '1.4'", "ref: 'one point four'")
    error = _error(text)
    assert error.code == "plan_file_invalid"
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "one point four" in l)
    assert f"plan.areas[0].actions[3].ref (line {line}, column" in error.detail
    assert error.errors[0]["loc"] == ["plan", "areas", 0, "actions", 3, "ref"]


def test_unknown_keys_are_rejected_not_dropped():
    error = _error(haringey_plan_text().replace("  issued: March 2019\n", "  issued: March 2019\n  isued: typo\n"))
    assert "plan.isued" in error.detail and "Extra inputs are not permitted" in error.detail


def test_duplicate_refs_are_refused_with_both_places():
    error = _error(haringey_plan_text().replace("ref: 9.3b", "ref: 9.3a"))
    assert "areas[8].actions[3].ref '9.3a' is already used at areas[8].actions[2]" in error.detail


def test_unquoted_ref_read_as_a_number_is_refused():
    error = _error(haringey_plan_text().replace("ref: '1.10'", "ref: 1.10"))
    assert "plan.areas[0].actions[9].ref" in error.detail and "valid string" in error.detail


def test_a_ref_must_belong_to_its_area():
    error = _error(haringey_plan_text().replace("ref: '2.6'", "ref: '3.6'"))
    assert "does not start with area number 2" in error.detail


def test_every_error_is_listed_not_just_the_first():
    text = haringey_plan_text().replace("ref: '1.4'", "ref: x").replace("ref: '2.2'", "ref: y")
    assert len(_error(text).errors) == 2


def test_not_a_mapping():
    assert "mapping" in _error("- just\n- a list\n").detail


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_then_parse_gives_the_same_file(fmt):
    parsed = parse_plan_file(haringey_plan_text())
    assert parse_plan_file(dump_plan_file(parsed, fmt)) == parsed
