from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    """Messages to groups of delegates and the reminders of each session."""

    name = "mailings"
    verbose_name = _("Messages and reminders")

    def ready(self):
        from mailings import reminder_kinds  # noqa: F401  (registers the reminders of main)
