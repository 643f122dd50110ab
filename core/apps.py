from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Plumbing shared by every app and about no domain: file responses, PDFs, rate limits,
    Roman numerals, per-language fields, spreadsheets, the background-task decorator, who may
    act (authorization), the admin base classes."""

    name = "core"
