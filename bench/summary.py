"""Times the board summary of large plans over real HTTP, beside a trivial route in the same uvicorn.

    .venv/bin/python -m bench.summary [--sizes 2000,20000] [--requests 30] [--database URL]

Starts the real server (bench/harness.py) on a throwaway database with the demo and one plan of each
size (bench/plans.py: ten areas, three years of approved history, Reds with exception reports,
re-schedules), then for each plan times, one request after another on one connection, the counts
now and as at a date against an earlier one, and the first page of each list; with the trivial
route's own times, requests a second by wrk for the counts and the route, and the answer's size.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from actionplan.core.db import make_engine  # noqa: E402
from bench.harness import TRIVIAL, latencies, machine, serve, sign_in, throughput, tmpdir  # noqa: E402
from bench.plans import build_plan  # noqa: E402
from tests.backend.conftest import DEMO_EMAILS  # noqa: E402

DATES = {"as_of": "2020-12-31", "since": "2020-06-30"}


def reads(plan_id: int) -> list[tuple[str, str, dict]]:
    base = f"/plans/{plan_id}/summary"
    return [("summary (now)", base, {}), ("summary ?as_of&since", base, DATES),
            ("summary/reds, first page (now)", f"{base}/reds", {}),
            ("summary/overdue, first page (now)", f"{base}/overdue", {}),
            ("summary/moved ?as_of&since, first page", f"{base}/moved", DATES)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000", help="actions in each plan, comma separated")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per read")
    parser.add_argument("--database", help="a PostgreSQL URL (default: an SQLite file)")
    parser.add_argument("--wrk-seconds", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    plans: dict[int, int] = {}

    def fill(url: str) -> None:
        engine = make_engine(url)
        with Session(engine) as session:
            for size in sizes:
                plans[size] = build_plan(session, size, seed=size)
            session.execute(text("ANALYZE"))  # fresh tables have no statistics; a live database has
            session.commit()
        engine.dispose()

    with tmpdir() as tmp, serve(Path(tmp), args.database, before_start=fill) as live:
        director = sign_in(live, DEMO_EMAILS["director"])
        trivial = latencies(f"{live.base}{TRIVIAL}", n=args.requests * 4)
        trivial_rps = throughput(f"{live.base}{TRIVIAL}", seconds=args.wrk_seconds)
        print(f"Board summary over HTTP, {'PostgreSQL' if args.database else 'SQLite'}, one uvicorn worker; "
              f"{machine()}\n")
        print(f"trivial route: p50 {trivial.p50:.1f} ms, p95 {trivial.p95:.1f}, p99 {trivial.p99:.1f}"
              + (f"; {trivial_rps:.0f} req/s (wrk, 8 connections)" if trivial_rps else ""))
        print("\n| plan | read | p50 ms | p95 ms | p99 ms | × trivial p50 | req/s (share of trivial) | bytes |")
        print("|---|---|---|---|---|---|---|---|")
        for size, plan_id in plans.items():
            for name, path, params in reads(plan_id):
                try:
                    timing = latencies(f"{live.api}{path}", headers=director, params=params, n=args.requests)
                except httpx.HTTPStatusError as exc:  # e.g. measuring a version without the paged lists
                    print(f"| {size:,} actions | {name} | {exc.response.status_code} | | | | | |")
                    continue
                rps = ""
                if name == "summary (now)" and trivial_rps:
                    measured = throughput(f"{live.api}{path}", headers=director, seconds=args.wrk_seconds)
                    rps = f"{measured:.0f} ({measured / trivial_rps:.1%})" if measured else ""
                print(f"| {size:,} actions | {name} | {timing.p50:.1f} | {timing.p95:.1f} | {timing.p99:.1f} | "
                      f"{timing.p50 / trivial.p50:.0f} | {rps} | {timing.bytes:,} |", flush=True)
        print(f"\nload average at the end: {machine()}")


if __name__ == "__main__":
    main()
