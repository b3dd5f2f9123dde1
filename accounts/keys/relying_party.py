"""The relying party: its id (a host name) and origin derive from PUBLIC_BASE_URL, the address
users reach. Browsers refuse WebAuthn on an IP address, so when PUBLIC_BASE_URL names one the
keys live on its `localhost` twin; a ceremony started at any other address would fail the
origin check, so pages there point to the right address instead of starting one."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

from accounts.keys.errors import MSG_WRONG_HOST

RP_NAME = "药品进出口准许证（蛋白同化制剂肽类激素）"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _scheme_host_port() -> tuple[str, str, int | None]:
    parts = urlsplit(settings.PUBLIC_BASE_URL)
    host = (parts.hostname or "localhost").lower()
    return parts.scheme or "http", ("localhost" if _is_ip(host) else host), parts.port


def rp_id() -> str:
    return _scheme_host_port()[1]


def origin() -> str:
    scheme, host, port = _scheme_host_port()
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def serves(request) -> bool:
    """True when this request reached the system at the relying party's origin."""
    here = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}".lower()
    return here == origin()


def wrong_host_message() -> str:
    return str(MSG_WRONG_HOST) % {"address": origin()}
