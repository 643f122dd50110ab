from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing shared by every app and about no domain: HTTP helpers, PDFs, rate limits,
    spreadsheets, the admin base classes."""

    name = "core"
    verbose_name = _("Portal plumbing")
