"""LeanSelect writes the HTML Django's Select writes, without a template per option; the
forms' copies of LeanSelect and FixedChoiceField share their choices, and a form that sets its
own changes no other."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import FixedChoiceField, LeanSelect

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


class Filter(forms.Form):
    sector = FixedChoiceField(choices=CHOICES, required=False, widget=LeanSelect)
    kind = FixedChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


def test_forms_share_fixed_choices_and_one_that_sets_its_own_changes_no_other():
    first, second = Filter(), Filter({"sector": "RU-SVE", "kind": "b"})
    for form in (first, second):
        assert form.fields["sector"].choices is Filter.base_fields["sector"].choices
        assert form.fields["sector"].widget.choices is Filter.base_fields["sector"].widget.choices
        assert form.fields["sector"].widget is not Filter.base_fields["sector"].widget
    assert second.is_valid(), second.errors
    assert second.cleaned_data == {"sector": "RU-SVE", "kind": "b"}

    first.fields["sector"].choices = [("", "All"), ("IT-25", "Lombardia")]
    first.fields["sector"].widget.attrs["class"] = "form-select is-invalid"
    assert 'value="RU-SVE"' not in str(first["sector"])
    assert 'value="RU-SVE" selected' in str(second["sector"])
    assert "is-invalid" not in str(second["sector"])
    fresh = Filter({"sector": "RU-SVE"})
    assert fresh.is_valid() and 'value="RU-SVE"' in str(fresh["sector"])
    assert Filter({"sector": "nowhere"}).errors["sector"]


def test_a_form_s_signature_names_its_declared_fixed_choices_and_reads_any_others():
    """core/form_cache.py: the choices a FixedChoiceField shares with its class stand by
    the class and the language; choices set on an instance are read option by option."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from core.form_cache import _signature

    class Translated(forms.Form):
        kind = FixedChoiceField(choices=[("signed", gettext_lazy("Signed"))], required=False)

    assert _signature(Filter()) == _signature(Filter())
    with translation.override("ru"):
        russian = _signature(Translated())
    with translation.override("it"):
        assert _signature(Translated()) != russian

    narrowed = Filter()
    narrowed.fields["kind"].choices = [("a", "A")]
    relabelled = Filter()
    relabelled.fields["kind"].choices = [("a", "A"), ("b", "Bee")]
    signatures = {_signature(form) for form in (Filter(), narrowed, relabelled)}
    assert len(signatures) == 3
