"""`{% load certificates %}`: whether the delegate's private page (delegates/manage.html)
offers the certificate of attendance (the session is over and the delegate checked in)."""

from django import template

from venue.services.certificates import is_certificate_offered

register = template.Library()


@register.filter
def certificate_offered(registration):
    return is_certificate_offered(registration)
