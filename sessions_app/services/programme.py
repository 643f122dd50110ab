"""Business rules of a session's programme: adding items, copying a programme between sessions,
grouping it by day, and the demo programme.

Who acts (`by`, required; see `core.authorization`): staff who run the programme
(Organizers and Ministry administrators hold the permissions below), or SYSTEM for the demo
data; anyone else gets ActionNotAllowed and nothing changes."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core import prepared
from core.authorization import SYSTEM, history_user, require_permission
from core.public_cache import bump as bump_public_pages
from sessions_app.models import ProgrammeItem, ProgrammeItemKind, Sector, Session, ThematicTable

# Copying a programme creates tables and items; replacing one first removes the old ones.
DUPLICATE_PERMISSIONS = ("sessions_app.add_programmeitem", "sessions_app.add_thematictable")
REPLACE_PERMISSIONS = ("sessions_app.delete_programmeitem", "sessions_app.delete_thematictable")
ADD_ITEM_PERMISSION = "sessions_app.add_programmeitem"
NOT_ALLOWED = _("You are not allowed to change the programme.")


class ProgrammeError(Exception):
    """A rule of the programme forbids the action; the message is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


TABLE_COPIED_FIELDS = (
    "name_it",
    "name_ru",
    "name_en",
    "sector",
    "description_it",
    "description_ru",
    "description_en",
    "capacity",
    "position",
)
ITEM_COPIED_FIELDS = (
    "kind",
    "title_it",
    "title_ru",
    "title_en",
    "place_it",
    "place_ru",
    "place_en",
    "description_it",
    "description_ru",
    "description_en",
    "capacity",
)


def _shifted(moment, source, target):
    """The same wall-clock time on the same day of the session, in the target's city."""
    local = timezone.localtime(moment, source.tzinfo)
    day = target.start_date + (local.date() - source.start_date)
    return datetime.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=target.tzinfo)


@transaction.atomic
def duplicate_programme(source, target, *, by, replace=False):
    """Copy the thematic tables and programme items of `source` into `target`.

    Each item keeps its wall-clock times and its day within the session (the plenary of the
    first morning stays on the first morning). Moderators are not copied: they change from
    one edition to the next. Raises ProgrammeError when the target already has a programme
    (unless `replace`), when the source has none, or when it does not fit the target's days.
    Returns the number of items created.
    """
    require_permission(by, *DUPLICATE_PERMISSIONS, message=NOT_ALLOWED)
    if replace:
        require_permission(by, *REPLACE_PERMISSIONS, message=NOT_ALLOWED)
    target = Session.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ProgrammeError(_("Choose a session other than the one being filled."))
    items = list(ProgrammeItem.objects.for_session(source).in_order())
    tables = list(source.thematic_tables.all())
    if not items and not tables:
        raise ProgrammeError(
            _("%(session)s: there is no programme to copy.") % {"session": source.title}
        )
    has_programme = target.programme_items.exists() or target.thematic_tables.exists()
    if has_programme and not replace:
        raise ProgrammeError(
            _("%(session)s: this session already has a programme; choose to replace it.")
            % {"session": target.title}
        )
    new_items = []
    for item in items:
        new_item = ProgrammeItem(
            session=target,
            starts_at=_shifted(item.starts_at, source, target),
            ends_at=_shifted(item.ends_at, source, target),
            **{name: getattr(item, name) for name in ITEM_COPIED_FIELDS},
        )
        if not (
            target.local_start() <= new_item.starts_at < new_item.ends_at <= target.local_end()
        ):
            raise ProgrammeError(
                _(
                    "“%(title)s” would fall outside the days of the session (%(dates)s): "
                    "the programme to copy is longer than this session."
                )
                % {"title": item.title, "dates": target.dates_display}
            )
        new_item.source_table_id = item.table_id
        new_items.append(new_item)
    if has_programme:
        target.programme_items.all().delete()
        target.thematic_tables.all().delete()
    table_copies = {}
    for table in tables:
        copy = ThematicTable(
            session=target, **{name: getattr(table, name) for name in TABLE_COPIED_FIELDS}
        )
        copy._history_user = history_user(by)
        copy.save()
        table_copies[table.pk] = copy
    for new_item in new_items:
        new_item.table = table_copies.get(new_item.source_table_id)
    bulk_create_with_history(new_items, ProgrammeItem, default_user=history_user(by))
    bump_public_pages("programme")  # bulk_create sends no post_save
    return len(new_items)


