"""The official Protocol PDF (a 20-page bilingual document) and the agreements registry with
5 000 agreements.

The Protocol of a real session runs to a handful of pages; 20 pages with an annex of 40
agreements leaves room for a long session and shows a regression in the PDF layout.

Where its time goes (cProfile of render_protocol_pdf on this data, 1.5 s): laying out about
2 000 lines of text, Pango breaking each line, about three quarters of the layout; drawing
them into the PDF, a fifth of the whole; hyphenation (hyphens: auto) and justification about
9% each; the table of two columns itself next to nothing (the same text in blocks costs the
same). The floor's pages hold one word each, a Protocol page a hundred lines: at 10x the
floor (0.45 s) WeasyPrint could not even break the lines, so the goal is out of reach for
dense text without changing what the reader sees. The note gives the characters of text per
page.
"""

import datetime
import io
import statistics
import time

from bench.common import (
    benchmark_database,
    database_label,
    first_render_rows,
    lombardy,
    measure,
    uncached_get,
)

SECTIONS = 29
ANNEX_AGREEMENTS = 40
REGISTRY_AGREEMENTS = 5000
ITALIAN_PARAGRAPH = (
    "Le Parti hanno esaminato lo stato della cooperazione tra i distretti industriali e hanno "
    "convenuto di rafforzare gli scambi tra le imprese, i centri di ricerca e le università. "
) * 3
RUSSIAN_PARAGRAPH = (
    "Стороны рассмотрели состояние сотрудничества между промышленными округами и "
    "договорились расширять обмен между предприятиями, научными центрами и университетами. "
) * 3


def _build():
    from agreements.models import (
        Agreement,
        AgreementKind,
        AgreementStatus,
        Party,
        Protocol,
        ProtocolSection,
    )
    from sessions_app.models import Country, Session

    region = lombardy()
    session = Session.objects.create(
        number=25,
        host_country=Country.ITALY,
        host_region=region,
        city_it="Bergamo",
        city_ru="Бергамо",
        city_en="Bergamo",
        start_date=datetime.date(2016, 12, 1),
        end_date=datetime.date(2016, 12, 2),
        italian_cochair_name="Mario Rossi",
        italian_cochair_title="Direttore generale",
        russian_cochair_name="Иван Петров",
        russian_cochair_title="Директор департамента",
    )
    protocol = Protocol.objects.create(session=session)
    ProtocolSection.objects.bulk_create(
        ProtocolSection(
            protocol=protocol,
            position=number,
            heading_it=f"Sezione {number}",
            heading_ru=f"Раздел {number}",
            body_it="\n\n".join([ITALIAN_PARAGRAPH] * 2),
            body_ru="\n\n".join([RUSSIAN_PARAGRAPH] * 2),
        )
        for number in range(1, SECTIONS + 1)
    )
    agreements = []
    for number in range(REGISTRY_AGREEMENTS):
        agreement = Agreement(
            kind=AgreementKind.MEMORANDUM if number % 3 else AgreementKind.PRIVATE_UNDERSTANDING,
            sector=("mechanics", "agrifood", "building", "ict")[number % 4],
            title_it=f"Memorandum d'intesa n. {number} sulla cooperazione industriale",
            title_ru=f"Меморандум № {number} о промышленном сотрудничестве",
            title_en=f"Memorandum no. {number} on industrial cooperation",
            session=session if number < ANNEX_AGREEMENTS else None,
            signing_date=session.start_date if number < ANNEX_AGREEMENTS else None,
            status=AgreementStatus.SIGNED if number < ANNEX_AGREEMENTS else AgreementStatus.DRAFT,
        )
        if number >= ANNEX_AGREEMENTS:
            agreement.status = AgreementStatus.IN_FORCE
            agreement.signing_date = datetime.date(2005 + number % 20, 1 + number % 12, 10)
        agreement.refresh_search_text()
        agreements.append(agreement)
    Agreement.objects.bulk_create(agreements, batch_size=1000)
    Party.objects.bulk_create(
        (
            Party(agreement_id=agreement_id, side=side, name=f"Parte {agreement_id}")
            for agreement_id in Agreement.objects.values_list("pk", flat=True)
            for side in (Country.ITALY, Country.RUSSIA)
        ),
        batch_size=2000,
    )
    return protocol


def _pages(data):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _characters(data):
    from pypdf import PdfReader

    return sum(
        len("".join(page.extract_text().split())) for page in PdfReader(io.BytesIO(data)).pages
    )


def run():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agreements.services import render_protocol_pdf

    rows = []
    with benchmark_database():
        protocol = _build()
        data = render_protocol_pdf(protocol)  # warms up fonts and templates
        cpu_timings = []

        def render():
            cpu_started = time.process_time()
            data = render_protocol_pdf(protocol)
            cpu_timings.append(time.process_time() - cpu_started)
            return data

        pages = _pages(data)
        first, data, seconds = first_render_rows(
            "protocol PDF",
            "first rendering",
            render,
            f"the Protocol has {_characters(data) // pages} characters of text a page, "
            "the floor's 5; in-process (render_protocol_pdf called directly: a PDF's render, "
            "not HTTP)",
        )
        note = (
            f"{pages} pages, {SECTIONS} sections, annex of {ANNEX_AGREEMENTS} agreements, "
            f"{len(data) // 1024} KiB"
        )
        rows.append(
            {
                "benchmark": "protocol PDF",
                "figure": "rendering (median of the rounds)",
                "value": f"{seconds:.2f}",
                "unit": "s",
                "note": note,
            }
        )
        rows.append(
            {
                "benchmark": "protocol PDF",
                "figure": "CPU time (median of the rounds)",
                "value": f"{statistics.median(cpu_timings):.2f}",
                "unit": "s",
                "note": "the figure to compare on a busy machine",
            }
        )
        rows.extend(first)
        with measure() as result:
            render_protocol_pdf(protocol)
        rows.append(
            {
                "benchmark": "protocol PDF",
                "figure": "peak Python memory",
                "value": f"{result['peak_mib']:.0f}",
                "unit": "MiB",
                "note": note,
            }
        )

        client = Client()
        note = (
            f"{REGISTRY_AGREEMENTS} agreements, {database_label()}; rendered for real (the "
            "public page cache bypassed with a session cookie, +1 query); in-process "
            "(django.test.Client, no gunicorn)"
        )
        for name, query in (
            ("registry page", ""),
            ("registry search", "?q=промышленном&sector=mechanics&side=RU"),
            ("registry last page", "?page=200"),
        ):
            url = f"/ru/agreements/{query}"
            uncached_get(client, url)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                for _ in range(10):
                    response = uncached_get(client, url)
                elapsed = (time.perf_counter() - started) / 10
            assert response.status_code == 200
            rows.append(
                {
                    "benchmark": name,
                    "figure": "time per request",
                    "value": f"{elapsed * 1000:.0f}",
                    "unit": "ms",
                    "note": note,
                }
            )
            rows.append(
                {
                    "benchmark": name,
                    "figure": "queries per request",
                    "value": str(len(queries) // 10),
                    "unit": "queries",
                    "note": note,
                }
            )
    return rows
