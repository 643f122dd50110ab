"""Forms rendered once per process for as long as what they show is the same.

A public form that nobody has filled in yet (the registration form) looks the same to every
visitor of a session in a language, yet crispy-forms renders it field by field, each through
several templates: some 30 ms a visit. `render_once(form, render)` keeps the HTML under a
digest of everything the form shows (each field's label, help text, widget and its attributes,
initial value and choices, with their labels, which carry live figures such as the places
left on a company visit, and the texts of its layout), so that any change of those gives a
new digest and a new render. A form may name public page topics (`render_topics`,
core/public_cache.py): the choices of its model choice fields whose rows those topics cover
(the regions, a session's thematic tables) are then stood for by the topic's version rather
than read row by row (the query itself by its SQL, or by the field's `choices_key`, which the
form sets to what the query depends on, such as the session and the language). The HTML is
kept in the memory of the process: no network round trip, no personal data (only forms not
bound to a visitor's input are kept), and a new deployment starts empty, so changed templates
show at once.
"""

import hashlib

from django.conf import settings
from django.utils import translation

from core.bounded import Bounded
from core.public_cache import versions_key
from core.widgets import FixedChoiceField

_rendered = Bounded(256)


def _topic_models(topics):
    models = set()
    for topic in topics:
        models.update(settings.PUBLIC_PAGE_TOPICS.get(topic, {}).get("models", ()))
    return models


def _choices(field, covered, declared):
    """The field's choices, or, for a model choice field whose rows belong to a public page
    topic the form declares (`render_topics`), its query: the topic's version stands for
    its rows (a query per visit and a model instance per region saved). The fixed choices
    of a field as its class declared them (core.widgets.FixedChoiceField: a list set once,
    the same in every form of the class) are named, not read option by option: their
    labels, translated, are decided by the language and the form's class, which the
    signature holds."""
    if (
        isinstance(field, FixedChoiceField)
        and declared is not None
        and field._choices is declared._choices
        and type(declared._choices) is list
    ):
        return "declared"
    queryset = getattr(field, "queryset", None)
    if queryset is not None and queryset.model._meta.label in covered:
        # What the form says its query depends on (`choices_key`: cheap, and the same for the
        # same query), else the query's SQL (compiling it costs about a millisecond).
        key = getattr(field, "choices_key", None)
        return ("key", queryset.model._meta.label, key) if key else str(queryset.query)
    choices = getattr(field, "choices", None)
    if choices is None:
        return None
    return [(str(value), str(label)) for value, label in choices]


def _layout_texts(layout, into):
    """The texts a crispy-forms layout adds to its fields (legends, HTML, classes, …)."""
    for item in getattr(layout, "fields", ()):
        if isinstance(item, str):
            into.append(item)
            continue
        into.append(type(item).__name__)
        for attribute in ("legend", "html", "css_class", "css_id", "value", "name", "attrs"):
            value = getattr(item, attribute, None)
            if value is not None:
                into.append(str(value))
        _layout_texts(item, into)


def signature(form):
    """A digest of everything an unbound `form` shows (worked out once per form object: the
    page's digest and the form's render both ask for it)."""
    known = form.__dict__.get("_render_signature")
    if known is None:
        known = form._render_signature = _signature(form)
    return known


def _signature(form):
    topics = tuple(getattr(form, "render_topics", ()))
    covered = _topic_models(topics)
    parts = [translation.get_language(), type(form).__module__, type(form).__qualname__]
    parts += [form.prefix, versions_key(*topics) if topics else ""]
    declared = form.base_fields
    for name, field in form.fields.items():
        widget = field.widget
        parts.append(
            (
                name,
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                type(widget).__name__,
                sorted((key, str(value)) for key, value in widget.attrs.items()),
                repr(form.get_initial_for_field(field, name)),
                _choices(field, covered, declared.get(name)),
            )
        )
    helper = getattr(form, "helper", None)
    if helper is not None:
        texts = []
        _layout_texts(helper.layout, texts)
        parts.append(texts)
        parts.append(sorted((k, str(v)) for k, v in vars(helper).items() if k != "layout"))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def render_once(form, render):
    """The HTML `render()` gives for `form`, rendered again only when what the form shows has
    changed. A bound form (a visitor's input and errors) is always rendered."""
    if form.is_bound:
        return render()
    key = signature(form)
    html = _rendered.use(key)
    if html is None:
        html = render()
        _rendered.keep(key, html)
    return html


def forget_all():
    """Drop every kept form (tests)."""
    _rendered.clear()
