"""The API fuzzed against its own OpenAPI document (schemathesis, every check), in-process on
whichever database the suite runs on: `make test-pg` and `.ci/run` run it on PostgreSQL.

25 examples per operation keeps it to about a minute. Each operation is called as the role it
is for (applicant, approver, customs) with a bearer token; half the cases name a real
application of that user, so the handlers run beyond their 404. `positive_data_acceptance`
also accepts 404, 409, 415 and 422: data that fits the schema can still name nothing that
exists, meet a status that forbids the action, break a business rule (e.g. an unknown port
code), or be a file that is not a PDF (a schema cannot say "PDF" of binary content).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.api import api
from testing import factories as f

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "404", "409", "415", "422"],
            },
        },
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1"), config=CONFIG
)
schema.app = get_wsgi_application()


@pytest.fixture
def _one_connection():
    """Requests reach the WSGI app directly, not through Django's test client: like that
    client, keep the test's connection (and its transaction) open between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(applicant_a, approver_bj, customs, token_for):
    draft = f.make_application(applicant_a)
    f.add_goods(applicant_a, draft)
    submitted = f.submitted(applicant_a)
    header = {u: token_for(u)["HTTP_AUTHORIZATION"] for u in (applicant_a, approver_bj, customs)}
    return {
        "applications": (header[applicant_a], [str(draft.id), str(submitted.id)]),
        "review": (header[approver_bj], [str(submitted.id)]),
        "customs": (header[customs], []),
        "other": (header[applicant_a], []),
    }


def _persona(case) -> str:
    path = case.operation.path
    if path.startswith("/api/v1/review"):
        return "review"
    if path.startswith("/api/v1/customs"):
        return "customs"
    if path.startswith("/api/v1/applications"):
        return "applications"
    return "other"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, tokens, _one_connection):
    auth, ids = tokens[_persona(case)]
    params = case.path_parameters or {}
    if ids and "application_id" in params and hash(str(params)) % 2 == 0:
        params["application_id"] = ids[hash(str(params)) % len(ids)]
    case.call_and_validate(headers={"Authorization": auth})
