"""The institutions of each session, as named at its time (see models/institution.py).

The Italian Ministero dello Sviluppo Economico (MISE) became the Ministero delle Imprese e del
Made in Italy (MIMIT) in November 2022: sessions from 2022 get MIMIT, earlier ones MISE. The
Russian co-chairing ministry kept its name. Staff correct or add institutions in the admin.
"""

from django.db import transaction

from sessions_app.models import Country, SessionInstitution

# The year from which sessions get the Ministero delle Imprese e del Made in Italy.
MIMIT_FROM_YEAR = 2022

MISE = {
    "country": Country.ITALY,
    "is_data_controller": True,
    "name_it": "Ministero dello Sviluppo Economico",
    "name_ru": "Министерство экономического развития Итальянской Республики",
    "name_en": "Ministry of Economic Development of the Italian Republic",
    "department_it": (
        "Direzione generale per le politiche di internazionalizzazione e la promozione degli scambi"
    ),
    "department_ru": ("Генеральная дирекция по политике интернационализации и содействию торговле"),
    "department_en": ("Directorate General for internationalisation policies and trade promotion"),
    "address": "Viale Boston, 25 – 00144 Roma",
}

MIMIT = {
    "country": Country.ITALY,
    "is_data_controller": True,
    "name_it": "Ministero delle Imprese e del Made in Italy",
    "name_ru": "Министерство предприятий и «Сделано в Италии» Итальянской Республики",
    "name_en": "Ministry of Enterprises and Made in Italy of the Italian Republic",
    "department_it": (
        "Direzione generale per la politica industriale, la riconversione e la crisi "
        "industriale, l’innovazione, le PMI e il made in Italy"
    ),
    "department_ru": (
        "Генеральная дирекция промышленной политики, инноваций, малых и средних предприятий "
        "и «Сделано в Италии»"
    ),
    "department_en": (
        "Directorate General for industrial policy, innovation, SMEs and Made in Italy"
    ),
    "address": "Via Molise, 2 – 00187 Roma",
}

RUSSIAN_MINISTRY = {
    "country": Country.RUSSIA,
    "is_data_controller": False,
    "name_it": "Ministero dello Sviluppo Economico della Federazione Russa",
    "name_ru": "Министерство экономического развития Российской Федерации",
    "name_en": "Ministry of Economic Development of the Russian Federation",
    "department_it": (
        "Dipartimento per lo sviluppo delle piccole e medie imprese e della concorrenza"
    ),
    "department_ru": "Департамент развития малого и среднего предпринимательства и конкуренции",
    "department_en": (
        "Department for the development of small and medium-sized enterprises and competition"
    ),
    # Russian addresses put the postcode first.
    "address": "125993, Москва, ул. 1-я Тверская-Ямская, д. 1, 3",
}


def default_institutions(start_date):
    """The Italian and the Russian co-chairing ministry as named on `start_date`."""
    italian = MIMIT if start_date.year >= MIMIT_FROM_YEAR else MISE
    return [dict(italian, position=0), dict(RUSSIAN_MINISTRY, position=1)]


def give_default_institutions(session, model=SessionInstitution):
    """Record the two ministries for a session that has none yet, with the session's
    co-chairs as their signatories. Returns the institutions created (none if it had some)."""
    with transaction.atomic():
        if model.objects.filter(session=session).exists():
            return []
        created = []
        for values in default_institutions(session.start_date):
            if values["country"] == Country.ITALY:
                signatory = {
                    "signatory_name": session.italian_cochair_name,
                    "signatory_name_other_script": session.italian_cochair_name_cyrillic,
                    "signatory_title_it": session.italian_cochair_title,
                    "signatory_title_ru": session.italian_cochair_title_ru,
                }
            else:
                signatory = {
                    "signatory_name": session.russian_cochair_name,
                    "signatory_name_other_script": session.russian_cochair_name_latin,
                    "signatory_title_it": session.russian_cochair_title_it,
                    "signatory_title_ru": session.russian_cochair_title,
                }
            created.append(model.objects.create(session=session, **values, **signatory))
        return created


def data_controller(session):
    """The institution the privacy notice names as controller (None if none recorded)."""
    return session.institutions.filter(is_data_controller=True).order_by("position", "pk").first()


def institution_of(session, country):
    """The session's first institution of `country` ("IT"/"RU"), or None."""
    return session.institutions.filter(country=country).order_by("position", "pk").first()


def letterhead_institution(session):
    """The institution whose letterhead invites the delegates: the host country's ministry as
    recorded for the session, else the one of the session's time (not saved)."""
    institution = institution_of(session, session.host_country)
    if institution is not None:
        return institution
    values = next(
        values
        for values in default_institutions(session.start_date)
        if values["country"] == session.host_country
    )
    return SessionInstitution(session=session, **values)


def letter_signatory(session):
    """Who signs the visa letters, as (PersonName, Italian title, Russian title): the
    signatory of the host institution, else the host country's co-chair."""
    institution = letterhead_institution(session)
    if institution.signatory_name:
        return (
            institution.signatory,
            institution.signatory_title_it or institution.signatory_title_ru,
            institution.signatory_title_ru or institution.signatory_title_it,
        )
    if session.host_country == Country.ITALY:
        cochair, title_in = session.italian_cochair, session.italian_cochair_title_in
    else:
        cochair, title_in = session.russian_cochair, session.russian_cochair_title_in
    return cochair, title_in("it"), title_in("ru")
