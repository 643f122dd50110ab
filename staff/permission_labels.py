"""Permissions named in the reader's language on the user and group pages of the admin.

Django stores each permission's name in English in the database ("Can add registration") and
the admin lists them as they are stored, so the Italian and Russian admin showed a list of
English phrases. The four permissions Django creates for every model are named here from the
model's translated name; the portal's own permissions ("Can view passport data") are looked up
in the catalogues, where their models declare them."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """ "Delegati | registrazione | Può aggiungere: registrazione" for the Italian reader."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _separator, model_name = permission.codename.partition("_")
    if model is not None and action in DEFAULT_PERMISSION_NAMES:
        if model_name == model._meta.model_name:
            name = DEFAULT_PERMISSION_NAMES[action] % {"model": model._meta.verbose_name}
            return f"{content_type} | {name}"
    return f"{content_type} | {gettext(permission.name)}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, permission):
        return permission_label(permission)


class TranslatedPermissionsMixin:
    """For the ModelAdmins of users and groups: their permission lists in the reader's
    language."""

    permission_fields = ("permissions", "user_permissions")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in self.permission_fields:
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)
