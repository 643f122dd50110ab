from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    """Travel of the delegates: visa invitation letters (hotels and transfers to come)."""

    name = "travel"
    verbose_name = _("Travel: visa invitation letters")

    def ready(self):
        from travel import receivers  # noqa: F401  (connects to delegates.signals)