@transaction.atomic
def add_programme_item(session, *, by, **values):
    """Validate and save one item of the programme (the admin's rules, for scripts and data)."""
    require_permission(by, ADD_ITEM_PERMISSION, message=NOT_ALLOWED)
    item = ProgrammeItem(session=session, **values)
    item.full_clean()
    item._history_user = history_user(by)
    item.save()
    return item


@dataclass
class ProgrammeDay:
    date: datetime.date
    number: int
    items: list = field(default_factory=list)


def programme_days(session, items):
    """Group items (in time order) by the day of the session they start on, in its city."""
    days = {}
    for item in items:
        day = item.local_day
        if day not in days:
            days[day] = ProgrammeDay(date=day, number=(day - session.start_date).days + 1)
        days[day].items.append(item)
    return [days[day] for day in sorted(days)]


def _items_with_tables(session_id):
    return ProgrammeItem.objects.filter(session_id=session_id).with_table().in_order()


def _tables(session_id):
    return ThematicTable.objects.filter(session_id=session_id)


def programme_for_display(session):
    """The items in time order with their tables, and the tables: two queries, compiled once
    per session (core/prepared.py)."""
    items = prepared.rows(_items_with_tables, session.pk)
    tables = prepared.rows(_tables, session.pk)
    for row in (*items, *tables):
        row.session = session
    return items, tables


DEMO_TABLES = [
    {
        "sector": Sector.BUILDING,
        "name_it": "Edilizia",
        "name_ru": "Строительство",
        "name_en": "Building",
        "description_it": (
            "Materiali, componenti e tecnologie per l’edilizia residenziale e industriale; "
            "efficienza energetica degli edifici; cooperazione tra distretti."
        ),
        "description_ru": (
            "Материалы, комплектующие и технологии для жилищного и промышленного "
            "строительства; энергоэффективность зданий; сотрудничество кластеров."
        ),
        "description_en": (
            "Materials, components and technologies for housing and industrial building; "
            "energy efficiency of buildings; cooperation between districts."
        ),
        "italian_moderator_name": "Giulia Bianchi",
        "italian_moderator_title": "ANCE – Associazione nazionale costruttori edili (demo)",
        "russian_moderator_name": "Алексей Смирнов",
        "russian_moderator_title": "Министерство строительства Республики Татарстан (демо)",
        "italian_moderator_name_cyrillic": "Джулия Бьянки",
        "italian_moderator_title_ru": "ANCE – Национальная ассоциация строительных компаний (демо)",
        "russian_moderator_title_it": (
            "Ministero dell’edilizia della Repubblica del Tatarstan (demo)"
        ),
        "capacity": 60,
    },
    {
        "sector": Sector.MECHANICS,
        "name_it": "Meccanica",
        "name_ru": "Машиностроение",
        "name_en": "Mechanics",
        "description_it": (
            "Macchine utensili, automazione e componentistica; localizzazione della "
            "produzione in Russia e partenariati industriali."
        ),
        "description_ru": (
            "Станкостроение, автоматизация и комплектующие; локализация производства "
            "в России и промышленные партнёрства."
        ),
        "description_en": (
            "Machine tools, automation and components; localising production in Russia "
            "and industrial partnerships."
        ),
        "italian_moderator_name": "Paolo Ferrari",
        "italian_moderator_title": "UCIMU – Sistemi per produrre (demo)",
        "russian_moderator_name": "Ольга Кузнецова",
        "russian_moderator_title": "Агентство инвестиционного развития Республики Татарстан (демо)",
        "italian_moderator_name_cyrillic": "Паоло Феррари",
        "italian_moderator_title_ru": "UCIMU – Ассоциация производителей станков (демо)",
        "russian_moderator_title_it": (
            "Agenzia per lo sviluppo degli investimenti della Repubblica del Tatarstan (demo)"
        ),
        "capacity": 60,
    },
    {
        "sector": Sector.OIL_GAS,
        "name_it": "Tecnologie e subfornitura per il settore oil & gas",
        "name_ru": "Технологии и субподряд для нефтегазового сектора",
        "name_en": "Technologies and subcontracting for the oil & gas sector",
        "description_it": (
            "Forniture e subforniture per l’estrazione, il trasporto e la raffinazione; "
            "qualificazione dei fornitori delle PMI italiane presso le compagnie russe."
        ),
        "description_ru": (
            "Поставки и субподряд для добычи, транспортировки и переработки; "
            "квалификация итальянских МСП как поставщиков российских компаний."
        ),
        "description_en": (
            "Supplies and subcontracting for extraction, transport and refining; "
            "qualifying Italian SMEs as suppliers of Russian companies."
        ),
        "italian_moderator_name": "Marco Colombo",
        "italian_moderator_title": "Confindustria – Federazione ANIMA (demo)",
        "russian_moderator_name": "Рустам Галиев",
        "russian_moderator_title": "Торгово-промышленная палата Республики Татарстан (демо)",
        "italian_moderator_name_cyrillic": "Марко Коломбо",
        "italian_moderator_title_ru": "Конфиндустрия – Федерация ANIMA (демо)",
        "russian_moderator_title_it": (
            "Camera di commercio e industria della Repubblica del Tatarstan (demo)"
        ),
        "capacity": 50,
    },
]

