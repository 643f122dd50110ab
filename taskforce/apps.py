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


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts")


class BackgroundTasksConfig(CeleryResultConfig):
    verbose_name = _("Background tasks")


class OutboxConfig(PostOfficeConfig):
    verbose_name = _("Outgoing e-mail")


class AuthenticatorAppsConfig(TOTPDeviceConfig):
    """django-otp's TOTP devices, named in the permission lists of the user and group pages."""

    verbose_name = _("Authenticator apps")


class RecoveryCodesConfig(StaticDeviceConfig):
    verbose_name = _("Recovery codes")
