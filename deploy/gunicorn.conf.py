"""gunicorn settings of one node (deploy/serve-prod.sh passes --bind, --pid, the log file).

Sync workers, no preload: a HUP reloads the code and replaces the workers one by one while
the master keeps the listening socket, so no request is refused. Each worker writes its
Prometheus samples under PROMETHEUS_MULTIPROC_DIR; a dead worker's are merged (mark dead).
"""

import os

from prometheus_client import multiprocess

wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 2
max_requests = 5000
max_requests_jitter = 500
accesslog = None  # the app writes one JSON line per request (operations.requests)
errorlog = "-"
proc_name = f"drug-permits-{os.environ.get('NODE_NAME', 'node')}"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
