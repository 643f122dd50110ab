"""The programme of a large session: web page, iCalendar feed and printed PDF.

200 items over two days and 6 thematic tables, about four times a real session, so that
a regression in queries or rendering shows.
"""

import datetime
import resource
import time

from bench.common import benchmark_database, database_label, goal_row, trivial_pages_floor

ITEMS = 200
TABLES = 6


def _build_session():
    from django.core.cache import cache

    from sessions_app.models import (
        Country,
        ProgrammeItem,
        ProgrammeItemKind,
        Region,
        RegionKind,
        Session,
        ThematicTable,
    )

    cache.clear()
    region = Region.objects.create(
        code="RU-SVE",
        country=Country.RUSSIA,
        kind=RegionKind.OBLAST,
        name_it="Regione di Sverdlovsk",
        name_ru="Свердловская область",
        name_en="Sverdlovsk Oblast",
    )
    session = Session.objects.create(
        number=26,
        host_country=Country.RUSSIA,
        host_region=region,
        city_it="Ekaterinburg",
        city_ru="Екатеринбург",
        city_en="Yekaterinburg",
        time_zone="Asia/Yekaterinburg",
        start_date=datetime.date(2030, 10, 10),
        end_date=datetime.date(2030, 10, 11),
    )
    tables = [
        ThematicTable.objects.create(
            session=session,
            name_it=f"Tavolo {n}",
            name_ru=f"Круглый стол {n}",
            sector="mechanics",
            italian_moderator_name="Paolo Ferrari",
            russian_moderator_name="Ольга Кузнецова",
            description_it="Descrizione del tavolo. " * 5,
            description_ru="Описание круглого стола. " * 5,
        )
        for n in range(TABLES)
    ]
    items = []
    for n in range(ITEMS):
        start = datetime.datetime.combine(
            session.start_date + datetime.timedelta(days=n % 2),
            datetime.time(8 + (n // 2) % 10),
            tzinfo=session.tzinfo,
        )
        items.append(
            ProgrammeItem(
                session=session,
                kind=ProgrammeItemKind.THEMATIC_TABLE,
                title_it=f"Sessione di lavoro {n}",
                title_ru=f"Рабочее заседание {n}",
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=50),
                place_it=f"Sala {n}",
                place_ru=f"Зал {n}",
                table=tables[n % TABLES],
            )
        )
    ProgrammeItem.objects.bulk_create(items)
    return session


def _pages(pdf):
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def run():
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    with benchmark_database():
        session = _build_session()
        client = Client()
        note = f"{ITEMS} items, {TABLES} tables, {database_label()}"

        def row(benchmark, figure, value, unit, row_note=note):
            rows.append(
                {
                    "benchmark": benchmark,
                    "figure": figure,
                    "value": value,
                    "unit": unit,
                    "note": row_note,
                }
            )

        for name, url in (
            ("programme page", f"/ru/sessions/{session.number}/programme/"),
            ("programme .ics", f"/ru/sessions/{session.number}/programme.ics"),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                responses, seconds = _timed(lambda url=url: [client.get(url) for _ in range(10)])
            assert all(response.status_code == 200 for response in responses)
            row(name, "time per request", f"{seconds / 10 * 1000:.0f}", "ms")
            row(name, "queries per request", str(len(queries) // 10), "queries")

        pdf_url = f"/it/sessions/{session.number}/programme.pdf"
        cache.clear()
        response, seconds = _timed(lambda: client.get(pdf_url))
        size = f"{len(response.content) // 1024} KiB"
        row("programme PDF", "first rendering", f"{seconds:.1f}", "s", f"{note}; {size}")
        pages = _pages(response.content)
        floor = trivial_pages_floor(pages, size="A4")
        rows.append(
            goal_row(
                "programme PDF",
                "first rendering / floor",
                seconds / floor,
                "× floor",
                10,
                f"floor: {pages} trivial A4 pages in {floor:.2f} s",
                higher_is_better=False,
            )
        )
        response, seconds = _timed(lambda: client.get(pdf_url))
        row("programme PDF", "repeated download (cached)", f"{seconds * 1000:.0f}", "ms")
        row(
            "programme PDF",
            "max resident memory",
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}",
            "MiB",
            "whole benchmark process",
        )

        from sessions_app.models import Session
        from sessions_app.services import load_demo_programme

        demo = Session.objects.create(
            number=30,
            host_country=session.host_country,
            host_region=session.host_region,
            city_it="Kazan'",
            city_ru="Казань",
            city_en="Kazan",
            time_zone="Europe/Moscow",
            start_date=session.start_date,
            end_date=session.end_date,
        )
        load_demo_programme(demo)
        cache.clear()
        response, seconds = _timed(lambda: client.get(f"/it/sessions/{demo.number}/programme.pdf"))
        row("programme PDF", "first rendering", f"{seconds:.1f}", "s", "demo programme, 11 items")
    return rows
