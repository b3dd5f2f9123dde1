"""The CSRF token a kept page puts in its forms: Django's token, masked at less cost.

A page shows the session's CSRF secret masked anew on every request (so the page's bytes never
repeat it: BREACH). Django masks it with 32 characters drawn one at a time from the operating
system's random source, a system call each, twice per whole page: more than the rest of a
kept page's tokens and stand-ins together. Here the mask's characters come from one draw of
random bytes, and the token is the same as Django's: the mask, then each secret character
shifted by the mask's (CsrfViewMiddleware unmasks and checks it as it checks its own). Where
the request has no secret yet, Django's `get_token` makes one and sets its cookie."""

from __future__ import annotations

import operator
import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_CHARS = CSRF_ALLOWED_CHARS.encode("ascii")
_COUNT = len(_CHARS)
#: A character → its index; an index (or a sum of two, below 2 × 62) → its character.
_TO_INDEX = bytes.maketrans(_CHARS, bytes(range(_COUNT)))
_TO_CHAR = bytes(_CHARS[v % _COUNT] for v in range(256))
#: Random bytes from this value up would favour the first characters: they are drawn again.
_EVEN = 256 - 256 % _COUNT
_BYTE_TO_INDEX = bytes(v % _COUNT for v in range(256))
_SKEWED = bytes(range(_EVEN, 256))


def _random_indexes(count: int) -> bytes:
    """`count` indexes into the characters, each equally likely, from the system's source."""
    found = b""
    while len(found) < count:
        found += secrets.token_bytes(count + 8).translate(_BYTE_TO_INDEX, _SKEWED)
    return found[:count]


def masked(secret: str) -> str:
    """`secret` masked as Django masks it: a random mask, then (secret + mask) per character."""
    mask = _random_indexes(CSRF_SECRET_LENGTH)
    indexes = secret.encode("ascii").translate(_TO_INDEX)
    if len(indexes) != len(mask):
        raise ValueError("a CSRF secret is 32 characters")
    cipher = bytes(map(operator.add, indexes, mask))
    return (mask + cipher).translate(_TO_CHAR).decode("ascii")


def csrf_token(request) -> str:
    """What `django.middleware.csrf.get_token(request)` gives (and does: the cookie is sent
    again, its expiry renewed), with a mask drawn at once."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)  # no secret yet: Django's own makes one and its cookie
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return masked(secret)
