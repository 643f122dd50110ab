from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from taskforce.navigation import SECTIONS, current_section


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
                "url": translate_url(request.get_full_path(), code),
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
