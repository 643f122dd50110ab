"""`{% load visa_letters %}`: what the delegate's pages of lower apps show about visa letters
(delegates/manage.html offers the letter only to delegates entitled to it)."""

from django import template

from travel.services.entitlement import is_entitled

register = template.Library()


@register.filter
def visa_letter_offered(registration):
    """Whether the private page offers this delegate a visa invitation letter."""
    return is_entitled(registration)
