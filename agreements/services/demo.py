"""Demo agreements and protocols for `make run`: the XXV session (Bergamo, 2016) and the demo
session XXX. Every text is invented for the demonstration."""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Party,
    Protocol,
    ProtocolSection,
    Renewal,
    SectionKind,
    Signatory,
)
from agreements.services.protocols import finalize_protocol
from agreements.services.registry import annex_agreements, expire_ended_terms
from core.authorization import SYSTEM
from core.pdf import render_pdf
from delegates.models import Organization, normalize_organization_name
from sessions_app.models import Country, Region, Session
from sessions_app.services.institutions import give_default_institutions

HISTORY_SESSION_NUMBER = 25
DEMO_SESSION_NUMBER = 30
DEMO_NOTE = "Demo data loaded by `manage.py load_demo_agreements`."


@dataclass
class DemoReport:
    agreements_created: int = 0
    protocols_created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def __str__(self):
        text = (
            f"{self.agreements_created} agreements created, "
            f"protocols created: {', '.join(self.protocols_created) or 'none'}"
        )
        if self.skipped:
            text += f"; skipped: {'; '.join(self.skipped)}"
        return text


def _organization(name_latin, name_cyrillic, country, region_code, category, sector, city):
    """The organization with this name in this country, created when missing."""
    existing = Organization.objects.filter(
        normalized_name=normalize_organization_name(name_latin), country=country
    ).first()
    if existing:
        return existing
    return Organization.objects.create(
        name_latin=name_latin,
        name_cyrillic=name_cyrillic,
        country=country,
        region=Region.objects.filter(code=region_code).first(),
        category=category,
        sector=sector,
        city=city,
    )


def _agreements_for_history(session):
    day_one, day_two = session.start_date, session.end_date
    bergamo_industry = _organization(
        "Confindustria Bergamo (demo)",
        "Конфиндустрия Бергамо (демо)",
        Country.ITALY,
        "IT-25",
        "trade_association",
        "mechanics",
        "Bergamo",
    )
    return [
        {
            "kind": AgreementKind.MEMORANDUM,
            "sector": "mechanics",
            "title_it": (
                "Memorandum d’intesa sulla cooperazione tra le imprese meccaniche "
                "di Bergamo e della regione di Sverdlovsk"
            ),
            "title_ru": (
                "Меморандум о взаимопонимании по сотрудничеству между машиностроительными "
                "предприятиями Бергамо и Свердловской области"
            ),
            "title_en": (
                "Memorandum of understanding on cooperation between the mechanical "
                "engineering companies of Bergamo and the Sverdlovsk region"
            ),
            "summary_it": (
                "Scambio di missioni imprenditoriali, incontri B2B annuali e un programma "
                "comune di formazione per tecnici della subfornitura meccanica."
            ),
            "summary_ru": (
                "Обмен деловыми миссиями, ежегодные встречи B2B и совместная программа "
                "подготовки специалистов для машиностроительного субподряда."
            ),
            "summary_en": (
                "Business missions, yearly B2B meetings and a joint training programme for "
                "technicians in mechanical subcontracting."
            ),
            "signing_date": day_one,
            "status": AgreementStatus.IN_FORCE,
            "duration_months": 36,
            "renewal": Renewal.TACIT,
            "parties": [
                {"side": Country.ITALY, "organization": bergamo_industry},
                {
                    "side": Country.RUSSIA,
                    "name": "Союз машиностроителей Свердловской области (демо)",
                    "region": "RU-SVE",
                },
            ],
            "signatories": [
                ("IT", "Giovanni Ferri", "Presidente", "Confindustria Bergamo"),
                ("RU", "Алексей Смирнов", "Председатель", "Союз машиностроителей"),
            ],
        },
        {
            "kind": AgreementKind.PRIVATE_UNDERSTANDING,
            "sector": "education_research",
            "title_it": (
                "Intesa di collaborazione tra il Parco tecnologico di Bergamo e il "
                "Technopark universitario di Ekaterinburg"
            ),
            "title_ru": (
                "Соглашение о сотрудничестве между Технологическим парком Бергамо и "
                "Университетским технопарком Екатеринбурга"
            ),
            "title_en": (
                "Cooperation understanding between the Bergamo Technology Park and the "
                "Ekaterinburg University Technopark"
            ),
            "summary_it": "Incubazione incrociata di start-up e scambio di ricercatori.",
            "summary_ru": "Взаимная инкубация стартапов и обмен исследователями.",
            "summary_en": "Cross-incubation of start-ups and exchange of researchers.",
            "signing_date": day_two,
            "status": AgreementStatus.SIGNED,
            "duration_months": 24,
            "renewal": Renewal.EXPRESS,
            "parties": [
                {"side": Country.ITALY, "name": "Parco tecnologico di Bergamo (demo)"},
                {"side": Country.RUSSIA, "name": "Университетский технопарк (демо)"},
            ],
            "signatories": [
                ("IT", "Chiara Locatelli", "Direttrice", "Parco tecnologico di Bergamo"),
                ("RU", "Ольга Кузнецова", "Генеральный директор", "Технопарк"),
            ],
            "signed_copy_is_public": True,
        },
        {
            "kind": AgreementKind.INTERGOVERNMENTAL,
            "sector": "institutional",
            "title_it": (
                "Accordo di cooperazione tra la Regione Lombardia e il Governo della "
                "regione di Sverdlovsk per il sostegno alle PMI"
            ),
            "title_ru": (
                "Соглашение о сотрудничестве между Областью Ломбардия и Правительством "
                "Свердловской области в сфере поддержки МСП"
            ),
            "title_en": (
                "Cooperation agreement between the Lombardy Region and the Government of "
                "the Sverdlovsk region on support for SMEs"
            ),
            "signing_date": day_two,
            "status": AgreementStatus.IN_FORCE,
            "duration_months": 60,
            "renewal": Renewal.TACIT,
            "parties": [
                {"side": Country.ITALY, "region": "IT-25"},
                {"side": Country.RUSSIA, "region": "RU-SVE"},
            ],
            "signatories": [
                ("IT", "Marco Colombo", "Assessore allo sviluppo economico", "Regione Lombardia"),
                ("RU", "Дмитрий Волков", "Министр промышленности", "Свердловская область"),
            ],
        },
    ]


