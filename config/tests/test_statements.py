"""A statement built once answers as its queryset would, for every value bound into it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke
from config.speed.statements import Template
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.django_db

FIELDS = {
    "enterprise": Application._meta.get_field("enterprise_id"),
    "since": Application._meta.get_field("created_at"),
}


def _build(shape, enterprise, since):
    qs = Application.objects.filter(enterprise_id=enterprise, created_at__gte=since)
    if shape == "drafts":
        qs = qs.filter(status="draft")
    return qs.order_by("application_no").values_list("application_no", "created_at", "status")


def _orm(shape, enterprise, since) -> list:
    return list(_build(shape, enterprise, since))


def test_each_binding_answers_as_the_queryset(applicant_a, applicant_b):
    mine = [f.make_application(applicant_a) for _ in range(2)]
    theirs = f.make_application(applicant_b)
    template = Template(_build, FIELDS)
    earliest = min(a.created_at for a in [*mine, theirs])
    for user in (applicant_a, applicant_b):
        for since in (earliest, theirs.created_at, mine[-1].created_at):
            got = template.rows(None, enterprise=user.enterprise_id, since=since)
            assert got == [tuple(r) for r in _orm(None, user.enterprise_id, since)]
    # the values come back converted, as the ORM gives them (SQLite stores text)
    row = template.rows(None, enterprise=applicant_a.enterprise_id, since=earliest)[0]
    assert row[1] == min(a.created_at for a in mine)


def test_a_shape_is_its_own_statement_and_is_built_once(applicant_a):
    app = f.make_application(applicant_a)
    template = Template(_build, FIELDS)
    values = {"enterprise": applicant_a.enterprise_id, "since": app.created_at}
    assert len(template.rows("drafts", **values)) == 1
    assert template.rows("all", **values) == [tuple(r) for r in _orm("all", **values)]
    built = dict(template._compiled)
    with CaptureQueriesContext(connection) as run:
        template.rows("drafts", **values)
    assert len(run.captured_queries) == 1  # counted like any query of the request
    assert template._compiled == built and len(built) == 2


def test_the_token_look_up_sees_revocation_at_once(applicant_a):
    issued = api_token_create(user=applicant_a, name="t")
    user = api_token_authenticate(issued.raw)
    assert user.pk == applicant_a.pk and user.enterprise.pk == applicant_a.enterprise_id
    assert user.department is None
    api_token_revoke(user=applicant_a, token_id=issued.token.id)
    assert api_token_authenticate(issued.raw) is None
    assert ApiToken.objects.get(pk=issued.token.id).revoked_at is not None


def test_the_row_lock_of_a_write_is_the_whole_row_and_only_the_actors(applicant_a, applicant_b):
    from django.db import transaction

    from core.errors import NotFound
    from permits.services.common import locked_own

    app = f.make_application(applicant_a)
    with transaction.atomic():
        locked = locked_own(applicant_a, app.id)
        with pytest.raises(NotFound):
            locked_own(applicant_b, app.id)
    fresh = Application.objects.get(pk=app.pk)
    fields = [f.attname for f in Application._meta.concrete_fields]
    assert [getattr(locked, n) for n in fields] == [getattr(fresh, n) for n in fields]
    assert not locked._state.adding and locked._state.db == "default"


@pytest.mark.django_db(transaction=True)
def test_the_row_lock_needs_a_transaction(applicant_a):
    from django.db.transaction import TransactionManagementError

    from permits.services.common import locked_own

    app = f.make_application(applicant_a)
    with pytest.raises(TransactionManagementError):
        locked_own(applicant_a, app.id)  # outside one, the lock would end with the statement


def test_shapes_beyond_the_bound_give_way_oldest_first(applicant_a, monkeypatch):
    from config.speed import statements

    monkeypatch.setattr(statements, "MAX_SHAPES", 2)
    template = Template(_build, FIELDS)
    values = {
        "enterprise": applicant_a.enterprise_id,
        "since": f.make_application(applicant_a).created_at,
    }
    for shape in ("a", "b", "drafts"):
        assert len(template.rows(shape, **values)) == 1
    assert [key[1] for key in template._compiled] == ["b", "drafts"]
