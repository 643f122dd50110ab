"""`{% filter written %}…{% endfilter %}` (or `{{ sentence|written }}`): a sentence of a page
as the reader's language writes it once its date is in place. Italian elides the article
before the 8th and the 11th, «entro l’8 marzo», «dall’11 aprile», where its catalogue writes
"il %(date)s" for any day (core.text.italian_elision; e-mails and PDFs get the same through
core.text.as_written).

Put it around the sentence that holds the date, never around a whole page: what people typed
(a form's values, a hotel's name) stays as typed."""

from django import template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from core.text import italian_elision

register = template.Library()


@register.filter(is_safe=True)
def written(text):
    """`text` with the rules of the active language applied; safe stays safe (the rules add
    no markup)."""
    if (translation.get_language() or "").split("-")[0] != "it":
        return text
    elided = italian_elision(str(text))
    return mark_safe(elided) if isinstance(text, SafeData) else elided
