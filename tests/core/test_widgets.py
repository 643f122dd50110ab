"""LeanSelect writes the HTML Django's Select writes, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import LeanSelect

CHOICES = [("", "All"), ("IT-25", "Lombardia"), ("RU-SVE", "Свердловская <область> & «Урал»")]


@pytest.mark.parametrize("value", [None, "", "RU-SVE", "unknown"])
def test_lean_select_renders_what_django_select_renders(value):
    attrs = {"class": "form-select", "id": "id_region"}
    lean = LeanSelect(attrs=attrs, choices=CHOICES).render("region", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("region", value)
    assert parse_html(lean) == parse_html(django)
    assert "&lt;область&gt; &amp;" in lean


@pytest.mark.django_db
def test_the_registry_filter_marks_the_chosen_region():
    from agreements.forms import AgreementFilterForm

    form = AgreementFilterForm({"status": "signed"})
    html = str(form["status"])
    assert '<option value="signed" selected>' in html
