"""A worker's exit (recycled after max_requests, a timeout, an out-of-memory kill) never takes
the node down: the gunicorn master starts another, with or without a metrics directory."""

import os
import signal

import pytest

from testing.servers import alive, children, get, gunicorn_node, wait_until


@pytest.mark.parametrize("metrics", [False, True], ids=["no metrics dir", "metrics dir"])
def test_the_master_survives_a_worker_exit(tmp_path, metrics):
    env = {}
    if metrics:
        (tmp_path / "metrics").mkdir()
        env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "metrics")
    with gunicorn_node(tmp_path, workers=2, **env) as (base, master):
        assert wait_until(lambda: len(children(master.pid)) == 2, 30)
        worker = children(master.pid)[0]
        os.kill(worker, signal.SIGTERM)
        assert wait_until(lambda: not alive(worker) or worker not in children(master.pid), 15)
        replaced = wait_until(
            lambda: len(children(master.pid)) == 2 and get(f"{base}/healthz", 2)[0] == 200, 20
        )
        log = (tmp_path / "gunicorn.log").read_text()
        assert master.poll() is None, log[-3000:]
        assert replaced, log[-3000:]
