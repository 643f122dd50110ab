"""Collaboration projects: the call of a session, the projects proposed to it, the B2B
requests about a project and the follow-up questions asked after the session."""

import dataclasses
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.i18n import LocalizedFieldsMixin, localized_language
from delegates.models import OrganizationCategory, Registration
from sessions_app.models import Region, Sector, Session, ThematicTable


class ProjectKind(models.TextChoices):
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    TECHNOLOGY_TRANSFER = "technology_transfer", _("Technology transfer")
    SUPPLY = "supply", _("Supply and subcontracting")
    INVESTMENT = "investment", _("Investment")
    DISTRIBUTION = "distribution", _("Distribution")
    RESEARCH = "research", _("Research and development")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED_FOR_TABLE = "accepted_table", _("Accepted for presentation at the table")
    ACCEPTED_FOR_CATALOGUE = "accepted_catalogue", _("Accepted for the catalogue only")
    DECLINED = "declined", pgettext_lazy("status of a project", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineReason(models.TextChoices):
    """Why staff decline a project: a choice, so that each proposer reads it in their own
    language; a note may add what the choice does not say."""

    OUT_OF_SCOPE = "out_of_scope", _("Outside the themes of this session’s thematic tables")
    INCOMPLETE = "incomplete", _("The description is not enough to present the project")
    DUPLICATE = "duplicate", _("The same project has already been proposed")
    OTHER = "other", _("Another reason, given in the note")


ACCEPTED_STATUSES = (ProjectStatus.ACCEPTED_FOR_TABLE, ProjectStatus.ACCEPTED_FOR_CATALOGUE)


class TranslationState(models.TextChoices):
    NEEDS_TRANSLATION = "needed", _("Needs translation")
    TRANSLATED = "translated", _("Translated")
    CHECKED = "checked", _("Translation checked")


class Progress(models.TextChoices):
    """Where a project or an agreement stands, as its people answer the follow-up."""

    CONTACT_MADE = "contact_made", _("Contact made")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    IMPLEMENTED = "implemented", _("Implemented")
    ABANDONED = "abandoned", _("Abandoned")


class MeetingOutcome(models.TextChoices):
    """How a B2B meeting went, as each of its two delegates answers."""

    WILL_CONTINUE = "continue", _("Useful: we plan to continue")
    USEFUL = "useful", _("Useful, but no follow-up is planned")
    NOT_USEFUL = "not_useful", _("Not useful")


# The labels of counts ("Realizzati: 3", «Реализовано: 3»): a choice's own label agrees with
# one project, agreement or meeting («Реализован», «Полезная»), a count's with several.
PROGRESS_COUNT_LABELS = {
    Progress.CONTACT_MADE: pgettext_lazy("count of projects or agreements", "Contact made"),
    Progress.NEGOTIATING: pgettext_lazy("count of projects or agreements", "Negotiating"),
    Progress.AGREEMENT_SIGNED: pgettext_lazy("count of projects or agreements", "Agreement signed"),
    Progress.IMPLEMENTED: pgettext_lazy("count of projects or agreements", "Implemented"),
    Progress.ABANDONED: pgettext_lazy("count of projects or agreements", "Abandoned"),
}
OUTCOME_COUNT_LABELS = {
    MeetingOutcome.WILL_CONTINUE: pgettext_lazy("count of meetings", "Useful, to be continued"),
    MeetingOutcome.USEFUL: pgettext_lazy("count of meetings", "Useful, no follow-up planned"),
    MeetingOutcome.NOT_USEFUL: pgettext_lazy("count of meetings", "Not useful"),
}


# A note read in the other language than the reader's: which one, and that its translation is
# coming (for Italian and Russian readers: the notes are written in those two languages only).
NOTE_IN_OTHER_LANGUAGE = {
    "it": pgettext_lazy("a note in another language", "in Italian, translation pending"),
    "ru": pgettext_lazy("a note in another language", "in Russian, translation pending"),
}
NOTE_IN_LANGUAGE = {
    "it": pgettext_lazy("a note in another language", "in Italian"),
    "ru": pgettext_lazy("a note in another language", "in Russian"),
}


@dataclasses.dataclass(frozen=True)
class DecisionNote:
    """The organizers' note on a decision as one reader reads it: the text, its language, and
    what to say when it is not the reader's."""

    text: str
    language: str
    reader_language: str

    def __str__(self):
        return self.text

    @property
    def is_in_readers_language(self):
        return self.language == self.reader_language

    @property
    def remark(self):
        if self.is_in_readers_language:
            return ""
        if self.reader_language in NOTE_IN_OTHER_LANGUAGE:
            return str(NOTE_IN_OTHER_LANGUAGE[self.language])
        return str(NOTE_IN_LANGUAGE[self.language])


def _follow_up_months_default():
    return "3,6"


class Call(LocalizedFieldsMixin, models.Model):
    """The call for collaboration projects of one session, its window and the follow-up
    schedule after the session. Times are stored in UTC and typed and shown in the host
    city's zone."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="project_call", verbose_name=_("session")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("deadline"), help_text=_("Projects can be proposed, edited and withdrawn until then.")
    )
    introduction_it = models.TextField(_("introduction (Italian)"), blank=True)
    introduction_ru = models.TextField(_("introduction (Russian)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    follow_up_months = models.CharField(
        _("follow-up after (months)"),
        max_length=50,
        default=_follow_up_months_default,
        validators=[validate_comma_separated_integer_list],
        help_text=_(
            "Months after the session at which proposers and parties are asked where their "
            "project or agreement stands, separated by commas (for example: 3,6)."
        ),
    )
    meeting_follow_up_days = models.PositiveSmallIntegerField(
        _("B2B follow-up after (days)"),
        default=3,
        help_text=_("Days after the session at which both delegates of each meeting are asked."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-session__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="project_call_closes_after_it_opens",
                violation_error_message=_("The deadline must come after the opening."),
            ),
        ]

    def __str__(self):
        return str(_("Call for projects of the %(session)s") % {"session": self.session.title})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The deadline must come after the opening.")})
        try:
            self.schedule_months()
        except ValueError:
            raise ValidationError(
                {"follow_up_months": _("Give whole months between 1 and 36, e.g. 3,6.")}
            ) from None

    @property
    def localized_introduction(self):
        return self.localized("introduction")

    def schedule_months(self):
        """The follow-up rounds in months after the session, sorted, without repeats."""
        months = sorted({int(part) for part in self.follow_up_months.split(",") if part.strip()})
        if any(month < 1 or month > 36 for month in months):
            raise ValueError(months)
        return months

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at


class ProjectQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(session=session)

    def accepted(self):
        return self.filter(status__in=ACCEPTED_STATUSES)

    def for_table(self):
        return self.filter(status=ProjectStatus.ACCEPTED_FOR_TABLE)

    def needing_translation(self):
        return self.exclude(status__in=(ProjectStatus.DECLINED, ProjectStatus.WITHDRAWN)).filter(
            translation_state=TranslationState.NEEDS_TRANSLATION
        )

    def with_related(self):
        return self.select_related(
            "session",
            "thematic_table",
            "proposer__person",
            "proposer__organization",
            "proposer_region",
            "partner_region",
        )


def presentation_path(project, filename):
    # Private: MEDIA_ROOT is served by no URL; the views check who asks.
    return f"projects/{project.session_id}/{secrets.token_hex(16)}.pdf"


class CollaborationProject(LocalizedFieldsMixin, models.Model):
    """A project of collaboration proposed by a registered delegate for a session, in their
    language first (the other one added by them or by staff)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="projects", verbose_name=_("session")
    )
    proposer = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("proposer"),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=[("it", _("Italian")), ("ru", _("Russian"))],
    )
    title_it = models.CharField(_("title (Italian)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    summary_it = models.TextField(_("summary (Italian)"), max_length=3000, blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), max_length=3000, blank=True)
    # SET_NULL: a programme replaced by staff must not fail, nor take the projects with it;
    # a project left without its table shows so in the admin, for staff to place it again.
    thematic_table = models.ForeignKey(
        ThematicTable,
        on_delete=models.SET_NULL,
        null=True,
        related_name="projects",
        verbose_name=_("thematic table"),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    kind = models.CharField(_("kind of collaboration"), max_length=30, choices=ProjectKind.choices)
    partner_category = models.CharField(
        _("partner sought"), max_length=30, choices=OrganizationCategory.choices
    )
    partner_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner's region"),
        help_text=_("Leave empty for any region."),
    )
    proposer_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposer's region"),
    )
    # The registration keeps the position as the delegate wrote it (one language): the booklet
    # prints it in both columns, this one in the other language (else the B2B profile's).
    proposer_position_other_language = models.CharField(
        _("proposer's position in the other language"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: the position as the delegates of the other country read it in the "
            "booklet (in Russian for an Italian proposer, in Italian for a Russian one)."
        ),
    )
    presentation = models.FileField(
        _("presentation (PDF)"), upload_to=presentation_path, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PROPOSED,
        db_index=True,
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    # Staff's own words on a decline, in Italian and in Russian: each proposer reads the one of
    # their language, else the other, marked as such (DecisionNote).
    decision_note_it = models.TextField(_("note on the decision (Italian)"), blank=True)
    decision_note_ru = models.TextField(_("note on the decision (Russian)"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    translation_state = models.CharField(
        _("translation"),
        max_length=12,
        choices=TranslationState.choices,
        default=TranslationState.NEEDS_TRANSLATION,
        db_index=True,
    )
    presentation_order = models.PositiveSmallIntegerField(
        _("order of presentation"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collaboration project")
        verbose_name_plural = _("collaboration projects")
        ordering = ["session", "thematic_table__position", "presentation_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_it="") | ~Q(title_ru=""),
                name="project_has_a_title",
                violation_error_message=_("Give the project a title in Italian or in Russian."),
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return self.localized("title")

    @property
    def title(self):
        return self.localized("title")

    @property
    def summary(self):
        return self.localized("summary")

    def decision_note(self, language=None):
        """The organizers' note for a reader of `language` (the active one by default): in
        that language when staff wrote it, else in the other one; None when there is none."""
        language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
        text = self.localized("decision_note", language)
        if not text:
            return None
        return DecisionNote(text, localized_language(self, "decision_note", language), language)

    @property
    def decision_note_for_reader(self):
        return self.decision_note()

    @property
    def other_language(self):
        return "ru" if self.original_language == "it" else "it"

    @property
    def is_accepted(self):
        return self.status in ACCEPTED_STATUSES

    @property
    def has_both_languages(self):
        return bool(self.title_it and self.title_ru and self.summary_it and self.summary_ru)

    def clean(self):
        # A title of spaces is no title: the constraint "project_has_a_title", validated after
        # this, then says so (once).
        self.title_it = self.title_it.strip()
        self.title_ru = self.title_ru.strip()
        if self.thematic_table_id and self.session_id:
            if self.thematic_table.session_id != self.session_id:
                raise ValidationError(
                    {"thematic_table": _("This thematic table belongs to another session.")}
                )


def proposer_of_an_accepted_project():
    """Organizations that proposed an accepted project: the catalogue already shows them, so
    the region pages and the search may (delegates.models.OrganizationQuerySet.public)."""
    return Q(
        Exists(
            CollaborationProject.objects.accepted()
            .filter(proposer__organization=OuterRef("pk"))
            .values("pk")
        )
    )


class ProjectMeetingRequest(models.Model):
    """A Meeting Point request about a project: held here, above the Meeting Point, which
    offers a neutral hook for its priority and subject (meetings/subjects.py)."""

    request = models.OneToOneField(
        "meetings.MeetingRequest",
        on_delete=models.CASCADE,
        related_name="project_link",
        verbose_name=_("meeting request"),
    )
    project = models.ForeignKey(
        CollaborationProject,
        on_delete=models.CASCADE,
        related_name="meeting_requests",
        verbose_name=_("collaboration project"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting request about a project")
        verbose_name_plural = _("meeting requests about projects")

    def __str__(self):
        return f"{self.request} · {self.project}"


class FollowUpKind(models.TextChoices):
    PROJECT = "project", _("Collaboration project")
    AGREEMENT = "agreement", _("Agreement")
    MEETING = "meeting", _("B2B meeting")


def new_follow_up_token():
    return secrets.token_urlsafe(32)


class FollowUpQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def with_related(self):
        return self.select_related(
            "session",
            "registration__person",
            "registration__organization",
            "project",
            "agreement",
            "meeting__registration_a__person",
            "meeting__registration_b__person",
        )


class FollowUp(models.Model):
    """One question of the follow-up after a session, to one delegate, about one project,
    agreement or B2B meeting; answered once through its own link, with the date kept."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("session")
    )
    kind = models.CharField(
        pgettext_lazy("what a follow-up question is about", "about"),
        max_length=10,
        choices=FollowUpKind.choices,
    )
    round_months = models.PositiveSmallIntegerField(
        _("months after the session"), help_text=_("0 for the question about a B2B meeting.")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("asked"),
    )
    project = models.ForeignKey(
        CollaborationProject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("collaboration project"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("agreement"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("B2B meeting"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_follow_up_token, editable=False
    )
    sent_at = models.DateTimeField(_("asked at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    progress = models.CharField(
        _("where it stands"), max_length=20, choices=Progress.choices, blank=True
    )
    outcome = models.CharField(
        _("how it went"), max_length=12, choices=MeetingOutcome.choices, blank=True
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "project", "round_months"],
                condition=Q(project__isnull=False),
                name="follow_up_once_per_project_round",
            ),
            models.UniqueConstraint(
                fields=["registration", "agreement", "round_months"],
                condition=Q(agreement__isnull=False),
                name="follow_up_once_per_agreement_round",
            ),
            models.UniqueConstraint(
                fields=["registration", "meeting"],
                condition=Q(meeting__isnull=False),
                name="follow_up_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="project", project__isnull=False)
                    | Q(kind="agreement", agreement__isnull=False)
                    | Q(kind="meeting", meeting__isnull=False)
                ),
                name="follow_up_names_its_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.registration.person}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def subject(self):
        return self.project or self.agreement or self.meeting

    @property
    def answer_display(self):
        if self.kind == FollowUpKind.MEETING:
            return self.get_outcome_display()
        return self.get_progress_display()
