"""The ETag of an application's detail: a digest of everything its JSON shows, read in one
statement, so that a client polling with `If-None-Match` gets 304 before any body is built.

What the detail shows, and what moves when it changes:
- the application and every row it shows (goods, attachments, history, corrections, notices,
  the write-off): its change stamp, which the database sets on every write of any of them,
  whatever wrote it (permits.tags.change_stamps);
- the clock (days left, overdue): today's date;
- the caller's allowed actions and any per-user wording: the user, role and language;
- reference names, the calendar and the public address (verification links): the reference
  data's change marker (ReferenceVersion, read in the same statement) and `PUBLIC_BASE_URL`.

Only shared truth goes in: nothing a process keeps for itself, so the same tag means the same
bytes on every node and across restarts. The caller's role is checked before anything is
read: a wrong role gets no tag, and answers as it always does."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models import Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from config.speed import read_along
from config.speed.statements import Template
from core.renderers import CONTENT_TYPE, render_json
from permits import access
from permits.access import parse_id
from permits.models import Application
from permits.workflow.states import Role, role_of
from reference import index
from reference.models import ReferenceVersion

#: How long a built body is kept (its key changes with every change of what it shows).
BODY_SECONDS = 600


def reference_marker():
    """The reference data's change marker, as a subquery of a tag's statement."""
    return Subquery(ReferenceVersion.objects.filter(pk=1).values("version")[:1])


def _etag_rows(shape, *, pk, **scope_values):
    """The statement behind the tag: the application's stamp, for the caller's scope (the
    shape: its columns and fixed values), and the reference data's marker."""
    conditions = access.scope_conditions(shape, scope_values)
    return (
        Application.objects.filter(pk=pk, **conditions)
        .annotate(reference=reference_marker())
        .order_by()
        .values_list("stamp", "reference")[:1]
    )


_ETAG = Template(
    _etag_rows,
    {"pk": Application._meta.pk}
    | {name: Application._meta.get_field(name) for name in access.SCOPE_VALUE_FIELDS},
)


def _etag_row(user, pk, request=None):
    """The row of the tag for `user` (access.scope: the same conditions as visible_to), read
    with the request's token where it was the last time (config.speed.read_along)."""
    scope = access.scope_shape(user)
    if scope is None:
        return None
    shape, values = scope
    rows = read_along.rows(request, _ETAG, shape, pk=pk, **values)
    return rows[0] if rows else None


def detail_etag(user, application_id, request=None, *, role: Role) -> str | None:
    """The detail's entity tag for `user` asking as `role` (the endpoint's), or None where the
    user has another role or the application is not theirs to see (the caller then answers
    as it always does: 403 or 404, without a tag)."""
    if role_of(user) is not role:
        return None
    try:
        pk = parse_id(application_id)
    except Exception:  # noqa: BLE001 - a malformed id is the view's 404 to give
        return None
    row = _etag_row(user, pk, request)
    if row is None:
        return None
    stamp, reference = row
    index.follow(reference)
    return tag_of((stamp, *viewer(user, reference)))


def viewer(user, reference) -> tuple:
    """What an answer shows beyond its records: who asks (their allowed actions and wording),
    in which language, on which day (clocks, days left), with which reference data (names,
    the calendar: the database's marker) and public address (verification links)."""
    return (
        user.pk,
        getattr(user, "role", ""),
        get_language(),
        timezone.localdate().isoformat(),
        reference or 0,
        settings.PUBLIC_BASE_URL,
    )


def tag_of(seen: tuple) -> str:
    """An entity tag: a digest of everything in `seen` (values repr() writes the same way
    each time)."""
    return '"' + hashlib.sha256(repr(seen).encode()).hexdigest()[:32] + '"'


def matches(request, tag: str | None) -> bool:
    """Whether the request's If-None-Match names `tag` (or `*`)."""
    if tag is None:
        return False
    sent = request.headers.get("If-None-Match", "")
    names = {t.strip().removeprefix("W/") for t in sent.split(",") if t.strip()}
    return tag in names or "*" in names


def not_modified(tag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = tag
    return response


def conditional(request, application_id, build, schema, *, role: Role):
    """The detail for `request.auth` asking as `role`, conditionally: 304 when If-None-Match
    names its tag; otherwise the body built by `build()` and checked against `schema`, with its tag.

    A body once built is kept under its tag (the "bodies" cache, in the process): the tag
    digests everything the body shows, so the same tag means the same bytes on any node and
    nothing has to be invalidated (a change makes a new tag; old entries expire or give way).
    The key also names the schema and the application, which the tag alone does not."""
    tag = detail_etag(request.auth, application_id, request, role=role)
    if tag is None:
        return build()  # the look-up's own answer: 403 or 404, never a tag
    key = f"detail:{schema.__name__}:{parse_id(application_id)}:{tag[1:-1]}"
    return kept_answer(request, tag, key, lambda: render_json(request, schema, build()))


def kept_answer(request, tag: str, key: str, build_body) -> HttpResponse:
    """304 when the request's If-None-Match names `tag`; else the JSON body kept under `key`
    (`build_body()` gives it where none is kept, and it is kept), with its tag."""
    if matches(request, tag):
        return not_modified(tag)
    bodies = caches["bodies"]
    body = bodies.get(key)
    if body is None:
        body = build_body()
        bodies.set(key, body, BODY_SECONDS)
    answer = HttpResponse(body, content_type=CONTENT_TYPE)
    answer["ETag"] = tag
    return answer
