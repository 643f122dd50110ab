"""Reading model content kept in three languages (`name_it`, `name_ru`, `name_en`)."""

from django.conf import settings
from django.utils import translation


def localized(instance, field, language=None):
    """The value of `<field>_<language>` for the active language, falling back to English,
    then Italian, then Russian, so that a missing translation never shows an empty string."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    order = [language] + [code for code in ("en", "it", "ru") if code != language]
    for code in order:
        value = getattr(instance, f"{field}_{code}", "")
        if value:
            return value
    return ""


class LocalizedFieldsMixin:
    """`obj.localized("name")` for models with per-language fields."""

    def localized(self, field, language=None):
        return localized(self, field, language)
