"""factory_boy factories shared by every test module."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from sessions_app.models import Country, Region, RegionKind, Session, SessionStatus


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IT-{10 + n % 89}")
    country = Country.ITALY
    kind = RegionKind.REGION
    name_it = factory.Sequence(lambda n: f"Regione {n}")
    name_ru = factory.Sequence(lambda n: f"Регион {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


def italian_region():
    return RegionFactory(
        code="IT-25",
        country=Country.ITALY,
        kind=RegionKind.REGION,
        name_it="Lombardia",
        name_ru="Ломбардия",
        name_en="Lombardy",
    )


def russian_region():
    return RegionFactory(
        code="RU-SVE",
        country=Country.RUSSIA,
        kind=RegionKind.OBLAST,
        name_it="Regione di Sverdlovsk",
        name_ru="Свердловская область",
        name_en="Sverdlovsk Oblast",
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """An upcoming Italian session with registration open."""

    class Meta:
        model = Session

    number = factory.Sequence(lambda n: 100 + n)
    host_country = Country.ITALY
    host_region = factory.LazyFunction(italian_region)
    city_it = "Bergamo"
    city_ru = "Бергамо"
    city_en = "Bergamo"
    venue = "Fiera di Bergamo"
    time_zone = "Europe/Rome"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=40))
    end_date = factory.LazyAttribute(lambda s: s.start_date + datetime.timedelta(days=1))
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    registration_closes = factory.LazyAttribute(
        lambda s: datetime.datetime.combine(
            s.start_date - datetime.timedelta(days=3), datetime.time(18), tzinfo=datetime.UTC
        )
    )
    status = SessionStatus.REGISTRATION_OPEN
    italian_cochair_name = "Mario Rossi"
    italian_cochair_title = "Direttore generale"
    russian_cochair_name = "Иван Петров"
    russian_cochair_title = "Директор департамента"

    class Params:
        # Its first day is today: the check-in desk is open.
        under_way = factory.Trait(start_date=factory.LazyFunction(timezone.localdate))


class RussianSessionFactory(SessionFactory):
    host_country = Country.RUSSIA
    host_region = factory.LazyFunction(russian_region)
    city_it = "Ekaterinburg"
    city_ru = "Екатеринбург"
    city_en = "Yekaterinburg"
    venue = "Ekaterinburg-Expo"
    time_zone = "Asia/Yekaterinburg"


class PastSessionFactory(SessionFactory):
    status = SessionStatus.HELD
    start_date = factory.Sequence(lambda n: datetime.date(2010 + n % 10, 10, 10))
    registration_opens = None
    registration_closes = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegates.Organization"

    name_latin = factory.Sequence(lambda n: f"Meccanica Bergamasca {n} S.p.A.")
    name_cyrillic = ""
    country = Country.ITALY
    region = factory.LazyFunction(italian_region)
    category = "company"
    sector = "mechanics"
    city = "Bergamo"


class RussianOrganizationFactory(OrganizationFactory):
    name_latin = factory.Sequence(lambda n: f"Uralmash {n}")
    name_cyrillic = factory.Sequence(lambda n: f"Уралмаш {n}")
    country = Country.RUSSIA
    region = factory.LazyFunction(russian_region)
    city = "Ekaterinburg"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegates.Person"

    given_name = "Giulia"
    family_name = factory.Sequence(lambda n: f"Bianchi{n}")
    given_name_latin = factory.SelfAttribute("given_name")
    family_name_latin = factory.SelfAttribute("family_name")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    preferred_language = "it"


class RussianPersonFactory(PersonFactory):
    given_name = "Анна"
    family_name = factory.Sequence(lambda n: f"Иванова{n}")
    given_name_latin = "Anna"
    family_name_latin = factory.Sequence(lambda n: f"Ivanova{n}")
    preferred_language = "ru"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An approved Italian registration (use status=... for others)."""

    class Meta:
        model = "delegates.Registration"

    person = factory.SubFactory(PersonFactory)
    session = factory.SubFactory(SessionFactory)
    delegation = Country.ITALY
    organization = factory.SubFactory(OrganizationFactory)
    position = "Export manager"
    role = "company_representative"
    status = "approved"
    language = factory.SelfAttribute("person.preferred_language")
    privacy_consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)


