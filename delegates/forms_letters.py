"""The delegate's request for a visa invitation letter."""

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from delegates.models import PASSPORT_FIELDS, VisaLetterRequest
from sessions_app.consulates import consulate_suggestions
from sessions_app.models import long_date


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VisaLetterRequestForm(forms.ModelForm):
    """Passport data, exactly as in the passport: every field a consulate reads is required."""

    class Meta:
        model = VisaLetterRequest
        fields = [*PASSPORT_FIELDS, "consulate"]
        widgets = {
            "date_of_birth": DateInput(),
            "passport_issued_on": DateInput(),
            "passport_expires_on": DateInput(),
        }

    required = ("name_in_passport", "date_of_birth", "citizenship", "passport_number")

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        for name in (*self.required, "passport_expires_on", "consulate"):
            self.fields[name].required = True
        self.fields["passport_number"].widget.attrs["autocomplete"] = "off"
        # Suggest the consulates the letter can name in both languages (sessions_app.consulates).
        self.fields["consulate"].widget.attrs.update(
            {"list": "consulate-options", "autocomplete": "off"}
        )
        delegation = getattr(getattr(self.instance, "registration", None), "delegation", None)
        self.consulate_suggestions = consulate_suggestions(
            delegation, translation.get_language() or "it"
        )

    def clean_name_in_passport(self):
        return " ".join(self.cleaned_data["name_in_passport"].split()).upper()

    def clean_passport_number(self):
        return "".join(self.cleaned_data["passport_number"].split()).upper()

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value >= timezone.localdate():
            raise forms.ValidationError(_("The date of birth must lie in the past."))
        return value

    def clean_passport_expires_on(self):
        value = self.cleaned_data["passport_expires_on"]
        if value and value < self.session.end_date:
            raise forms.ValidationError(
                _(
                    "The passport expires before the session ends (%(end)s): a visa cannot be "
                    "issued on it. Please renew it first, or give the data of a valid passport."
                ),
                params={"end": long_date(self.session.end_date)},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("passport_issued_on"), cleaned.get("passport_expires_on")
        if issued and expires and issued >= expires:
            self.add_error(
                "passport_issued_on", _("The passport must be issued before it expires.")
            )
        return cleaned
