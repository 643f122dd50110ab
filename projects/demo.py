"""Demo data of the collaboration projects for `make run`.

- The demo session XXX (upcoming, Kazan') gets its call for projects, open, and 30 projects of
  its delegates across its thematic tables, in both languages, in every state and translation
  state, some in their order of presentation.
- A previous demo session XXIX (Bologna, held five months before the demo data were first
  loaded, marked as demo in its notes) gets a final Protocol whose sections carry five
  commitments in every status, eight projects with the follow-up answered at 3 months (and
  some reminders), and seven of its eight delegates checked in (venue/demo.py), so that the
  annex of XXX's draft Protocol, the results pages and the certificates show something real.

Idempotent: what exists is left as it is. Every change goes through the services (proposal,
review, finalization, follow-up answers)."""

import datetime

from django.db import transaction
from django.utils import timezone

from agreements.models import Commitment, Protocol
from agreements.services.demo import add_demo_sections, give_demo_cochairs
from agreements.services.protocols import finalize_protocol
from core.authorization import SYSTEM
from delegates.models import Registration, RegistrationStatus
from projects.models import (
    Call,
    CollaborationProject,
    DeclineReason,
    FollowUp,
    TranslationState,
)
from projects.services import follow_up, lifecycle
from sessions_app.models import Country, Region, Session, SessionStatus
from sessions_app.services.institutions import give_default_institutions
from sessions_app.services.programme import DEMO_TABLES
from venue.demo import give_demo_check_ins

DEMO_SESSION_NUMBER = 30
PREVIOUS_NUMBER = 29
DEMO_NOTE = "Demo session created by `make run` (collaboration projects)."

# (Italian title, Russian title, Italian summary, Russian summary, sector, kind, partner)
THEMES = [
    (
        "Linea comune di lavorazione CNC",
        "Совместная линия обработки на станках с ЧПУ",
        "Produzione congiunta di componenti meccanici di precisione per l’industria energetica.",
        "Совместное производство точных механических компонентов для энергетики.",
        "mechanics",
        "joint_venture",
        "company",
    ),
    (
        "Pannelli isolanti per il clima continentale",
        "Теплоизоляционные панели для континентального климата",
        "Trasferimento della tecnologia di pannelli sandwich ad alta efficienza.",
        "Передача технологии высокоэффективных сэндвич-панелей.",
        "building",
        "technology_transfer",
        "company",
    ),
    (
        "Distribuzione di macchine agricole",
        "Дистрибуция сельскохозяйственной техники",
        "Rete di distributori e assistenza nella regione del Volga.",
        "Сеть дистрибьюторов и сервиса в Поволжье.",
        "agrifood",
        "distribution",
        "company",
    ),
    (
        "Subfornitura di valvole per oleodotti",
        "Субподряд на поставку клапанов для трубопроводов",
        "Qualifica di fornitori italiani per componenti di impianti oil & gas.",
        "Квалификация итальянских поставщиков компонентов для нефтегазовых объектов.",
        "oil_gas",
        "supply",
        "company",
    ),
    (
        "Laboratorio congiunto sui materiali compositi",
        "Совместная лаборатория композитных материалов",
        "Ricerca applicata tra università e imprese dei due distretti.",
        "Прикладные исследования университетов и предприятий двух кластеров.",
        "education_research",
        "research",
        "university",
    ),
    (
        "Scuola di formazione per saldatori",
        "Школа подготовки сварщиков",
        "Formazione certificata secondo le norme europee per tecnici russi.",
        "Сертифицированное обучение российских специалистов по европейским нормам.",
        "mechanics",
        "training",
        "institution",
    ),
    (
        "Stabilimento di mobili a Kazan’",
        "Мебельное производство в Казани",
        "Investimento in una fabbrica di mobili per il settore alberghiero.",
        "Инвестиции в мебельную фабрику для гостиничного сектора.",
        "furniture",
        "investment",
        "regional_government",
    ),
    (
        "Piattaforma logistica per l’export alimentare",
        "Логистическая платформа для экспорта продовольствия",
        "Catena del freddo tra i distretti alimentari e i mercati degli Urali.",
        "Холодовая цепь между пищевыми кластерами и рынками Урала.",
        "transport_logistics",
        "joint_venture",
        "company",
    ),
    (
        "Efficienza energetica negli edifici pubblici",
        "Энергоэффективность общественных зданий",
        "Progetti pilota di riqualificazione con imprese di entrambi i paesi.",
        "Пилотные проекты модернизации с участием компаний обеих стран.",
        "energy",
        "technology_transfer",
        "regional_government",
    ),
    (
        "Tessuti tecnici per l’abbigliamento da lavoro",
        "Технические ткани для спецодежды",
        "Produzione su licenza di tessuti ignifughi.",
        "Лицензионное производство огнестойких тканей.",
        "textile_fashion",
        "supply",
        "company",
    ),
]

