"""The production path of a notice on PostgreSQL: the decision commits, its task waits in the
database, and a separate `manage.py db_worker` process renders it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from permits.models import Notice
from testing import factories as f
from testing.tasks import uses_database_backend

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not uses_database_backend(),
        reason="the database task backend runs on PostgreSQL (make test-pg)",
    ),
]


def test_a_worker_process_renders_what_the_decision_enqueued(applicant_a, approver_bj, tmp_path):
    app = f.approved(applicant_a, approver_bj)
    assert set(Notice.objects.filter(application=app).values_list("state", flat=True)) == {
        "pending"
    }
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "VAR_DIR": str(tmp_path / "var"),
        "TASKS_BACKEND": "database",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    notices = list(Notice.objects.filter(application=app).order_by("issued_at"))
    assert [(n.kind, n.state) for n in notices] == [("acceptance", "ready"), ("approval", "ready")]
    for notice in notices:
        stored = tmp_path / "media" / notice.storage_name
        assert stored.read_bytes().startswith(b"%PDF-") and stored.stat().st_size == notice.size
