"""Personal data: what a delegate may download, erasure on request, and anonymization of
old sessions that keeps the counts.

Who acts (`by`, see `core.authorization`): the delegate through their own private
link erases their data (`by=registration`); the anonymization of old sessions is the portal's
(`by=SYSTEM`, the management command) or a Ministry administrator's."""

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from core.authorization import SYSTEM, require_permission
from delegates.models import Person, Registration, RegistrationAnswer
from delegates.services.lifecycle import is_own_registration
from delegates.services.workflow import cancel
from delegates.signals import registrations_erased

# Staff who may erase people: removing a person is the ministry's (Organizers delete nothing).
ERASE_PERMISSION = "delegates.delete_person"

ERASED_NAME = "—"


_personal_data_contributors = []


def contribute_to_personal_data(function):
    """Register `function(registrations)` -> {registration pk: {key: JSON-ready value}}: what
    an app above delegates keeps about these registrations (travel's hotel room and arrival),
    added to each registration of the delegate's data download. `delegates` never imports
    those apps."""
    if function not in _personal_data_contributors:
        _personal_data_contributors.append(function)
    return function


def personal_data(person):
    """Everything the portal keeps about a person, as a JSON-ready dict."""
    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("session", "organization", "organization__region")
        .prefetch_related("thematic_tables", "company_visit_bookings__visit", "answers__question")
        .order_by("session__number")
    )
    contributed = {registration.pk: {} for registration in registrations}
    for contributor in _personal_data_contributors:
        for pk, values in (contributor(registrations) or {}).items():
            contributed.setdefault(pk, {}).update(values)

    def moment(value):
        return value.isoformat() if value else None

    return {
        "person": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "patronymic": person.patronymic,
            "given_name_latin": person.given_name_latin,
            "family_name_latin": person.family_name_latin,
            "name_cyrillic": person.name_cyrillic,
            "email": person.email,
            "phone": person.phone,
            "preferred_language": person.preferred_language,
            "created_at": moment(person.created_at),
        },
        "registrations": [
            {
                "session": registration.session.number,
                "session_title": str(registration.session),
                "delegation": registration.delegation,
                "organization": {
                    "name_latin": registration.organization.name_latin,
                    "name_cyrillic": registration.organization.name_cyrillic,
                    "country": registration.organization.country,
                    "city": registration.organization.city,
                },
                "position": registration.position,
                "role": registration.role,
                "wants_bilateral_meetings": registration.wants_bilateral_meetings,
                "thematic_tables": [table.name for table in registration.thematic_tables.all()],
                "company_visits": [
                    {"visit": booking.visit.title, "status": booking.status}
                    for booking in registration.company_visit_bookings.all()
                ],
                "answers": [
                    {
                        "question": answer.question.label(registration.language),
                        "answer": answer.display(registration.language),
                    }
                    for answer in registration.answers.all()
                ],
                "status": registration.status,
                "language": registration.language,
                "privacy_consent_at": moment(registration.privacy_consent_at),
                "confirmed_at": moment(registration.confirmed_at),
                "submitted_at": moment(registration.submitted_at),
                "decided_at": moment(registration.decided_at),
                "cancelled_at": moment(registration.cancelled_at),
                "created_at": moment(registration.created_at),
                **contributed.get(registration.pk, {}),
            }
            for registration in registrations
        ],
    }


def _scrub_registrations(queryset, now, by):
    """Blank the personal fields of registrations, keeping session, delegation, organization
    and status for the counts; their links stop working. The apps above erase what they hold
    about the same registrations in the same transaction (`registrations_erased`)."""
    from delegates.models import CompanyVisitBooking

    ids = list(queryset.values_list("pk", flat=True))
    if ids:
        registrations_erased.send(sender=Registration, registration_ids=ids, actor=by)
    Registration.history.filter(id__in=ids).delete()
    CompanyVisitBooking.objects.filter(registration_id__in=ids).delete()
    # Answers may say much about a person (dietary and accessibility needs): they go too.
    RegistrationAnswer.objects.filter(registration_id__in=ids).delete()
    Registration.thematic_tables.through.objects.filter(registration_id__in=ids).delete()
    Registration.objects.filter(pk__in=ids).update(
        position="",
        staff_notes="",
        pending_person_data={},
        anonymized_at=now,
        management_token=Concat(Value("anonymized-"), Cast("pk", CharField())),
    )
    return len(ids)


def _anonymize_people(queryset, now):
    ids = list(queryset.values_list("pk", flat=True))
    Person.history.filter(id__in=ids).delete()
    Person.objects.filter(pk__in=ids).update(
        given_name=ERASED_NAME,
        family_name=ERASED_NAME,
        given_name_latin=ERASED_NAME,
        family_name_latin=ERASED_NAME,
        name_cyrillic="",
        patronymic="",
        phone="",
        email=Concat(Value("anonymized-"), Cast("pk", CharField()), Value("@invalid")),
        anonymized_at=now,
    )
    return len(ids)


def erase_personal_data(registration, *, by, now=None):
    """The delegate's request for deletion (`by=registration`, their own): their registrations
    still active are cancelled (freeing places for the waiting list), then names (patronymic
    included), e-mail, phone and positions are erased from every session, history included.
    Anonymous counts stay."""
    if not is_own_registration(by, registration):
        require_permission(by, ERASE_PERMISSION)
    now = now or timezone.now()
    person = registration.person
    with transaction.atomic():
        for active in Registration.objects.filter(person=person).active():
            # What follows from the erasure: the portal cancels, quietly.
            cancel(active, by=SYSTEM, now=now, notify=False, reason="erased on request")
        _scrub_registrations(Registration.objects.filter(person=person), now, by)
        _anonymize_people(Person.objects.filter(pk=person.pk), now)


def anonymize_sessions_older_than(years, *, by, now=None):
    """Anonymize the registrations of sessions that ended more than `years` years ago.

    People are anonymized only when no more recent session still needs their data. Counts by
    session, delegation, organization and status stay. Returns (registrations, people)."""
    require_permission(by, ERASE_PERMISSION)
    now = now or timezone.now()
    today = timezone.localdate(now)
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    old = Registration.objects.filter(session__end_date__lt=cutoff, anonymized_at__isnull=True)
    with transaction.atomic():
        registrations = _scrub_registrations(old, now, by)
        people = Person.objects.filter(anonymized_at__isnull=True).exclude(
            registrations__anonymized_at__isnull=True
        )
        # Only people with at least one registration, all of them anonymized.
        people = people.filter(registrations__isnull=False).distinct()
        anonymized_people = _anonymize_people(people, now)
    return registrations, anonymized_people
