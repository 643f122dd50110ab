"""Dates as delegates read them in running text (sessions_app/dates.py writes them)."""

from django import template

from sessions_app.templatetags.session_dates import long_day as _long_day
from sessions_app.templatetags.session_dates import session_moment

register = template.Library()

register.filter("long_day", _long_day)
register.filter("session_moment", session_moment)
