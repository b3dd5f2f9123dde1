"""The ETag of an application's detail: a digest of everything its JSON shows, read in one
statement, so that a client polling with `If-None-Match` gets 304 before any body is built.

What the detail shows, and what moves when it changes:
- the header: `version` (every 暂存 and every status change) and `updated_at`;
- goods and attachments: their counts, and `updated_at` (their services touch it);
- history, corrections and notices: their counts, and each notice's state, attempts and
  `ready_at` (a task worker renders notices after the commit);
- the write-off: `written_off_at`;
- the clock (days left, overdue): today's date;
- the caller's allowed actions and any per-user wording: the user, role and language;
- reference names and the public address (verification links): the reference data's
  generation and `PUBLIC_BASE_URL`."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from config import read_along
from config.renderers import CONTENT_TYPE, render_json
from config.statements import Template
from permits import access
from permits.access import parse_id
from permits.models import Application, Attachment, CorrectionItem, Goods, Notice, StatusChange
from reference import index

#: How long a built body is kept (its key changes with every change of what it shows).
BODY_SECONDS = 600


def _per_application(model, **aggregates) -> dict:
    """Subqueries of aggregates over the application's rows of `model`."""
    rows = model.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return {
        name: Subquery(rows.annotate(v=expr).values("v")[:1]) for name, expr in aggregates.items()
    }


def _zero(expr):
    return Coalesce(expr, 0, output_field=IntegerField())


def _etag_rows(shape, *, pk, **scope_values):
    """The statement behind the tag: the application's own columns and the aggregates of its
    rows, for the caller's scope (the shape: its columns and fixed values)."""
    conditions = access.scope_conditions(shape, scope_values)
    return (
        Application.objects.filter(pk=pk, **conditions)
        .annotate(
            **_per_application(Goods, goods_n=Count("id")),
            **_per_application(Attachment, files_n=Count("id"), files_at=Max("uploaded_at")),
            **_per_application(StatusChange, history_n=Count("id")),
            **_per_application(CorrectionItem, corrections_n=Count("id")),
            **_per_application(
                Notice,
                notices_n=Count("id"),
                notices_ready=Count("id", filter=Q(state="ready")),
                notices_failed=Count("id", filter=Q(state="failed")),
                notices_tries=_zero(Sum("attempts")),
                notices_at=Max("ready_at"),
            ),
        )
        .order_by()
        .values_list(
            "version",
            "status",
            "updated_at",
            "written_off_at",
            "goods_n",
            "files_n",
            "files_at",
            "history_n",
            "corrections_n",
            "notices_n",
            "notices_ready",
            "notices_failed",
            "notices_tries",
            "notices_at",
        )[:1]
    )


_ETAG = Template(
    _etag_rows,
    {"pk": Application._meta.pk}
    | {name: Application._meta.get_field(name) for name in access.SCOPE_VALUE_FIELDS},
)


def _etag_row(user, pk, request=None):
    """The row of the tag for `user` (access.scope: the same conditions as visible_to), read
    with the request's token where it was the last time (config.read_along)."""
    scope = access.scope_shape(user)
    if scope is None:
        return None
    shape, values = scope
    rows = read_along.rows(request, _ETAG, shape, pk=pk, **values)
    return rows[0] if rows else None


def detail_etag(user, application_id, request=None) -> str | None:
    """The detail's entity tag for `user`, or None where the application is not theirs to
    see (the caller then answers as it always does: 404)."""
    try:
        pk = parse_id(application_id)
    except Exception:  # noqa: BLE001 - a malformed id is the view's 404 to give
        return None
    row = _etag_row(user, pk, request)
    if row is None:
        return None
    return tag_of((row, *viewer(user)))


def viewer(user) -> tuple:
    """What an answer shows beyond its records: who asks (their allowed actions and wording),
    in which language, on which day (clocks, days left), with which reference data (names)
    and public address (verification links)."""
    return (
        user.pk,
        getattr(user, "role", ""),
        get_language(),
        timezone.localdate().isoformat(),
        index.current_version(),
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


def conditional(request, application_id, build, schema):
    """The detail for `request.auth`, conditionally: 304 when If-None-Match names its tag.
    Otherwise the body built by `build()` and checked against `schema`, with its tag.

    A body once built is kept under its tag (the "bodies" cache, in the process): the tag
    digests everything the body shows, so the same tag means the same bytes on any node and
    nothing has to be invalidated (a change makes a new tag; old entries expire or give way).
    The key also names the schema and the application, which the tag alone does not."""
    tag = detail_etag(request.auth, application_id, request)
    if tag is None:
        return build()  # the look-up's own answer: 404
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
