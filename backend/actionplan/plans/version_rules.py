"""What changed between two versions of a plan: pure functions over the versions' documents.

A version's document lists its actions by identity (`action_id`), so an action keeps its place in
the comparison however its words, target or due date moved; an action absent from the later version
was retired, one absent from the earlier was added (or brought back).
"""

from actionplan.plans.import_format import ref_sort_key


def _change(action: dict, before: str | None = None, after: str | None = None) -> dict:
    return {"action_id": action["action_id"], "ref": action["ref"], "area_number": action["area_number"],
            "text": action["text"], "before": before, "after": after}


def _in_print_order(changes: list[dict]) -> list[dict]:
    return sorted(changes, key=lambda c: ref_sort_key(c["ref"]))


def compare(earlier: list[dict], later: list[dict]) -> dict[str, list[dict]]:
    """added, retired, reworded, target_moved and due_moved, each in the plan's printed order."""
    before = {a["action_id"]: a for a in earlier}
    after = {a["action_id"]: a for a in later}
    out: dict[str, list[dict]] = {"added": [], "retired": [], "reworded": [], "target_moved": [], "due_moved": []}
    for action_id, new in after.items():
        old = before.get(action_id)
        if old is None:
            out["added"].append(_change(new))
            continue
        if old["text"] != new["text"]:
            out["reworded"].append(_change(new, old["text"], new["text"]))
        if old["target"] != new["target"]:
            out["target_moved"].append(_change(new, old["target"], new["target"]))
        if old["due_on"] != new["due_on"]:
            out["due_moved"].append(_change(new, old["due_on"], new["due_on"]))
    out["retired"] = [_change(old) for action_id, old in before.items() if action_id not in after]
    return {kind: _in_print_order(changes) for kind, changes in out.items()}


def changed_refs(diff: dict[str, list[dict]]) -> dict[str, list[str]]:
    """The refs under each kind of change: what the audit event of a re-baseline records."""
    return {kind: [c["ref"] for c in changes] for kind, changes in diff.items() if changes}
