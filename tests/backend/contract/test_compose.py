"""docker-compose.yml validates with the official Compose v2 binary (no engine needed)."""

import ipaddress
import json
import os
import subprocess
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _compose(env: dict, *args: str) -> subprocess.CompletedProcess:
    # The package's wrapper always exits 0, so call the binary it ships.
    binary = Path(find_spec("compose").origin).parent / "docker-compose"
    return subprocess.run([str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", *(args or ("-q",))],
                          capture_output=True, text=True, env={"PATH": os.environ["PATH"], **env}, timeout=60)


def test_compose_file_is_valid():
    result = _compose({"POSTGRES_PASSWORD": "x", "ACTIONPLAN_SECRET_KEY": "y", "ACTIONPLAN_AUDIT_KEY": "z"})
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_compose_refuses_to_start_without_its_secrets():
    secrets = {"POSTGRES_PASSWORD": "x", "ACTIONPLAN_SECRET_KEY": "y", "ACTIONPLAN_AUDIT_KEY": "z"}
    # Each one missing on its own (with several missing, Compose names whichever it meets first).
    for missing in secrets:
        result = _compose({name: value for name, value in secrets.items() if name != missing})
        assert result.returncode != 0 and missing in result.stderr, (missing, result.stderr)


def test_the_backend_sees_each_clients_address_through_nginx():
    config = json.loads(_compose({"POSTGRES_PASSWORD": "x", "ACTIONPLAN_SECRET_KEY": "y", "ACTIONPLAN_AUDIT_KEY": "z"},
                                   "--format", "json").stdout)
    backend = config["services"]["backend"]
    subnet = ipaddress.ip_network(config["networks"]["default"]["ipam"]["config"][0]["subnet"])
    # The backend believes X-Forwarded-For from the compose network only, which nobody else can reach.
    assert ipaddress.ip_network(backend["environment"]["ACTIONPLAN_TRUSTED_PROXIES"]) == subnet
    assert not backend.get("ports")
    nginx = (ROOT / "frontend" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Real-IP $remote_addr;" in nginx
