"""The third-party apps the admin shows, under names the ministry's staff read in their own
language (the libraries name them "Axes", "Celery Results", "Post Office" and leave them, and
most of their models, untranslated in Italian and Russian). INSTALLED_APPS points at these
classes; each keeps its library's name, label and start-up code. (two_factor stays as it is:
its system check looks for its own name in INSTALLED_APPS, and the admin shows no model of it.)"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_celery_results.apps import CeleryResultConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDeviceConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDeviceConfig
from post_office.apps import PostOfficeConfig


def name_model(model, singular, plural):
    """Give a library's model a translatable name: some name their models in plain English
    strings, which no catalogue can translate. Only the names the admin shows change: the
    migrations read the model's own Meta, so nothing in the database does."""
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts")


class BackgroundTasksConfig(CeleryResultConfig):
    verbose_name = _("Background tasks")

    def ready(self):
        super().ready()
        name_model(self.get_model("ChordCounter"), _("chord counter"), _("chord counters"))


class OutboxConfig(PostOfficeConfig):
    verbose_name = _("Outgoing e-mail")


class AuthenticatorAppsConfig(TOTPDeviceConfig):
    """django-otp's TOTP devices, named in the permission lists of the user and group pages."""

    verbose_name = _("Authenticator apps")

    def ready(self):
        super().ready()
        name_model(self.get_model("TOTPDevice"), _("TOTP device"), _("TOTP devices"))


class RecoveryCodesConfig(StaticDeviceConfig):
    verbose_name = _("Recovery codes")

    def ready(self):
        super().ready()
        name_model(self.get_model("StaticDevice"), _("static device"), _("static devices"))
        name_model(self.get_model("StaticToken"), _("static token"), _("static tokens"))
