"""Helpers shared by benchmarks: a throwaway database and measurements."""

import contextlib
import gc
import os
import resource
import time
import tracemalloc


@contextlib.contextmanager
def benchmark_database():
    """Run the benchmark in a fresh test database (SQLite in memory by default, or
    PostgreSQL when DATABASE_URL points to it), migrated and destroyed afterwards."""
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        yield
    finally:
        runner.teardown_databases(old_config)
        teardown_test_environment()


@contextlib.contextmanager
def measure():
    """Yields a dict filled with wall seconds and peak Python memory (MiB) of the block."""
    result = {}
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - started
        result["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        result["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_label():
    url = os.environ.get("DATABASE_URL", "")
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


def lombardy():
    """The host region of the benchmarks' sessions (the benchmark database has no reference
    data loaded)."""
    from sessions_app.models import Region

    return Region.objects.get_or_create(
        code="IT-25",
        defaults={
            "country": "IT",
            "kind": "region",
            "name_it": "Lombardia",
            "name_ru": "Ломбардия",
            "name_en": "Lombardy",
        },
    )[0]


def uncached_get(client, url):
    """GET `url` rendered for real, as for an anonymous visitor on a miss of the public page
    cache (core/public_cache.py): the request carries a session cookie naming no session,
    which the cache never answers; the page costs one more query (the session looked up, in
    vain). Set before every request: the response deletes the empty session's cookie."""
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = "bench-uncached"
    return client.get(url)


def quick():
    """BENCH_QUICK=1: fewer rounds and shorter runs, for a look during development (the
    figures are then rougher; the table says so)."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def rounds():
    """Interleaved rounds behind every median (BENCH_ROUNDS, default 5; 3 when quick)."""
    return max(1, int(os.environ.get("BENCH_ROUNDS", "3" if quick() else "5")))


def seconds_per_round():
    return float(os.environ.get("BENCH_SECONDS", "1.5" if quick() else "3"))


def goal_row(benchmark, figure, value, unit, goal, note="", higher_is_better=True, failed=False):
    """A row that states its goal and whether this run met it. `goal` is a number compared
    with `value` (at least, or at most when `higher_is_better` is False)."""
    met = (value >= goal if higher_is_better else value <= goal) and not failed
    text = value
    if isinstance(value, float):
        text = f"{value:.2f}"
        if (float(text) >= goal if higher_is_better else float(text) <= goal) != (
            value >= goal if higher_is_better else value <= goal
        ):
            text = f"{value:.3f}"  # two decimals would hide which side of the goal it is
    return {
        "benchmark": benchmark,
        "figure": figure,
        "value": text,
        "unit": unit,
        "goal": f"{'≥' if higher_is_better else '≤'} {goal:g}",
        "met": "met" if met else "NOT MET",
        "note": note,
    }


def same_text_floor(data, runs=3):
    """(seconds, pages) WeasyPrint takes for the text of the PDF `data` laid out plainly: each
    of its pages' text (as pypdf extracts it) in one paragraph of its own, on A4, 8.6 pt DejaVu
    Sans, no table, no columns, no hyphenation, no justification. WeasyPrint's own cost of
    breaking that much text into lines: what the trivial pages' floor (one word a page) leaves
    out for a text-dense document. Median of `runs` runs."""
    import html
    import io
    import statistics

    from pypdf import PdfReader
    from weasyprint import HTML

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    document = (
        "<style>@page { size: A4; margin: 13mm } "
        'body { font: 8.6pt/1.3 "DejaVu Sans", sans-serif } p { break-after: page }</style>'
        + "".join(f"<p>{html.escape(' '.join(text.split()))}</p>" for text in texts)
    )
    timings = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        made = HTML(string=document).render()
        made.write_pdf()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(made.pages)


def first_render_rows(benchmark, figure, render, note=""):
    """Rows for the first render of a document: `render()` makes it anew and returns its PDF.
    Each round times one render, then WeasyPrint's floor for as many trivial A4 pages and
    the same text laid out plainly (same_text_floor), interleaved; each ratio is the median of
    the rounds' ratios. Returns (rows, the last PDF, the median seconds): the first row states
    the goal (at most ten times the floor), the second (no goal) how far the document's
    layout is from its bare text."""
    import io
    import statistics

    from pypdf import PdfReader

    timings, ratios, text_ratios = [], [], []
    for _ in range(rounds()):
        gc.collect()  # each part starts on a clean heap, not collecting the last one's garbage
        started = time.perf_counter()
        data = render()
        seconds = time.perf_counter() - started
        pages = len(PdfReader(io.BytesIO(data)).pages)
        floor = trivial_pages_floor(pages, size="A4", runs=1)
        text, text_pages = same_text_floor(data, runs=1)
        timings.append(seconds)
        ratios.append(seconds / floor)
        text_ratios.append(seconds / text)
    gc.collect()
    seconds = statistics.median(timings)
    detail = (
        f"{seconds:.2f} s, {pages} pages; floor: {pages} trivial A4 pages; "
        f"rounds {' '.join(f'{ratio:.1f}' for ratio in ratios)}"
    )
    return (
        [
            goal_row(
                benchmark,
                f"{figure} / floor",
                statistics.median(ratios),
                "× floor",
                10,
                f"{detail}; {note}" if note else detail,
                higher_is_better=False,
            ),
            {
                "benchmark": benchmark,
                "figure": f"{figure} / same text laid out plainly",
                "value": f"{statistics.median(text_ratios):.2f}",
                "unit": "× text",
                "note": (
                    f"its text, page by page, in plain paragraphs ({text_pages} A4 pages): what "
                    "WeasyPrint takes to break that text into lines; rounds "
                    + " ".join(f"{ratio:.1f}" for ratio in text_ratios)
                ),
            },
        ],
        data,
        seconds,
    )


def trivial_pages_floor(pages, size="A6", runs=3):
    """Seconds WeasyPrint takes for `pages` trivial pages (one word each) of `size`: the
    floor a PDF of that many pages is measured against. Median of `runs` runs."""
    import statistics

    from weasyprint import HTML

    html = (
        f"<style>@page {{ size: {size}; margin: 5mm }} p {{ break-after: page }}</style>"
        + "<p>Floor</p>" * pages
    )
    timings = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        HTML(string=html).write_pdf()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)
