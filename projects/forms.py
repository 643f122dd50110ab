from django import forms
from django.utils.translation import gettext_lazy as _

from delegates.models import OrganizationCategory
from meetings.forms import add_bootstrap_classes
from projects.models import (
    CollaborationProject,
    DeclineReason,
    MeetingOutcome,
    Progress,
    ProjectKind,
)
from projects.validators import max_presentation_bytes
from sessions_app.models import Country, Region, Sector, ThematicTable


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return region.name


class ProjectForm(forms.ModelForm):
    """The delegate's project: title and summary in their language (required), the other
    language if they can, and what the project is about."""

    remove_presentation = forms.BooleanField(label=_("Remove the presentation"), required=False)

    class Meta:
        model = CollaborationProject
        fields = [
            "title_it",
            "summary_it",
            "title_ru",
            "summary_ru",
            "thematic_table",
            "sector",
            "kind",
            "partner_category",
            "partner_region",
            "proposer_region",
            "proposer_position_other_language",
            "presentation",
        ]
        widgets = {
            "summary_it": forms.Textarea(attrs={"rows": 5}),
            "summary_ru": forms.Textarea(attrs={"rows": 5}),
            "presentation": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, session, language, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        other = "ru" if language == "it" else "it"
        # The proposer's own language first, required; the other one optional.
        order = [f"title_{language}", f"summary_{language}", f"title_{other}", f"summary_{other}"]
        self.order_fields(order)
        self.fields[f"title_{language}"].required = True
        self.fields[f"summary_{language}"].required = True
        self.fields[f"title_{other}"].help_text = _(
            "Optional: the organizers add the translation if you leave it empty."
        )
        tables = self.fields["thematic_table"]
        tables.queryset = ThematicTable.objects.filter(session=session).order_by("position", "pk")
        tables.label_from_instance = lambda table: table.name
        if tables.empty_label is not None:
            tables.empty_label = "—"
        self.fields["sector"].choices = [("", "—"), *Sector.choices]
        self.fields["kind"].choices = [("", "—"), *ProjectKind.choices]
        self.fields["partner_category"].choices = [("", "—"), *OrganizationCategory.choices]
        # The partner is sought in the other country: only its regions are offered.
        partner_country = Country.ITALY if delegation == Country.RUSSIA else Country.RUSSIA
        querysets = {
            "partner_region": Region.objects.filter(country=partner_country).by_name(),
            "proposer_region": Region.objects.by_name(),
        }
        for name, regions in querysets.items():
            field = self.fields[name]
            self.fields[name] = RegionChoiceField(
                queryset=regions,
                required=False,
                label=field.label,
                help_text=field.help_text,
                empty_label="—",
            )
        position = self.fields["proposer_position_other_language"]
        position.label = _("Your position in the other language")
        position.help_text = _(
            "Optional: your position as the delegates of the other country read it in the "
            "booklet of the table (in Russian if you are Italian, in Italian if you are Russian)."
        )
        self.fields["presentation"].help_text = _(
            "Optional. A PDF of at most %(megabytes)s MB, seen only by the organizers and, "
            "once the project is accepted, by the delegates."
        ) % {"megabytes": max_presentation_bytes() // (1024 * 1024)}
        if not (self.instance.pk and self.instance.presentation):
            del self.fields["remove_presentation"]
        add_bootstrap_classes(self)


class DeclineForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason, for the proposer"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        help_text=_("Each proposer reads it in their own language."),
    )
    reason_it = forms.CharField(
        label=_("Note in Italian (optional)"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "it"}),
        max_length=1000,
        required=False,
    )
    reason_ru = forms.CharField(
        label=_("Note in Russian (optional)"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "ru"}),
        max_length=1000,
        required=False,
        help_text=_(
            "Each proposer reads the note in their language. Written in one language only, it "
            "reaches the others in that language, marked as such, with the translation pending."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason_code") == DeclineReason.OTHER and not (
            cleaned.get("reason_it") or cleaned.get("reason_ru")
        ):
            self.add_error("reason_it", _("Say the other reason in the note, for the proposer."))
        return cleaned


class CatalogueFilterForm(forms.Form):
    table = forms.ModelChoiceField(
        label=_("Thematic table"), queryset=ThematicTable.objects.none(), required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    kind = forms.ChoiceField(label=_("Kind of collaboration"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)

    def __init__(self, *args, session, tables, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = ThematicTable.objects.filter(session=session)
        self.fields["table"].choices = [("", _("All"))] + [
            (table.pk, table.name) for table in tables
        ]
        self.fields["sector"].choices = [("", _("All")), *Sector.choices]
        self.fields["kind"].choices = [("", _("All")), *ProjectKind.choices]
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].choices = [("", _("All"))] + [
            (region.pk, region.name) for region in regions
        ]
        self.fields["delegation"].choices = [("", _("All")), *Country.choices]
        add_bootstrap_classes(self)


class ProjectFollowUpForm(forms.Form):
    progress = forms.ChoiceField(
        label=_("Where does it stand?"), choices=Progress.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("A short note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class MeetingFollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did the meeting go?"),
        choices=MeetingOutcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A short note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
