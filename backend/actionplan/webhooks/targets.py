"""Where webhooks may be sent, so that a service token cannot use them to reach, or map, the
council's own network.

By default a webhook goes to a public address over https only. Loopback, private, link-local,
shared, multicast, reserved and unspecified addresses (IPv4 and IPv6, IPv4-mapped included) are
refused, unless ACTIONPLAN_WEBHOOK_ALLOWED_TARGETS names the network (CIDR) or the host name, as for
an intranet receiver; ACTIONPLAN_WEBHOOK_ALLOW_HTTP allows http, for development.

The URL is checked when a webhook is subscribed, and again at every delivery after its name is
resolved: every address it resolves to must be allowed, and the connection goes to one of those
same addresses (no second lookup that could answer differently).
"""

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from actionplan.core.config import Settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedTarget(Exception):
    """The URL, or an address it resolves to, is not one webhooks may reach."""


@dataclass(frozen=True)
class TargetPolicy:
    allowed_networks: tuple[Network, ...] = ()
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    allow_http: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> "TargetPolicy":
        networks, hosts = [], set()
        for entry in settings.webhook_allowed_targets:
            entry = entry.strip().lower()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                if not entry or any(c in entry for c in "/:@ "):
                    raise ValueError(f"ACTIONPLAN_WEBHOOK_ALLOWED_TARGETS: {entry!r} is neither a network "
                                     "(10.20.0.0/16) nor a host name") from None
                hosts.add(entry.rstrip("."))
        return cls(tuple(networks), frozenset(hosts), settings.webhook_allow_http)

    def address_allowed(self, address: Address) -> bool:
        if isinstance(address, ipaddress.IPv6Address):
            address = _carried_ipv4(address) or address
        if any(address in network for network in self.allowed_networks):
            return True
        return address.is_global and not address.is_multicast


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64): it is judged as that address."""
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


def _literal_address(host: str) -> Address | None:
    """The address a host name stands for without asking DNS: 10.0.0.1, and the shorthands the
    resolver also takes (2130706433, 0x7f.1, 127.1)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def url_problem(policy: TargetPolicy, url: str) -> str | None:
    """Why webhooks may not be sent to this URL, judged from the URL alone; None when they may."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not policy.allow_http:
        return "Webhook URLs must use https."
    host = (parts.hostname or "").rstrip(".")
    if host in policy.allowed_hosts:
        return None
    local_name = host == "localhost" or host.endswith(".localhost")  # loopback by definition (RFC 6761)
    address = ipaddress.IPv4Address("127.0.0.1") if local_name else _literal_address(host)
    if address is not None and not policy.address_allowed(address):
        return ("Webhooks may not be sent to loopback, private or link-local addresses; an administrator "
                "can allow an intranet receiver (ACTIONPLAN_WEBHOOK_ALLOWED_TARGETS).")
    return None


def resolve(policy: TargetPolicy, url: str) -> list[Address]:
    """The addresses to connect to for this URL. Raises RefusedTarget when the URL or any address
    it resolves to is not allowed, and OSError when the name does not resolve."""
    if url_problem(policy, url) is not None:
        raise RefusedTarget(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in found))
    if host.rstrip(".") not in policy.allowed_hosts and not all(policy.address_allowed(a) for a in addresses):
        raise RefusedTarget(url)
    return addresses
