"""Logs as JSON, one object a line, so a collector can read every node's output as data.

Every line carries the time, level, logger, message and, inside a request, the request's id
(operations.requests sets it); extra fields given with `logger.info(..., extra={...})` under
the name `fields` are merged in. Used by Django's LOGGING and by gunicorn's own log
(deploy/gunicorn.conf.py), so a node's output is one format.
"""

from __future__ import annotations

import json
import logging
import os
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
NODE = os.environ.get("NODE_NAME", "")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if NODE:
            line["node"] = NODE
        request_id = request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(level: str) -> dict:
    """Django's LOGGING: everything as JSON lines on stderr; the request log at INFO."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "operations.requests": {"level": "INFO"},
            # Django's own 4xx/5xx lines would repeat the request log's line.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
        },
    }
