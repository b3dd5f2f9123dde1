"""Change stamps (permits.tags.change_stamps) and the triggers as schema (core.triggers): a write by
any path, SQL included, gives the detail and the lists new tags and new bodies at the next
request; the triggers are what the code declares after every migrate, and the check names
what differs; no writer waits on another enterprise's transaction."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from accounts.models import Enterprise
from core import triggers
from permits import services
from permits.models import Application, ListRemoval
from permits.tags.list_tags import scope_of, signature
from testing import factories as f

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/applications/{}"
LIST = "/api/v1/applications"


def _get(client, url, auth, **headers):
    response = client.get(url, **auth, **headers)
    return response.status_code, response.get("ETag"), response.content


def test_a_bulk_sql_fix_shows_at_once_with_new_tags(anon, applicant_a, token_for):
    auth = token_for(applicant_a)
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    url = DETAIL.format(app.id)
    _s, tag, _body = _get(anon, url, auth)
    _s, list_tag, _list = _get(anon, LIST, auth)
    pk = Application._meta.pk.get_db_prep_value(app.id, connection)
    with connection.cursor() as cursor:  # no version, no updated_at: past every service
        cursor.execute(
            "UPDATE permits_application SET remarks = %s WHERE id = %s", ["批量修正", pk]
        )
    status, new_tag, body = _get(anon, url, auth, HTTP_IF_NONE_MATCH=tag)
    assert status == 200 and new_tag != tag
    assert "批量修正" in body.decode()
    assert _get(anon, LIST, auth, HTTP_IF_NONE_MATCH=list_tag)[0] == 200
    # A row the detail shows, written past the services: its application shows it.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE permits_goods SET manufacturer = %s", ["修正后的生产厂商"])
    status, third_tag, body = _get(anon, url, auth, HTTP_IF_NONE_MATCH=new_tag)
    assert status == 200 and third_tag not in (tag, new_tag)
    assert "修正后的生产厂商" in body.decode()


def test_one_statement_over_many_scopes_changes_each(applicant_a, applicant_b):
    f.make_application(applicant_a)
    f.make_application(applicant_a)
    f.make_application(applicant_b)
    scopes = [scope_of(applicant_a), scope_of(applicant_b)]
    before = [signature(*s) for s in scopes]
    Application.objects.all().update(contact_person="批量")  # three rows, two enterprises
    after = [signature(*s) for s in scopes]
    assert all(a[0] > b[0] for a, b in zip(after, before, strict=True))


def test_an_application_that_leaves_a_scope_changes_it(applicant_a, approver_bj):
    app = f.draft(applicant_a)
    department = scope_of(approver_bj)
    before = signature(*department)
    Application.objects.filter(pk=app.pk).update(approval_department="310000")
    assert signature(*department)[0] > before[0]
    assert ListRemoval.objects.filter(department_id="110000").exists()
    enterprise = scope_of(applicant_a)
    before = signature(*enterprise)
    services.application_delete(actor=applicant_a, application_id=app.id)
    assert signature(*enterprise)[0] > before[0]


def test_a_claim_of_a_notice_changes_nothing_shown(applicant_a, approver_bj):
    from permits.models import Notice

    app = f.accepted(applicant_a, approver_bj)
    stamp = Application.objects.get(pk=app.pk).stamp
    Notice.objects.filter(application=app).update(attempts=3, claimed_by="run")
    assert Application.objects.get(pk=app.pk).stamp == stamp
    Notice.objects.filter(application=app).update(state="failed")
    assert Application.objects.get(pk=app.pk).stamp != stamp


def test_the_triggers_are_as_declared_and_come_back_after_migrate():
    assert triggers.differences(connection) == []
    with connection.cursor() as cursor:  # as SQLite does when a migration rebuilds a table
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER permits_notice_touch_update ON permits_notice")
        else:
            cursor.execute("DROP TRIGGER permits_notice_touch_update")
    assert triggers.differences(connection) == ["trigger permits_notice_touch_update"]
    with pytest.raises(SystemCheckError, match="permits_notice_touch_update"):
        call_command("check", databases=["default"])
    triggers.on_post_migrate(sender=None, using=connection.alias)
    assert triggers.differences(connection) == []
    call_command("check", databases=["default"])


def test_a_changed_trigger_body_is_named_and_replaced_on_migrate():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # an older body of a function
            cursor.execute(
                "CREATE OR REPLACE FUNCTION permits_stamp_application() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"
            )
            name = "function permits_stamp_application"
        else:  # an older text of a trigger
            cursor.execute("DROP TRIGGER permits_goods_touch_insert")
            cursor.execute(
                "CREATE TRIGGER permits_goods_touch_insert AFTER INSERT ON permits_goods "
                "FOR EACH ROW BEGIN SELECT 1; END"
            )
            name = "trigger permits_goods_touch_insert"
    assert triggers.differences(connection) == [name]
    with pytest.raises(SystemCheckError, match=name.split()[1]):
        call_command("check", databases=["default"])
    triggers.on_post_migrate(sender=None, using=connection.alias)
    assert triggers.differences(connection) == []


def test_a_bulk_load_stamps_its_rows_and_keeps_the_triggers(approver_bj):
    from bench.loaddata import generate

    department = scope_of(approver_bj)
    before = signature(*department)
    generate(applications=40, enterprises=20, seed=2, log=lambda _m: None)
    assert not Application.objects.filter(stamp=0).exists()
    assert signature(*department)[0] > before[0]
    assert triggers.differences(connection) == []


# -- PostgreSQL: other transactions really running -------------------------------------------


def _second_beijing_enterprise():
    from accounts import services as accounts
    from accounts.uscc import check_character

    first17 = "91110105DP0000004"
    return accounts.enterprise_upsert(
        uscc=first17 + check_character(first17),
        name="北京第二测试医药有限公司",
        address="北京市朝阳区",
        name_en="Beijing Second Co., Ltd.",
        address_en="Chaoyang, Beijing",
        trade_record_no="00004",
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second connection")
def test_an_open_transaction_of_one_enterprise_never_holds_up_another(applicant_a, token_for, anon):
    """Enterprise A's open transaction has updated its own application; enterprise B of the
    same province saves its own draft at once (the lists' freshness takes no shared lock)."""
    from accounts import services as accounts
    from testing.concurrency import row_locked

    other = accounts.user_upsert(
        username="carol",
        password="Demo-Passw0rd!",
        role="enterprise_admin",
        enterprise=_second_beijing_enterprise(),
        department=None,
        first_name="carol",
    )
    mine, theirs = f.draft(applicant_a), f.draft(other)
    assert mine.approval_department_id == theirs.approval_department_id == "110000"
    auth = token_for(other)

    def edit(row):
        row.remarks = "A 未提交的修改"
        row.save()

    with row_locked(Application, mine.pk, change=edit):
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1500ms'")
        started = time.monotonic()
        response = anon.put(
            DETAIL.format(theirs.id),
            {"version": theirs.version, "remarks": "B 的修改"},
            content_type="application/json",
            **auth,
        )
        took = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    assert response.status_code == 200, response.content
    assert took < 1.0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second connection")
def test_a_list_is_not_tagged_while_an_older_transaction_may_still_change_it(
    applicant_a, token_for, anon
):
    """A transaction that began writing before the scope's newest stamp may commit a change
    stamped older than it: until it ends the list carries no tag (and is not kept)."""
    from testing.concurrency import row_locked

    auth = token_for(applicant_a)
    held, other = f.draft(applicant_a), f.draft(applicant_a)

    def edit(row):
        row.contact_person = "仍在进行的修改"
        row.save()

    with row_locked(Application, held.pk, change=edit):  # its transaction id comes first
        Application.objects.filter(pk=other.pk).update(contact_person="已提交的修改")
        response = anon.get(LIST, **auth)
        assert response.status_code == 200 and not response.has_header("ETag")
    response = anon.get(LIST, **auth)
    assert response.has_header("ETag")
    assert Enterprise.objects.filter(pk=applicant_a.enterprise_id).exists()
