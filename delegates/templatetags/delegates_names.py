"""People's names in templates: how a letter or an e-mail addresses them."""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def address_name(person):
    """ "Юлия Сергеевна" in Russian when a patronymic is known, else the full name."""
    if person is None:
        return ""
    return person.address_name(translation.get_language())
