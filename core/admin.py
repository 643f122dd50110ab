"""Admin plumbing shared by every app."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def _check_key(field, value):
    """Http404 unless `value` can be a value of the primary key `field` (django-simple-history
    queries with whatever the URL holds: "abc" as an integer id is a 500 otherwise)."""
    try:
        field.to_python(value)
    except ValidationError as error:
        raise Http404 from error


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history pages answer 404, not 500, to an id that is none."""

    def history_view(self, request, object_id, extra_context=None):
        _check_key(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _check_key(self.model._meta.pk, unquote(object_id))
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        _check_key(history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
