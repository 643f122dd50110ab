"""Strings of third-party apps that the admin shows and that their own catalogues leave
untranslated or wrong in Italian or Russian. Listing them here keeps them in the project's
catalogue (`make messages` extracts only what the project's code marks), and Django reads the
project's catalogue (LOCALE_PATHS) before those of the apps. Nothing imports this module."""

from django.utils.translation import gettext_noop, pgettext_lazy

LIBRARY_STRINGS = [
    # django-axes: the names of its models.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # django-celery-results.
    gettext_noop("task result"),
    gettext_noop("task results"),
    gettext_noop("group result"),
    gettext_noop("group results"),
    # django-post-office (its Russian catalogue sits under ru_RU, which Django never reads).
    pgettext_lazy("Email address", "Email"),
    pgettext_lazy("Email addresses", "Emails"),
    # Django's bulk delete action: the Italian catalogue agrees "selezionati" with every model,
    # feminine ones included ("Cancella registrazioni selezionati"), and says "cancella", which
    # the portal keeps for cancelling a registration.
    gettext_noop("Delete selected %(verbose_name_plural)s"),
]
