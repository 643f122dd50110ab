"""Background tasks of the collaboration projects (core/background.py): thin wrappers over
the services, taking primitives."""

import datetime

from core.background import background_task
from projects.services import follow_up


@background_task()
def send_due_follow_ups_task(now=None):
    """The periodic follow-up: ask every question due (at `now`, an ISO moment, for tests and
    for running a missed day again; the present otherwise)."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    return follow_up.send_due_follow_ups(now=moment)