# Demo session: (theme, table index, status, translation state, presentation order)
# The demo's table (DEMO_TABLES: 0 building, 1 mechanics, 2 oil & gas) for each theme above,
# by its subject: the CNC line, farm machinery, composites and welders at Mechanics; the
# insulation, the furniture plant and the energy efficiency of buildings at Building; the
# pipeline valves, the logistics platform and the workwear fabrics at Oil & gas.
THEME_TABLES = (1, 0, 1, 2, 1, 1, 0, 2, 0, 2)

DEMO_PROJECTS = [
    (0, 0, "accepted_table", "checked", 1),
    (1, 0, "accepted_table", "checked", 2),
    (2, 1, "accepted_table", "translated", 1),
    (3, 2, "accepted_table", "checked", 1),
    (4, 1, "accepted_table", "translated", 2),
    (5, 0, "accepted_table", "needed", 3),
    (6, 1, "accepted_table", "checked", 3),
    (7, 2, "accepted_table", "translated", 2),
    (8, 0, "accepted_table", "checked", 4),
    (9, 2, "accepted_table", "needed", 3),
    (0, 1, "accepted_catalogue", "translated", None),
    (1, 2, "accepted_catalogue", "needed", None),
    (2, 0, "accepted_catalogue", "checked", None),
    (3, 1, "accepted_catalogue", "translated", None),
    (4, 2, "accepted_catalogue", "needed", None),
    (5, 1, "accepted_catalogue", "checked", None),
    (6, 0, "proposed", "needed", None),
    (7, 1, "proposed", "needed", None),
    (8, 2, "proposed", "translated", None),
    (9, 0, "proposed", "needed", None),
    (0, 2, "proposed", "needed", None),
    (1, 1, "proposed", "translated", None),
    (2, 2, "proposed", "needed", None),
    (3, 0, "proposed", "needed", None),
    (4, 0, "declined", "needed", None),
    (5, 2, "declined", "translated", None),
    (6, 2, "declined", "needed", None),
    (7, 0, "withdrawn", "needed", None),
    (8, 1, "withdrawn", "translated", None),
    (9, 1, "withdrawn", "needed", None),
]
# Staff decline with a reason from the list: each proposer reads it in their language.
DECLINE_REASON = DeclineReason.OUT_OF_SCOPE

COMMITMENTS = [
    (
        "Organizzare una missione di imprese italiane nella Repubblica del Tatarstan",
        "Организовать миссию итальянских компаний в Республику Татарстан",
        "IT",
        "Agenzia ICE",
        "Агентство ICE",
        150,
        "fulfilled",
    ),
    (
        "Aprire uno sportello per le PMI russe presso la Camera di commercio di Bologna",
        "Открыть консультационный пункт для российских МСП при Торговой палате Болоньи",
        "IT",
        "Camera di commercio di Bologna",
        "Торговая палата Болоньи",
        120,
        "in_progress",
    ),
    (
        "Preparare un accordo tra i distretti della meccanica di Bologna e di Kazan’",
        "Подготовить соглашение между машиностроительными кластерами Болоньи и Казани",
        "both",
        "",
        "",
        200,
        "in_progress",
    ),
    (
        "Pubblicare la guida agli incentivi regionali per gli investitori italiani",
        "Опубликовать справочник региональных мер поддержки для итальянских инвесторов",
        "RU",
        "Ministero dello sviluppo economico russo",
        "Минэкономразвития России",
        90,
        "postponed",
    ),
    (
        "Creare un registro comune dei progetti di collaborazione",
        "Создать общий реестр проектов сотрудничества",
        "both",
        "",
        "",
        60,
        "fulfilled",
    ),
]


