"""The Celery app: the broker is Redis; with no broker configured, tasks run eagerly.

Workers log through the portal's LOGGING (JSON lines in production), and every line
written while a task runs names the task and carries the id of the web request that
queued it, passed along in the message's headers.
"""

import contextvars
import os
from typing import Any

from celery import Celery, signals

from portal.logging import configure, current_task, new_request_id, request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The header that carries the request id from the web process to the worker.
REQUEST_ID_HEADER = "portal_request_id"
_task_context: dict[str, list[contextvars.Token[Any]]] = {}


@signals.setup_logging.connect
def _log_like_the_web_processes(**kwargs) -> None:
    # Connecting this signal stops Celery from installing its own format and from
    # taking over the root logger; the worker uses settings.LOGGING instead.
    from django.conf import settings

    configure(settings.LOGGING)


@signals.before_task_publish.connect
def _pass_the_request_id(headers=None, **kwargs) -> None:
    identifier = request_id.get()
    if identifier and headers is not None:
        headers[REQUEST_ID_HEADER] = identifier


@signals.task_prerun.connect
def _tag_the_task_logs(task_id=None, task=None, **kwargs) -> None:
    tokens: list[contextvars.Token[Any]] = [current_task.set((task.name, task_id))]
    # An eager task runs inside the request that queued it and keeps its id.
    incoming = task.request.get(REQUEST_ID_HEADER)
    if incoming:
        tokens.append(request_id.set(new_request_id(incoming)))
    _task_context[task_id] = tokens


@signals.task_postrun.connect
def _untag_the_task_logs(task_id=None, **kwargs) -> None:
    tokens = _task_context.pop(task_id, [])
    variables: list[contextvars.ContextVar[Any]] = [current_task, request_id]
    for variable, token in zip(variables, tokens, strict=False):
        variable.reset(token)
