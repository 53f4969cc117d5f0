"""schemathesis against the live app: a real `actionplan serve` (uvicorn) on a free loopback port, with
a database of its own (a temporary SQLite file, or a schema of its own on the test PostgreSQL —
whichever the suite runs on) prepared by `actionplan migrate` and `actionplan demo`.

Signed in as every role and as a service token (with `plans:read` and `webhooks:manage`), it runs the
schemathesis CLI with every check it has (status codes, response schemas, content types, headers,
negative and malformed data, positive data acceptance, authentication, unsupported methods and the
Allow header, use after free, resource availability) over every phase (examples, coverage, fuzzing,
stateful, following the OpenAPI links and those it infers). Zero failures are allowed. Settings
common to every run, and the few per-operation exceptions with their reasons, are in
/schemathesis.toml; the examples per role and the seed are below.

Why a pytest module driving the CLI: the server, its database, the sign-ins and the test data are
easier to prepare (and to clean up) in Python than in shell; the module takes the suite's database
setting; a failure reads as a test failure with the reproducing curl commands and the command to rerun
it by hand; and the CLI runs every phase, the stateful one included. The operations are read from the
live OpenAPI document: routes added by anyone are tested without a change here.

It runs once per `./scripts/test`, in a section of its own (ACTIONPLAN_SCHEMATHESIS=1), on PostgreSQL
— the production database, and the stricter — or, on a machine without PostgreSQL and not in CI, on
SQLite, saying so. The two backend runs skip it: twice would double its minutes for little.
ACTIONPLAN_SCHEMATHESIS_EXAMPLES=N gives the longer run for releases: every phase, N examples, every caller
(and ACTIONPLAN_SCHEMATHESIS_SEED another seed).
"""

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.backend.conftest import DEMO_PASSWORD
from tests.backend.live import live_server

if os.environ.get("ACTIONPLAN_SCHEMATHESIS") != "1":
    pytest.skip("schemathesis runs once, in its own section of ./scripts/test (ACTIONPLAN_SCHEMATHESIS=1)",
                allow_module_level=True)

ROOT = Path(__file__).resolve().parents[3]
# Fixed, so that a run is repeatable; ACTIONPLAN_SCHEMATHESIS_SEED explores elsewhere (releases).
SEED = int(os.environ.get("ACTIONPLAN_SCHEMATHESIS_SEED", "20261127"))
ALL_PHASES = "examples,coverage,fuzzing,stateful"
# The coverage phase (every boundary and every kind of invalid value, deterministic) is the costly
# one, and what it finds is the same for every caller: request validation comes before who is asking.
# So it runs for the three callers that between them can reach every operation (the director, the
# administrator, the service token); the other roles run the phases whose outcome depends on who asks.
NO_COVERAGE = "examples,fuzzing,stateful"
# (phases, examples per operation) per caller. Inspectors first, the service token before the assistant
# director and the director, and the administrator last: the admin's run deactivates users and revokes
# tokens at random, the director's revokes inspector grants, and both directors' runs revoke tokens.
RUNS = {"inspector": (NO_COVERAGE, 5), "action_owner": (NO_COVERAGE, 5), "head_of_service": (NO_COVERAGE, 5),
        "service_token": (ALL_PHASES, 6), "assistant_director": (NO_COVERAGE, 5), "director": (ALL_PHASES, 10),
        "admin": (ALL_PHASES, 6)}
CALLERS = list(RUNS)
# ./scripts/test runs the callers in two lanes at once (pytest-xdist, --dist loadgroup), each lane on a
# server and database of its own, in the order above: no inspector runs after the director, and the
# service token's run ends before either director's run revokes tokens on its server.
LANES = {"inspector": "a", "action_owner": "a", "head_of_service": "a", "service_token": "a",
         "assistant_director": "a", "director": "b", "admin": "b"}
EMAILS = {"inspector": "inspector@actionplan.example", "action_owner": "owner@actionplan.example",
          "head_of_service": "hos@actionplan.example", "assistant_director": "ad@actionplan.example",
          "director": "director@actionplan.example", "admin": "admin@actionplan.example"}
RUN_TIMEOUT = 600


@dataclass
class Live:
    base: str
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)