def _proposers(session):
    return list(
        Registration.objects.filter(
            session=session, status__in=(RegistrationStatus.APPROVED, RegistrationStatus.SUBMITTED)
        )
        .select_related("organization", "person")
        .order_by("pk")
    )


def _create_project(session, proposer, table, theme, status, translation, order, now):
    title_it, title_ru, summary_it, summary_ru, sector, kind, partner = THEMES[theme]
    original = "ru" if proposer.delegation == Country.RUSSIA else "it"
    both = translation != TranslationState.NEEDS_TRANSLATION
    project = CollaborationProject.objects.create(
        session=session,
        proposer=proposer,
        original_language=original,
        title_it=title_it if (both or original == "it") else "",
        summary_it=summary_it if (both or original == "it") else "",
        title_ru=title_ru if (both or original == "ru") else "",
        summary_ru=summary_ru if (both or original == "ru") else "",
        thematic_table=table,
        sector=sector,
        kind=kind,
        partner_category=partner,
        proposer_region=proposer.organization.region,
        partner_region=None,
        translation_state=translation,
        presentation_order=order,
        created_at=now,
    )
    if status != "proposed":
        # A past session's decisions are its history, dated before it and e-mailed to nobody
        # (lifecycle.transition sends no decision e-mail once the session is over).
        decided = now if not session.has_ended() else now + datetime.timedelta(days=10)
        reason_code = DECLINE_REASON if status == "declined" else ""
        lifecycle.transition(project, status, by=SYSTEM, reason_code=reason_code, now=decided)
    return project


def _load_demo_call(session, now):
    if Call.objects.filter(session=session).exists():
        return 0
    zone = session.tzinfo
    Call.objects.create(
        session=session,
        opens_at=datetime.datetime.combine(
            timezone.localdate() - datetime.timedelta(days=20), datetime.time(9), tzinfo=zone
        ),
        closes_at=datetime.datetime.combine(
            session.start_date - datetime.timedelta(days=20), datetime.time(18), tzinfo=zone
        ),
        introduction_it="Proponga i progetti di collaborazione da presentare ai tavoli tematici.",
        introduction_ru="Предложите проекты сотрудничества для тематических круглых столов.",
        introduction_en="Propose the collaboration projects to present at the thematic tables.",
    )
    tables = list(session.thematic_tables.order_by("position", "pk"))
    proposers = _proposers(session)
    if not tables or not proposers:
        return 0
    orders = {}
    for index, (theme, _table, status, translation, order) in enumerate(DEMO_PROJECTS):
        proposer = proposers[index % len(proposers)]
        # Each project at the table its subject belongs to, numbered in its table's order.
        table = tables[THEME_TABLES[theme] % len(tables)]
        if order is not None:
            order = orders[table.pk] = orders.get(table.pk, 0) + 1
        _create_project(session, proposer, table, theme, status, translation, order, now)
    return len(DEMO_PROJECTS)


def _previous_session(demo, today):
    existing = Session.objects.filter(number=PREVIOUS_NUMBER).first()
    if existing is not None:
        return existing if existing.notes == DEMO_NOTE else None
    region = Region.objects.get(code="IT-45")
    start = today - datetime.timedelta(days=150)
    session = Session.objects.create(
        number=PREVIOUS_NUMBER,
        host_country=Country.ITALY,
        host_region=region,
        city_it="Bologna",
        city_ru="Болонья",
        city_en="Bologna",
        venue="BolognaFiere (demo)",
        venue_ru="«Болонья Фьере» (демо)",
        time_zone="Europe/Rome",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        status=SessionStatus.HELD,
        notes=DEMO_NOTE,
    )
    give_default_institutions(session)
    give_demo_cochairs(session)
    for position, table in enumerate(DEMO_TABLES, start=1):
        session.thematic_tables.create(
            position=position,
            **{key: table[key] for key in ("sector", "name_it", "name_ru", "name_en")},
        )
    return session


