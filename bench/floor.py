"""What FastAPI itself allows a route shaped like ours, with no database and no middleware: the floor
under issue 16's aims.

    .venv/bin/python -m bench.floor [--rounds 3] [--seconds 3] [--connections 32]

Our reads are sync routes (SQLAlchemy's sessions are sync) with a database session and the signed-in
caller as dependencies. FastAPI runs each sync function (a dependency, the route, and the check of what a
sync route returns against its response_model) on its own trip through the thread pool, and each trip
costs the event loop and a worker thread a hand-over of the GIL. This serves, on the same uvicorn as
`actionplan serve`, one app with a route of each shape (each answering the same small JSON object) and
measures each beside the one-route app of trivial.py, interleaved, medians of the rounds; needs wrk.
"""

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Response
from pydantic import BaseModel

app = FastAPI()


class Answer(BaseModel):
    id: int
    name: str


def _session_sync():
    yield 1


async def _session_async():
    yield 1


def _caller(_session: Annotated[int, Depends(_session_sync)]) -> int:
    return 2


def _caller_after_async_session(_session: Annotated[int, Depends(_session_async)]) -> int:
    return 2


@app.get("/async")
async def plain_async() -> dict:
    return {"id": 1, "name": "x"}


@app.get("/sync")
def plain_sync() -> dict:
    return {"id": 1, "name": "x"}


@app.get("/sync-with-deps", response_model=Answer)
def with_deps(_s: Annotated[int, Depends(_session_sync)], _c: Annotated[int, Depends(_caller)]) -> Answer:
    return Answer(id=1, name="x")


@app.get("/sync-as-now", response_model=Answer)
def as_now(_s: Annotated[int, Depends(_session_async)], _c: Annotated[int, Depends(_caller_after_async_session)]):
    return Response(Answer(id=1, name="x").model_dump_json(), media_type="application/json")


# (name, path, what it stands for)
SHAPES = [
    ("async route, no dependencies", "/async", "the trivial route's shape"),
    ("sync route, no dependencies", "/sync", "one trip through the thread pool"),
    ("sync route, sync session and caller, response_model checked", "/sync-with-deps",
     "our reads before this change: five trips (session in and out, caller, route, check)"),
    ("sync route, async session, sync caller, serialised once", "/sync-as-now",
     "our hot reads now: three trips (caller, route, session out)"),
]


def main(argv: list[str] | None = None) -> None:
    from bench.reads import BIN, WRK_SCRIPT, serve, trivial_server, wrk

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT)
        log = tmp / "servers.log"
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        ratios: dict[str, list[float]] = {name: [] for name, _, _ in SHAPES}
        rates: dict[str, list[float]] = {name: [] for name, _, _ in SHAPES}
        with trivial_server(env, log, 1) as plain, serve(
                [str(BIN / "python"), "-m", "uvicorn", "bench.floor:app", "--no-access-log", "--log-level", "warning"],
                env, log, "/async") as shaped:
            for _ in range(args.rounds):
                base = wrk(plain.base + "/", {}, args.seconds, args.connections, script).rps
                for name, path, _ in SHAPES:
                    rps = wrk(shaped.base + path, {}, args.seconds, args.connections, script).rps
                    rates[name].append(rps)
                    ratios[name].append(rps / base)
    print(f"| route shape (no database, no middleware) | % of the trivial route | req/s | stands for |\n|---|---|---|---|")
    for name, _, meaning in SHAPES:
        print(f"| {name} | {statistics.median(ratios[name]):.0%} | {statistics.median(rates[name]):.0f} | {meaning} |")


if __name__ == "__main__":
    main()
