"""Times a crowd on one real server: 100 clients at once, 90% reads by every kind of reader
(owner, head of service, director, an inspector whose reads are logged, unauthenticated /ready
probes), 10% owners recording progress.

    .venv/bin/python bench/crowd.py [--clients 100] [--requests 10] [--write-share 0.1]
                                    [--pool-size N] [--database URL]

Starts `actionplan serve` on a free loopback port with a throwaway database (SQLite by default;
with --database a PostgreSQL URL, a schema of its own), loads the demo, runs the crowd and prints
latency percentiles per kind of request, in seconds, with the server's CPU time and the machine's
load, since the machine is shared. The crowd is bounded: clients x requests.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.backend.crowd import percentile, prepare, run_crowd  # noqa: E402
from tests.backend.live import live_server  # noqa: E402


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def crowd_table(clients: int = 100, requests: int = 10, write_share: float = 0.1, pool_size: int | None = None,
                database: str | None = None) -> str:
    """Runs the crowd on a fresh server and returns its summary and latency table (markdown)."""
    if database:
        os.environ["ACTIONPLAN_TEST_DATABASE_URL"] = database
    extra = {"ACTIONPLAN_DB_POOL_SIZE": str(pool_size)} if pool_size else {}
    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp), extra_env=extra) as live:
        setup = prepare(live)
        load_before, cpu_before = os.getloadavg()[0], cpu_seconds(live.pid)
        crowd = run_crowd(live, setup, clients=clients, requests=requests, write_share=write_share)
        cpu = cpu_seconds(live.pid) - cpu_before
    statuses: dict[int, int] = {}
    for outcome in crowd.outcomes:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    lines = [f"{clients} clients x {requests} requests, {write_share:.0%} writes, "
             f"{'PostgreSQL' if database else 'SQLite'}, pool size {pool_size or 'default'}",
             f"{len(crowd.outcomes)} answers in {crowd.wall_seconds:.1f} s "
             f"({len(crowd.outcomes) / crowd.wall_seconds:.0f}/s); statuses {dict(sorted(statuses.items()))}; "
             f"{crowd.stale_etags} writes read again after a 412; server CPU {cpu:.1f} s "
             f"({cpu / len(crowd.outcomes) * 1000:.1f} ms a request); "
             f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after", "",
             "| requests | n | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|"]
    kinds = ["", "read:", "write"] + sorted({o.kind for o in crowd.outcomes if o.kind.startswith("read:")})
    for kind in kinds:
        values = crowd.latencies(kind)
        if values:
            lines.append(f"| {kind or 'all'} | {len(values)} | " + " | ".join(
                f"{percentile(values, p):.3f}" for p in (50, 95, 99)) + f" | {values[-1]:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=10, help="per client, one after another")
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument("--pool-size", type=int, help="ACTIONPLAN_DB_POOL_SIZE for the server")
    parser.add_argument("--database", help="a PostgreSQL URL (default: an SQLite file)")
    args = parser.parse_args()
    print(crowd_table(args.clients, args.requests, args.write_share, args.pool_size, args.database))


if __name__ == "__main__":
    main()
