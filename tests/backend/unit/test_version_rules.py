"""What changed between two versions of a plan, from their documents alone."""

from actionplan.plans.version_rules import changed_refs, compare


def _action(action_id: int, ref: str, text: str = "Words", target: str = "By May 2019.", due: str | None = "2019-05-31"):
    return {"action_id": action_id, "ref": ref, "area_number": int(ref.split(".")[0]), "text": text,
            "target": target, "due_on": due}


V1 = [_action(1, "1.2"), _action(2, "1.10"), _action(3, "2.1")]
V2 = [_action(1, "1.2", text="New words"), _action(2, "1.10", target="By July 2019.", due="2019-07-31"),
      _action(4, "1.11"), _action(5, "1.3", due=None)]


def test_each_kind_of_change_is_listed_in_printed_order():
    diff = compare(V1, V2)
    assert changed_refs(diff) == {"added": ["1.3", "1.11"], "retired": ["2.1"], "reworded": ["1.2"],
                                  "target_moved": ["1.10"], "due_moved": ["1.10"]}
    assert (diff["reworded"][0]["before"], diff["reworded"][0]["after"]) == ("Words", "New words")
    assert (diff["due_moved"][0]["before"], diff["due_moved"][0]["after"]) == ("2019-05-31", "2019-07-31")


def test_backwards_added_and_retired_swap():
    forwards, backwards = changed_refs(compare(V1, V2)), changed_refs(compare(V2, V1))
    assert backwards["added"] == forwards["retired"] and backwards["retired"] == forwards["added"]


def test_identity_not_ref_decides_what_is_the_same_action():
    renamed = [dict(V1[0], ref="1.2a")]
    assert changed_refs(compare([V1[0]], renamed)) == {}


def test_a_version_against_itself_changes_nothing():
    assert changed_refs(compare(V1, V1)) == {}
