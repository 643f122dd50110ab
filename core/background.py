"""Background tasks of every app: Celery's `shared_task` with the project's rules.

A task takes primary keys and calls one service; it may run twice (a worker that
died, a message handed again), so the service it calls does its effect once. Transient
failures (the database restarting, a lost connection) are retried with exponential back-off.
"""

import threading

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def background_task(**options):
    """Decorate a task function: `@background_task()`."""
    defaults = {
        "autoretry_for": TRANSIENT_ERRORS,
        "retry_backoff": 2,
        "retry_backoff_max": settings.CELERY_RETRY_BACKOFF_MAX,
        "retry_jitter": True,
        "max_retries": settings.CELERY_TASK_MAX_RETRIES,
    }
    return shared_task(**{**defaults, **options})


def enqueue(task_name, *args, countdown=None):
    """Queue the task registered as `task_name` (its module path and function name) with these
    arguments, to run at once or `countdown` seconds from now. A service names the task rather
    than importing it: the tasks module imports the services it wraps, so importing it back
    would be an import cycle (.importlinter). Honours CELERY_TASK_ALWAYS_EAGER, unlike
    `send_task`."""
    from celery import current_app

    _import_task_modules(current_app)
    return current_app.tasks[task_name].apply_async(args, countdown=countdown)


_task_modules_imported = threading.Event()


def _import_task_modules(app):
    """The tasks modules of every app, as a worker imports them at start: once per process
    (Celery's import also runs Django's system checks, some 80 ms, which a web request must
    not pay each time it queues a task)."""
    if not _task_modules_imported.is_set():
        app.loader.import_default_modules()
        _task_modules_imported.set()
