import pytest

from permits.models import Application
from testing import factories as f


@pytest.mark.django_db
def test_full_import_flow_to_submitted(applicant_a):
    app = f.submitted(applicant_a)
    assert app.status == "submitted"
    assert Application.objects.get(pk=app.pk).submitted_at is not None
