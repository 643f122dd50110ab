"""Reading model content kept in three languages (`name_it`, `name_ru`, `name_en`)."""

from django.conf import settings
from django.utils import translation


def _served(instance, field, language=None):
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    order = [language] + [code for code in ("en", "it", "ru") if code != language]
    for code in order:
        value = getattr(instance, f"{field}_{code}", "")
        if value:
            return code, value
    return "", ""


def localized(instance, field, language=None):
    """The value of `<field>_<language>` for the active language, falling back to English,
    then Italian, then Russian, so that a missing translation never shows an empty string."""
    return _served(instance, field, language)[1]


def localized_language(instance, field, language=None):
    """The language of what `localized` gives ("it" for an Italian title read on the Russian
    page), "" when every field is empty: pages mark such text with its `lang`, for screen
    readers and for hyphenation."""
    return _served(instance, field, language)[0]


class LocalizedFieldsMixin:
    """`obj.localized("name")` for models with per-language fields."""

    def localized(self, field, language=None):
        return localized(self, field, language)


def bilingual_labels(labels, languages=("it", "ru")):
    """{"key": {"it": "…", "ru": "…"}} for lazy translatable labels, for documents that
    print each label in both languages (visa letters, signature sheets)."""
    result = {key: {} for key in labels}
    for language in languages:
        with translation.override(language):
            for key, label in labels.items():
                result[key][language] = str(label)
    return result
