"""Updates and inserts built once (config.speed.write_statements): the rows and columns `update()`
would change and the row `create()` would add, with each call's values, inside the caller's
transaction."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.speed.write_statements import Insert
from conftest import FROZEN_AT
from permits.models import Application, AuditEvent
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


RECORD = Insert(
    AuditEvent,
    ("application_id", "application_no", "action", "detail", "actor", "client_address", "at"),
)
_COLUMNS = (
    "application_id",
    "application_no",
    "action",
    "detail",
    "actor_id",
    "client_address",
    "at",
)


@pytest.fixture
def stopped_clock():
    with time_machine.travel(FROZEN_AT, tick=False):
        yield timezone.now()


def test_an_insert_adds_the_row_create_would(applicant_a, stopped_clock):
    app = f.make_application(applicant_a)
    given = {
        "application_id": app.pk,
        "application_no": "I2026000001",
        "action": "goods_update",
        "detail": "1. 胰岛素",
        "client_address": "2001:0db8:0000::0001",  # stored as the ORM stores it: 2001:db8::1
    }
    made = AuditEvent.objects.create(actor=applicant_a, **given)
    with CaptureQueriesContext(connection) as ctx:
        RECORD.run(actor_id=applicant_a.pk, **given)
    assert len(ctx.captured_queries) == 1
    rows = list(
        AuditEvent.objects.filter(action="goods_update").order_by("id").values_list(*_COLUMNS)
    )
    assert len(rows) == 2 and rows[0] == rows[1]
    assert rows[1][-2] == "2001:db8::1" and rows[1][-1] == made.at == stopped_clock


def test_a_field_left_out_takes_now_or_its_default_and_an_unknown_one_is_refused(stopped_clock):
    RECORD.run(application_id=uuid.UUID(int=7), application_no="E1", action="x")
    row = AuditEvent.objects.values_list(*_COLUMNS).get()
    assert row == (uuid.UUID(int=7), "E1", "x", "", None, None, stopped_clock)
    at = datetime(2026, 1, 2, tzinfo=UTC)
    RECORD.run(application_id=uuid.UUID(int=8), application_no="E2", action="x", at=at)
    assert AuditEvent.objects.get(application_no="E2").at == at
    with pytest.raises(TypeError, match="actor$"):
        RECORD.run(application_id=uuid.UUID(int=9), application_no="E3", action="x", actor=1)


def test_an_insert_is_part_of_the_callers_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        RECORD.run(application_id=uuid.UUID(int=7), application_no="E1", action="x")
        raise RuntimeError
    assert not AuditEvent.objects.exists()
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            RECORD.run(application_id=uuid.UUID(int=7), application_no=None, action="x")
        RECORD.run(application_id=uuid.UUID(int=8), application_no="E2", action="x")
    assert list(AuditEvent.objects.values_list("application_no", flat=True)) == ["E2"]
    with transaction.atomic():  # a failed insert marks the transaction for rollback
        with pytest.raises(IntegrityError):
            RECORD.run(application_id=uuid.UUID(int=7), application_no=None, action="x")
        assert transaction.get_rollback()  # and leaving the block rolls it back
