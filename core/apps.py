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
        # Each app's block of the staff's control room (core/control_room.py).
        autodiscover_modules("control_room")

        from core.public_cache import connect_topics, set_renderer
        from core.rendered import render_response_once

        connect_topics()
        # The views' pages, rendered once while what they show is the same (core/rendered.py).
        set_renderer(render_response_once)
        name_history_models(self.apps)


def name_history_models(apps):
    """django-simple-history names each history model "historical <name>" in English, fixed
    when the model is created; the admin's permission lists show these names. Give them a
    translatable one, built from the model's own (translated) name."""
    from django.utils.text import format_lazy
    from django.utils.translation import pgettext_lazy

    for model in apps.get_models():
        instance_type = getattr(model, "instance_type", None)
        if instance_type is None or not str(model._meta.verbose_name).startswith("historical "):
            continue
        model._meta.verbose_name = format_lazy(
            pgettext_lazy("history model", "historical {}"), instance_type._meta.verbose_name
        )
        model._meta.verbose_name_plural = format_lazy(
            pgettext_lazy("history model", "historical {}"),
            instance_type._meta.verbose_name_plural,
        )
