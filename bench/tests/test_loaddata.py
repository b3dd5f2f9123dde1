"""generate_load_data: realistic rows through the bulk path, numbers that later real
allocations never repeat, and --clear removing exactly what it generated."""

import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from accounts.models import Enterprise, User
from accounts.uscc import is_valid_uscc, province_code
from bench import loaddata
from permits import presenters, services
from permits.models import Application, Attachment, Goods, StatusChange
from permits.numbering import new_permit_no
from permits.rules.attachments import slots_for
from permits.workflow.states import TRANSITIONS, Status
from reference.models import Department
from testing import factories as f

pytestmark = pytest.mark.django_db

ALLOWED_STEPS = {(str(s), str(new)) for (s, _a), (new, _who) in TRANSITIONS.items()}


def generate(n: int, **options) -> str:
    out = StringIO()
    call_command("generate_load_data", applications=n, stdout=out, **options)
    return out.getvalue()


def test_generates_realistic_applications(reference_data):
    output = generate(300, enterprises=60, seed=3)
    assert "done: 300 applications" in output

    apps = list(Application.objects.select_related("enterprise"))
    assert len(apps) == 300
    assert {a.status for a in apps} == set(Status.values)
    assert Counter(a.direction for a in apps).keys() == {"import", "export"}
    approved = sum(a.status == "approved" for a in apps)
    assert 0.4 * 300 < approved < 0.9 * 300  # decided applications dominate

    # enterprises: valid USCCs, decided by their own province, every department served
    for app in apps:
        assert is_valid_uscc(app.enterprise.uscc)
        assert app.approval_department_id == province_code(app.enterprise.uscc)
        assert app.applicant_uscc == app.enterprise.uscc
        assert app.created_by.enterprise_id == app.enterprise_id
    assert {a.approval_department_id for a in apps} == set(
        Department.objects.values_list("code", flat=True)
    )
    assert Enterprise.objects.filter(name__startswith=loaddata.NAME_PREFIX).count() == 60

    # goods: 1 to 4 per application, numbered 1..n, one drug per application
    per_app = Goods.objects.values("application").annotate(
        n=Count("id"), lo=Min("seq"), hi=Max("seq"), drugs=Count("drug_name", distinct=True)
    )
    assert len(per_app) == 300
    assert {row["n"] for row in per_app} <= {1, 2, 3, 4}
    assert all(row["lo"] == 1 and row["hi"] == row["n"] and row["drugs"] == 1 for row in per_app)

    # numbers: our formats, unique; permits exactly where a permit was issued
    assert len({a.application_no for a in apps}) == 300
    for app in apps:
        letter = "I" if app.direction == "import" else "E"
        assert re.fullmatch(rf"{letter}\d{{8}}\d{{8}}", app.application_no)
        if app.status in ("approved", "voided"):
            assert re.fullmatch(
                rf"{app.approval_department_id}\d{{4}}{letter}\d{{5}}", app.permit_no
            )
            assert app.issue_date <= app.valid_until
            assert app.permit_no[6:10] == str(app.issue_date.year)
        else:
            assert app.permit_no is None
    permits = [a.permit_no for a in apps if a.permit_no]
    assert len(set(permits)) == len(permits)

    # history follows the workflow table and ends in the current status
    history = defaultdict(list)
    for h in StatusChange.objects.order_by("at", "id"):
        history[h.application_id].append(h)
    for app in apps:
        steps = history[app.id]
        assert steps[0].action == "create" and steps[0].to_status == "draft"
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status
            assert (after.from_status, after.to_status) in ALLOWED_STEPS
            assert after.at > before.at
        assert steps[-1].to_status == app.status
        assert app.version == len(steps)
        assert (app.submitted_at is not None) == any(s.action == "submit" for s in steps)

    # attachments: the required slots of everything that was ever submitted, nothing else
    files = defaultdict(set)
    for a in Attachment.objects.all():
        files[a.application_id].add(a.type)
    for app in apps:
        if app.submitted_at is None:
            assert not files[app.id]
        else:
            required = {
                s.type for s in slots_for(app.direction, app.purpose, app.is_agent) if s.required
            }
            assert required <= files[app.id]

    # the rows read back through the presenters the API uses
    sample = Application.objects.filter(status="approved").first()
    user = sample.created_by
    out = presenters.application_out(
        Application.objects.prefetch_related("goods", "attachments", "history").get(pk=sample.pk),
        user,
    )
    assert out["permit_no"] == sample.permit_no and out["history"]


def test_counters_move_on_so_real_numbers_never_collide(reference_data, applicant_a):
    generate(120, enterprises=50, seed=5)
    generated = Application.objects.values_list("application_no", flat=True)
    highest = max(int(no[-8:]) for no in generated)

    app = f.make_application(applicant_a)
    assert int(app.application_no[-8:]) == highest + 1

    top = Application.objects.exclude(permit_no=None).order_by("-permit_no").first()
    dept, year = top.permit_no[:6], int(top.permit_no[6:10])
    issued = Application.objects.filter(permit_no__startswith=top.permit_no[:11]).count()
    assert issued == int(top.permit_no[-5:])  # gapless from 1
    assert new_permit_no(dept, top.direction, year) == f"{top.permit_no[:11]}{issued + 1:05d}"


def test_a_second_run_adds_more_and_clear_removes_only_generated_data(reference_data, applicant_a):
    own = f.make_application(applicant_a)
    generate(80, enterprises=50, seed=1)
    generate(80, enterprises=50, seed=1)
    assert Application.objects.count() == 161
    assert Enterprise.objects.filter(name__startswith=loaddata.NAME_PREFIX).count() == 50
    assert len(set(Application.objects.values_list("application_no", flat=True))) == 161

    output = generate(0, clear=True)
    assert "deleted 160 permits.Application" in output
    assert list(Application.objects.all()) == [own]
    assert not Enterprise.objects.filter(name__startswith=loaddata.NAME_PREFIX).exists()
    assert not User.objects.filter(username__startswith=loaddata.USERNAME_PREFIX).exists()
    assert not StatusChange.objects.exclude(application=own).exists()
    services.application_update(
        actor=applicant_a,
        application_id=own.id,
        data={"remarks": "still here"},
        version=own.version,
    )
