"""Failed background tasks, as staff see them in the admin (django-celery-results keeps each
task's name, arguments and outcome): running one again with its stored arguments."""

import ast
import json
import logging

from celery import current_app, states
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.authorization import require_permission

logger = logging.getLogger(__name__)

RUN_AGAIN_PERMISSION = "django_celery_results.change_taskresult"


class BackgroundError(Exception):
    pass


def stored_arguments(result):
    """The positional and named arguments a TaskResult was run with. The result backend keeps
    their representation (JSON of Python's repr); tasks take primary keys, strings and lists,
    which read back exactly."""
    try:
        args = ast.literal_eval(json.loads(result.task_args)) if result.task_args else ()
        kwargs = ast.literal_eval(json.loads(result.task_kwargs)) if result.task_kwargs else {}
    except (ValueError, SyntaxError, TypeError) as error:
        raise BackgroundError(
            _("The arguments of task %(id)s were not kept whole: it cannot be run again.")
            % {"id": result.task_id}
        ) from error
    if not isinstance(args, (list, tuple)) or not isinstance(kwargs, dict):
        raise BackgroundError(
            _("The arguments of task %(id)s were not kept whole: it cannot be run again.")
            % {"id": result.task_id}
        )
    return tuple(args), kwargs


def run_again(results, *, by):
    """Queue again each failed task among `results` (TaskResult rows) with its stored
    arguments; the new run gets a new row and the failed one is removed. Tasks are
    idempotent, so running one again that half-succeeded does its effect once.
    Returns (the number queued, [(result, reason)] for those refused). `by`
    (core/authorization.py): staff who may change task results, or SYSTEM."""
    require_permission(by, RUN_AGAIN_PERMISSION)
    queued, refused = 0, []
    # The tasks modules of every app, as a worker imports them at start.
    current_app.loader.import_default_modules()
    for result in results:
        if result.status != states.FAILURE:
            refused.append((result, _("Only a failed task can be run again.")))
            continue
        task = current_app.tasks.get(result.task_name or "")
        if task is None:
            refused.append((result, _("This portal no longer has that task.")))
            continue
        try:
            args, kwargs = stored_arguments(result)
        except BackgroundError as error:
            refused.append((result, str(error)))
            continue
        with transaction.atomic():
            result.delete()
            transaction.on_commit(lambda task=task, a=args, k=kwargs: task.apply_async(a, k))
        logger.info("task %s (%s) run again by %s", result.task_id, result.task_name, by)
        queued += 1
    return queued, refused