def _agreements_for_demo(session):
    return [
        {
            "kind": AgreementKind.MEMORANDUM,
            "sector": "institutional",
            "title_it": (
                "Memorandum d’intesa tra la Regione Emilia-Romagna e la Repubblica del "
                "Tatarstan sulla cooperazione tra distretti industriali"
            ),
            "title_ru": (
                "Меморандум о взаимопонимании между Областью Эмилия-Романья и Республикой "
                "Татарстан о сотрудничестве промышленных округов"
            ),
            "title_en": (
                "Memorandum of understanding between the Emilia-Romagna Region and the "
                "Republic of Tatarstan on cooperation between industrial districts"
            ),
            "summary_it": (
                "Gemellaggi tra distretti e cluster, missioni e fiere comuni. In negoziazione: "
                "sarà firmato durante la sessione."
            ),
            "summary_ru": (
                "Побратимство округов и кластеров, совместные миссии и выставки. На стадии "
                "согласования: будет подписан в ходе заседания."
            ),
            "summary_en": (
                "Twinning of districts and clusters, joint missions and fairs. Under "
                "negotiation: to be signed during the session."
            ),
            "signing_date": None,
            "status": AgreementStatus.DRAFT,
            "duration_months": 36,
            "renewal": Renewal.TACIT,
            "parties": [
                {"side": Country.ITALY, "region": "IT-45"},
                {"side": Country.RUSSIA, "region": "RU-TA"},
            ],
            "signatories": [
                (
                    "IT",
                    "Laura Bassi",
                    "Assessora alle attività produttive",
                    "Regione Emilia-Romagna",
                ),
                ("RU", "Рустам Хайруллин", "Министр экономики", "Республика Татарстан"),
            ],
        },
        {
            "kind": AgreementKind.PRIVATE_UNDERSTANDING,
            "sector": "oil_gas",
            "title_it": (
                "Intesa sulla subfornitura di componenti per l’industria petrolifera e del gas"
            ),
            "title_ru": "Соглашение о субподрядных поставках компонентов для нефтегазовой отрасли",
            "title_en": "Understanding on subcontracted components for the oil and gas industry",
            "summary_it": (
                "Qualificazione di fornitori italiani presso impianti del Tatarstan. In "
                "negoziazione: sarà firmata durante la sessione."
            ),
            "summary_ru": (
                "Квалификация итальянских поставщиков на предприятиях Татарстана. На стадии "
                "согласования: будет подписано в ходе заседания."
            ),
            "summary_en": (
                "Qualification of Italian suppliers at plants in Tatarstan. Under negotiation: "
                "to be signed during the session."
            ),
            "signing_date": None,
            "status": AgreementStatus.DRAFT,
            "duration_months": 12,
            "renewal": Renewal.TACIT,
            "parties": [
                {"side": Country.ITALY, "name": "Valvole Padane S.r.l. (demo)"},
                {"side": Country.RUSSIA, "name": "ООО «Казанские нефтесервисы» (демо)"},
            ],
            "signatories": [
                ("IT", "Stefano Galli", "Amministratore delegato", "Valvole Padane"),
                ("RU", "Марат Гарипов", "Генеральный директор", "Казанские нефтесервисы"),
            ],
        },
        {
            "kind": AgreementKind.OTHER,
            "sector": "education_research",
            "title_it": "Accordo quadro sulla formazione professionale nella meccatronica",
            "title_ru": "Рамочное соглашение о профессиональном обучении в области мехатроники",
            "title_en": "Framework agreement on vocational training in mechatronics",
            "summary_it": "In negoziazione: sarà firmato durante la sessione.",
            "summary_ru": "На стадии согласования: будет подписано в ходе заседания.",
            "summary_en": "Under negotiation: to be signed during the session.",
            "signing_date": None,
            "signing_place": "",
            "status": AgreementStatus.DRAFT,
            "duration_months": None,
            "renewal": Renewal.NONE,
            "parties": [
                {"side": Country.ITALY, "name": "Istituto tecnico superiore Meccatronica (demo)"},
                {"side": Country.RUSSIA, "name": "Казанский технический колледж (демо)"},
            ],
            "signatories": [],
        },
    ]


