from django import forms
from django.utils.translation import gettext_lazy as _

from opendata.services.search import QUERY_MAX_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search sessions, agreements, projects and organizations"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        help_text=_("In Italian, Russian or English; names in Latin or Cyrillic letters."),
        error_messages={
            "max_length": _("Type at most %(limit_value)d characters (you typed %(show_value)d).")
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
