"""Forms of the two-factor login, with the portal's own wording in Italian, Russian and English.

They are django-two-factor-auth's forms with our labels and messages: the package's Italian
addresses the reader with *tu* and leaves several strings empty, django-otp ships no Italian or
Russian at all, and a code is a "code" for the people who use it, not a "token".
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.forms import OTPAuthenticationFormMixin
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, TOTPDeviceForm

OTP_ERROR_MESSAGES = {
    **OTPAuthenticationFormMixin.otp_error_messages,
    "token_required": _("Please enter the code."),
    "invalid_token": _("This code is not valid. Please check it and try again."),
    "n_failed_attempts": ngettext_lazy(
        "Verification is paused after %(failure_count)d wrong code: please wait a few seconds "
        "and try again.",
        "Verification is paused after %(failure_count)d wrong codes: please wait a little "
        "and try again.",
        "failure_count",
    ),
    "verification_not_allowed": _("Codes cannot be checked right now: please try again soon."),
    "device_required": _("This account has no device to check the code against."),
}

CODE_FIELD_ERRORS = {
    "required": _("Please enter the code."),
    "invalid": _("The code is made of 6 digits."),
    "min_length": _("The code is made of 6 digits."),
    "max_length": _("The code is made of 6 digits."),
}


# The wizards pass keyword arguments by the names in each form's signature: the signatures
# below repeat the package's.


class TokenForm(AuthenticationTokenForm):
    """The code shown by the authenticator app, at login or to verify a session."""

    otp_error_messages = OTP_ERROR_MESSAGES

    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)
        field = self.fields["otp_token"]
        field.label = _("Code from the authenticator app")
        field.error_messages.update(CODE_FIELD_ERRORS)
        field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class RecoveryCodeForm(BackupTokenForm):
    """One of the recovery codes printed at enrolment; each opens one login only."""

    otp_error_messages = {
        **OTP_ERROR_MESSAGES,
        "invalid_token": _("This recovery code is not valid, or it has already been used."),
        "device_required": _("This account has no recovery codes."),
    }

    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)
        field = self.fields["otp_token"]
        field.label = _("Recovery code")
        field.error_messages["required"] = _("Please enter a recovery code.")
        field.widget.attrs.update({"autocomplete": "off", "autofocus": "autofocus"})


class AuthenticatorSetupForm(TOTPDeviceForm):
    """Set-up: the first code of the app proves that it holds the secret."""

    error_messages = {
        "invalid_token": _(
            "This code does not match. Check that the phone's clock is right and enter the "
            "code the app shows now."
        )
    }

    def __init__(self, key, user, metadata=None, **kwargs):
        super().__init__(key, user, metadata=metadata, **kwargs)
        field = self.fields["token"]
        field.label = _("Code from the authenticator app")
        # A code, not a quantity: no number spinner, and a leading 0 stays visible.
        field.widget = forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": "autofocus",
                "maxlength": "6",
            }
        )
        field.error_messages.update(
            {
                "required": _("Please enter the code."),
                "invalid": _("The code is made of 6 digits."),
                "min_value": _("The code is made of 6 digits."),
                "max_value": _("The code is made of 6 digits."),
            }
        )


class RemoveSecondFactorForm(forms.Form):
    understand = forms.BooleanField(
        label=_("I understand that my login will ask only for the password."),
        error_messages={"required": _("Please confirm.")},
    )
