from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements import services
from agreements.models import Agreement, AgreementKind, AgreementStatus, Party
from core import prepared
from core.i18n import localized
from core.widgets import FixedChoiceField, LeanSelect
from delegates.models import Sector
from sessions_app.models import Country, Region, Session


def _with_blank(choices, label=None):
    return [("", label or _("All"))] + list(choices)


def _fixed_select(label, choices):
    """A filter of fixed choices, "All" first: set once on the class, not in every form (the
    labels are translated when shown)."""
    return FixedChoiceField(
        label=label, required=False, choices=_with_blank(choices), widget=LeanSelect
    )


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return session.title_and_city


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return localized(region, "name")


# Semi-joins (EXISTS) rather than joins made DISTINCT over every column: the same rows, at a
# fraction of the database's work.
def _sessions_with_agreements():
    # Of each session, what its label shows ("XXV sessione – Bergamo").
    return Session.objects.filter(
        Exists(Agreement.objects.filter(session=OuterRef("pk")))
    ).titles_only()


def _regions_of_parties():
    return Region.objects.filter(
        Exists(Party.objects.filter(region=OuterRef("pk")))
        | Exists(Party.objects.filter(organization__region=OuterRef("pk")))
    )


def _signing_years(today):
    return Agreement.objects.public(today).dates("signing_date", "year", order="DESC")


class AgreementFilterForm(forms.Form):
    """The registry's search box and filters; read from the query string. The selects are
    LeanSelects: the same HTML without a template per option (core/widgets.py)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title or summary, in any language")}
        ),
    )
    session = SessionChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        to_field_name="number",
        empty_label=_("All"),
        widget=LeanSelect,
    )
    kind = _fixed_select(_("Kind"), AgreementKind.choices)
    sector = _fixed_select(_("Sector"), Sector.choices)
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
        widget=LeanSelect,
    )
    side = _fixed_select(_("Country of a party"), Country.choices)
    status = _fixed_select(
        _("Status"),
        [(value, label) for value, label in AgreementStatus.choices if value != "draft"],
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, widget=LeanSelect
    )

    def __init__(self, *args, signing_years=None, **kwargs):
        """`signing_years`: the years public agreements were signed in, latest first, when
        the caller knows them (services.registry_counts of every public agreement); else
        they are read."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # Read once, as lists, by compiled queries (core/prepared.py): the page shows them and
        # its render is kept under what it shows (core/rendered.py), which a select querying
        # again while rendering would prevent. A value chosen is checked by the queryset,
        # built only then.
        for name, build in (
            ("session", _sessions_with_agreements),
            ("region", _regions_of_parties),
        ):
            field = self.fields[name]
            if self.is_bound and self.data.get(self.add_prefix(name)):
                field.queryset = build()
            rows = prepared.rows(build)
            choice = field.iterator(field).choice
            blank = [("", field.empty_label)] if field.empty_label is not None else []
            field.choices = blank + [choice(row) for row in rows]
        if signing_years is None:
            signing_years = [day.year for day in prepared.rows(_signing_years, today)]
        self.fields["year"].choices = _with_blank((year, year) for year in signing_years)
        for name, field in self.fields.items():
            css = "form-control" if name == "q" else "form-select"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            field.widget.attrs["class"] = css

    def filters(self):
        """The valid filters chosen, as (name, value) pairs in the fields' order (a key of the
        registry's compiled queries); an invalid one is reported and ignored, never a 500."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return tuple((name, data[name]) for name in self.fields if data.get(name))

    def filter(self, agreements):
        """Apply the valid filters (see `filters`)."""
        return self.apply(agreements, self.filters())

    @staticmethod
    def apply(agreements, filters):
        """`agreements` narrowed by `filters` (as `filters()` gives them)."""
        data = dict(filters)
        if data.get("q"):
            agreements = agreements.search(data["q"])
        if data.get("session"):
            agreements = agreements.filter(session=data["session"])
        for field in ("kind", "sector", "status"):
            if data.get(field):
                agreements = agreements.filter(**{field: data[field]})
        if data.get("region"):
            agreements = agreements.with_party_in_region(data["region"])
        if data.get("side"):
            agreements = agreements.with_party_on_side(data["side"])
        if data.get("year"):
            agreements = agreements.filter(signing_date__year=data["year"])
        return agreements


SIGNATORY_PREFIX = "signatories"


class _LinkedFile:
    """A stored file shown by its name but linked to the permission-checked view, since
    private media have no public URL."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class SignedCopyInput(forms.ClearableFileInput):
    view_url = None

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.view_url:
            return _LinkedFile(str(value).rsplit("/", 1)[-1], self.view_url)
        return value


class AgreementAdminForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = (
            "kind",
            "sector",
            "status",
            "title_it",
            "title_ru",
            "title_en",
            "summary_it",
            "summary_ru",
            "summary_en",
            "session",
            "signing_date",
            "signing_place",
            "duration_months",
            "renewal",
            "signed_copy",
            "signed_copy_is_public",
            "notes",
        )
        widgets = {
            "summary_it": forms.Textarea(attrs={"rows": 3}),
            "summary_ru": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "signed_copy": SignedCopyInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff who may only read agreements get a form without the field (shown read-only).
        if "signed_copy" in self.fields and self.instance.pk and self.instance.signed_copy:
            self.fields["signed_copy"].widget.view_url = reverse(
                "agreements:signed_copy", kwargs={"pk": self.instance.pk}
            )

    def signatory_count_in_data(self):
        """How many signatories the submitted page keeps (None when the page has no
        signatory rows, e.g. a form used without its inline)."""
        total = self.data.get(f"{SIGNATORY_PREFIX}-TOTAL_FORMS")
        if total is None or not str(total).isdigit():
            return None
        count = 0
        for index in range(int(total)):
            prefix = f"{SIGNATORY_PREFIX}-{index}"
            if self.data.get(f"{prefix}-DELETE"):
                continue
            if (self.data.get(f"{prefix}-name") or "").strip():
                count += 1
        return count

    def clean(self):
        cleaned_data = super().clean()
        count = self.signatory_count_in_data()
        if count is not None and cleaned_data.get("status"):
            try:
                services.check_signatories(cleaned_data["status"], count)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class PartyAdminForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ("side", "organization", "region", "name", "position")
