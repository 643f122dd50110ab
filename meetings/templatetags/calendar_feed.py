"""`{% load calendar_feed %}`: the addresses of the delegate's calendar feed, for the private
page of `delegates` (which does not import meetings)."""

from django import template

from meetings import calendar

register = template.Library()

register.filter("calendar_url", calendar.calendar_url)
register.filter("webcal_url", calendar.webcal_url)
