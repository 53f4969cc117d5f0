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
    kind: str      # "read:<what>" or "write" (the POST of a progress note)
    status: int    # 0 when the request got no answer at all
    seconds: float


@dataclass
class Crowd:
    outcomes: list[Outcome] = field(default_factory=list)
    notes_written: list[tuple[int, str]] = field(default_factory=list)  # (action id, text) answered 201
    stale_etags: int = 0  # writes read again because another owner changed the action first
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
    # The owner is given every action, so that the owners in the crowd mostly write to different ones.
    owner_id = httpx.get(f"{api}/users/me", headers=who["action_owner"]).json()["id"]
    every = httpx.get(f"{api}/actions", params={"plan_id": plan_id, "limit": 100},
                      headers=who["director"]).json()["items"]
    for action in every:
        url = f"{api}/actions/{action['id']}"
        etag = httpx.get(url, headers=who["director"]).headers["etag"]
        httpx.put(f"{url}/owner", json={"owner_id": owner_id},
                  headers={**who["director"], "If-Match": etag}).raise_for_status()
    return {"who": who, "plan_id": plan_id, "actions": [a["id"] for a in every]}


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


async def _timed(crowd: Crowd, kind: str, request) -> httpx.Response | None:
    began = time.perf_counter()
    try:
        response = await request
    except httpx.TransportError:
        response = None
    crowd.outcomes.append(Outcome(kind, response.status_code if response else 0, time.perf_counter() - began))
    return response


async def _write(crowd: Crowd, http: httpx.AsyncClient, api: str, owner: dict, action_id: int, text: str) -> None:
    """An owner records a progress note as the page does: reads the action, then writes with its
    ETag (reading again when another owner changed the action in between)."""
    for _ in range(20):
        read = await _timed(crowd, "read:action", http.get(f"{api}/actions/{action_id}", headers=owner))
        if read is None or read.status_code != 200:
            return
        wrote = await _timed(crowd, "write", http.post(f"{api}/actions/{action_id}/progress", json={"text": text},
                                                       headers={**owner, "If-Match": read.headers["etag"]}))
        if wrote is None or wrote.status_code != 412:
            if wrote is not None and wrote.status_code == 201:
                crowd.notes_written.append((action_id, text))
            return
        crowd.stale_etags += 1


async def _client(crowd: Crowd, live: Live, setup: dict, n: int, requests: int, write_share: float,
                  start: asyncio.Event, seed: int) -> None:
    rng = random.Random(seed)
    # Each owner in the crowd works on an action of their own (a few share one).
    own_action = setup["actions"][n % len(setup["actions"])]
    async with httpx.AsyncClient(timeout=60) as http:
        await start.wait()
        for i in range(requests):
            if rng.random() < write_share:
                await _write(crowd, http, live.api, setup["who"]["action_owner"], own_action, f"crowd {n}.{i}")
            else:
                what, path, headers = _read(setup, rng)
                await _timed(crowd, f"read:{what}", http.get(f"{live.api}{path}", headers=headers))


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
