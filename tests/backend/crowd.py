"""A crowd of clients on a live server (tests/backend/live.py): mostly reads by every kind of
reader, some owners recording progress. Used by tests/backend/api/test_crowd.py (no 5xx, every
write landed) and bench/crowd.py (latencies); the count of requests is bounded."""

import asyncio
import datetime as dt
import random
import time
from dataclasses import dataclass, field

import httpx

from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import Live, sign_in


@dataclass
class Outcome:
    kind: str      # "read:<what>" or "write"
    status: int    # 0 when the request got no answer at all
    seconds: float


@dataclass
class Crowd:
    outcomes: list[Outcome] = field(default_factory=list)
    notes_written: list[tuple[int, str]] = field(default_factory=list)  # (action id, text) answered 201
    wall_seconds: float = 0.0

    def latencies(self, kind_prefix: str = "") -> list[float]:
        return sorted(o.seconds for o in self.outcomes if o.kind.startswith(kind_prefix))

    def server_errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == 0 or o.status >= 500]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def prepare(live: Live) -> dict:
    """Sign-ins for each reader and the owner, and an inspector with a grant to the published plan
    (an inspector's every read is logged, so their reads write too)."""
    who = {role: sign_in(live, DEMO_EMAILS[role])
           for role in ("action_owner", "head_of_service", "director", "inspector")}
    api = live.api
    plan_id = httpx.get(f"{api}/plans", headers=who["director"]).json()["items"][0]["id"]
    inspector_id = httpx.get(f"{api}/users/me", headers=who["inspector"]).json()["id"]
    httpx.post(f"{api}/plans/{plan_id}/publish", headers=who["director"]).raise_for_status()
    httpx.post(f"{api}/plans/{plan_id}/inspector-grants", headers=who["director"],
               json={"inspector_id": inspector_id,
                     "expires_on": (dt.date.today() + dt.timedelta(days=30)).isoformat()}).raise_for_status()
    owner_id = httpx.get(f"{api}/users/me", headers=who["action_owner"]).json()["id"]
    owned = httpx.get(f"{api}/actions", params={"owner_id": owner_id, "limit": 100},
                      headers=who["action_owner"]).json()["items"]
    every = httpx.get(f"{api}/actions", params={"plan_id": plan_id, "limit": 100},
                      headers=who["director"]).json()["items"]
    return {"who": who, "plan_id": plan_id, "owned": [a["id"] for a in owned], "actions": [a["id"] for a in every]}


def _read(setup: dict, rng: random.Random) -> tuple[str, str, dict | None]:
    who, plan_id, action_id = setup["who"], setup["plan_id"], rng.choice(setup["actions"])
    reader = who[rng.choice(("action_owner", "head_of_service", "director", "inspector"))]
    return rng.choice([
        ("ready", "/ready", None),
        ("me", "/users/me", reader),
        ("actions", f"/actions?plan_id={plan_id}&limit=50", reader),
        ("action", f"/actions/{action_id}", reader),
        ("history", f"/actions/{action_id}/history", reader),
        ("summary", f"/plans/{plan_id}/summary", reader),
    ])


async def _write(http: httpx.AsyncClient, api: str, owner: dict, action_id: int, text: str) -> int:
    """Records a progress note, reading the action's ETag again when another owner got there first."""
    for _ in range(20):
        etag = (await http.get(f"{api}/actions/{action_id}", headers=owner)).headers.get("etag")
        response = await http.post(f"{api}/actions/{action_id}/progress", headers={**owner, "If-Match": etag or ""},
                                   json={"text": text})
        if response.status_code != 412:
            return response.status_code
    return 412


async def _client(crowd: Crowd, live: Live, setup: dict, n: int, requests: int, write_share: float,
                  start: asyncio.Event, seed: int) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(timeout=60) as http:
        await start.wait()
        for i in range(requests):
            began = time.perf_counter()
            try:
                if rng.random() < write_share:
                    kind, action_id, text = "write", rng.choice(setup["owned"]), f"crowd {n}.{i}"
                    status = await _write(http, live.api, setup["who"]["action_owner"], action_id, text)
                    if status == 201:
                        crowd.notes_written.append((action_id, text))
                else:
                    what, path, headers = _read(setup, rng)
                    kind = f"read:{what}"
                    status = (await http.get(f"{live.api}{path}", headers=headers)).status_code
            except httpx.TransportError:
                status = 0
            crowd.outcomes.append(Outcome(kind, status, time.perf_counter() - began))


def run_crowd(live: Live, setup: dict, clients: int = 100, requests: int = 10, write_share: float = 0.1,
              seed: int = 1) -> Crowd:
    """`clients` at once, each making `requests` one after another."""
    crowd = Crowd()

    async def main() -> None:
        start = asyncio.Event()
        tasks = [asyncio.create_task(_client(crowd, live, setup, n, requests, write_share, start, seed * 1000 + n))
                 for n in range(clients)]
        await asyncio.sleep(0)  # every client is waiting at the start line before it opens
        began = time.perf_counter()
        start.set()
        await asyncio.gather(*tasks)
        crowd.wall_seconds = time.perf_counter() - began

    asyncio.run(main())
    return crowd
