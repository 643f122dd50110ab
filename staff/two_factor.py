"""The one second factor the portal offers: an authenticator app (TOTP), with recovery codes.

django-two-factor-auth picks the forms of each method from its registry; registering ours in
place of its "generator" method gives its login and set-up wizards our forms and wording.
"""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.plugins.registry import GeneratorMethod, registry


class AuthenticatorAppMethod(GeneratorMethod):
    verbose_name = _("Authenticator app")

    def recognize_device(self, device):
        return isinstance(device, TOTPDevice)

    def get_setup_forms(self, *args):
        from staff.forms import AuthenticatorSetupForm

        return {self.code: AuthenticatorSetupForm}

    def get_token_form_class(self):
        from staff.forms import TokenForm

        return TokenForm

    def get_action(self, device):
        return _("Enter the code shown by your authenticator app")

    def get_verbose_action(self, device):
        return _("Enter the 6-digit code that your authenticator app shows now.")


def register_methods():
    """Called once from StaffConfig.ready()."""
    registry.unregister(GeneratorMethod.code)
    registry.register(AuthenticatorAppMethod())
