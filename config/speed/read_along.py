"""The first statement of a read, run in the same round trip as the caller's credential.

A read asks two things in turn: whose token (or session) this is, then (say) the detail's
tag. The second waits on the first, so each request pays two round trips. The credentials
are the API token (accounts.tokens) and the browser session with its user
(accounts.session_store). A client reads the same address again and again (polling an
application, paging 查询), and for the same caller and address the view's first statement
is the same each time. So the first time, this process
notes which statement (template, shape and values: config.speed.statements) the view ran first for
that credential and address; the next time, the credential's look-up and that statement are
read together (config.speed.statements.first_rows), and the view's call of the same statement is
answered from the row read with the credential.

The row read with the credential is used only by a call of exactly the same template, shape
and values, and only once; any other call reads the database as always (and is noted for
next time). Nothing is kept between requests but which statement came first: every row is
read anew on every request, so revoking a token or changing an application shows at once.
Only reads (GET and HEAD) are joined, where nothing the request writes comes in between.
"""

from __future__ import annotations

from config.speed.noted import note
from config.speed.statements import Template, first_rows

READS = ("GET", "HEAD")
#: (credential, method, address) → the call that came first there (bounded: a full map is
#: emptied and learns again, one round trip more per address).
MAX_NOTED = 20_000
_noted: dict[tuple, tuple] = {}

_PENDING = "_read_along"  # the request's (call, row) read with its credential
_KEY = "_read_along_key"  # where the request's first call is to be noted


def credential_rows(request, *calls, credential: str) -> list:
    """The rows of `calls`, the look-ups of the request's credential (config.speed.statements.
    first_rows: one row each, the later ones read only where the first has one), read with
    the statement that came first after them the last time this credential read this
    address."""
    if request is None or request.method not in READS or not credential:
        return first_rows(*calls)
    key = (credential, request.method, request.get_full_path())
    setattr(request, _KEY, key)
    along = _noted.get(key)
    if along is None:
        return first_rows(*calls)
    *found, along_row = first_rows(*calls, along)
    if found[0] is not None:  # else nothing was read along: no row is not "no row"
        setattr(request, _PENDING, (along, along_row))
    return found


def rows(request, template: Template, shape=None, **values) -> list:
    """`template.rows(shape, **values)`: from the row read with the request's credential
    where it was this same call, else from the database (the call is then noted as the
    address's first)."""
    call = (template, shape, values)
    pending = getattr(request, _PENDING, None)
    if pending is not None:
        setattr(request, _PENDING, None)
        along, row = pending
        if along[0] is template and along[1] == shape and along[2] == values:
            setattr(request, _KEY, None)
            return [] if row is None else [row]
    key = getattr(request, _KEY, None)
    if key is not None:
        setattr(request, _KEY, None)
        _note(key, call)
    return template.rows(shape, **values)


def _note(key: tuple, call: tuple) -> None:
    note(_noted, key, call, MAX_NOTED)
