"""The Protocol PDF, read back by extracting its text with pdfminer."""

import datetime
import io
import re

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine

from agreements import services
from agreements.models import AgreementStatus, Commitment, CommitmentSide, SectionKind
from agreements.services.demo import add_demo_sections, demo_sections
from sessions_app.models import Country
from tests.agreements.factories import (
    AgreementFactory,
    ProtocolSectionFactory,
    protocol_with_sections,
    signed_agreement,
)
from tests.factories import PastSessionFactory

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"^(\d+)\. ")


def pdf_lines(data):
    """Every text line as (page index, x, y, text), whitespace collapsed."""
    lines = []
    for index, page in enumerate(extract_pages(io.BytesIO(data))):
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                if isinstance(line, LTTextLine):
                    text = " ".join(line.get_text().split())
                    if text:
                        lines.append((index, line.x0, line.y0, text))
    return lines


def full_text(lines):
    """The text of the lines in order, words hyphenated at a line end joined again."""
    return " ".join(line[3] for line in lines).replace("\u2010 ", "")


def page_count(data):
    return len(list(extract_pages(io.BytesIO(data))))


def column(lines, side):
    """Lines of the left (Italian) or right (Russian) column, in reading order."""
    middle = 595 / 2
    chosen = [line for line in lines if (line[1] < middle) == (side == "it")]
    return sorted(chosen, key=lambda line: (line[0], -line[2], line[1]))


@pytest.fixture
def session():
    return PastSessionFactory(
        number=25, city_it="Bergamo", city_ru="Бергамо", start_date=datetime.date(2016, 12, 1)
    )


@pytest.fixture
def protocol(session):
    protocol = protocol_with_sections(session, count=0)
    for position, (italian, russian) in enumerate(
        [
            ("Premessa", "Преамбула"),
            ("Partecipanti", "Участники"),
            ("Tavolo tematico Meccanica", "Круглый стол Машиностроение"),
            ("Conclusioni", "Выводы"),
        ],
        start=1,
    ):
        ProtocolSectionFactory(
            protocol=protocol, position=5 - position, heading_it=italian, heading_ru=russian
        )
    # Positions were given in reverse: the PDF must follow them, not the creation order.
    return protocol


def test_both_languages_come_out_as_text(protocol):
    text = full_text(pdf_lines(services.render_protocol_pdf(protocol)))
    assert "Protocollo della XXV sessione" in text
    assert "Протокол XXV заседания" in text
    assert "Стороны рассмотрели состояние" in text
    assert "Le Parti hanno esaminato" in text


def test_headings_follow_the_same_order_in_both_columns_and_align(protocol):
    lines = pdf_lines(services.render_protocol_pdf(protocol))
    italian = [line for line in column(lines, "it") if HEADING.match(line[3])]
    russian = [line for line in column(lines, "ru") if HEADING.match(line[3])]
    assert [line[3] for line in italian] == [
        "1. Conclusioni",
        "2. Tavolo tematico Meccanica",
        "3. Partecipanti",
        "4. Premessa",
    ]
    assert [line[3] for line in russian] == [
        "1. Выводы",
        "2. Круглый стол Машиностроение",
        "3. Участники",
        "4. Преамбула",
    ]
    for left, right in zip(italian, russian, strict=True):
        assert left[0] == right[0], "a heading pair is split across pages"
        assert abs(left[2] - right[2]) < 1, "a heading pair is not on the same line"


def test_headings_stay_aligned_over_many_pages(session):
    protocol = protocol_with_sections(session, count=0)
    long_italian = "\n\n".join(["Le Parti hanno esaminato a lungo la questione. " * 8] * 3)
    long_russian = "\n\n".join(["Стороны подробно рассмотрели этот вопрос. " * 12] * 2)
    for position in range(1, 13):
        ProtocolSectionFactory(
            protocol=protocol,
            position=position,
            heading_it=f"Sezione {position}",
            heading_ru=f"Раздел {position}",
            body_it=long_italian,
            body_ru=long_russian,
        )
    data = services.render_protocol_pdf(protocol)
    assert page_count(data) >= 3
    lines = pdf_lines(data)
    italian = [line for line in column(lines, "it") if HEADING.match(line[3])]
    russian = [line for line in column(lines, "ru") if HEADING.match(line[3])]
    assert [HEADING.match(line[3]).group(1) for line in italian] == [str(n) for n in range(1, 13)]
    for left, right in zip(italian, russian, strict=True):
        assert left[0] == right[0], "a heading pair is split across pages"
        assert abs(left[2] - right[2]) < 1, "a heading pair is not on the same line"


def test_annex_lists_the_agreements_signed_at_the_session(protocol, session):
    signed_agreement(
        session, title_it="Intesa sulla meccanica", title_ru="Соглашение о машиностроении"
    )
    AgreementFactory(
        session=session,
        title_it="Bozza non firmata",
        status=AgreementStatus.DRAFT,
        signing_date=None,
    )
    signed_agreement(PastSessionFactory(number=24), title_it="Accordo di un'altra sessione")
    text = full_text(pdf_lines(services.render_protocol_pdf(protocol)))
    annex_start = text.index("Allegato: accordi firmati nel corso della sessione")
    annex = text[annex_start:]
    assert "Intesa sulla meccanica" in annex
    assert "Соглашение о машиностроении" in annex
    assert "Confindustria Bergamo" in annex
    assert "Bozza non firmata" not in text
    assert "Accordo di un'altra sessione" not in text


