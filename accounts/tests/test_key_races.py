"""One assertion sent twice at the same instant (PostgreSQL): the challenge is taken once and
the key's counter moves once, so exactly one of them signs in."""

import json

import pytest
from django.db import connection
from django.test import Client

from accounts.models import SecurityKey
from testing.concurrency import race
from testing.webauthn import SoftKey, bind

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL"),
]


def test_one_assertion_twice_at_once_signs_in_once(key_site, applicant_a):
    client = Client()
    client.force_login(applicant_a)
    key = SoftKey()
    bind(client, key)
    options = (
        Client()
        .post("/accounts/login/key/options/", data="{}", content_type="application/json")
        .json()
    )
    body = json.dumps(
        {"challenge_id": options["challenge_id"], "credential": key.assertion(options["publicKey"])}
    )

    def send(i):
        answer = Client().post("/accounts/login/key/", data=body, content_type="application/json")
        return answer.status_code

    assert sorted(race(4, send)) == [200, 403, 403, 403]
    assert SecurityKey.objects.get().sign_count == 1
