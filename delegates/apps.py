from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = _("Delegates and registrations")

    def ready(self):
        # The admin of badges, visa letters and check-ins lives in its own module.
        from delegates import (
            admin_badges,  # noqa: F401
            receivers,  # noqa: F401
        )
