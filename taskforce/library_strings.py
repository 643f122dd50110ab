"""Strings of third-party apps that the admin shows and that their own catalogues leave
untranslated or wrong in Italian or Russian. Listing them here keeps them in the project's
catalogue (`make messages` extracts only what the project's code marks), and Django reads the
project's catalogue (LOCALE_PATHS) before those of the apps. Nothing imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

LIBRARY_STRINGS = [
    # Django's form validation messages: its Italian catalogue addresses the reader with "tu"
    # ("Inserisci un indirizzo email valido"); the portal uses "Lei" and writes «e-mail».
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        0,
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        0,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        0,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        0,
    ),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("Email address"),
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
    # Django's admin puts a model's name (nominative) into phrases that need another case or
    # gender: «Выберите регистрация для изменения», «Seleziona registrazione per
    # visualizzarlo». The portal's catalogue words them so that no noun has to agree.
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    # django-axes: the model the admin's permission lists name.
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # The admin's messages after a save or a deletion agree with a masculine model in Italian
    # and Russian («Il voce del programma … è stato aggiunto», «регистрация … был успешно
    # добавлен»): the portal's catalogue words them so that no noun has to agree; and the
    # Italian catalogue leaves the title of a form sent back with errors in English ("Error:").
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Error:"),
    # The same family: "Save and continue editing" adds this to the message above (Django
    # 5.2), which its Italian catalogue writes with «tu» and a masculine pronoun («Puoi
    # modificarlo di nuovo qui sotto.», after «sessione»); the bulk delete says «Cancellati/e»;
    # the list's editable columns and a record not found agree with a masculine model too.
    gettext_noop("You may edit it again below."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        0,
    ),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    # Month names inside a date (the "E" of a date format, taskforce/formats/it): Django's
    # Italian catalogue capitalises them ("4 Dicembre 2026"); Italian writes "4 dicembre 2026".
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
    # The admin index's table headers for screen readers, left in English by Django's Italian
    # catalogue.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # The changelist's "select all": Django's Italian agrees "tutti" with any model
    # ("Seleziona tutti 46 registrazioni").
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    # django-simple-history's revert page (its own catalogue has no Italian).
    gettext_noop("Revert %s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Revert"),
]
