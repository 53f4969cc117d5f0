"""The SPA behind nginx (frontend/nginx.conf, production) gets the same security headers as the API
sends with the SPA it serves itself (core/http.py), on every answer, error pages included."""

import re
from pathlib import Path

from actionplan.core.http import security_headers

CONF = Path(__file__).resolve().parents[3] / "frontend" / "nginx.conf"
SECURITY = {"content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"}


def _blocks(conf: str) -> tuple[str, dict[str, str]]:
    """The server block's own directives, and each location's body."""
    body = conf.split("server {", 1)[1].rsplit("}", 1)[0]
    locations = dict(re.findall(r"location\s+(\S+)\s*\{(.*?)\n\s*\}", body, re.DOTALL))
    outside = re.sub(r"location\s+\S+\s*\{.*?\n\s*\}", "", body, flags=re.DOTALL)
    return outside, locations


def _added(block: str) -> dict[str, tuple[str, bool]]:
    """add_header name → (value, sent always)."""
    found = re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"(\s+always)?\s*;', re.sub(r"#.*", "", block), re.MULTILINE)
    return {name.lower(): (value, bool(always)) for name, value, always in found}


def _what_the_api_sends_with_the_spa() -> dict[str, str]:
    return {k: v for k, v in security_headers("/plans/1", authenticated=False).items() if k in SECURITY}


def test_every_spa_location_sends_the_apis_security_headers_always():
    _, locations = _blocks(CONF.read_text())
    expected = _what_the_api_sends_with_the_spa()
    assert set(expected) == SECURITY and "frame-ancestors 'none'" in expected["content-security-policy"]
    spa = {path: block for path, block in locations.items() if not path.startswith("/api/")}
    assert set(spa) == {"/", "/assets/"}
    for path, block in spa.items():
        added = _added(block)
        for name, value in expected.items():
            assert added.get(name) == (value, True), f"location {path}: {name}"


def test_the_api_location_adds_none_of_its_own():
    # The API already sends them; nginx would add a second copy. A location with no add_header would
    # also inherit any set at server level, so there must be none there either.
    outside, locations = _blocks(CONF.read_text())
    assert not _added(outside)
    assert not SECURITY & set(_added(locations["/api/"]))
