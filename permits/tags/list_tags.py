"""Entity tags of lists (查询 and the approvers' queues), so that a list once built is kept and
a client polling with `If-None-Match` gets 304 before anything is read.

A list shows its scope's applications (an enterprise's, a department's) with their notices'
states and write-offs. The database stamps every written application, and every application
whose notices or write-off were written, whatever wrote them; an application that leaves the
scope leaves a removal row (permits.tags.change_stamps). The tag digests the scope's newest stamp
of either, each read from an index in one probe, with everything else the list depends on:
which list and its parameters, the caller, role and language, today's date (the clocks), the
reference data's marker, the public address and the count cap. No writer takes a lock for the
lists: two enterprises of one province never wait on each other.

On PostgreSQL a stamp is the writing transaction's id, and the same statement reads the
oldest other transaction still running (`pg_snapshot_xip`). Where that one is older than the
scope's newest stamp, a transaction running now may still commit a change with an older
stamp, which the newest would hide: such a list gets no tag and is not kept (it is built
each time until they are done). Otherwise any later change brings a newer stamp. SQLite has
one writer at a time, whose stamps come after every committed one. Customs see every issued
permit; their lists are not kept."""

from __future__ import annotations

from django.db import connection
from django.db.models import BigIntegerField, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL
from django.http import HttpResponse

from accounts.models import Enterprise
from config.speed import read_along
from config.speed.statements import Template
from core.renderers import RENDERER, shaped_json
from permits import selectors
from permits.models import Application, ListRemoval
from permits.tags.change_stamps import SHIFT
from permits.tags.fingerprint import kept_answer, reference_marker, tag_of, viewer
from permits.workflow.states import Role, role_of
from reference import index
from reference.models import Department

#: The oldest other transaction running as the statement's snapshot sees (NULL: none), but for
#: those known to be in another database of the cluster (they write none of these tables).
#: One that just ended is no longer listed: it counts as running, which only costs a tag.
_HORIZON = """SELECT min(x::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
WHERE (x::text::bigint & 4294967295) NOT IN (
  SELECT backend_xid::text::bigint FROM pg_stat_activity
  WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())"""


def _newest(model, column: str, outer: str):
    rows = model.objects.filter(**{column: OuterRef(outer)}).order_by("-stamp")
    return Subquery(rows.values("stamp")[:1])


def _horizon():
    """The oldest transaction still running (PostgreSQL), as the statement's snapshot sees."""
    if connection.vendor == "postgresql":
        return RawSQL(f"({_HORIZON})", (), output_field=BigIntegerField())  # noqa: S611 - a constant
    return Value(None, output_field=BigIntegerField())


def _signature(owner, key_field: str, column: str, removal_column: str):
    """The statement of a scope's signature: from the scope's own row (always there), the
    newest stamp of its applications and of its removals, the marker and the horizon."""

    def build(_shape, *, key):
        return (
            owner.objects.filter(**{key_field: key})
            .annotate(
                changed=_newest(Application, column, key_field),
                removed=_newest(ListRemoval, removal_column, key_field),
                reference=reference_marker(),
                horizon=_horizon(),
            )
            .order_by()
            .values_list("changed", "removed", "reference", "horizon")[:1]
        )

    return Template(
        build, {"key": owner._meta.pk if key_field == "pk" else owner._meta.get_field(key_field)}
    )


_SIGNATURES = {
    Role.APPLICANT: _signature(Enterprise, "pk", "enterprise_id", "enterprise_id"),
    Role.APPROVER: _signature(Department, "code", "approval_department_id", "department_id"),
}


def scope_of(user) -> tuple[Role, object] | None:
    """The scope of the lists `user` sees: (role, enterprise id or department), or None."""
    role = role_of(user)
    if role is Role.APPLICANT and user.enterprise_id:
        return role, user.enterprise_id
    if role is Role.APPROVER and user.department_id:
        return role, user.department.code
    return None


def signature(role: Role, key, request=None) -> tuple[int, int | None] | None:
    """The scope's newest stamp and the reference data's marker, or None where a running
    transaction may still change the scope under an older stamp. Read with the request's
    token where it was the last time (config.speed.read_along)."""
    rows = read_along.rows(request, _SIGNATURES[role], key=key)
    if not rows:
        return None
    changed, removed, reference, horizon = rows[0]
    newest = max(changed or 0, removed or 0)
    if horizon is not None and horizon <= newest >> SHIFT:
        return None
    index.follow(reference)
    return newest, reference


def list_tag(user, kind: str, params, request=None) -> str | None:
    """The tag of list `kind` with `params` (a value repr() writes the same each time) as
    `user` sees it now, or None where such lists are not kept."""
    scope = scope_of(user)
    if scope is None:
        return None
    seen = signature(*scope, request)
    if seen is None:
        return None
    newest, reference = seen
    return tag_of(
        (kind, str(scope[1]), newest, params, selectors.COUNT_CAP, *viewer(user, reference))
    )


def conditional(request, kind: str, params: dict, build) -> HttpResponse:
    """The JSON list `kind` for `request.auth`: 304 when If-None-Match names its tag, else the
    body `build()` gives (data in the response schema's shape: core.renderers.shaped_json)
    as kept under the tag, or built and kept."""
    tag = list_tag(request.auth, kind, tuple(sorted(params.items())), request)
    if tag is None:
        return shaped_json(request, build())

    def body():
        return RENDERER.render(request, build(), response_status=200)

    return kept_answer(request, tag, f"list:{kind}:{tag[1:-1]}", body)