# The other delegation reads the signatories: Italian names in Cyrillic, titles translated.
# (Russian names get their Latin spelling by ICAO Doc 9303.)
SIGNATORY_NAMES_CYRILLIC = {
    "Giovanni Ferri": "Джованни Ферри",
    "Chiara Locatelli": "Кьяра Локателли",
    "Marco Colombo": "Марко Коломбо",
    "Laura Bassi": "Лаура Басси",
    "Stefano Galli": "Стефано Галли",
}
SIGNATORY_TITLES = {
    "Presidente": "Президент",
    "Председатель": "Presidente",
    "Direttrice": "Директор",
    "Генеральный директор": "Direttore generale",
    "Assessore allo sviluppo economico": "Министр экономического развития региона",
    "Министр промышленности": "Ministro dell’industria",
    "Assessora alle attività produttive": "Министр промышленности региона",
    "Министр экономики": "Ministro dell’economia",
    "Amministratore delegato": "Генеральный директор",
}


def _create_agreement(session, data, report):
    if Agreement.objects.filter(title_it=data["title_it"]).exists():
        return
    parties = data.pop("parties")
    signatories = data.pop("signatories")
    agreement = Agreement(session=session, notes=DEMO_NOTE, **data)
    if agreement.signed_copy_is_public:
        agreement.signed_copy.save("signed.pdf", ContentFile(_demo_scan(agreement)), save=False)
    # Demo data obeys the rules of real data (no agreement signed at a session still to come).
    agreement.full_clean()
    agreement.save()
    regions = Region.objects.in_bulk(field_name="code")
    for position, party in enumerate(parties, start=1):
        Party.objects.create(
            agreement=agreement,
            side=party["side"],
            organization=party.get("organization"),
            region=regions.get(party.get("region")),
            name=party.get("name", ""),
            position=position,
        )
    for position, (side, name, title, organization) in enumerate(signatories, start=1):
        Signatory.objects.create(
            agreement=agreement,
            side=side,
            name=name,
            name_other_script=SIGNATORY_NAMES_CYRILLIC.get(name, ""),
            title=title,
            title_other_language=SIGNATORY_TITLES.get(title, ""),
            organization=organization,
            position=position,
        )
    report.agreements_created += 1


def _demo_scan(agreement):
    """A one-page PDF standing in for the scan of a signed agreement."""
    html = (
        '<html><body style="font-family: DejaVu Sans; padding: 30mm">'
        f"<h1>{agreement.title_it}</h1><h1>{agreement.title_ru}</h1>"
        "<p>Copia firmata (demo) / Подписанный экземпляр (демо)</p></body></html>"
    )
    return render_pdf(html)


def _dates_in(session, language):
    with translation.override(language):
        return session.dates_display


def _cochairs_in(session, language):
    """Each co-chair as "name, title (institution)" in `language`, the name in its script."""
    institutions = {i.country: i for i in session.institutions.all()}
    described = []
    for country, name, title in (
        (Country.ITALY, session.italian_cochair, session.italian_cochair_title_in(language)),
        (Country.RUSSIA, session.russian_cochair, session.russian_cochair_title_in(language)),
    ):
        if language == "ru" and title and title[:2].istitle():
            # Running Russian text writes a post after a name in lower case («Марио Росси,
            # генеральный директор…»); acronyms («МСП») stay as they are.
            title = title[0].lower() + title[1:]
        text = ", ".join(part for part in (name.for_reader(language), title) if part)
        institution = institutions.get(country)
        if institution is not None:
            text += f" ({institution.localized('name', language)})"
        described.append(text)
    return described


