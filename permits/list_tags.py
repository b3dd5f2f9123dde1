"""Entity tags of lists (查询 and the approvers' queues), so that a list once built is kept and
a client polling with `If-None-Match` gets 304 before anything is read.

A list shows its scope's applications (an enterprise's, a department's), with their notices'
states and write-offs: database triggers count every change of those in the writing
transaction itself (models.ListGeneration, permits.list_triggers). The tag digests that count
with everything else the list depends on: which list and its parameters, the caller, role and
language, today's date (the clocks), the reference data, the public address and the count
cap. The count is read before the list, so a list built after a change is never kept under
the count from before it. Customs see every issued permit; their lists are not kept."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from config.renderers import CONTENT_TYPE, RENDERER
from config.statements import Template
from permits import selectors
from permits.fingerprint import BODY_SECONDS, matches, not_modified
from permits.models import ListGeneration
from permits.workflow.states import Role, role_of
from reference import index

_GENERATION = Template(
    lambda _shape, *, scope: (
        ListGeneration.objects.filter(scope=scope).order_by().values_list("value")[:1]
    ),
    {"scope": ListGeneration._meta.get_field("scope")},
)


def scope_of(user) -> str | None:
    """The counter of the lists `user` sees (as the triggers name it), or None."""
    role = role_of(user)
    if role is Role.APPLICANT and user.enterprise_id:
        return f"e:{uuid.UUID(str(user.enterprise_id)).hex}"
    if role is Role.APPROVER and user.department_id:
        return f"d:{user.department.code}"
    return None


def generation(scope: str) -> int:
    rows = _GENERATION.rows(scope=scope)
    return rows[0][0] if rows else 0


def list_tag(user, kind: str, params) -> str | None:
    """The tag of list `kind` with `params` (a value repr() writes the same each time) as
    `user` sees it now, or None where such lists are not kept."""
    scope = scope_of(user)
    if scope is None:
        return None
    seen = (
        kind,
        scope,
        generation(scope),
        params,
        user.pk,
        getattr(user, "role", ""),
        get_language(),
        timezone.localdate().isoformat(),
        index.current_version(),
        settings.PUBLIC_BASE_URL,
        selectors.COUNT_CAP,
    )
    return '"' + hashlib.sha256(repr(seen).encode()).hexdigest()[:32] + '"'


def conditional(request, kind: str, params: dict, build) -> HttpResponse:
    """The JSON list `kind` for `request.auth`: 304 when If-None-Match names its tag, else the
    body `build()` gives (data in the response schema's shape: config.renderers.shaped_json)
    as kept under the tag, or built and kept."""
    tag = list_tag(request.auth, kind, tuple(sorted(params.items())))
    if tag is None:
        return _json(request, build())
    if matches(request, tag):
        return not_modified(tag)
    key = f"list:{kind}:{tag[1:-1]}"
    bodies = caches["bodies"]
    body = bodies.get(key)
    if body is None:
        body = RENDERER.render(request, build(), response_status=200)
        bodies.set(key, body, BODY_SECONDS)
    answer = HttpResponse(body, content_type=CONTENT_TYPE)
    answer["ETag"] = tag
    return answer


def _json(request, data) -> HttpResponse:
    body = RENDERER.render(request, data, response_status=200)
    return HttpResponse(body, content_type=CONTENT_TYPE)
