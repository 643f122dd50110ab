"""Form widgets and fields that render fast.

Django's Select renders each option through its own template (`option.html`): for the public
filter forms, whose selects hold up to a hundred regions and are on every visit of a page,
that was most of the page's cost. LeanSelect writes the same HTML in one pass of Python, with
every label and value escaped. A form copies its class's fields for every instance
(`copy.deepcopy`), a choice field its choices with them, option by option: FixedChoiceField
shares choices that never change instead."""

import copy

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class LeanSelect(forms.Select):
    """A single select that renders its options without a template per option (no option
    groups, which the filter forms do not use). A form's copy of it shares its choices
    (Django's copy normalizes them again, option by option): choices set on one form's field
    replace them for that form alone, never change them in place."""

    def __deepcopy__(self, memo):
        copied = copy.copy(self)
        copied.attrs = self.attrs.copy()
        memo[id(self)] = copied
        return copied

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = (
            {"" if value is None else str(value)}
            if not isinstance(value, list)
            else {"" if v is None else str(v) for v in value}
        )
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>')
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


class FetchedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a model choice field read with one plain query. Django's iterator reads
    them through `QuerySet.iterator()`, which on PostgreSQL opens a server-side cursor (declare,
    fetch, close: three round trips, and a cursor kept WITH HOLD) to spare memory that a list
    of regions, tables or visits never needs."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset.all():  # a copy: the field's queryset keeps no rows
            yield self.choice(row)


class FixedChoiceField(forms.ChoiceField):
    """A choice field whose choices are set once, on the form's class, and never changed (the
    sectors, kinds, statuses of a filter): each form's copy of the field shares them, where
    Django's ChoiceField copies every option for every form. Choices set on an instance's
    field replace the shared ones for that instance alone, as they would anyway."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the copy shares `_choices`
