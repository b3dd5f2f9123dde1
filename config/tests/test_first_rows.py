"""Several one-row statements built once, read in one round trip
(config.speed.statements.first_rows), answer as each would on its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from config.speed.statements import Template, first_rows
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.django_db

APPLICATION = Template(
    lambda _shape, pk: (
        Application.objects.filter(pk=pk)
        .order_by()
        .values_list("application_no", "created_at", "enterprise_id")[:1]
    ),
    {"pk": Application._meta.pk},
)
USER = Template(
    lambda _shape, pk: (
        User.objects.filter(pk=pk)
        .order_by()
        .values_list("id", "username", "date_joined", "enterprise__name")[:1]
    ),
    {"pk": User._meta.pk},
)
COUNTED = Template(
    lambda _shape, pk: Application.objects.filter(pk=pk).order_by().values_list("id")[:1],
    {"pk": Application._meta.pk},
    wrap="SELECT COUNT(*) FROM ({}) AS counted",
)


def test_each_row_as_its_own_statement_gives_it_in_one_round_trip(applicant_a, applicant_b):
    app = f.make_application(applicant_a)
    for person in (applicant_a, applicant_b):
        alone = [APPLICATION.rows(pk=app.pk)[0], USER.rows(pk=person.pk)[0]]
        with CaptureQueriesContext(connection) as run:
            together = first_rows(
                (APPLICATION, None, {"pk": app.pk}), (USER, None, {"pk": person.pk})
            )
        assert len(run.captured_queries) == 1
        assert together == alone
        # converted as the ORM converts them (SQLite keeps dates as text)
        assert together[0][1] == app.created_at and together[1][2] == person.date_joined


def test_a_missing_later_row_is_none_and_a_missing_first_row_makes_all_none(applicant_a):
    app = f.make_application(applicant_a)
    nobody, no_app = 987_654, f.make_application(applicant_a).pk
    Application.objects.filter(pk=no_app).delete()
    got = first_rows((APPLICATION, None, {"pk": app.pk}), (USER, None, {"pk": nobody}))
    assert got[0] == APPLICATION.rows(pk=app.pk)[0] and got[1] is None
    got = first_rows((APPLICATION, None, {"pk": no_app}), (USER, None, {"pk": applicant_a.pk}))
    assert got == [None, None]


def test_a_wrapped_template_is_refused(applicant_a):
    app = f.make_application(applicant_a)
    with pytest.raises(ValueError, match="wrapped"):
        first_rows((APPLICATION, None, {"pk": app.pk}), (COUNTED, None, {"pk": app.pk}))
