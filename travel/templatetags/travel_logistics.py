"""`{% load travel_logistics %}`: whether the delegate's private page offers the hotel room
and the arrival form (delegates/manage.html)."""

from django import template

from travel.services.hotels import may_give_travel

register = template.Library()


@register.filter
def travel_offered(registration):
    """The session collects hotels or arrivals and the registration holds a place."""
    return may_give_travel(registration)
