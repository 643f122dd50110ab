"""Demo registrations for `make run`, so that staff and organizers find a realistic session:
Italian and Russian delegates in every state of the workflow, with tables and visits chosen."""

import datetime

from django.db import transaction
from django.utils import timezone

from delegates.models import (
    Organization,
    OrganizationCategory,
    Person,
    Registration,
    RegistrationRole,
    RegistrationStatus,
    Sector,
    normalize_organization_name,
)
from delegates.services import to_latin
from delegates.services.visits import set_company_visits
from sessions_app.models import Country, Region, Session

DEMO_EMAIL_DOMAIN = "demo.taskforce.example"

ORGANIZATIONS = [
    # name (Latin, as the organization writes it), name (Cyrillic), country, region, category,
    # sector, city (as its delegate types it: in Cyrillic for a Russian organization)
    ("Regione Lombardia", "", "IT", "IT-25", "regional_government", "institutional", "Milano"),
    (
        "Camera di Commercio di Bergamo",
        "",
        "IT",
        "IT-25",
        "chamber_of_commerce",
        "institutional",
        "Bergamo",
    ),
    ("Meccanica Orobica S.r.l.", "", "IT", "IT-25", "company", "mechanics", "Bergamo"),
    ("Edilizia Veneta Costruzioni S.p.A.", "", "IT", "IT-34", "company", "building", "Padova"),
    ("Valvole Emiliane S.p.A.", "", "IT", "IT-45", "company", "oil_gas", "Reggio Emilia"),
    (
        "Distretto del Mobile Marchigiano",
        "",
        "IT",
        "IT-57",
        "trade_association",
        "furniture",
        "Pesaro",
    ),
    ("Politecnico di Torino", "", "IT", "IT-21", "university", "education_research", "Torino"),
    ("Fiera di Firenze", "", "IT", "IT-52", "trade_fair", "other", "Firenze"),
    (
        "Government of the Republic of Tatarstan",
        "Правительство Республики Татарстан",
        "RU",
        "RU-TA",
        "regional_government",
        "institutional",
        "Казань",
    ),
    (
        "Chamber of Commerce and Industry of the Republic of Tatarstan",
        "Торгово-промышленная палата Республики Татарстан",
        "RU",
        "RU-TA",
        "chamber_of_commerce",
        "institutional",
        "Казань",
    ),
    (
        "Ural Machine-Building Holding",
        "Уральский машиностроительный холдинг",
        "RU",
        "RU-SVE",
        "company",
        "mechanics",
        "Екатеринбург",
    ),
    (
        "Volga Oil and Gas Company",
        "Волжская нефтегазовая компания",
        "RU",
        "RU-NIZ",
        "company",
        "oil_gas",
        "Нижний Новгород",
    ),
    (
        "Innopolis Technopark",
        "Технопарк «Иннополис»",
        "RU",
        "RU-TA",
        "technology_park",
        "ict",
        "Иннополис",
    ),
]

ITALIANS = [
    (
        "Marco",
        "Colombo",
        0,
        RegistrationRole.HEAD_OF_DELEGATION,
        "Assessore allo sviluppo economico",
    ),
    ("Giulia", "Ferrari", 0, RegistrationRole.OFFICIAL, "Dirigente, internazionalizzazione"),
    ("Luca", "Esposito", 1, RegistrationRole.OFFICIAL, "Segretario generale"),
    ("Francesca", "Romano", 2, RegistrationRole.COMPANY_REPRESENTATIVE, "Direttrice commerciale"),
    ("Alessandro", "Ricci", 2, RegistrationRole.COMPANY_REPRESENTATIVE, "Export manager"),
    ("Chiara", "Marino", 3, RegistrationRole.COMPANY_REPRESENTATIVE, "Amministratrice delegata"),
    ("Paolo", "Greco", 3, RegistrationRole.COMPANY_REPRESENTATIVE, "Responsabile cantieri esteri"),
    ("Sara", "Bruno", 4, RegistrationRole.COMPANY_REPRESENTATIVE, "Area manager CSI"),
    ("Davide", "Gallo", 4, RegistrationRole.COMPANY_REPRESENTATIVE, "Direttore tecnico"),
    ("Elena", "Conti", 5, RegistrationRole.OFFICIAL, "Presidente del distretto"),
    ("Matteo", "De Luca", 5, RegistrationRole.COMPANY_REPRESENTATIVE, "Titolare"),
    (
        "Valentina",
        "Costa",
        6,
        RegistrationRole.OFFICIAL,
        "Prorettrice alle relazioni internazionali",
    ),
    ("Andrea", "Giordano", 6, RegistrationRole.COMPANY_REPRESENTATIVE, "Ricercatore"),
    ("Silvia", "Mancini", 7, RegistrationRole.OFFICIAL, "Direttrice eventi"),
    ("Stefano", "Rizzo", 1, RegistrationRole.PRESS, "Giornalista, L'Eco di Bergamo"),
    ("Laura", "Lombardi", 1, RegistrationRole.INTERPRETER, "Interprete IT-RU"),
    ("Roberto", "Moretti", 0, RegistrationRole.STAFF, "Segreteria organizzativa"),
    ("Anna", "Barbieri", 2, RegistrationRole.COMPANY_REPRESENTATIVE, "Ufficio acquisti"),
    ("Giorgio", "Fontana", 3, RegistrationRole.COMPANY_REPRESENTATIVE, "Progettista"),
    ("Martina", "Santoro", 4, RegistrationRole.COMPANY_REPRESENTATIVE, "Marketing"),
    ("Fabio", "Mariani", 5, RegistrationRole.COMPANY_REPRESENTATIVE, "Socio"),
    ("Federica", "Rinaldi", 6, RegistrationRole.COMPANY_REPRESENTATIVE, "Dottoranda"),
    ("Simone", "Caruso", 7, RegistrationRole.COMPANY_REPRESENTATIVE, "Consulente"),
    ("Ilaria", "Ferrara", 2, RegistrationRole.COMPANY_REPRESENTATIVE, "Qualità"),
]

