"""Reading a plan file (YAML or JSON) into the import format, with errors a person can act on.

Every error names the field path and, for YAML/JSON text, the line and column it sits on.
"""

import json
from typing import Any

import yaml
from pydantic import ValidationError

from actionplan.core.errors import Invalid
from actionplan.plans.import_format import PlanFile


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _position(root: yaml.Node | None, loc: tuple) -> str:
    """'line L, column C' of the deepest node of `loc` found in the YAML tree."""
    node, mark = root, None
    for part in loc:
        if node is None:
            break
        mark = node.start_mark
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    if node is not None:
        mark = node.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the top of the file"


def parse_plan_file(text: str) -> PlanFile:
    """Parses and validates; raises Invalid listing every problem found."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise Invalid(f"The file is not valid YAML or JSON{where}: {problem}", code="plan_file_unreadable")
    if not isinstance(data, dict):
        raise Invalid("The file must hold a mapping with the keys 'format' and 'plan'.", code="plan_file_invalid")
    try:
        return PlanFile.model_validate(data)
    except ValidationError as exc:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"],
                   "position": _position(root, e["loc"])} for e in exc.errors()]
        lines = [f"{_path(tuple(e['loc'])) or 'file'} ({e['position']}): {e['msg']}" for e in errors]
        raise Invalid("The plan file is not valid:\n" + "\n".join(lines), code="plan_file_invalid",
                      errors=[{k: e[k] for k in ("loc", "msg", "type")} for e in errors])


class _Dumper(yaml.SafeDumper):
    """Writes multi-paragraph texts as literal blocks, so an exported file reads like the plan."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_plan_file(plan_file: PlanFile, fmt: str) -> str:
    data = plan_file.model_dump(mode="json", exclude_none=True)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
