"""The delegate's request for a visa invitation letter."""

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sessions_app.consulates import consulate_suggestions
from travel.models import PASSPORT_FIELDS, VisaLetterRequest
from travel.services.consulates import consulates_for, proposed_consulate
from travel.services.passport_rules import passport_problems


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsulateChoiceField(forms.ModelChoiceField):
    """Each consulate with its city and address, in the delegate's language."""

    def label_from_instance(self, consulate):
        return f"{consulate.localized('name')} – {consulate.localized('address')}"


class VisaLetterRequestForm(forms.ModelForm):
    """Passport data, exactly as in the passport: every field a consulate reads is required;
    the passport rules of the destination country are checked field by field (their
    explanations go beside the field, and nothing typed is lost)."""

    class Meta:
        model = VisaLetterRequest
        fields = [*PASSPORT_FIELDS, "consulate_office", "consulate"]
        widgets = {
            "date_of_birth": DateInput(),
            "passport_issued_on": DateInput(),
            "passport_expires_on": DateInput(),
        }

    required = ("name_in_passport", "date_of_birth", "citizenship", "passport_number")

    def __init__(self, *args, session, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        for name in (*self.required, "passport_expires_on"):
            self.fields[name].required = True
        self.fields["passport_number"].widget.attrs["autocomplete"] = "off"
        self.fields["passport_blank_pages"].widget.attrs["min"] = 0
        self.fields["passport_blank_pages"].help_text = _(
            "Pages with no stamp, visa or writing: the consulate needs room for the visa."
        )
        consulates = consulates_for(session)
        self.consulate_suggestions = []
        if consulates.exists():
            # The directory: the consulate serving the delegate's region is proposed.
            self.fields["consulate_office"] = ConsulateChoiceField(
                queryset=consulates,
                label=self.fields["consulate_office"].label,
                help_text=_(
                    "Proposed from the region of your organization; choose another if you "
                    "apply elsewhere. The letter is addressed to it."
                ),
            )
            del self.fields["consulate"]
            if registration is not None and not self.instance.consulate_office_id:
                proposed = proposed_consulate(registration)
                if proposed is not None:
                    self.initial["consulate_office"] = proposed.pk
        else:
            # No directory for this country yet: the delegate names the consulate.
            del self.fields["consulate_office"]
            self.fields["consulate"].required = True
            self.fields["consulate"].widget.attrs.update(
                {"list": "consulate-options", "autocomplete": "off"}
            )
            delegation = registration.delegation if registration is not None else None
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

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("passport_issued_on"), cleaned.get("passport_expires_on")
        if issued and expires and issued >= expires:
            self.add_error(
                "passport_issued_on", _("The passport must be issued before it expires.")
            )
        # The destination country's passport rules (travel.services.passport_rules).
        for problem in passport_problems(self.session, cleaned):
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        return cleaned