class RussianRegistrationFactory(RegistrationFactory):
    person = factory.SubFactory(RussianPersonFactory)
    delegation = Country.RUSSIA
    organization = factory.SubFactory(RussianOrganizationFactory)


class KazanSessionFactory(RussianSessionFactory):
    """A session in Kazan (Europe/Moscow, UTC+3), two hours ahead of the server's Rome in
    February: a time shown in the wrong zone shows."""

    city_it = "Kazan’"
    city_ru = "Казань"
    city_en = "Kazan"
    venue = "Kazan Expo"
    time_zone = "Europe/Moscow"
    start_date = datetime.date(2027, 2, 18)
    end_date = datetime.date(2027, 2, 19)
    registration_opens = None
    registration_closes = None


def session_local_time(session, day, hour, minute=0):
    """An aware datetime on the `day`-th day of the session (0 = first), in its city."""
    return datetime.datetime.combine(
        session.start_date + datetime.timedelta(days=day),
        datetime.time(hour, minute),
        tzinfo=session.tzinfo,
    )


class ThematicTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sessions_app.ThematicTable"

    session = factory.SubFactory(SessionFactory)
    name_it = factory.Sequence(lambda n: f"Meccanica {n}")
    name_ru = factory.Sequence(lambda n: f"Машиностроение {n}")
    name_en = factory.Sequence(lambda n: f"Mechanics {n}")
    sector = "mechanics"
    italian_moderator_name = "Paolo Ferrari"
    russian_moderator_name = "Ольга Кузнецова"
    capacity = 40


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    """A one-hour item on the first morning of the session, in no particular place."""

    class Meta:
        model = "sessions_app.ProgrammeItem"

    session = factory.SubFactory(SessionFactory)
    kind = "plenary"
    title_it = factory.Sequence(lambda n: f"Sessione plenaria {n}")
    title_ru = factory.Sequence(lambda n: f"Пленарное заседание {n}")
    title_en = factory.Sequence(lambda n: f"Plenary session {n}")
    starts_at = factory.LazyAttribute(lambda item: session_local_time(item.session, 0, 10))
    ends_at = factory.LazyAttribute(lambda item: item.starts_at + datetime.timedelta(hours=1))


def bulk_registrations(session, count, status="submitted"):
    """`count` registrations of `session` made in a few bulk queries, for long lists and
    benchmarks: every third delegate Russian (name and organization in Cyrillic too, with
    long family names), roles in turn, 40 organizations. Returns them as a queryset."""
    from delegates.models import Organization, Person, Registration, RegistrationRole

    now = timezone.now()
    key = session.pk
    organizations = Organization.objects.bulk_create(
        Organization(
            name_latin=f"Organizzazione di prova {key}-{n} S.r.l.",
            normalized_name=f"organizzazione di prova {key} {n}",
            name_cyrillic=f"Тестовая организация № {n}" if n % 2 else "",
            country="RU" if n % 2 else "IT",
            category="company",
        )
        for n in range(40)
    )
    people = Person.objects.bulk_create(
        (
            Person(
                given_name="Анна" if n % 3 == 0 else "Giulia",
                family_name=f"Константинопольская{n}" if n % 3 == 0 else f"Rossi{n}",
                given_name_latin="Anna" if n % 3 == 0 else "Giulia",
                family_name_latin=f"Konstantinopolskaia{n}" if n % 3 == 0 else f"Rossi{n}",
                email=f"bulk-{key}-{n}@example.org",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    roles = RegistrationRole.values
    Registration.objects.bulk_create(
        (
            Registration(
                person=person,
                session=session,
                delegation="RU" if n % 3 == 0 else "IT",
                organization=organizations[n % len(organizations)],
                position="Export manager",
                role=roles[n % len(roles)],
                status=status,
                privacy_consent_at=now,
                submitted_at=now,
                management_token=f"bulk-{key}-{n}",
            )
            for n, person in enumerate(people)
        ),
        batch_size=2000,
    )
    return Registration.objects.filter(session=session)