def demo_sections(session, next_host):
    """Section texts of a demo protocol, in Italian and Russian. The conclusions take note of
    the agreements listed in the annex only when the session has signed agreements: otherwise
    the annex says none were recorded, and the text must not refer to a list."""
    numeral = session.roman_numeral
    has_signed_agreements = bool(annex_agreements(session))
    city_it, city_ru = session.city_it, session.city_ru or session.city_it
    on_days_it = "il" if session.start_date == session.end_date else "nei giorni"
    cochairs = {language: _cochairs_in(session, language) for language in ("it", "ru")}
    next_it, next_ru = {
        Country.ITALY: ("nella Repubblica Italiana", "в Итальянской Республике"),
        Country.RUSSIA: ("nella Federazione Russa", "в Российской Федерации"),
    }[next_host]
    return [
        (
            SectionKind.PREAMBLE,
            "Premessa",
            "Преамбула",
            f"La {numeral} sessione della Task Force italo-russa sui distretti e le PMI si è "
            f"svolta a {city_it} {on_days_it} {_dates_in(session, 'it')}, "
            "nell’ambito del Consiglio italo-russo per la cooperazione economica, industriale e "
            "finanziaria.\n\n"
            f"La sessione è stata copresieduta, per la Parte italiana, da {cochairs['it'][0]} "
            f"e, per la Parte russa, da {cochairs['it'][1]}.",
            f"{numeral} заседание Российско-Итальянской рабочей группы по промышленным округам "
            f"и сотрудничеству в сфере малого и среднего бизнеса состоялось в г.\u00a0{city_ru} "
            f"{_dates_in(session, 'ru')} в рамках Российско-Итальянского совета по "
            "экономическому, промышленному и валютно-финансовому сотрудничеству.\n\n"
            f"Сопредседатели заседания: с итальянской стороны — {cochairs['ru'][0]}; "
            f"с российской стороны — {cochairs['ru'][1]}.",
        ),
        (
            SectionKind.PARTICIPANTS,
            "Partecipanti",
            "Участники",
            "Alla sessione hanno partecipato rappresentanti delle istituzioni, delle "
            "amministrazioni regionali, delle associazioni di categoria, del sistema camerale "
            "e fieristico, delle università, dei parchi tecnologici, dei centri di ricerca, "
            "delle banche e delle imprese dei due Paesi.",
            "В работе заседания приняли участие представители государственных органов, "
            "региональных администраций, отраслевых ассоциаций, системы торгово-промышленных "
            "палат и выставочной отрасли, университетов, технопарков, научных центров, банков "
            "и предприятий двух стран.",
        ),
        (
            SectionKind.THEMATIC_TABLE,
            "Tavolo tematico «Meccanica»",
            "Тематический круглый стол «Машиностроение»",
            "I partecipanti hanno esaminato le prospettive di cooperazione industriale nella "
            "meccanica strumentale, nella subfornitura e nella localizzazione produttiva.\n\n"
            "È stata sottolineata l’importanza della formazione congiunta dei tecnici.",
            "Участники рассмотрели перспективы промышленной кооперации в станкостроении, "
            "субподряде и локализации производства.\n\n"
            "Была подчеркнута важность совместной подготовки технических специалистов.",
        ),
        (
            SectionKind.THEMATIC_TABLE,
            "Tavolo tematico «Edilizia»",
            "Тематический круглый стол «Строительство»",
            "Sono state presentate le esperienze dei distretti italiani dei materiali da "
            "costruzione e le opportunità offerte dai programmi regionali russi di sviluppo "
            "delle infrastrutture.",
            "Были представлены опыт итальянских округов по производству строительных "
            "материалов и возможности, открываемые российскими региональными программами "
            "развития инфраструктуры.",
        ),
        (
            SectionKind.CONCLUSIONS,
            "Conclusioni",
            "Выводы",
            "Le Parti hanno espresso soddisfazione per i risultati della sessione e hanno "
            "convenuto di sostenere partenariati tra distretti industriali, parchi tecnologici "
            "e cluster dei due Paesi."
            + (
                "\n\nLe Parti hanno preso atto degli accordi firmati nel corso della sessione, "
                "elencati in allegato."
                if has_signed_agreements
                else ""
            ),
            "Стороны выразили удовлетворение итогами заседания и договорились содействовать "
            "партнерству между промышленными округами, технопарками и кластерами двух "
            "стран."
            + (
                "\n\nСтороны приняли к сведению соглашения, подписанные в ходе заседания, "
                "перечень которых приводится в приложении."
                if has_signed_agreements
                else ""
            ),
        ),
        (
            SectionKind.NEXT_SESSION,
            "Prossima sessione",
            "Следующее заседание",
            f"Le Parti hanno convenuto di tenere la prossima sessione della Task Force "
            f"{next_it}; data e luogo saranno concordati per via diplomatica.",
            f"Стороны договорились провести следующее заседание Рабочей группы {next_ru}; сроки "
            "и место проведения будут согласованы по дипломатическим каналам.",
        ),
    ]