def test_closing_formula_and_signature_blocks(protocol):
    lines = pdf_lines(services.render_protocol_pdf(protocol))
    text = full_text(column(lines, "it")) + " " + full_text(column(lines, "ru"))
    assert "Fatto a Bergamo, in data 2 dicembre 2016" in text
    assert "Совершено в г. Бергамо 2 декабря 2016 г." in text
    assert "entrambi i testi facenti ugualmente fede" in text
    assert "оба текста имеют одинаковую силу" in text
    assert "Per la Parte italiana" in text and "За Российскую Сторону" in text
    assert "Mario Rossi" in text and "Иван Петров" in text
    assert "Direttore generale" in text and "Директор департамента" in text


def test_every_page_is_numbered_in_both_languages(protocol):
    data = services.render_protocol_pdf(protocol)
    pages = page_count(data)
    lines = pdf_lines(data)
    for index in range(pages):
        texts = {line[3] for line in lines if line[0] == index}
        assert f"Pagina {index + 1} di {pages}" in texts
        assert f"Страница {index + 1} из {pages}" in texts


def test_a_draft_carries_the_watermark_on_every_page(protocol):
    data = services.render_protocol_pdf(protocol)
    lines = pdf_lines(data)
    for index in range(page_count(data)):
        assert any(
            "BOZZA" in text and "ПРОЕКТ" in text for page, _, _, text in lines if page == index
        )


def test_the_final_pdf_has_no_watermark(protocol, finalizer, private_media):
    services.finalize_protocol(protocol, by=finalizer)
    protocol.refresh_from_db()
    with protocol.final_pdf.open("rb") as handle:
        text = full_text(pdf_lines(handle.read()))
    assert "BOZZA" not in text
    assert "ПРОЕКТ" not in text
    assert "Протокол XXV заседания" in text


def test_page_counter_follows_the_word_order_of_the_language():
    assert services.page_counter_css("it") == '"Pagina " counter(page) " di " counter(pages)'
    assert services.page_counter_css("ru") == '"Страница " counter(page) " из " counter(pages)'


@pytest.mark.parametrize("final", [False, True])
def test_signature_blocks_in_both_scripts_with_titles_and_institutions_of_the_time(
    protocol, session, final
):
    from agreements.services.protocols import finalize_protocol
    from sessions_app.services.institutions import give_default_institutions
    from tests.factories import UserFactory

    session.italian_cochair_name_cyrillic = "Марио Росси"
    session.italian_cochair_title_ru = "Генеральный директор"
    session.russian_cochair_title_it = "Direttore di dipartimento"
    session.save()
    give_default_institutions(session)
    if final:
        protocol = finalize_protocol(protocol, by=UserFactory(is_superuser=True))
        with protocol.final_pdf.open("rb") as handle:
            data = handle.read()
    else:
        data = services.render_protocol_pdf(protocol)
    text = full_text(pdf_lines(data))
    assert ("BOZZA" in text) is not final
    signatures = text[text.index("Per la Parte italiana") :]
    for expected in (
        "Mario Rossi",
        "Марио Росси",
        "Иван Петров",
        "Ivan Petrov",
        "Direttore generale",
        "Генеральный директор",
        "Директор департамента",
        "Direttore di dipartimento",
        # A 2016 session keeps the ministry of 2016.
        "Ministero dello Sviluppo Economico",
        "Министерство экономического развития Российской Федерации",
    ):
        assert expected in signatures
    assert "Made in Italy" not in text
    assert "г.." not in text


def test_commitment_deadlines_are_written_in_words_in_each_language(protocol):
    section = protocol.sections.get(heading_it="Conclusioni")
    Commitment.objects.create(
        section=section,
        position=1,
        text_it="Organizzare una missione di imprese.",
        text_ru="Организовать бизнес-миссию.",
        side=CommitmentSide.ITALIAN,
        institution_it="Agenzia ICE",
        institution_ru="Агентство ICE",
        deadline=datetime.date(2026, 12, 6),
    )
    text = full_text(pdf_lines(services.render_protocol_pdf(protocol))).replace("\u00a0", " ")
    assert "Agenzia ICE · entro il 6 dicembre 2026" in text
    assert "Агентство ICE · до 6 декабря 2026 г." in text
    assert "06.12.2026" not in text


def test_demo_conclusions_refer_to_the_annex_only_when_the_session_signed_agreements(session):
    """The XXIX Protocol said «…перечень которых приводится в приложении» above an annex
    reading «Соглашений … не зарегистрировано»."""
    protocol = protocol_with_sections(session, count=0)
    add_demo_sections(protocol, Country.RUSSIA)
    text = full_text(pdf_lines(services.render_protocol_pdf(protocol)))
    assert "Соглашений, подписанных в ходе заседания, не зарегистрировано." in text
    assert "приложении" not in text and "allegato" not in text
    assert "Le Parti hanno espresso soddisfazione" in text

    signed_agreement(session)
    [conclusions] = [
        (body_it, body_ru)
        for kind, _it, _ru, body_it, body_ru in demo_sections(session, Country.RUSSIA)
        if kind == SectionKind.CONCLUSIONS
    ]
    assert conclusions[0].endswith(
        "accordi firmati nel corso della sessione, elencati in allegato."
    )
    assert conclusions[1].endswith("перечень которых приводится в приложении.")