RUSSIANS = [
    ("Алексей", "Смирнов", 8, RegistrationRole.HEAD_OF_DELEGATION, "Заместитель премьер-министра"),
    ("Ольга", "Кузнецова", 8, RegistrationRole.OFFICIAL, "Начальник отдела"),
    ("Дмитрий", "Попов", 9, RegistrationRole.OFFICIAL, "Вице-президент палаты"),
    (
        "Екатерина",
        "Васильева",
        10,
        RegistrationRole.COMPANY_REPRESENTATIVE,
        "Коммерческий директор",
    ),
    ("Сергей", "Петров", 10, RegistrationRole.COMPANY_REPRESENTATIVE, "Главный инженер"),
    ("Наталья", "Соколова", 11, RegistrationRole.COMPANY_REPRESENTATIVE, "Директор по закупкам"),
    ("Андрей", "Михайлов", 11, RegistrationRole.COMPANY_REPRESENTATIVE, "Руководитель проекта"),
    ("Татьяна", "Новикова", 12, RegistrationRole.COMPANY_REPRESENTATIVE, "Директор технопарка"),
    ("Игорь", "Фёдоров", 12, RegistrationRole.COMPANY_REPRESENTATIVE, "Основатель стартапа"),
    ("Мария", "Морозова", 9, RegistrationRole.INTERPRETER, "Переводчик"),
    ("Владимир", "Волков", 10, RegistrationRole.PRESS, "Корреспондент"),
    ("Юлия", "Алексеева", 8, RegistrationRole.STAFF, "Протокольный отдел"),
]

# The workflow state of each demo delegate, by position in the lists above.
ITALIAN_STATES = (
    [RegistrationStatus.APPROVED] * 18
    + [RegistrationStatus.SUBMITTED] * 2
    + [RegistrationStatus.WAITLISTED] * 2
    + [RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED]
)
RUSSIAN_STATES = (
    [RegistrationStatus.APPROVED] * 9
    + [RegistrationStatus.SUBMITTED] * 2
    + [RegistrationStatus.PENDING_CONFIRMATION]
)


def _organizations():
    regions = Region.objects.in_bulk(field_name="code")
    organizations = []
    for name, cyrillic, country, region, category, sector, city in ORGANIZATIONS:
        organization = Organization.objects.filter(
            normalized_name=normalize_organization_name(name), country=country
        ).first()
        if organization is None:
            organization = Organization.objects.create(
                name_latin=name,
                name_cyrillic=cyrillic,
                country=country,
                region=regions[region],
                category=OrganizationCategory(category),
                sector=Sector(sector),
                city=city,
            )
        organizations.append(organization)
    return organizations


# Rejection and cancellation drop a registration's company visits (the lifecycle's follow-up).
RELEASES_VISITS = (RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED)


@transaction.atomic
def load_demo_registrations(session):
    """Give `session` 36 demo registrations; idempotent (people are found by e-mail)."""
    if Registration.objects.filter(
        session=session, person__email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
    ).exists():
        return 0
    organizations = _organizations()
    tables = list(session.thematic_tables.all())
    visits = list(session.programme_items.filter(kind="company_visit"))
    now = timezone.now()
    created = 0
    cohorts = (
        (ITALIANS, ITALIAN_STATES, Country.ITALY, "it"),
        (RUSSIANS, RUSSIAN_STATES, Country.RUSSIA, "ru"),
    )
    for people, states, delegation, language in cohorts:
        for index, ((given, family, organization, role, position), status) in enumerate(
            zip(people, states, strict=True)
        ):
            given_latin, family_latin = to_latin(given), to_latin(family)
            email = f"{given_latin}.{family_latin}".lower().replace(" ", "")
            person, _ = Person.objects.get_or_create(
                email=f"{email}@{DEMO_EMAIL_DOMAIN}",
                defaults={
                    "given_name": given,
                    "family_name": family,
                    "given_name_latin": given_latin,
                    "family_name_latin": family_latin,
                    "preferred_language": language,
                },
            )
            submitted = now - datetime.timedelta(days=6, hours=-index)
            confirmed = status != RegistrationStatus.PENDING_CONFIRMATION
            decided = status in (
                RegistrationStatus.APPROVED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.REJECTED,
            )
            registration = Registration.objects.create(
                person=person,
                session=session,
                delegation=delegation,
                organization=organizations[organization],
                position=position,
                role=role,
                wants_bilateral_meetings=role == RegistrationRole.COMPANY_REPRESENTATIVE,
                status=status,
                language=language,
                privacy_consent_at=submitted,
                confirmed_at=submitted if confirmed else None,
                submitted_at=submitted if confirmed else None,
                decided_at=submitted + datetime.timedelta(days=1) if decided else None,
                cancelled_at=now if status == RegistrationStatus.CANCELLED else None,
            )
            if tables:
                registration.thematic_tables.set([tables[index % len(tables)]])
            if visits and index % 3 == 0 and status not in RELEASES_VISITS:
                # As the lifecycle does: a confirmed registration's visits get a place or a
                # turn on the visit's waiting list; one awaiting confirmation only asks.
                set_company_visits(registration, [visits[index % len(visits)]], allocate=confirmed)
            created += 1
    return created


def load_demo_registrations_for_demo_session():
    from sessions_app.services import DEMO_SESSION_NUMBER

    session = Session.objects.filter(number=DEMO_SESSION_NUMBER).first()
    if session is None:
        return None, 0
    return session, load_demo_registrations(session)
