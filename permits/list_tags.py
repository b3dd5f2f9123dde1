"""Entity tags of lists (查询 and the approvers' queues), so that a list once built is kept and
a client polling with `If-None-Match` gets 304 before anything is read.

A list shows its scope's applications (an enterprise's, a department's), with their notices'
states and write-offs: database triggers count every change of those in the writing
transaction itself, in a named counter per scope (models.Counter, permits.list_triggers). The
tag digests that count with everything else the list depends on: which list and its
parameters, the caller, role and language, today's date (the clocks), the reference data, the
public address and the count cap. The count is read before the list, so a list built after a
change is never kept under the count from before it. Customs see every issued permit; their
lists are not kept."""

from __future__ import annotations

import uuid

from django.http import HttpResponse

from config import read_along
from config.renderers import RENDERER, shaped_json
from config.statements import Template
from permits import selectors
from permits.fingerprint import kept_answer, tag_of, viewer
from permits.models import Counter
from permits.workflow.states import Role, role_of

_COUNT = Template(
    lambda _shape, *, key: Counter.objects.filter(key=key).order_by().values_list("value")[:1],
    {"key": Counter._meta.get_field("key")},
)


def scope_of(user) -> str | None:
    """The scope of the lists `user` sees (its counter is "lists:" + it), or None."""
    role = role_of(user)
    if role is Role.APPLICANT and user.enterprise_id:
        return f"e:{uuid.UUID(str(user.enterprise_id)).hex}"
    if role is Role.APPROVER and user.department_id:
        return f"d:{user.department.code}"
    return None


def generation(scope: str, request=None) -> int:
    """How many changes the triggers counted for `scope` (0 before the first), read with the
    request's token where it was the last time (config.read_along)."""
    rows = read_along.rows(request, _COUNT, key=f"lists:{scope}")
    return rows[0][0] if rows else 0


def list_tag(user, kind: str, params, request=None) -> str | None:
    """The tag of list `kind` with `params` (a value repr() writes the same each time) as
    `user` sees it now, or None where such lists are not kept."""
    scope = scope_of(user)
    if scope is None:
        return None
    count = generation(scope, request)
    return tag_of((kind, scope, count, params, selectors.COUNT_CAP, *viewer(user)))


def conditional(request, kind: str, params: dict, build) -> HttpResponse:
    """The JSON list `kind` for `request.auth`: 304 when If-None-Match names its tag, else the
    body `build()` gives (data in the response schema's shape: config.renderers.shaped_json)
    as kept under the tag, or built and kept."""
    tag = list_tag(request.auth, kind, tuple(sorted(params.items())), request)
    if tag is None:
        return shaped_json(request, build())

    def body():
        return RENDERER.render(request, build(), response_status=200)

    return kept_answer(request, tag, f"list:{kind}:{tag[1:-1]}", body)
