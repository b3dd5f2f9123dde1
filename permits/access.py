"""Who may see which application: decided here, once (architecture.md, rule 3).

Each role's scope is one set of column conditions. `Application.objects.visible_to(user)` turns
it into a filter and `in_scope(user, app)` checks a loaded row against the same conditions, so
a list and a look-up can never disagree:

- enterprise users: their enterprise's applications, every status;
- approvers: applications addressed to their department, once submitted (never a draft);
- customs: issued permits only (approved or voided), through the customs pages and API.

Answers for the wrong side follow one rule: the API refuses a wrong role with 403 before any
look-up; the right role asking for someone else's object gets 404, like a missing one; pages
answer 404 to both. The domain raises NotFound (mapped to 404 by the API and the pages).
"""

from __future__ import annotations

import uuid

from django.db.models import Q

from core.errors import Forbidden, NotFound
from permits.workflow.states import ISSUED, Role, Status, role_of

#: Statuses an approver sees: everything that was ever submitted.
REVIEWABLE = frozenset(Status) - {Status.DRAFT}


def scope(user) -> dict | None:
    """The column conditions of the applications `user` may see (None: nothing)."""
    role = role_of(user)
    if role is Role.APPLICANT and user.enterprise_id:
        return {"enterprise_id": user.enterprise_id}
    if role is Role.APPROVER and user.department_id:
        return {"approval_department_id": user.department.code, "status__in": REVIEWABLE}
    if role is Role.CUSTOMS:
        return {"status__in": ISSUED}
    return None


#: Scope columns whose value is the user's own (bound as values by statements built once,
#: config.speed.statements); the other conditions are the same for everyone of a role.
SCOPE_VALUE_FIELDS = ("enterprise_id", "approval_department_id")


def _frozen(value):
    return frozenset(value) if isinstance(value, (set, frozenset, list, tuple)) else value


def scope_shape(user) -> tuple[tuple, dict] | None:
    """`scope(user)` split for a statement built once: the shape ((value columns), (fixed
    conditions)) and the values; None where the user sees nothing."""
    conditions = scope(user)
    if conditions is None:
        return None
    values = {k: v for k, v in conditions.items() if k in SCOPE_VALUE_FIELDS}
    fixed = tuple(sorted((k, _frozen(v)) for k, v in conditions.items() if k not in values))
    return (tuple(sorted(values)), fixed), values


def scope_conditions(shape, values) -> dict:
    """The conditions of a scope shape with its values (the inverse of scope_shape)."""
    names, fixed = shape
    return dict(fixed, **{name: values[name] for name in names})


def scope_q(user) -> Q | None:
    conditions = scope(user)
    return None if conditions is None else Q(**conditions)


def in_scope(user, application) -> bool:
    """Whether a loaded application lies in `user`'s scope (the same conditions as the list)."""
    conditions = scope(user)
    if conditions is None:
        return False
    for lookup, expected in conditions.items():
        name, _sep, op = lookup.partition("__")
        value = getattr(application, name)
        if op == "in" and value not in expected:
            return False
        if not op and value != expected:
            return False
    return True


def parse_id(value) -> uuid.UUID:
    """Ids are UUIDs; anything else names nothing (404, like a missing object)."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise NotFound() from exc


def require_role(user, role: Role, message: str) -> None:
    """API: a wrong role is refused (403) before anything is looked up."""
    if role_of(user) is not role:
        raise Forbidden(message)


def require_applicant(user) -> None:
    """Applicant pages and object endpoints: any other role learns nothing (404)."""
    if role_of(user) is not Role.APPLICANT:
        raise NotFound()
