from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenueConfig(AppConfig):
    """At the venue: badges (preparation, printing), the check-in desk, attendance."""

    name = "venue"
    verbose_name = _("Venue: badges and check-in")

    def ready(self):
        from venue import receivers  # noqa: F401  (connects to delegates.signals)
