"""`{% crispy_once form %}`: `{% crispy form %}`, rendered once while the form looks the same
(core/form_cache.py)."""

from crispy_forms.utils import render_crispy_form
from django import template

from core.form_cache import render_once

register = template.Library()


@register.simple_tag
def crispy_once(form):
    return render_once(form, lambda: render_crispy_form(form, form.helper))