def _load_previous(demo, today, now):
    session = _previous_session(demo, today)
    if session is None or session.projects.exists():
        return None
    # The same people took part in the previous session (one person across editions).
    people = _proposers(demo)[:8]
    registrations = [
        Registration.objects.create(
            person=registration.person,
            session=session,
            delegation=registration.delegation,
            organization=registration.organization,
            position=registration.position,
            role=registration.role,
            status=RegistrationStatus.APPROVED,
            language=registration.language,
            privacy_consent_at=now,
            confirmed_at=now,
            submitted_at=now,
        )
        for registration in people
    ]
    # Who came, scanned at the desk (one did not): attendance and certificates to try.
    give_demo_check_ins(session, registrations)
    tables = list(session.thematic_tables.order_by("position", "pk"))
    ended = datetime.datetime.combine(session.end_date, datetime.time(12), tzinfo=session.tzinfo)
    Call.objects.create(
        session=session,
        opens_at=ended - datetime.timedelta(days=90),
        closes_at=ended - datetime.timedelta(days=20),
    )
    projects = []
    for index, registration in enumerate(registrations):
        status = "accepted_table" if index < 6 else "accepted_catalogue"
        projects.append(
            _create_project(
                session,
                registration,
                tables[index % len(tables)],
                index,
                status,
                TranslationState.CHECKED,
                index // len(tables) + 1,
                ended - datetime.timedelta(days=40),
            )
        )
    # The follow-up at 3 months, as the task engine asked it, and the answers.
    asked = ended + datetime.timedelta(days=92)
    answers = [
        "implemented",
        "agreement_signed",
        "negotiating",
        "contact_made",
        "abandoned",
        "negotiating",
        None,
        None,
    ]
    # Fewer demo delegates (a partial load), fewer projects: the first answers go to those.
    for project, answer in zip(projects, answers, strict=False):
        question = FollowUp.objects.create(
            session=session,
            kind="project",
            round_months=3,
            registration=project.proposer,
            project=project,
            sent_at=asked,
        )
        if answer:
            follow_up.answer(
                question, progress=answer, note="", now=asked + datetime.timedelta(days=3)
            )
    _load_protocol(session)
    return session


def _load_protocol(session):
    if Protocol.objects.filter(session=session).exists():
        return
    protocol = Protocol.objects.create(session=session)
    sections = add_demo_sections(protocol, Country.RUSSIA)
    conclusions = sections[-2] if len(sections) > 1 else sections[0]
    for position, (text_it, text_ru, side, inst_it, inst_ru, days, _status) in enumerate(
        COMMITMENTS, start=1
    ):
        Commitment.objects.create(
            section=conclusions,
            position=position,
            text_it=text_it,
            text_ru=text_ru,
            side=side,
            institution_it=inst_it,
            institution_ru=inst_ru,
            deadline=session.end_date + datetime.timedelta(days=days),
        )
    finalize_protocol(protocol, by=SYSTEM)
    # Where each stands, kept up to date by staff since.
    for position, commitment in enumerate(Commitment.objects.of_protocol(protocol), start=1):
        commitment.status = COMMITMENTS[position - 1][6]
        commitment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def load_demo_projects(today=None):
    """Returns (demo projects created, previous session or None)."""
    today = today or timezone.localdate()
    now = timezone.now()
    demo = Session.objects.filter(number=DEMO_SESSION_NUMBER).first()
    if demo is None:
        return None, None
    created = _load_demo_call(demo, now)
    previous = _load_previous(demo, today, now)
    return created, previous
