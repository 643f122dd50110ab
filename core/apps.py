from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Plumbing shared by every app and about no domain: file responses, PDFs, rate limits,
    Roman numerals, per-language fields, spreadsheets, the background-task decorator, who may
    act (authorization), the admin base classes."""

    name = "core"

    def ready(self):
        # Each app's figures for the statistics page (core/statistics.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("statistics")

        from core.public_cache import connect_topics, set_renderer
        from core.rendered import render_response_once

        connect_topics()
        # The views' pages, rendered once while what they show is the same (core/rendered.py).
        set_renderer(render_response_once)
