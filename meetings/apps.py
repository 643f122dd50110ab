from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meeting Point (B2B)")

    def ready(self):
        from meetings import receivers  # noqa: F401
