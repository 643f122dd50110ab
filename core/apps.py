from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Plumbing shared by every app and about no domain: HTTP helpers, PDFs, rate limits,
    spreadsheets, the admin base classes."""

    name = "core"

    def ready(self):
        from core.public_cache import connect_topics

        connect_topics()
