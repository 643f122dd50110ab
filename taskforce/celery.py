"""The Celery application: the portal's background work (e-mail delivery, badge preparation,
periodic jobs), configured from Django settings under the `CELERY_` namespace.

Workers: `celery -A taskforce worker`; periodic jobs: `celery -A taskforce beat` (one beat for
the whole installation). See README, "Background work".
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")

app = Celery("taskforce")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks take primary keys; a list of a few hundred must survive whole in the stored arguments
# of a failed task, so that staff can run it again (Celery cuts them at 1 KiB by default).
app.amqp.argsrepr_maxsize = app.amqp.kwargsrepr_maxsize = 64 * 1024
app.autodiscover_tasks()