CONGRESS_HALL = (
    "Kazan Expo, sala congressi",
    "Казань Экспо, конгресс-холл",
    "Kazan Expo, congress hall",
)
MEETING_POINT_HALL = ("Kazan Expo, padiglione B", "Казань Экспо, павильон B", "Kazan Expo, hall B")
TABLE_ROOMS = [
    ("Kazan Expo, sala A1", "Казань Экспо, зал A1", "Kazan Expo, room A1"),
    ("Kazan Expo, sala A2", "Казань Экспо, зал A2", "Kazan Expo, room A2"),
    ("Kazan Expo, sala A3", "Казань Экспо, зал A3", "Kazan Expo, room A3"),
]

# day (0 = first), start, end, kind, titles, place, table index, capacity, descriptions
DEMO_ITEMS = [
    (0, "09:00", "10:00", ProgrammeItemKind.OTHER,
     ("Accredito dei partecipanti", "Аккредитация участников", "Check-in of participants"),
     ("Kazan Expo, ingresso principale", "Казань Экспо, главный вход", "Kazan Expo, main entrance"),
     None, None, None),
    (0, "10:00", "12:30", ProgrammeItemKind.PLENARY,
     ("Sessione plenaria", "Пленарное заседание", "Plenary session"),
     CONGRESS_HALL, None, None,
     ("Apertura dei lavori dei co-presidenti della Task Force; interventi delle istituzioni "
      "e delle regioni.",
      "Открытие сопредседателями Рабочей группы; выступления представителей органов власти "
      "и регионов.",
      "Opening by the co-chairs of the Task Force; addresses by institutions and regions.")),
    (0, "12:30", "14:00", ProgrammeItemKind.OTHER,
     ("Colazione di lavoro", "Деловой обед", "Working lunch"),
     ("Kazan Expo, ristorante", "Казань Экспо, ресторан", "Kazan Expo, restaurant"),
     None, None, None),
    (0, "14:00", "17:30", ProgrammeItemKind.THEMATIC_TABLE,
     ("Tavolo tematico: Edilizia", "Тематический круглый стол: Строительство",
      "Thematic table: Building"),
     TABLE_ROOMS[0], 0, None, None),
    (0, "14:00", "17:30", ProgrammeItemKind.THEMATIC_TABLE,
     ("Tavolo tematico: Meccanica", "Тематический круглый стол: Машиностроение",
      "Thematic table: Mechanics"),
     TABLE_ROOMS[1], 1, None, None),
    (0, "14:00", "17:30", ProgrammeItemKind.THEMATIC_TABLE,
     ("Tavolo tematico: Tecnologie e subfornitura per il settore oil & gas",
      "Тематический круглый стол: Технологии и субподряд для нефтегазового сектора",
      "Thematic table: Technologies and subcontracting for the oil & gas sector"),
     TABLE_ROOMS[2], 2, None, None),
    (0, "14:00", "18:00", ProgrammeItemKind.BILATERAL_MEETINGS,
     ("Meeting Point: incontri bilaterali tra imprese",
      "Площадка деловых встреч (B2B): двусторонние встречи компаний",
      "Meeting Point: bilateral meetings between companies"),
     MEETING_POINT_HALL, None, None, None),
    (1, "09:00", "13:00", ProgrammeItemKind.COMPANY_VISIT,
     ("Visita aziendale: Technopolis «Khimgrad»", "Посещение предприятия: Технополис «Химград»",
      "Company visit: Khimgrad technopolis"),
     ("Kazan’, via Vosstanija 100", "Казань, ул. Восстания, 100", "Kazan, 100 Vosstaniya St"),
     None, 30,
     ("Parco tecnologico per la chimica e i nuovi materiali. Partenza in autobus alle 8:30 "
      "dall’ingresso principale di Kazan Expo.",
      "Технопарк химии и новых материалов. Отправление автобуса в 8:30 от главного входа "
      "Казань Экспо.",
      "Technology park for chemicals and new materials. Bus leaves at 8:30 from the main "
      "entrance of Kazan Expo.")),
    (1, "14:30", "18:00", ProgrammeItemKind.COMPANY_VISIT,
     ("Visita aziendale: stabilimento di elicotteri di Kazan’",
      "Посещение предприятия: Казанский вертолётный завод",
      "Company visit: Kazan helicopter plant"),
     ("Kazan’, via Tècevskaja 14", "Казань, ул. Тэцевская, 14", "Kazan, 14 Tetsevskaya St"),
     None, 25,
     ("Visita alle linee di assemblaggio. Documento d’identità obbligatorio.",
      "Посещение сборочного производства. При себе обязательно иметь паспорт.",
      "Visit to the assembly lines. An identity document is required.")),
    (1, "13:30", "14:30", ProgrammeItemKind.OTHER,
     ("Firma del Protocollo e chiusura della sessione",
      "Подписание протокола и закрытие заседания",
      "Signing of the Protocol and closing of the session"),
     CONGRESS_HALL, None, None, None),
]  # fmt: skip


@transaction.atomic
def load_demo_programme(session):
    """Give the demo session its two-day programme, unless it already has one; idempotent.
    Returns True when the programme was created."""
    if session.thematic_tables.exists() or session.programme_items.exists():
        return False
    tables = [
        ThematicTable.objects.create(session=session, position=position, **values)
        for position, values in enumerate(DEMO_TABLES, start=1)
    ]
    for day, start, end, kind, titles, place, table, capacity, descriptions in DEMO_ITEMS:
        date = session.start_date + datetime.timedelta(days=day)
        values = {
            "kind": kind,
            "starts_at": _local(session, date, start),
            "ends_at": _local(session, date, end),
            "title_it": titles[0],
            "title_ru": titles[1],
            "title_en": titles[2],
            "place_it": place[0],
            "place_ru": place[1],
            "place_en": place[2],
            "table": tables[table] if table is not None else None,
            "capacity": capacity,
        }
        if descriptions:
            values.update(
                description_it=descriptions[0],
                description_ru=descriptions[1],
                description_en=descriptions[2],
            )
        add_programme_item(session, by=SYSTEM, **values)
    return True


def _local(session, date, clock):
    hour, minute = map(int, clock.split(":"))
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=session.tzinfo)
