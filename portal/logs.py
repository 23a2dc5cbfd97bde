"""Structured logs: one JSON object a line in production, with a request id that follows a
request into the Celery tasks it causes, and no personal data.

- `RequestIdMiddleware` takes a well-formed `X-Request-ID` from the proxy (or makes one), binds it
  for every log line of the request and returns it in the response.
- Celery: the id rides in a message header (`before_task_publish`) and is bound again in the
  worker (`task_prerun`), so the e-mail a request caused is logged with the request's id; the
  tasks a task queues carry it on in turn.
- `redact_personal_data` masks e-mail addresses and 12-digit numbers (IIN, BIN) in every line,
  whatever the logger: a mail server's error quoting the recipient is logged without it. Names
  and appeal texts are never passed to a logger in the first place.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, MutableMapping
from logging.config import dictConfig
from typing import Any

import structlog
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
CELERY_HEADER = "dialog_request_id"
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _redact(text: str) -> str:
    return _TWELVE_DIGITS.sub("[number]", _EMAIL.sub("[e-mail]", text))


def redact_personal_data(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = _redact(value)
    return event


_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.format_exc_info,
    redact_personal_data,
]


def logging_config(*, json: bool, level: str) -> dict[str, Any]:
    """Django's LOGGING: every stdlib logger (Django, Celery, gunicorn, ours) through structlog."""
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": _SHARED,
                "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # gunicorn's own loggers propagate to root and so come out as JSON too.
            "gunicorn.error": {"handlers": [], "propagate": True},
            "gunicorn.access": {"handlers": [], "propagate": True},
        },
    }


structlog.configure(
    processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value else None


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _WELL_FORMED_ID.fullmatch(given) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        # Left bound after the chain returns: Django logs a 4xx/5xx ("Not Found: …") outside the
        # middleware; request_finished unbinds it once the response is closed.
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


@receiver(request_finished)
def _unbind_after_response(**_kwargs: Any) -> None:
    structlog.contextvars.clear_contextvars()


@before_task_publish.connect
def _send_request_id(headers: dict[str, Any] | None = None, **_kwargs: Any) -> None:
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(CELERY_HEADER, request_id)


@task_prerun.connect
def _bind_request_id(task: Any = None, task_id: str | None = None, **_kwargs: Any) -> None:
    structlog.contextvars.clear_contextvars()
    request_id = getattr(task.request, CELERY_HEADER, None) if task is not None else None
    structlog.contextvars.bind_contextvars(request_id=request_id or f"task-{task_id}", task_id=task_id)


@task_postrun.connect
def _unbind_request_id(**_kwargs: Any) -> None:
    structlog.contextvars.clear_contextvars()


@setup_logging.connect
def _django_logging_for_celery(**_kwargs: Any) -> None:
    """Celery would replace the root logger's handlers with its own plain-text ones; with this
    receiver connected it leaves logging alone, and the worker uses Django's LOGGING."""
    from django.conf import settings

    dictConfig(settings.LOGGING)
