from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The portal's record read across every app: region statistics, search across editions
    and the read-only JSON API (open data). It sits above the domain apps and only reads."""

    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from opendata import receivers  # noqa: F401  (the search index follows the rows)
