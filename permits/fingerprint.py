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
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from permits.access import parse_id
from permits.models import Application, Attachment, CorrectionItem, Goods, Notice, StatusChange
from reference import index


def _per_application(model, **aggregates) -> dict:
    """Subqueries of aggregates over the application's rows of `model`."""
    rows = model.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return {
        name: Subquery(rows.annotate(v=expr).values("v")[:1]) for name, expr in aggregates.items()
    }


def _zero(expr):
    return Coalesce(expr, 0, output_field=IntegerField())


def detail_etag(user, application_id) -> str | None:
    """The detail's entity tag for `user`, or None where the application is not theirs to
    see (the caller then answers as it always does: 404)."""
    try:
        pk = parse_id(application_id)
    except Exception:  # noqa: BLE001 - a malformed id is the view's 404 to give
        return None
    row = (
        Application.objects.visible_to(user)
        .filter(pk=pk)
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
        )
        .first()
    )
    if row is None:
        return None
    seen = (
        row,
        user.pk,
        getattr(user, "role", ""),
        get_language(),
        timezone.localdate().isoformat(),
        index.current_version(),
        settings.PUBLIC_BASE_URL,
    )
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


def conditional(request, response: HttpResponse, application_id, build):
    """The detail for `request.auth`, conditionally: 304 when If-None-Match names its tag,
    else `build()` with the tag on `response` (ninja's temporal response)."""
    tag = detail_etag(request.auth, application_id)
    if matches(request, tag):
        return not_modified(tag)
    if tag:
        response["ETag"] = tag
    return build()
