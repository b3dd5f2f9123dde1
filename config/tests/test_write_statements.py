"""Updates built once (config.write_statements): the rows and columns `update()` would change,
with each call's values, inside the caller's transaction."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from permits.models import Application
from permits.services import common
from permits.services.common import touch
from testing import factories as f

pytestmark = pytest.mark.django_db

MOVE = common._TOUCH  # updated_at, and with the shape True the drug name too


def _row(app):
    return Application.objects.values_list("updated_at", "drug_name").get(pk=app.pk)


def test_each_call_changes_its_own_row_with_its_own_values(applicant_a):
    one, two = f.make_application(applicant_a), f.make_application(applicant_a)
    untouched = _row(two)
    at = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert MOVE.run(True, pk=one.pk, at=at, name="胰岛素") == 1
    assert _row(one) == (at, "胰岛素") and _row(two) == untouched
    later = datetime(2026, 3, 5, tzinfo=UTC)
    assert MOVE.run(False, pk=two.pk, at=later, name="ignored") == 1
    assert _row(two) == (later, untouched[1]) and _row(one) == (at, "胰岛素")
    assert MOVE.run(False, pk=uuid.UUID(int=1), at=at) == 0  # no such row


def test_it_runs_in_the_callers_transaction(applicant_a):
    app = f.make_application(applicant_a)
    before = _row(app)
    with pytest.raises(RuntimeError), transaction.atomic():
        MOVE.run(True, pk=app.pk, at=datetime(2026, 1, 1, tzinfo=UTC), name="x")
        raise RuntimeError
    assert _row(app) == before


def test_touch_moves_the_time_and_the_mirrored_name_in_one_statement(applicant_a, frozen_time):
    app = f.make_application(applicant_a)
    with CaptureQueriesContext(connection) as ctx:
        touch(app, drug_name="生长激素")
    assert len(ctx.captured_queries) == 1
    assert _row(app) == (app.updated_at, "生长激素") and app.drug_name == "生长激素"
