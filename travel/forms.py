"""The delegate's request for a visa invitation letter; their hotel room and arrival."""

from django import forms
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.text import two_parts
from sessions_app.consulates import consulate_suggestions
from travel.models import PASSPORT_FIELDS, RoomBlock, TravelMeans, TravelPlan, VisaLetterRequest
from travel.services.consulates import consulates_for, proposed_consulate
from travel.services.hotels import (
    PLAN_FIELDS,
    TravelError,
    check_stay,
    nights_of,
    plan_problems,
)
from travel.services.passport_rules import passport_problems

# "180,00 €" as delegates read prices, rather than the ISO code; other codes as they are.
CURRENCY_SIGNS = {"EUR": "€", "RUB": "₽", "USD": "$", "GBP": "£", "CHF": "CHF"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsulateChoiceField(forms.ModelChoiceField):
    """Each consulate with its city and address, in the delegate's language."""

    def label_from_instance(self, consulate):
        return two_parts(consulate.localized("name"), consulate.localized("address"))


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
                    "apply elsewhere. The letter will be addressed to this consulate."
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


# --- the delegate's hotel room and arrival ---------------------------------------------------

DATE_TIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATE_TIME_FORMAT, **kwargs)


class RoomBlockChoiceField(forms.ModelChoiceField):
    """Each room block with its hotel, nights, price and the rooms left, in the delegate's
    language."""

    widget = forms.RadioSelect

    def label_from_instance(self, block):
        parts = [two_parts(block.hotel, block.get_room_type_display(), lower_second=True)]
        parts.append(nights_of(block))
        if block.price is not None:
            parts.append(
                _("%(price)s %(currency)s a night")
                # "120,00" in Italian and Russian, "120.00" in English.
                % {
                    "price": number_format(block.price, decimal_pos=2),
                    "currency": CURRENCY_SIGNS.get(block.currency, block.currency),
                }
            )
        free = getattr(block, "free", None)
        if free is not None:
            parts.append(
                translation.ngettext("%(count)s room left", "%(count)s rooms left", free)
                % {"count": free}
                if free
                else str(_("no rooms left"))
            )
        return " · ".join(str(part) for part in parts)


class RoomChoiceForm(forms.Form):
    """The delegate's room: a room block of the session, the dates, whom they share it with.
    The capacity is checked again, under lock, when the choice is saved."""

    room_block = RoomBlockChoiceField(queryset=None, label=_("Room"), empty_label=None)
    check_in = forms.DateField(label=pgettext_lazy("hotel", "Check-in"), widget=DateInput())
    check_out = forms.DateField(label=pgettext_lazy("hotel", "Check-out"), widget=DateInput())
    sharing_note = forms.CharField(
        label=_("Sharing the room with"),
        required=False,
        max_length=200,
        help_text=_("For a double or twin room: whom you share it with, or any other wish."),
    )

    def __init__(self, *args, blocks, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = {block.pk: block for block in blocks}
        field = self.fields["room_block"]
        # The labels come from the blocks already read (rooms left included), not a query;
        # set before the queryset, whose setter hands the choices to the widget.
        field.iterator = _BlocksIterator
        field.blocks = blocks
        field.queryset = RoomBlock.objects.filter(pk__in=list(self.blocks))
        self.current = current

    def clean_room_block(self):
        block = self.cleaned_data["room_block"]
        return self.blocks.get(block.pk, block)

    def clean(self):
        data = super().clean()
        block = data.get("room_block")
        if block is not None and data.get("check_in") and data.get("check_out"):
            try:
                check_stay(block, data["check_in"], data["check_out"])
            except TravelError as error:
                self.add_error(error.field, error.message)
        return data


class _BlocksIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        for block in self.field.blocks:
            yield self.choice(block)

    def __len__(self):
        return len(self.field.blocks)


def _add_plan_problems(form, values, session):
    """The arrival and departure checks of the service (travel window, order), each error
    beside its field, one per field; what was typed stays in the form."""
    for problem in plan_problems(values, session):
        if problem.field not in form.errors:
            form.add_error(problem.field, problem.message)


class TravelPlanForm(forms.Form):
    """Arrival and departure, typed in the host city's local time (the view sets the zone),
    within the session's travel window (travel.services.hotels.travel_window)."""

    arrival_at = forms.DateTimeField(
        label=_("Arrival (date and time)"),
        required=False,
        input_formats=[DATE_TIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeInput(),
        help_text=_("In the local time of the session's city."),
    )
    arrival_means = forms.ChoiceField(label=_("Arriving by"), required=False)
    arrival_number = forms.CharField(
        label=_("Flight or train number"), required=False, max_length=20
    )
    arrival_place = forms.CharField(label=_("Airport or station"), required=False, max_length=120)
    arrival_transfer = forms.BooleanField(
        label=_("I would like a transfer from the airport or station"), required=False
    )
    departure_at = forms.DateTimeField(
        label=_("Departure (date and time)"),
        required=False,
        input_formats=[DATE_TIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeInput(),
        help_text=_("In the local time of the session's city."),
    )
    departure_means = forms.ChoiceField(label=_("Leaving by"), required=False)
    departure_number = forms.CharField(
        label=_("Flight or train number"), required=False, max_length=20
    )
    departure_place = forms.CharField(label=_("Airport or station"), required=False, max_length=120)
    departure_transfer = forms.BooleanField(
        label=_("I would like a transfer to the airport or station"), required=False
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        choices = [("", "—"), *TravelMeans.choices]
        self.fields["arrival_means"].choices = choices
        self.fields["departure_means"].choices = choices

    def clean(self):
        data = super().clean()
        _add_plan_problems(self, data, self.session)
        return data


class TravelPlanAdminForm(forms.ModelForm):
    """The staff's form of a delegate's arrival and departure (times in the host city's zone,
    set by the admin): the delegate's checks, each error beside its field."""

    class Meta:
        model = TravelPlan
        fields = ["registration", *PLAN_FIELDS]

    def clean(self):
        data = super().clean()
        registration = data.get("registration")
        if registration is None and self.instance.registration_id:
            registration = self.instance.registration
        if registration is not None:
            _add_plan_problems(self, data, registration.session)
        return data
