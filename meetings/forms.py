from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegates.models import OrganizationCategory, Sector
from meetings.models import B2BProfile, SpokenLanguage
from sessions_app.models import Country, Region


def add_bootstrap_classes(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ProfileForm(forms.ModelForm):
    """The delegate's B2B profile, with the slots in which they cannot meet."""

    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can hold a meeting in"),
        choices=SpokenLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    unavailable_slots = forms.TypedMultipleChoiceField(
        label=_("Times when you cannot meet"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if you are free for the whole Meeting Point."),
    )

    class Meta:
        model = B2BProfile
        fields = [
            "offers",
            "looks_for",
            "position_other_language",
            "sectors",
            "languages",
            "needs_interpreter",
            "max_accepted_requests",
            "unavailable_slots",
        ]
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 4}),
            "looks_for": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "offers": _(
                "Products, services, technologies, know-how: what your organization offers."
            ),
            "looks_for": _(
                "Partners, suppliers, investors, distributors: whom you would like to meet."
            ),
        }

    def __init__(self, *args, slot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable_slots"].choices = slot_choices
        if not slot_choices:
            del self.fields["unavailable_slots"]
        # At least 1 (empty: no limit): one rule, one message, for 0 and for -5 alike.
        cap = self.fields["max_accepted_requests"]
        cap.min_value = 1
        cap.validators = [v for v in cap.validators if not isinstance(v, MinValueValidator)]
        cap.validators.append(
            MinValueValidator(1, _("Leave the field empty for no limit, or give at least 1."))
        )
        cap.widget.attrs.update({"min": 1, "step": 1, "inputmode": "numeric"})
        add_bootstrap_classes(self)


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words on why you would like to meet (at most 1 000 characters)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)


class CatalogueFilterForm(forms.Form):
    """Filters of the catalogue; every field optional, unknown values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    category = forms.ChoiceField(label=_("Type of organization"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["sector"].choices = everything + list(Sector.choices)
        self.fields["category"].choices = everything + list(OrganizationCategory.choices)
        self.fields["language"].choices = everything + list(SpokenLanguage.choices)
        self.fields["delegation"].choices = everything + list(Country.choices)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.all()
        self.fields["region"].empty_label = _("All")
        self.fields["region"].label_from_instance = lambda region: region.name
        add_bootstrap_classes(self)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("delegation"):
            queryset = queryset.filter(registration__delegation=data["delegation"])
        if data.get("sector"):
            queryset = queryset.with_sector(data["sector"])
        if data.get("language"):
            queryset = queryset.with_language(data["language"])
        if data.get("region"):
            queryset = queryset.filter(registration__organization__region=data["region"])
        if data.get("category"):
            queryset = queryset.filter(registration__organization__category=data["category"])
        for word in (data.get("q") or "").split()[:5]:
            queryset = queryset.filter(
                Q(offers__icontains=word)
                | Q(looks_for__icontains=word)
                | Q(registration__organization__name_latin__icontains=word)
                | Q(registration__organization__name_cyrillic__icontains=word)
                | Q(registration__person__family_name__icontains=word)
                | Q(registration__person__family_name_latin__icontains=word)
            )
        return queryset
