import re
from datetime import date

import pytest
from django.db import transaction

from permits.numbering import new_application_no, new_permit_no
from testing import factories as f

# Dates, validity and deadlines: time is frozen (conftest.FROZEN_AT).
pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.mark.django_db
def test_application_numbers_have_our_format_and_never_repeat(applicant_a):
    numbers = {f.make_application(applicant_a).application_no for _ in range(5)}
    numbers |= {f.make_application(applicant_a, direction="export").application_no}
    assert len(numbers) == 6
    assert all(re.fullmatch(r"[IE]\d{8}\d{8}", n) for n in numbers)
    assert any(n.startswith("E") for n in numbers)


@pytest.mark.django_db
def test_application_number_carries_the_date():
    assert new_application_no("import", date(2026, 3, 9)).startswith("I20260309")


@pytest.mark.django_db
def test_permit_numbers_are_gapless_per_department_year_direction():
    assert new_permit_no("110000", "import", 2026) == "1100002026I00001"
    assert new_permit_no("110000", "import", 2026) == "1100002026I00002"
    assert new_permit_no("110000", "export", 2026) == "1100002026E00001"
    assert new_permit_no("310000", "import", 2026) == "3100002026I00001"
    assert new_permit_no("110000", "import", 2027) == "1100002027I00001"


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    try:
        with transaction.atomic():
            assert new_permit_no("120000", "import", 2026).endswith("00001")
            raise RuntimeError("approval failed")
    except RuntimeError:
        pass
    assert new_permit_no("120000", "import", 2026).endswith("00001")
