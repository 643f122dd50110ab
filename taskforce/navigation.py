"""The sections of the public site's main menu, in their order.

A page is in a section when its URL name matches one of the section's patterns
(``namespace:name``, ``namespace:*`` for a whole namespace): the menu marks that section with
``aria-current`` and the kit's active style. An app that adds a public section adds one line
here (the menu lives in the base template every public page extends).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str
    patterns: tuple[str, ...]

    def contains(self, view_name):
        for pattern in self.patterns:
            if pattern.endswith(":*"):
                if view_name.startswith(pattern[:-1]):
                    return True
            elif view_name == pattern:
                return True
        return False


SECTIONS = [
    Section(
        "sessions_app:session_list",
        _("Sessions"),
        (
            "sessions_app:session_list",
            "sessions_app:session_detail",
            "sessions_app:programme",
            "delegates:register",
            "delegates:registration_sent",
        ),
    ),
    Section("sessions_app:history", _("History"), ("sessions_app:history",)),
    Section("opendata:regions", _("Regions"), ("opendata:regions", "opendata:region_detail")),
    Section("statistics", _("Statistics"), ("statistics",)),
    Section("agreements:agreement_list", _("Agreements"), ("agreements:*",)),
    Section("opendata:search", _("Search"), ("opendata:search",)),
]


def current_section(view_name):
    """The section a page (by its URL name) belongs to, or None."""
    if not view_name:
        return None
    for section in SECTIONS:
        if section.contains(view_name):
            return section
    return None
