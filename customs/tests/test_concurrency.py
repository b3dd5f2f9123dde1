"""Write-offs racing on PostgreSQL: twenty at once → one; a write-off and a void at once → one
wins; two retries of one Idempotency-Key at once → one write-off, the same answer twice."""

import json

import pytest
from django.db import connection
from django.test import Client

from core.errors import NotAllowed
from customs import services
from permits.models import Application, WriteOff
from review import services as review
from testing import factories as f
from testing.concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock races need PostgreSQL"),
]


def declaration(i: int) -> str:
    return f"2201202612345678{i:02d}"


def test_twenty_write_offs_at_once_make_one(applicant_a, approver_bj, customs):
    permit = f.approved(applicant_a, approver_bj)

    def use(i):
        try:
            services.permit_write_off(
                actor=customs,
                permit_no=permit.permit_no,
                customs_district="0100",
                declaration_no=declaration(i),
            )
            return "ok"
        except NotAllowed as exc:
            return exc.errors[0].message

    results = race(20, use)
    assert results.count("ok") == 1 and results.count("written_off") == 19
    assert WriteOff.objects.filter(application=permit).count() == 1


def test_a_write_off_racing_a_void(applicant_a, approver_bj, customs):
    permit = f.approved(applicant_a, approver_bj)

    def act(i):
        try:
            if i == 0:
                services.permit_write_off(
                    actor=customs,
                    permit_no=permit.permit_no,
                    customs_district="0100",
                    declaration_no=declaration(0),
                )
            else:
                review.application_void(actor=approver_bj, application_id=permit.id, reason="作废")
            return "ok"
        except NotAllowed:
            return "409"

    assert sorted(race(2, act)) == ["409", "ok"]
    permit = Application.objects.get(pk=permit.pk)
    written_off = WriteOff.objects.filter(application=permit).exists()
    assert written_off != (permit.status == "voided")


def test_the_same_key_twice_at_once(applicant_a, approver_bj, customs, token_for):
    permit = f.approved(applicant_a, approver_bj)
    headers = {**token_for(customs), "HTTP_IDEMPOTENCY_KEY": "lost-response-1"}
    body = json.dumps({"customs_district": "0100", "declaration_no": declaration(1)})

    def send(_i):
        response = Client().post(
            f"/api/v1/customs/permits/{permit.permit_no}/write-off",
            body,
            content_type="application/json",
            **headers,
        )
        return response.status_code, response.json()

    (s1, b1), (s2, b2) = race(2, send)
    assert s1 == s2 == 200 and b1 == b2
    assert WriteOff.objects.filter(application=permit).count() == 1
