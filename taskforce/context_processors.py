from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def portal(request):
    """Links to the current page in each language, for the language switcher."""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            native = translation.gettext(name)
        links.append(
            {
                "code": code,
                "name": native,
                "url": translate_url(request.get_full_path(), code),
                "is_current": code == current,
            }
        )
    return {"language_links": links}
