"""The client's address, from one function (architecture.md, rule 3).

`X-Forwarded-For` is trusted only when the request comes from a configured proxy
(TRUSTED_PROXIES: addresses or networks, empty by default): then the address is the nearest
one in the header that is not itself a trusted proxy. Anyone else could write that header, so
without a trusted proxy in front the peer's own address counts. Used by the sign-in lock-out,
the audit rows and every rate limit.

ClientAddressMiddleware keeps the current request's address for the audit rows, which are
written by services that never see a request.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings

_current: ContextVar[str] = ContextVar("client_address", default="")


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _proxies() -> tuple[str, ...]:
    return tuple(settings.TRUSTED_PROXIES)


def _trusted(address, proxies: tuple[str, ...]) -> bool:
    return address is not None and any(address in net for net in _networks(proxies))


@lru_cache(maxsize=4096)
def _trusted_peer(peer: str, proxies: tuple[str, ...]) -> bool:
    """Whether the address written `peer` is one of `proxies`: asked two or three times for
    each request (its client's address, its id, its log line), parsed once per peer."""
    return _trusted(_parse(peer), proxies)


def is_trusted_proxy(request) -> bool:
    """Whether the peer of this request is one of the configured proxies."""
    return _trusted_peer(request.META.get("REMOTE_ADDR", "") or "", _proxies())


def client_address(request) -> str:
    """The address of the client behind this request (see the module's docstring)."""
    peer, proxies = request.META.get("REMOTE_ADDR", "") or "", _proxies()
    if not _trusted_peer(peer, proxies):
        return peer
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return peer  # a forged or broken header: the proxy's own word is all we have
        if not _trusted(address, proxies):
            return str(address)
    return peer


def current_client_address() -> str:
    """The address of the request being served in this context: a valid IP address, or ""
    (outside a request, or when the peer gave none)."""
    value = _current.get()
    return value if _parse(value) is not None else ""


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