def _sign_in(base: str, email: str) -> str:
    response = httpx.post(f"{base}/auth/token", data={"grant_type": "password", "username": email,
                                                      "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    # Subscriptions made by the run point anywhere: nothing is sent from this server.
    quiet = {"ACTIONPLAN_LOG_LEVEL": "WARNING", "ACTIONPLAN_RUN_WORKER": "false"}
    try:
        with live_server(tmp, extra_env=quiet) as server:
            live = Live(base=server.api, log=server.log,
                        tokens={role: _sign_in(server.api, email) for role, email in EMAILS.items()})
            _prepare(live)
            yield live
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _prepare(live: Live) -> None:
    """What each caller needs to get past "not found": the inspector a published plan granted to
    them; a service token that may read the plan and manage webhooks, with one webhook."""
    def call(role, method, path, **kwargs):
        response = httpx.request(method, f"{live.base}{path}", headers={"Authorization": f"Bearer {live.tokens[role]}"},
                                 **kwargs)
        assert response.status_code < 300, (method, path, response.text)
        return response.json() if response.content else None

    plan_id = call("director", "GET", "/plans")["items"][0]["id"]
    call("director", "POST", f"/plans/{plan_id}/publish")
    inspector = next(u for u in call("director", "GET", "/users") if u["role"] == "inspector")
    call("director", "POST", f"/plans/{plan_id}/inspector-grants",
         json={"inspector_id": inspector["id"], "expires_on": "2099-12-31"})
    token = call("director", "POST", "/service-tokens", json={"name": "schemathesis integration",
                                                             "scopes": ["plans:read", "webhooks:manage"]})
    live.tokens["service_token"] = token["token"]
    call("service_token", "POST", "/webhooks", json={"url": "https://receiver.council.example/actionplan",
                                                     "event_types": ["status.approved", "action.overdue"]})


# Signing out everywhere ends every session of the caller, the run's own token with them: tried early in
# a caller's run, it would leave every later request answered 401 and the run testing nothing else. So
# each caller's run leaves it out, and it is run alone, with a token of its own (test below).
SIGN_OUT_EVERYWHERE = "POST /api/v1/users/me/sign-out-everywhere"


def schemathesis_command(live: Live, caller: str, token: str | None = None, only: str | None = None) -> list[str]:
    phases, examples = RUNS[caller]
    if os.environ.get("ACTIONPLAN_SCHEMATHESIS_EXAMPLES"):  # the longer run, for releases: everything for everyone
        phases, examples = ALL_PHASES, int(os.environ["ACTIONPLAN_SCHEMATHESIS_EXAMPLES"])
    chosen = ["--include-name", only] if only else ["--exclude-name", SIGN_OUT_EVERYWHERE]
    if only:  # one operation: no links to follow
        phases = ",".join(p for p in phases.split(",") if p != "stateful")
    return [str(Path(sys.executable).with_name("schemathesis")), "run", f"{live.base}/openapi.json",
            "--header", f"Authorization: Bearer {token or live.tokens[caller]}", *chosen, "--phases", phases,
            "--max-examples", str(examples), "--seed", str(SEED), "--no-color", "--output-truncate", "false"]


def _run(live: Live, caller: str, command: list[str]) -> None:
    # Run from the repository root, so /schemathesis.toml is read.
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    shown = " ".join(shlex.quote(part) if not part.startswith("Authorization") else "'Authorization: Bearer …'"
                     for part in command)
    assert result.returncode == 0, (
        f"schemathesis found problems as {caller}. Reproduce with:\n  {shown}\n\n{result.stdout[-60000:]}"
        f"\n{result.stderr[-5000:]}\n--- server log (tail) ---\n{live.log.read_text()[-5000:]}")
    # Signed in throughout: a run whose token stopped working part-way would have tested only refusals.
    assert "401 Unauthorized (" not in result.stdout, (
        f"schemathesis as {caller} was answered 401 (signed out) for some operations throughout:\n{result.stdout[-20000:]}")


@pytest.mark.parametrize("caller", [pytest.param(c, marks=pytest.mark.xdist_group(LANES[c])) for c in CALLERS])
def test_schemathesis_finds_nothing(live, caller):
    _run(live, caller, schemathesis_command(live, caller))


@pytest.mark.xdist_group("a")
def test_signing_out_everywhere(live):
    # A token of its own, so that the other callers' runs on this server keep theirs.
    token = _sign_in(live.base, EMAILS["action_owner"])
    _run(live, "action_owner", schemathesis_command(live, "action_owner", token=token, only=SIGN_OUT_EVERYWHERE))
