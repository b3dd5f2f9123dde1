import pytest

from permits.models import Application
from permits.tests import factories as f


@pytest.mark.django_db
def test_full_import_flow_to_submitted(applicant_a):
    app = f.submitted_application(applicant_a)
    assert app.status == "submitted"
    assert Application.objects.get(pk=app.pk).submitted_at is not None
