"""The public registration form (also used to edit a registration through the private link)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.text import two_parts
from core.widgets import FetchedChoiceIterator, FixedChoiceField
from delegates.models import (
    Organization,
    OrganizationCategory,
    QuestionKind,
    RegistrationQuestion,
    RegistrationRole,
    Sector,
    normalize_organization_name,
    validate_organization_name,
)
from delegates.services import (
    OrganizationDetails,
    RegistrationDetails,
    find_organization,
    script_of,
)
from delegates.services.questions import (
    question_field_name,
    questions_for,
    unanswered_required,
)
from delegates.services.transliteration import (
    CYRILLIC,
    LATIN,
    MIXED,
    NAME_PUNCTUATION,
    has_control_characters,
    to_latin,
)
from delegates.services.visits import visits_with_places
from sessions_app.dates import time_of_day, weekday_and_long_date
from sessions_app.models import Country, ProgrammeItem, Region, ThematicTable

PHONE_CHARACTERS = set("0123456789 +-()./")


def clean_text(value):
    """Collapse runs of spaces; refuse control characters (they come from copy-paste accidents
    or from attacks, never from a name)."""
    if has_control_characters(value):
        raise forms.ValidationError(
            _("This field contains invisible control characters: please type it again."),
            code="control_characters",
        )
    return " ".join(value.split())


def validate_name(value, latin_only=False):
    allowed = all(ch.isalpha() or ch in NAME_PUNCTUATION for ch in value)
    if not allowed:
        raise forms.ValidationError(
            _("A name may contain only letters, spaces, hyphens, apostrophes and full stops."),
            code="name_characters",
        )
    script = script_of(value)
    if latin_only and script not in (None, LATIN):
        raise forms.ValidationError(
            _("Write this name in Latin letters, exactly as in your passport."),
            code="name_not_latin",
        )
    if script == MIXED:
        raise forms.ValidationError(
            _("Write the name in one script: either all Latin or all Cyrillic letters."),
            code="name_mixed_scripts",
        )
    if script not in (None, LATIN, CYRILLIC):
        raise forms.ValidationError(
            _("Write the name in Latin or Cyrillic letters."), code="name_script"
        )


def clean_long_text(value):
    """Like clean_text, keeping the lines: control characters other than line breaks and
    tabs are refused; trailing spaces go."""
    lines = value.replace("\r\n", "\n").split("\n")
    if any(has_control_characters(line.replace("\t", " ")) for line in lines):
        raise forms.ValidationError(
            _("This field contains invisible control characters: please type it again."),
            code="control_characters",
        )
    return "\n".join(line.rstrip() for line in lines).strip()


TEXT_CLEANERS = {"short_text": clean_text, "long_text": clean_long_text}


class RegionChoiceField(forms.ModelChoiceField):
    iterator = FetchedChoiceIterator

    def label_from_instance(self, obj):
        return obj.name


class VisitChoiceField(forms.ModelMultipleChoiceField):
    """Company visits with the places left, so that nobody is surprised by the waiting list."""

    iterator = FetchedChoiceIterator

    def label_from_instance(self, obj):
        when = obj.local_starts_at
        day = weekday_and_long_date(when.date(), with_year=False)
        label = two_parts(obj.title, f"{day}, {time_of_day(when)}")
        if obj.capacity is not None:
            left = max(obj.capacity - obj.booked, 0)
            if left:
                label += " · " + ngettext("%(count)s place left", "%(count)s places left", left) % {
                    "count": left
                }
            else:
                label += " · " + str(_("full: you will join the waiting list"))
        return label


class TableChoiceField(forms.ModelMultipleChoiceField):
    iterator = FetchedChoiceIterator

    def label_from_instance(self, obj):
        return obj.name


YES_NO = (("yes", _("Yes")), ("no", _("No")))
DATE_TIME_FORMAT = "%Y-%m-%dT%H:%M"


def question_field(question, language):
    """The form field asking `question` in `language`. Required only when it is asked of
    both delegations: one asked of a single delegation is checked in `clean`, once the
    delegation is known."""
    options = {
        "label": question.label(language),
        "required": question.is_required and not question.delegation,
    }
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=300, **options)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **options)
    if kind in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES):
        choices = list(enumerate(question.choices(language)))
        if kind == QuestionKind.ONE_CHOICE:
            return forms.TypedChoiceField(
                choices=choices, coerce=int, widget=forms.RadioSelect, **options
            )
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **options
        )
    if kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **options,
        )
    if kind == QuestionKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    return forms.DateTimeField(
        input_formats=[DATE_TIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATE_TIME_FORMAT),
        help_text=_("In the local time of the session's city."),
        **options,
    )


def answer_value(question, value):
    """A cleaned field value as an answer keeps it (JSON): dates as ISO text, the date and
    time as typed (local time of the session's city, without zone)."""
    if value is None or value == "" or value == []:
        return None
    if question.kind == QuestionKind.DATE:
        return value.isoformat()
    if question.kind == QuestionKind.DATE_TIME:
        return timezone.make_naive(value).strftime(DATE_TIME_FORMAT)
    if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return value.strip() or None
    return value


def initial_value(question, value):
    if question.kind == QuestionKind.YES_NO:
        return "yes" if value else "no"
    return value


def with_form_choices(sessions):
    """Sessions annotated with whether they have thematic tables and company visits to choose
    (the form asks only for those), read with the session rather than by two more queries."""
    return sessions.annotate(
        has_thematic_tables=Exists(ThematicTable.objects.filter(session=OuterRef("pk"))),
        has_company_visits=Exists(
            ProgrammeItem.objects.filter(session=OuterRef("pk")).company_visits()
        ),
        has_registration_questions=Exists(
            RegistrationQuestion.objects.filter(session=OuterRef("pk"))
        ),
    )


class RegistrationForm(forms.Form):
    delegation = FixedChoiceField(
        label=_("I am part of the delegation of"), choices=Country.choices, widget=forms.RadioSelect
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        help_text=_("As you write it, in Latin or Cyrillic letters."),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    patronymic = forms.CharField(
        label=_("Patronymic (optional)"),
        max_length=100,
        required=False,
        help_text=_("In Cyrillic letters: we use it to address you in Russian."),
    )
    given_name_latin = forms.CharField(
        label=_("Given name as in the passport (Latin letters)"), max_length=100, required=False
    )
    family_name_latin = forms.CharField(
        label=_("Family name as in the passport (Latin letters)"),
        max_length=100,
        required=False,
        help_text=_(
            "For a name in Cyrillic letters we propose the spelling of Russian passports "
            "(ICAO Doc 9303): correct it if your passport spells it differently."
        ),
    )
    name_cyrillic = forms.CharField(
        label=_("Your name in Cyrillic letters (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "If your name is written in Latin letters: how it is written in Russian, to be "
            "printed on your badge for the Russian delegates."
        ),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organization_name = forms.CharField(
        label=_("Organization"),
        max_length=250,
        help_text=_("Start typing to choose your organization from the list, or enter a new one."),
    )
    organization_name_cyrillic = forms.CharField(
        label=_("Organization name in Cyrillic letters"), max_length=250, required=False
    )
    organization_category = FixedChoiceField(
        label=_("Category of the organization"),
        choices=[("", "—"), *OrganizationCategory.choices],
        required=False,
        help_text=_("Needed only for an organization not yet in the list."),
    )
    organization_sector = FixedChoiceField(
        label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False
    )
    organization_region = RegionChoiceField(
        label=_("Region of the organization"),
        queryset=Region.objects.none(),
        required=False,
        empty_label="—",
    )
    organization_city = forms.CharField(label=_("City"), max_length=120, required=False)
    organization_website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    position = forms.CharField(label=_("Position"), max_length=200)
    role = FixedChoiceField(
        label=_("Role"),
        choices=RegistrationRole.choices,
        initial=RegistrationRole.COMPANY_REPRESENTATIVE,
    )
    thematic_tables = TableChoiceField(
        label=_("Thematic tables"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    company_visits = VisitChoiceField(
        label=_("Company visits"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wants_bilateral_meetings = forms.BooleanField(
        label=_("I am interested in bilateral (B2B) meetings with companies of the other country"),
        required=False,
    )
    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please read and accept the privacy notice.")},
    )
    # Honeypot: hidden from people by CSS, filled in by robots.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)

    # What the choices of the regions and tables follow from (core/form_cache.py).
    render_topics = ("sessions",)

    NAME_FIELDS = ("given_name", "family_name")
    LATIN_NAME_FIELDS = ("given_name_latin", "family_name_latin")
    # Free-text fields without a clean_<name> method of their own.
    PLAIN_TEXT_FIELDS = ("organization_name", "organization_city", "position")
    # What the form records of a new organization only: an organization it finds keeps its
    # own (find_or_create_organization), shared by all its delegates.
    ORGANIZATION_DETAIL_FIELDS = (
        "organization_category",
        "organization_sector",
        "organization_region",
        "organization_city",
        "organization_website",
    )

    def __init__(self, *args, session, language="it", registration=None, questions=None, **kwargs):
        self.session = session
        self.language = language
        self.registration = registration
        super().__init__(*args, **kwargs)
        # The session's own questions (one query, none for a session known to have none),
        # asked after the programme.
        if questions is None:
            has_questions = getattr(session, "has_registration_questions", True)
            questions = questions_for(session) if has_questions else []
        self.questions = questions
        for question in self.questions:
            field = question_field(question, language)
            # Also in the field (not only in the layout), so that a form rendered once
            # (core/form_cache.py) is rendered again when the delegation asked changes.
            field.widget.attrs["data-asked-of"] = question.delegation or "all"
            self.fields[question_field_name(question)] = field
        self.fields["privacy_consent"].label = format_html(
            gettext(
                'I have read and accept the <a href="{url}" target="_blank" rel="noopener">'
                "privacy notice</a>"
            ),
            url=f"{reverse('delegates:privacy')}?session={session.number}",
        )
        name_order = "name_" + (language if language in ("it", "ru", "en") else "en")
        self.fields["organization_region"].queryset = Region.objects.by_name(name_order[-2:])
        self.fields["thematic_tables"].queryset = session.thematic_tables.all()
        # What these two queries depend on: their choices are read once per version of the
        # "sessions" topic (core/form_cache.py), without compiling their SQL on every visit.
        self.fields["organization_region"].choices_key = ("all, by country and", name_order)
        self.fields["thematic_tables"].choices_key = ("of session", session.pk)
        self.fields["company_visits"].queryset = visits_with_places(
            ProgrammeItem.objects.for_session(session).company_visits().in_order()
        ).select_related("session")
        self.fields["organization_name"].widget.attrs.update(
            {
                "list": "organization-options",
                "autocomplete": "off",
                "data-search-url": reverse("delegates:organization_search"),
            }
        )
        # The browser may fill the names in (WCAG 1.3.5, the input's purpose): its input and
        # change events run the transliteration proposal as typing does.
        for field, purpose in zip(self.NAME_FIELDS, ("given-name", "family-name"), strict=True):
            self.fields[field].widget.attrs.update(
                {"data-transliterate-to": f"id_{field}_latin", "autocomplete": purpose}
            )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # The patronymic is asked in the Russian form (Russian names have one), or kept when
        # a delegate who gave one edits the registration in another language.
        if language != "ru" and not (registration and registration.person.patronymic):
            del self.fields["patronymic"]
        else:
            self.fields["patronymic"].widget.attrs["autocomplete"] = "additional-name"
        if not self.is_bound and registration is None:
            self.initial.setdefault("delegation", "RU" if language == "ru" else "IT")
        # Editing, while the delegate names the organization of their registration: its
        # details are shown as recorded and cannot be changed here (they are not the
        # delegate's own; saving keeps them). Naming another one asks them again.
        self.organization_details_locked = registration is not None and (
            not self.is_bound or self._names_own_organization()
        )
        if registration is not None:
            self._fill_from(registration)
        # Tables and visits are asked only of a session that has them.
        for name in ("thematic_tables", "company_visits"):
            if not self._session_has(name):
                del self.fields[name]

    @cached_property
    def helper(self):
        """The layout (crispy-forms), built when the form is shown: a valid submission, the
        common case of a POST, never needs it."""
        return self._build_helper()

    def _fill_from(self, registration):
        person, organization = registration.person, registration.organization
        self.initial.update(
            {
                "delegation": registration.delegation,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "patronymic": person.patronymic,
                "given_name_latin": person.given_name_latin,
                "family_name_latin": person.family_name_latin,
                "name_cyrillic": person.name_cyrillic,
                "email": person.email,
                "phone": person.phone,
                "organization_name": organization.name_latin,
                "organization_name_cyrillic": organization.name_cyrillic,
                "position": registration.position,
                "role": registration.role,
                "wants_bilateral_meetings": registration.wants_bilateral_meetings,
                "thematic_tables": [t.pk for t in registration.thematic_tables.all()],
                "company_visits": [b.visit_id for b in registration.company_visit_bookings.all()],
                "privacy_consent": True,
            }
        )
        answers = {answer.question_id: answer.value for answer in registration.answers.all()}
        for question in self.questions:
            if question.pk in answers:
                self.initial[question_field_name(question)] = initial_value(
                    question, answers[question.pk]
                )
        for name in ("email", "delegation"):
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Cannot be changed: cancel and register again.")
        self.initial.update(
            {
                "organization_category": organization.category,
                "organization_sector": organization.sector,
                "organization_region": organization.region_id,
                "organization_city": organization.city,
                "organization_website": organization.website,
            }
        )
        if self.organization_details_locked:
            for name in self.ORGANIZATION_DETAIL_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].widget.attrs["data-organization-detail"] = "locked"
            self.fields["organization_category"].help_text = ""

    def _names_own_organization(self):
        """Whether the submitted names are those of the registration's organization, as the
        organization search matches them (normalized, in either script)."""
        organization = self.registration.organization
        typed = set()
        for field in ("organization_name", "organization_name_cyrillic"):
            name = " ".join(str(self.data.get(self.add_prefix(field), "")).split())
            typed |= {
                normalize_organization_name(name),
                normalize_organization_name(to_latin(name)),
            }
        own = {organization.normalized_name}
        for name in (organization.name_latin, organization.name_cyrillic):
            own |= {normalize_organization_name(name), normalize_organization_name(to_latin(name))}
        return bool((typed & own) - {""})

    def _build_helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        sections = [
            Fieldset(_("Delegation"), "delegation"),
            Fieldset(
                _("You"),
                Div(
                    Div("given_name", css_class="col-md-6"),
                    Div("family_name", css_class="col-md-6"),
                    css_class="row",
                ),
                *(["patronymic"] if "patronymic" in self.fields else []),
                Div(
                    Div("given_name_latin", css_class="col-md-6"),
                    Div("family_name_latin", css_class="col-md-6"),
                    css_class="row",
                ),
                HTML(
                    '<p class="form-text transliteration-note" id="transliteration-note" '
                    'aria-live="polite"></p>'
                ),
                "name_cyrillic",
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("phone", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Organization"),
                "organization_name",
                HTML('<datalist id="organization-options"></datalist>'),
                "organization_name_cyrillic",
                Div(
                    Div("organization_category", css_class="col-md-6"),
                    Div("organization_sector", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("organization_region", css_class="col-md-6"),
                    Div("organization_city", css_class="col-md-6"),
                    css_class="row",
                ),
                "organization_website",
                *self._organization_details_note(),
                Div(
                    Div("position", css_class="col-md-6"),
                    Div("role", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
        ]
        programme = ["wants_bilateral_meetings"]
        if "thematic_tables" in self.fields:
            programme.insert(0, "thematic_tables")
        if "company_visits" in self.fields:
            programme.insert(-1, "company_visits")
        sections.append(Fieldset(_("Programme"), *programme))
        if self.questions:
            sections.append(
                Fieldset(
                    _("Questions of the organizers"),
                    *[
                        Div(
                            question_field_name(question),
                            css_class="registration-question",
                            data_delegation=question.delegation or "all",
                        )
                        for question in self.questions
                    ],
                )
            )
        sections.append(Fieldset(_("Privacy"), "privacy_consent"))
        sections.append(Div("homepage", css_class="registration-extra", aria_hidden="true"))
        submit_label = _("Save changes") if self.registration else _("Register")
        sections.append(Submit("submit", submit_label, css_class="btn-lg"))
        helper.layout = Layout(*sections)
        return helper

    def _organization_details_note(self):
        if not self.organization_details_locked:
            return []
        note = gettext(
            "These are the details recorded for your organization, shared by all its "
            "delegates: they cannot be changed here. To correct them, please write to the "
            "organizers. If you name another organization, you can fill them in for it."
        )
        return [
            HTML(
                format_html(
                    '<p class="form-text organization-details-note" '
                    'id="organization-details-note">{}</p>',
                    note,
                )
            )
        ]

    def _session_has(self, name):
        """Whether the session has rows to choose in the field `name`: known without a query
        when the view read the session with `with_form_choices()`."""
        known = getattr(self.session, f"has_{name}", None)
        return known if known is not None else self.fields[name].queryset.exists()

    # --- cleaning ---------------------------------------------------------------------------

    def clean_given_name(self):
        value = clean_text(self.cleaned_data["given_name"])
        validate_name(value)
        return value

    def clean_family_name(self):
        value = clean_text(self.cleaned_data["family_name"])
        validate_name(value)
        return value

    def clean_given_name_latin(self):
        value = clean_text(self.cleaned_data["given_name_latin"])
        validate_name(value, latin_only=True)
        return value

    def clean_family_name_latin(self):
        value = clean_text(self.cleaned_data["family_name_latin"])
        validate_name(value, latin_only=True)
        return value

    def clean_patronymic(self):
        value = clean_text(self.cleaned_data["patronymic"])
        if value:
            validate_name(value)
            if script_of(value) != CYRILLIC:
                raise forms.ValidationError(
                    _("Write the patronymic in Cyrillic letters, or leave it empty."),
                    code="patronymic_not_cyrillic",
                )
        return value

    def clean_name_cyrillic(self):
        value = clean_text(self.cleaned_data["name_cyrillic"])
        if value:
            validate_name(value)
            if script_of(value) != CYRILLIC:
                raise forms.ValidationError(
                    _("Write your name in Cyrillic letters, or leave it empty."),
                    code="name_not_cyrillic",
                )
        return value

    def clean_phone(self):
        value = clean_text(self.cleaned_data["phone"])
        if value and not set(value) <= PHONE_CHARACTERS:
            raise forms.ValidationError(
                _("A phone number may contain only digits, spaces and + - ( ) . /"),
                code="phone_characters",
            )
        return value

    def clean_organization_name_cyrillic(self):
        value = clean_text(self.cleaned_data["organization_name_cyrillic"])
        if script_of(value) not in (None, CYRILLIC):
            raise forms.ValidationError(
                _("Write this name in Cyrillic letters, or leave it empty."),
                code="organization_not_cyrillic",
            )
        if value:
            validate_organization_name(value)
        return value

    @staticmethod
    def _suggested(organization):
        return (
            organization is not None
            and Organization.objects.public().filter(pk=organization.pk).exists()
        )

    def clean(self):
        data = super().clean()
        for field in self.PLAIN_TEXT_FIELDS:
            if field in data:
                try:
                    data[field] = clean_text(data[field])
                except forms.ValidationError as error:
                    self.add_error(field, error)
        if data.get("organization_name"):
            try:
                validate_organization_name(data["organization_name"])
            except forms.ValidationError as error:
                self.add_error("organization_name", error)
        name = data.get("organization_name", "")
        if name and script_of(name) == CYRILLIC:
            # A Russian delegate typed the name in Cyrillic: keep it as such. An organization's
            # name is never run through the passport scheme: its Latin name stays as given
            # (staff may record the one the organization uses). The one name then fills both
            # fields, and every document prints it once (Organization.distinct_name_cyrillic).
            data.setdefault("organization_name_cyrillic", "")
            data["organization_name_cyrillic"] = data["organization_name_cyrillic"] or name
        delegation = data.get("delegation")
        if name and delegation:
            self.existing_organization = find_organization(
                data["organization_name"], delegation, data.get("organization_name_cyrillic")
            )
            # The category is asked unless the name is one the form suggests (an organization
            # the public pages show): for any other, known or not, the form behaves alike, so
            # that it never tells whether an organization is in the database.
            if not data.get("organization_category") and not self._suggested(
                self.existing_organization
            ):
                self.add_error(
                    "organization_category",
                    _("This organization is new to us: please choose its category."),
                )
        for question in self.questions:
            name = question_field_name(question)
            if data.get(name) and question.kind in TEXT_CLEANERS:
                try:
                    data[name] = TEXT_CLEANERS[question.kind](data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if delegation:
            answers = self.answers()
            for question in unanswered_required(self.questions, delegation, answers):
                name = question_field_name(question)
                if name not in self.errors:
                    self.add_error(name, _("Please answer this question."))
        region = data.get("organization_region")
        if (
            region is not None
            and delegation
            and region.country != delegation
            and not self.organization_details_locked
        ):
            self.add_error(
                "organization_region",
                _("Choose a region of the delegation's country."),
            )
        return data

    def answers(self):
        """{question pk: value} for the questions asked of the chosen delegation."""
        delegation = self.cleaned_data.get("delegation")
        return {
            question.pk: answer_value(
                question, self.cleaned_data.get(question_field_name(question))
            )
            for question in self.questions
            if question.applies_to(delegation)
        }

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def to_details(self):
        data = self.cleaned_data
        return RegistrationDetails(
            email=data["email"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            given_name_latin=data.get("given_name_latin", ""),
            family_name_latin=data.get("family_name_latin", ""),
            name_cyrillic=data.get("name_cyrillic", ""),
            patronymic=data.get("patronymic", ""),
            phone=data.get("phone", ""),
            delegation=data["delegation"],
            position=data["position"],
            role=data["role"],
            organization=OrganizationDetails(
                name_latin=data["organization_name"],
                name_cyrillic=data.get("organization_name_cyrillic", ""),
                category=data.get("organization_category", ""),
                sector=data.get("organization_sector", ""),
                region=data.get("organization_region"),
                city=data.get("organization_city", ""),
                website=data.get("organization_website", ""),
                known=getattr(self, "existing_organization", None),
            ),
            wants_bilateral_meetings=data.get("wants_bilateral_meetings", False),
            thematic_tables=list(data.get("thematic_tables") or []),
            company_visits=list(data.get("company_visits") or []),
            language=self.language,
            answers=self.answers(),
        )
