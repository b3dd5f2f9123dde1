"""A decision's notice is never orphaned: its render task commits with the decision (the
database backend's outbox), so a process killed right after the COMMIT leaves the task queued,
and one `manage.py run_tasks` renders the notice with no other command."""

import os
import subprocess
import sys
import textwrap
import time

import pytest
from django.conf import settings
from django.db import connection

from permits.models import Notice, NoticeState
from testing import factories as f
from testing.servers import REPO

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the task workers' database backend"
    ),
]

KILLED_AFTER_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    import django
    django.setup()
    from django.db import transaction
    from accounts.models import User
    from review import services

    approver = User.objects.get(username=sys.argv[1])
    with transaction.atomic():
        # Registered first, so it runs first once the decision has committed: the process
        # dies before any other callback of the commit.
        transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
        services.application_accept(actor=approver, application_id=sys.argv[2])
    """
)


def _environment(tmp_path) -> dict:
    db = settings.DATABASES["default"]
    url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def test_a_process_killed_right_after_the_commit_leaves_no_notice_behind(
    tmp_path, applicant_a, approver_bj
):
    app = f.submitted(applicant_a)
    env = _environment(tmp_path)
    decided = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", KILLED_AFTER_COMMIT, approver_bj.username, str(app.id)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert decided.returncode == -9, decided.stderr.decode()[-2000:]
    notice = Notice.objects.get(application=app)  # the decision committed
    assert notice.state == NoticeState.PENDING
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "run_tasks", "--interval", "0.2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("wb"),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            notice.refresh_from_db()
            if notice.state == NoticeState.READY:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert notice.state == NoticeState.READY, (tmp_path / "worker.log").read_text()[-3000:]
