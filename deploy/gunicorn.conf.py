"""gunicorn settings of one node (deploy/node.sh passes --bind and --pid).

Sync workers, no preload. A reload nobody notices (deploy/restart_drill.py): USR2 starts a
new master with the new code beside the old one on the same socket (its pid in `PIDFILE.2`);
once its workers have loaded the app (each leaves a marker in GUNICORN_READY_DIR) the old
master is stopped with TERM and finishes the requests it holds, and the new one takes over
the pid file. (HUP would stop the old workers while the new ones
are still loading: requests would wait seconds.) Each worker writes its Prometheus samples
under PROMETHEUS_MULTIPROC_DIR; a dead worker's are merged (mark dead). Without that directory
there is nothing to merge, and nothing a worker's exit does stops the master.
"""

import os
from pathlib import Path

from prometheus_client import multiprocess

wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 2
# Request lines up to gunicorn's maximum reach the application, which answers those over
# its own limit (config.middleware.MAX_REQUEST_LINE, gunicorn's default) with a 414 in the
# API's error shape; gunicorn's own plain 414 is left for lines past 8190 bytes, which nginx
# refuses before they get here (deploy/nginx.conf.template).
limit_request_line = 8190
max_requests = 5000
max_requests_jitter = 500
control_socket_disable = True  # one per user by default: every node and instance would share it
accesslog = None  # the app writes one JSON line per request (operations.requests)
errorlog = "-"
proc_name = f"drug-permits-{os.environ.get('NODE_NAME', 'node')}"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}


def _marker(worker) -> Path | None:
    folder = os.environ.get("GUNICORN_READY_DIR")
    return Path(folder, str(worker.pid)) if folder else None


def post_worker_init(worker):
    marker = _marker(worker)
    if marker:
        marker.touch()


def child_exit(server, worker):
    """A worker is gone (recycled, timed out, killed): the master must go on whatever
    happens here, since an exception in this hook stops the master and the whole node."""
    try:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # metrics shared by the workers
            multiprocess.mark_process_dead(worker.pid)
        marker = _marker(worker)
        if marker:
            marker.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - logged; the master carries on
        server.log.exception("child_exit of worker %s", worker.pid)
