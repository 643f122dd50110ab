"""Demo data of the Meeting Point for `make run`: the demo session gets a Meeting Point,
a few delegates of both delegations with B2B profiles, requests, and a schedule."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.authorization import SYSTEM
from delegates.models import (
    Organization,
    Person,
    Registration,
    RegistrationStatus,
    normalize_organization_name,
)
from meetings import services
from meetings.models import B2BProfile, Meeting, MeetingBreak, MeetingPoint, MeetingRequest
from sessions_app.models import Region, Session
from sessions_app.services import DEMO_SESSION_NUMBER

# (given name, family name, Latin given, Latin family, organization Latin, Cyrillic, region,
#  category, sector, offers, looks for, languages, needs interpreter)
DEMO_DELEGATES = [
    (
        "Giulia",
        "Bianchi",
        "Giulia",
        "Bianchi",
        "Meccanica Orobica S.p.A.",
        "",
        "IT-25",
        "company",
        "mechanics",
        "CNC machining centres and after-sales service.",
        "Distributors and service partners in the Volga region.",
        ["it", "en"],
        False,
    ),
    (
        "Marco",
        "Colombo",
        "Marco",
        "Colombo",
        "Mobili Brianza S.r.l.",
        "",
        "IT-25",
        "company",
        "furniture",
        "Design furniture for hotels and offices.",
        "Contractors for hotel projects in Tatarstan.",
        ["it"],
        True,
    ),
    (
        "Francesca",
        "Russo",
        "Francesca",
        "Russo",
        "Agroalimentare Marche Soc. Coop.",
        "",
        "IT-57",
        "company",
        "agrifood",
        "Pasta and olive oil, organic certified.",
        "Importers and retail chains.",
        ["it", "en"],
        False,
    ),
    (
        "Luca",
        "Ferrari",
        "Luca",
        "Ferrari",
        "Energia Emilia S.p.A.",
        "",
        "IT-45",
        "company",
        "energy",
        "Small hydro and biomass plants, turnkey.",
        "Municipal utilities and industrial parks.",
        ["it", "en", "ru"],
        False,
    ),
    (
        "Sara",
        "Esposito",
        "Sara",
        "Esposito",
        "Camera di commercio di Bergamo",
        "",
        "IT-25",
        "chamber_of_commerce",
        "institutional",
        "Support for Italian SMEs abroad.",
        "Regional development agencies.",
        ["it", "en"],
        False,
    ),
    (
        "Andrea",
        "Romano",
        "Andrea",
        "Romano",
        "Politecnico di Torino",
        "",
        "IT-21",
        "university",
        "education_research",
        "Joint research on advanced materials.",
        "Universities and technology parks.",
        ["it", "en"],
        False,
    ),
    (
        "Айдар",
        "Хасанов",
        "Aidar",
        "Khasanov",
        "Kamaz Components",
        "КАМАЗ Компоненты",
        "RU-TA",
        "company",
        "mechanics",
        "Truck components and machining capacity.",
        "Italian machine-tool makers and technology transfer.",
        ["ru"],
        True,
    ),
    (
        "Елена",
        "Смирнова",
        "Elena",
        "Smirnova",
        "Technopark Idea",
        "Технопарк «Идея»",
        "RU-TA",
        "technology_park",
        "ict",
        "Office space and support for tech start-ups.",
        "Italian SMEs looking for a base in Russia.",
        ["ru", "en"],
        False,
    ),
    (
        "Дмитрий",
        "Волков",
        "Dmitrii",
        "Volkov",
        "Ural Agro",
        "Урал Агро",
        "RU-SVE",
        "company",
        "agrifood",
        "Grain and dairy processing.",
        "Food machinery and Italian recipes.",
        ["ru"],
        True,
    ),
    (
        "Ольга",
        "Кузнецова",
        "Olga",
        "Kuznetsova",
        "Tatarstan Investment Development Agency",
        "Агентство инвестиционного развития Республики Татарстан",
        "RU-TA",
        "institution",
        "institutional",
        "Industrial sites and incentives for investors.",
        "Italian companies planning production in Russia.",
        ["ru", "en", "it"],
        False,
    ),
]

DEMO_MESSAGES = {
    "IT": "Vorremmo presentarvi la nostra azienda e valutare una collaborazione.",
    "RU": "Хотели бы обсудить возможное сотрудничество.",
}

DEMO_REQUESTS = [  # (sender index, recipient index, accepted?)
    (0, 6, True),
    (1, 7, True),
    (2, 8, True),
    (3, 9, True),
    (4, 9, True),
    (5, 7, True),
    (6, 3, True),
    (8, 0, False),
    (9, 1, None),
    (7, 2, True),
]


def _demo_registration(session, values):
    (
        given,
        family,
        given_latin,
        family_latin,
        name_latin,
        name_cyrillic,
        region_code,
        category,
        sector,
        *_rest,
    ) = values
    region = Region.objects.filter(code=region_code).first()
    country = region.country if region else ("RU" if name_cyrillic else "IT")
    # Matched as the registration form matches: by normalized name and country.
    organization = Organization.objects.filter(
        normalized_name=normalize_organization_name(name_latin), country=country
    ).first() or Organization.objects.create(
        name_latin=name_latin,
        country=country,
        name_cyrillic=name_cyrillic,
        region=region,
        category=category,
        sector=sector,
    )
    email = f"b2b.{given_latin}.{family_latin}@example.org".lower()
    person, _created = Person.objects.get_or_create(
        email=email,
        defaults={
            "given_name": given,
            "family_name": family,
            "given_name_latin": given_latin,
            "family_name_latin": family_latin,
            "preferred_language": "ru" if country == "RU" else "it",
        },
    )
    registration, _created = Registration.objects.get_or_create(
        person=person,
        session=session,
        defaults={
            "delegation": country,
            "organization": organization,
            "position": "Direttore commerciale" if country == "IT" else "Директор по развитию",
            "status": RegistrationStatus.APPROVED,
            "wants_bilateral_meetings": True,
            "language": person.preferred_language,
            "privacy_consent_at": timezone.now(),
            "confirmed_at": timezone.now(),
            "submitted_at": timezone.now(),
        },
    )
    return registration


@transaction.atomic
def load_demo_meetings():
    """Give the demo session a Meeting Point with delegates, requests and a schedule.
    Idempotent: running it again changes nothing. Returns (meeting point, created?)."""
    session = Session.objects.filter(number=DEMO_SESSION_NUMBER).first()
    if session is None:
        return None, False
    existing = MeetingPoint.objects.filter(session=session).first()
    if existing is not None:
        return existing, False
    zone = session.tzinfo
    # The first afternoon, beside the thematic tables, as the demo programme says
    # (sessions_app/services/programme.py: 14:00–18:00 in the Meeting Point's hall).
    day = session.start_date

    def at(hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    meeting_point = MeetingPoint.objects.create(
        session=session,
        starts_at=at(14),
        ends_at=at(18),
        slot_minutes=20,
        tables=12,
        interpreters_per_slot=3,
        place="Kazan Expo, padiglione B",
        place_ru="Казань Экспо, павильон B",
        cross_delegation_only=True,
        closes_at=datetime.datetime.combine(
            session.start_date - datetime.timedelta(days=2), datetime.time(18), tzinfo=zone
        ),
    )
    MeetingBreak.objects.create(meeting_point=meeting_point, starts_at=at(16), ends_at=at(16, 20))
    registrations = [_demo_registration(session, values) for values in DEMO_DELEGATES]
    for registration, values in zip(registrations, DEMO_DELEGATES, strict=True):
        *_head, sector, offers, looks_for, languages, interpreter = values
        B2BProfile.objects.get_or_create(
            registration=registration,
            defaults={
                "offers": offers,
                "looks_for": looks_for,
                # The position for the other delegation's readers (the registration's is in
                # the delegate's language).
                "position_other_language": (
                    "Коммерческий директор"
                    if registration.delegation == "IT"
                    else "Direttore dello sviluppo"
                ),
                "sectors": [sector],
                "languages": languages,
                "needs_interpreter": interpreter,
                "is_approved": True,
            },
        )
    for sender, recipient, accepted in DEMO_REQUESTS:
        if MeetingRequest.objects.filter(
            sender=registrations[sender], recipient=registrations[recipient]
        ).exists():
            continue
        sender_registration = registrations[sender]
        request = MeetingRequest.objects.create(
            meeting_point=meeting_point,
            sender=sender_registration,
            recipient=registrations[recipient],
            message=DEMO_MESSAGES[sender_registration.delegation],
        )
        if accepted is True:
            request.status = "accepted"
            request.answered_at = timezone.now()
            request.save(update_fields=["status", "answered_at"])
            Meeting.objects.create(
                meeting_point=meeting_point,
                request=request,
                registration_a=request.sender,
                registration_b=request.recipient,
                needs_interpreter=services.needs_interpreter(request.sender, request.recipient),
            )
        elif accepted is False:
            request.status = "declined"
            request.answered_at = timezone.now()
            request.save(update_fields=["status", "answered_at"])
    services.schedule_meetings(meeting_point, by=SYSTEM)
    return meeting_point, True
