"""Logs as JSON, one object per line, each carrying the id of the request it belongs to.

A line looks like:
{"time": "2026-11-27T18:01:02.345Z", "level": "INFO", "logger": "actionplan.http",
 "message": "GET /api/v1/actions 200", "request_id": "6f1c…", "method": "GET",
 "path": "/api/v1/actions", "status": 200, "duration_ms": 12.3}

The request id is kept in a context variable set by the HTTP middleware (core/http.py), so any
line logged while a request is handled — by our code, SQLAlchemy or uvicorn — carries it.
"""

import contextvars
import json
import logging
import logging.config
import time
from typing import Any

# The JSON lines carry none of these: not gathering them makes every log record cheaper (one is
# made for each request), in every process that serves requests (uvicorn's workers import this).
logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
# Nor the file and line a call came from: finding them walks the stack for every line (the logging
# HOWTO's "Optimization" section names this setting).
logging._srcfile = None

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Fields a caller may pass with `extra=` that belong in the JSON object.
_EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "client", "delivery_id", "event_type", "worker",
                 "audit_checkpoint")


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)  # made once: json.dumps(**options) makes one a call


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for name in _EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _ENCODER.encode(entry)


def logging_config(level: str = "INFO") -> dict:
    """A dictConfig for our loggers and uvicorn's, all JSON to standard error.

    uvicorn's own access log is switched off by `actionplan serve`: the middleware logs each
    request instead, with its id, status and duration.
    """
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"json": handler},
        "root": {"handlers": ["json"], "level": "WARNING"},
        "loggers": {
            "actionplan": {"handlers": ["json"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["json"], "level": level, "propagate": False},
            "uvicorn.error": {"handlers": ["json"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": ["json"], "level": level, "propagate": False},
        },
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))
