"""The programme of a large session: web page, iCalendar feed and printed PDF.

200 items over two days and 6 thematic tables, about four times a real session, so that
a regression in queries or rendering shows.
"""

import datetime
import html
import re
import resource
import time

from bench.common import (
    benchmark_database,
    database_label,
    first_render_rows,
    goal_row,
    uncached_get,
)

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


def _download(client, url):
    """The body of a download (a stored document is a streamed FileResponse) and the
    queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        data = b"".join(response.streaming_content) if response.streaming else response.content
        response.close()
    return data, len(queries)


def _repeated_download(pdf_url, plain_url, data, in_process):
    """A repeated download of the stored programme, at the versioned address its page links
    to (`pdf_url`) and at its plain address, against a static file of the same size, as the
    portal serves static files (WhiteNoise, near the top of the middleware), and against the
    same file served by a view at the bottom of the stack (a FileResponse,
    bench/document_urls.py): the four through one handler and the same middleware,
    interleaved over the rounds; each ratio is the median of the per-round ratios."""
    import statistics
    import tempfile
    from pathlib import Path

    from django.test import Client, override_settings

    from bench import document_urls
    from bench.common import rounds

    downloads = 50
    with tempfile.TemporaryDirectory(prefix="taskforce-bench-") as folder:
        Path(folder, "static.pdf").write_bytes(data)
        document_urls.FOLDER = folder
        static_url = "/static.pdf"
        view_url = "/bench/static-file/static.pdf"
        timings = {pdf_url: [], plain_url: [], static_url: [], view_url: []}
        queries = {}
        with override_settings(ROOT_URLCONF="bench.document_urls", WHITENOISE_ROOT=folder):
            client = Client()  # its handler's WhiteNoise finds the folder's file
            for url in timings:
                assert len(_download(client, url)[0]) == len(data)  # warm
            for number in range(rounds()):
                shift = number % len(timings)
                order = list(timings)[shift:] + list(timings)[:shift]
                for url in order:
                    started = time.perf_counter()
                    for _ in range(downloads):
                        queries[url] = _download(client, url)[1]
                    timings[url].append((time.perf_counter() - started) / downloads)

    def ratios(ceiling):
        return [p / s for p, s in zip(timings[pdf_url], timings[ceiling], strict=True)]

    def ms(url):
        return f"{statistics.median(timings[url]) * 1000:.2f} ms"

    to_static, to_view = ratios(static_url), ratios(view_url)
    plain = [p / s for p, s in zip(timings[plain_url], timings[static_url], strict=True)]
    note = (
        f"the page's versioned link {ms(pdf_url)} and {queries[pdf_url]} queries vs a static "
        "file of "
        f"{len(data) // 1024} KiB served by WhiteNoise {ms(static_url)}; rounds "
        + " ".join(f"{r:.2f}" for r in to_static)
        + f"; {in_process}"
    )
    view_note = (
        f"the same file served by a view through the whole stack (a FileResponse) "
        f"{ms(view_url)}; rounds " + " ".join(f"{r:.2f}" for r in to_view) + f"; {in_process}"
    )
    # "No more than a static file": at the versioned address its page links to, the document
    # is served by the first middleware with no read at all, at its plain address after one
    # cache read (core.documents.PublicDocumentMiddleware, replaying the security
    # middleware's headers); a static file costs the security middleware and WhiteNoise's
    # lookup.
    return [
        goal_row(
            "programme PDF",
            "repeated download / static file",
            statistics.median(to_static),
            "× static",
            1.0,
            note,
            higher_is_better=False,
        ),
        {
            "benchmark": "programme PDF",
            "figure": "repeated download at the plain address / static file",
            "value": f"{statistics.median(plain):.2f}",
            "unit": "× static",
            "note": f"{ms(plain_url)}, one cache read; rounds "
            + " ".join(f"{r:.2f}" for r in plain)
            + f"; {in_process}",
        },
        {
            "benchmark": "programme PDF",
            "figure": "repeated download / file served by a view",
            "value": f"{statistics.median(to_view):.2f}",
            "unit": "× view",
            "note": view_note,
        },
    ]


def _timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def _first_rendering(client, url, figure, note, documents_root):
    """(rows, PDF, seconds) of the first download of `url` after a change, in rounds: the
    stored documents, the cache and the process's memory of the documents it answered are
    emptied before each (bench.common.first_render_rows)."""
    import shutil
    from pathlib import Path

    from django.core.cache import cache

    from core import documents

    def render():
        for path in Path(documents_root).iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        cache.clear()
        documents.forget_all()
        return _download(client, url)[0]

    return first_render_rows("programme PDF", figure, render, note)


def run():
    import tempfile

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    rows = []
    # A fresh folder of stored documents: a PDF stored by an earlier run (the same HTML, the
    # same digest) would make the first rendering a mere read.
    with (
        tempfile.TemporaryDirectory(prefix="taskforce-bench-documents-") as documents,
        override_settings(DOCUMENTS_ROOT=documents),
        benchmark_database(),
    ):
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

        uncached_note = (
            f"{note}; rendered for real (the public page cache bypassed with a session cookie, "
            "+1 query); in-process (django.test.Client, no gunicorn)"
        )
        for name, url in (
            ("programme page", f"/ru/sessions/{session.number}/programme/"),
            ("programme .ics", f"/ru/sessions/{session.number}/programme.ics"),
        ):
            uncached_get(client, url)
            with CaptureQueriesContext(connection) as queries:
                responses, seconds = _timed(
                    lambda url=url: [uncached_get(client, url) for _ in range(10)]
                )
            assert all(response.status_code == 200 for response in responses)
            row(name, "time per request", f"{seconds / 10 * 1000:.1f}", "ms", uncached_note)
            row(name, "queries per request", str(len(queries) // 10), "queries", uncached_note)

        pdf_url = f"/it/sessions/{session.number}/programme.pdf"
        cache.clear()
        in_process = (
            "in-process (django.test.Client: one handler, the settings' middleware, no gunicorn)"
        )
        first, data, seconds = _first_rendering(
            client, pdf_url, "first rendering", in_process, documents
        )
        size = f"{len(data) // 1024} KiB"
        row(
            "programme PDF",
            "first rendering (median of the rounds)",
            f"{seconds:.2f}",
            "s",
            f"{note}; {size}",
        )
        rows.extend(first)
        page = client.get(f"/it/sessions/{session.number}/programme/").content.decode()
        link = html.unescape(re.search(r'href="([^"]*/programme\.pdf[^"]*)"', page).group(1))
        assert link.startswith(pdf_url + "?v="), link
        rows.extend(_repeated_download(link, pdf_url, data, in_process))
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
        demo_url = f"/it/sessions/{demo.number}/programme.pdf"
        rows.extend(
            _first_rendering(
                client, demo_url, "first rendering, demo programme (11 items)", "", documents
            )[0]
        )
    return rows
