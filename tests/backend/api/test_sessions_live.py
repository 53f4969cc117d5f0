"""Every request gives its database connection back, whatever the client does: over real HTTP, on a
server with one place for reads and one for writes, clients that hang up before their answer leave
none checked out."""

import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx

from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import live_server, sign_in

ONE_EACH = {"ACTIONPLAN_DB_POOL_SIZE": "1", "ACTIONPLAN_READS_AT_ONCE": "1"}


def _ask_and_hang_up(base: str, path: str, auth: dict[str, str]) -> None:
    where = urlsplit(base)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {where.netloc}\r\nAuthorization: {auth['Authorization']}\r\n"
                     "\r\n".encode())
        # Closed at once, before any answer: the server finds out only when it writes.


def test_clients_that_hang_up_leave_no_connection_checked_out(tmp_path):
    with live_server(tmp_path, extra_env=ONE_EACH) as live:
        auth = sign_in(live, DEMO_EMAILS["director"])
        reads = ["/api/v1/actions?limit=100", "/api/v1/actions?limit=100&count=true", "/api/v1/plans"]
        for _ in range(10):
            for path in reads:
                _ask_and_hang_up(live.base, path, auth)
        # Were any connection still held, these would wait for a place that never comes.
        with ThreadPoolExecutor(4) as pool, httpx.Client(timeout=30) as http:
            answers = list(pool.map(lambda path: http.get(live.base + path, headers=auth), reads * 4))
        assert [a.status_code for a in answers] == [200] * len(answers)
        assert '"status": 500' not in live.log.read_text()
