"""The public verification of a permit (the link in its QR code): the URL and the look-up.

documents/ knows no workflow, so the app that issues permits registers the function that
looks one up (permits does it in its AppConfig.ready). The function gets the permit number
and the code from the link and returns the public facts of a genuine permit, or None for
anything else (unknown number and wrong code alike, so the page never reveals which).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings

#: (permit_no, code) → {"permit_no", "direction_label", "issue_date", "valid_until",
#: "department", "state", "state_label", "usable"} or None.
Lookup = Callable[[str, str], "dict | None"]

_lookup: Lookup | None = None

MAX_PERMIT_NO = 40
MAX_CODE = 64
#: What a permit number looks like (the numbers permits.numbering gives): the department's code
#: and the year (ten digits), I or E, a sequence of at least five digits; MAX_PERMIT_NO at most.
#: Anything else in the link names no permit: the page answers 404 without a look-up.
PERMIT_NO = r"[0-9]{10}[IEie][0-9]{5,29}"  # 10 + 1 + 29 = MAX_PERMIT_NO


def register_lookup(fn: Lookup) -> None:
    global _lookup
    _lookup = fn


def lookup(permit_no: str, code: str) -> dict | None:
    """The registered look-up's answer; None for malformed input or when none is registered."""
    if _lookup is None or not permit_no or not code:
        return None
    if len(permit_no) > MAX_PERMIT_NO or len(code) > MAX_CODE:
        return None
    return _lookup(permit_no, code)


def verification_url(permit_no: str, code: str) -> str:
    """The public link printed in the permit's QR code."""
    return (
        f"{settings.PUBLIC_BASE_URL}/verify/{quote(permit_no, safe='')}?code={quote(code, safe='')}"
    )
