from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from taskforce.navigation import SECTIONS, current_section


def _in_language(path, current, code):
    """`path` in language `code`: Django's translate_url, which gives `path` back unchanged
    when no URL matches it (a 404 page); then its language prefix swapped, so that the
    switcher still changes the language of the page saying the address does not exist."""
    url = translate_url(path, code)
    prefix = f"/{current}/"
    if url == path and code != current and path.startswith(prefix):
        url = f"/{code}/{path.removeprefix(prefix)}"
    return url


def portal(request):
    """What the base template needs on every page: the language switcher's links to the current
    page in each language, and the main menu with the current section marked."""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            native = translation.gettext(name)
        links.append(
            {
                "code": code,
                "name": native,
                "url": _in_language(request.get_full_path(), current, code),
                "is_current": code == current,
            }
        )
    match = getattr(request, "resolver_match", None)
    active = current_section(match.view_name if match else None)
    navigation = [
        {"url": reverse(section.url_name), "label": section.label, "is_current": section is active}
        for section in SECTIONS
    ]
    return {
        "language_links": links,
        "main_navigation": navigation,
        "accessibility_feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
    }