# Invented co-chairs for a demo edition that has none recorded: they sign its Protocol.
DEMO_COCHAIRS = {
    "italian_cochair_name": "Giovanni Bianchi",
    "italian_cochair_name_cyrillic": "Джованни Бьянки",
    "italian_cochair_title": (
        "Direttore generale per le politiche di internazionalizzazione e la promozione degli "
        "scambi (demo)"
    ),
    "italian_cochair_title_ru": (
        "Генеральный директор по политике интернационализации и содействию торговле (демо)"
    ),
    "italian_cochair_title_en": (
        "Director General for Internationalization Policies and Trade Promotion (demo)"
    ),
    "russian_cochair_name": "Сергей Орлов",
    "russian_cochair_title": (
        "Директор Департамента развития малого и среднего предпринимательства (демо)"
    ),
    "russian_cochair_title_it": (
        "Direttore del Dipartimento per lo sviluppo delle piccole e medie imprese (demo)"
    ),
    "russian_cochair_title_en": (
        "Director of the Department for the Development of Small and Medium-Sized "
        "Enterprises (demo)"
    ),
}


def give_demo_cochairs(session):
    """Record the demo co-chairs on a session that has none (and on its institutions)."""
    if session.italian_cochair_name and session.russian_cochair_name:
        return
    for name, value in DEMO_COCHAIRS.items():
        setattr(session, name, value)
    session.save(update_fields=list(DEMO_COCHAIRS))
    session.institutions.all().delete()
    give_default_institutions(session)


def add_demo_sections(protocol, next_host):
    """The demo sections (`demo_sections`) written into `protocol`, in order; returns them."""
    return [
        ProtocolSection.objects.create(
            protocol=protocol,
            position=position,
            kind=kind,
            heading_it=heading_it,
            heading_ru=heading_ru,
            body_it=body_it,
            body_ru=body_ru,
        )
        for position, (kind, heading_it, heading_ru, body_it, body_ru) in enumerate(
            demo_sections(protocol.session, next_host), start=1
        )
    ]


def _create_protocol(session, report, *, final):
    if Protocol.objects.filter(session=session).exists():
        return
    if final:
        give_demo_cochairs(session)
    protocol = Protocol.objects.create(session=session)
    next_host = Country.RUSSIA if session.host_country == Country.ITALY else Country.ITALY
    add_demo_sections(protocol, next_host)
    if final:
        # Finalized through the real service, with its rules: the co-chairs sign it.
        finalize_protocol(protocol, by=SYSTEM)
    report.protocols_created.append(session.roman_numeral)


@transaction.atomic
def load_demo_agreements():
    """Demo agreements and protocols: three agreements and a final protocol for the XXV
    session, three agreements (one a draft) and a draft protocol for the demo session XXX.
    Idempotent: what already exists is left untouched. Needs the sessions loaded first."""
    report = DemoReport()
    sessions = Session.objects.in_bulk(
        [HISTORY_SESSION_NUMBER, DEMO_SESSION_NUMBER], field_name="number"
    )
    history = sessions.get(HISTORY_SESSION_NUMBER)
    if history:
        for data in _agreements_for_history(history):
            _create_agreement(history, data, report)
        _create_protocol(history, report, final=True)
    else:
        report.skipped.append("session XXV missing (run load_history)")
    demo = sessions.get(DEMO_SESSION_NUMBER)
    if demo:
        for data in _agreements_for_demo(demo):
            _create_agreement(demo, data, report)
        _create_protocol(demo, report, final=False)
    else:
        report.skipped.append("session XXX missing (run load_demo_data)")
    # What the nightly job would have done since: terms that ended are expired.
    expire_ended_terms()
    return report
