"""HTML to PDF with WeasyPrint, for every printed document of the portal.

Nothing here imports Django, so the PDF worker processes (venue/pdf_worker.py) use it
without setting Django up; WeasyPrint itself is imported only when a PDF is made.
"""

import contextlib
import functools
import gc
import re
import threading
from pathlib import Path

from core.bounded import Bounded
from core.text import as_written

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Russian text of every document is set in PT Sans, the Cyrillic companion of the pages'
# Titillium Web (Debian's fonts-paratype, found through fontconfig; README, "Design and
# accessibility"): a user stylesheet, so that a document's own rule for an element (the serif
# columns of the Protocol, in PT Serif) still wins, while text that inherits its face gets it.
CYRILLIC_STYLESHEET = ':lang(ru) { font-family: "PT Sans", "DejaVu Sans", sans-serif; }'


# <img src="qr:TEXT"> (TEXT percent-encoded, qr_url) is drawn, by the process that renders
# the PDF, as the QR code of TEXT: a PNG of QR_PIXELS_PER_MODULE pixels a module, which a
# document shows with image-rendering: pixelated (square modules, /Interpolate false). So the
# requester of a print writes a short URL, and the PDF workers draw the codes in parallel.
QR_SCHEME = "qr:"
# A fixed mask pattern: segno's search for the best of the eight masks costs about 9 ms per
# code; every mask is valid and scans (the badge tests decode them).
QR_MASK = 4
# One pixel a module would do where the image is drawn unsmoothed; four keep the modules'
# edges sharp in a viewer or printer driver that smooths images anyway.
QR_PIXELS_PER_MODULE = 4
# Light modules around the code (the quiet zone).
QR_BORDER = 2
# A module as a run of pixels in qr_png's rows: 1 (dark) becomes a run of black, 0 (light)
# a run of white (0xfe stands for light until the dark runs are in place).
_QR_GREY = bytes.maketrans(b"\x00\x01", b"\xfe\x00")
_QR_DARK = b"\x00" * QR_PIXELS_PER_MODULE
_QR_LIGHT = b"\xff" * QR_PIXELS_PER_MODULE


def qr_spec():
    """What, besides its text, decides the drawing of a qr: image."""
    import segno

    return (
        f"segno {segno.__version__}, error m, mask {QR_MASK}, border {QR_BORDER}, "
        f"png {QR_PIXELS_PER_MODULE} px per module"
    )


def qr_url(text):
    from urllib.parse import quote

    return QR_SCHEME + quote(text, safe="")


def qr_png(text):
    """The QR code of `text` as an 8-bit greyscale PNG, written here rather than by segno's
    1-bit writer: WeasyPrint turns a 1-bit PNG into an RGB one and encodes it twice, a
    greyscale one once (the same black and white pixels)."""
    import struct
    import zlib

    import segno

    code = segno.make(text, error="m", mask=QR_MASK)
    scale, border = QR_PIXELS_PER_MODULE, QR_BORDER
    width = (len(code.matrix[0]) + 2 * border) * scale
    light_rows = [b"\x00" + b"\xff" * width] * (border * scale)
    rows = list(light_rows)
    margin = b"\xff" * (border * scale)
    for modules in code.matrix:
        # segno's matrix holds 1 for a dark module, 0 for a light one.
        pixels = bytes(modules).translate(_QR_GREY).replace(b"\x00", _QR_DARK)
        pixels = pixels.replace(b"\xfe", _QR_LIGHT)
        row = b"\x00" + margin + pixels + margin  # each row starts with PNG filter 0
        rows.extend([row] * scale)
    rows.extend(light_rows)
    height = len(rows)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def _url_fetcher():
    """WeasyPrint's fetcher, which also draws qr: images."""
    from urllib.parse import unquote

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(QR_SCHEME):
                png = qr_png(unquote(url.removeprefix(QR_SCHEME)))
                return URLFetcherResponse(url, png, {"Content-Type": "image/png"})
            return super().fetch(url, headers)

    return Fetcher()


@functools.cache
def _stylesheets():
    from weasyprint import CSS

    return [CSS(string=CYRILLIC_STYLESHEET)]


# The (specificity, language) pairs whose declaration is kept to be shared (the languages
# come from the templates: it, ru, en).
_SHARED_LANGUAGES_LIMIT = 64


@functools.cache
def _share_language_declarations():
    """Let elements of one language share their computed style again.

    WeasyPrint computes an element's style once for all the elements with the same parent
    style, the same matching rules and the same attribute declarations (the same objects).
    But it turns each element's `lang` attribute into a declaration of its own
    (`-weasy-lang: "ru"`, parsed anew for every element), so an element carrying `lang`, and
    every element inside it, has its style computed from scratch: in the bilingual
    documents, where each cell of a row carries its language, that was 2 026 styles
    computed for the programme of 200 items instead of 370, a quarter of its render. Here
    the declaration of a language is parsed once and given to every element of that
    language, which WeasyPrint then shares; the documents are the same to the byte (tests).
    Where WeasyPrint no longer has the function this wraps, nothing changes."""
    from weasyprint import css

    find = getattr(css, "find_style_attributes", None)
    if find is None or getattr(find, "shares_languages", False):
        return
    shared = Bounded(_SHARED_LANGUAGES_LIMIT)

    def find_sharing_languages(tree, presentational_hints=False, base_url=None):
        for specificity, element, declarations, url in find(tree, presentational_hints, base_url):
            if (
                type(declarations) is tuple
                and len(declarations) == 1
                and getattr(declarations[0], "lower_name", None) == "-weasy-lang"
                # WeasyPrint keys an element's sharing on the last declarations found for
                # it: the lang's would hide those of its style attribute.
                and element.get("style") is None
            ):
                key = (specificity, element.get("lang"))
                found = shared.use(key)
                if found is None:
                    shared.keep(key, declarations)
                else:
                    declarations = found
            yield specificity, element, declarations, url

    find_sharing_languages.shares_languages = True
    find_sharing_languages.original = find
    css.find_style_attributes = find_sharing_languages


class _ParserPatterns(dict):
    """tinyhtml5's patterns for `chars_until`, each compiled once per set of characters.

    tinyhtml5 (2.1.0), the HTML parser of WeasyPrint, keeps a dictionary of those patterns,
    but stores each under the pattern itself instead of the characters it stands for
    (`characters = cache[characters, opposite] = regex` rebinds `characters` first), so it
    never finds one and builds it anew at every call: a third of the parse of the programme
    of 200 items, whose attributes each cost one. Here a missing pattern is built, as
    tinyhtml5 builds it, and kept under the key tinyhtml5 looks up."""

    def __missing__(self, key):
        characters, opposite = key
        pattern = "".join(f"\\x{ord(character):02x}" for character in characters)
        if not opposite:
            pattern = f"^{pattern}"
        self[key] = compiled = re.compile(f"[{pattern}]+")
        return compiled


@functools.cache
def _keep_parser_patterns():
    """Give tinyhtml5 a dictionary of patterns that finds what it keeps (_ParserPatterns):
    the same tree, parsed in about half the time (tests/core/test_pdf_parser.py). Where
    tinyhtml5 no longer has that dictionary, nothing changes."""
    try:
        from tinyhtml5 import inputstream
    except ImportError:
        return
    if isinstance(getattr(inputstream, "characters_until_regex", None), dict):
        inputstream.characters_until_regex = _ParserPatterns()


# While WeasyPrint works, the cyclic garbage collector runs once per YOUNG_GENERATION_LIMIT
# new objects instead of Python's 700. A document allocates millions of short-lived objects
# (boxes, styles, text runs), and at the default rate the collector took about 14% of its CPU
# (200 badges: 0.85 s of 6.1, profiled), largely walking the objects that existed before the
# render (the process's modules, Django's): those are set aside meanwhile (gc.freeze). The
# garbage of the render is still collected, later or at the next collection of its generation;
# a worker rendering 200 badges peaks about 6 MiB higher.
YOUNG_GENERATION_LIMIT = 50_000
_collector_lock = threading.Lock()
_collector_users = 0
_collector_thresholds = None


@contextlib.contextmanager
def _collecting_less():
    global _collector_users, _collector_thresholds
    with _collector_lock:
        if _collector_users == 0:
            _collector_thresholds = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(YOUNG_GENERATION_LIMIT, 20, 100)
        _collector_users += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_users -= 1
            if _collector_users == 0:
                gc.set_threshold(*_collector_thresholds)
                gc.unfreeze()


def render_pdf(html):
    """HTML to PDF bytes, with relative paths taken from the project's folder. A sentence
    ending on an abbreviation («…2027 г.») keeps one full stop, whatever the template wrote."""
    from weasyprint import HTML

    html = as_written(html)
    _share_language_declarations()
    _keep_parser_patterns()
    with _collecting_less():
        document = HTML(string=html, base_url=str(PROJECT_ROOT), url_fetcher=_url_fetcher())
        return document.write_pdf(stylesheets=_stylesheets())


def render_pdf_counting_pages(html):
    """HTML to PDF bytes, written once, and its number of pages: e.g. a batch of badges
    prepared together and stored as one PDF, whose pages a print then takes one by one
    (venue/services/badge_pages.py). Writing each page of the laid-out document on its own
    (document.copy([page]).write_pdf(), as badges once were) cost about 20 ms a badge against
    12.5 written once; splitting the written PDF with pikepdf gave pages of 25 to 80 KiB, since
    WeasyPrint gives every page the resources of the whole document."""
    from weasyprint import HTML

    html = as_written(html)
    _share_language_declarations()
    _keep_parser_patterns()
    with _collecting_less():
        document = HTML(string=html, base_url=str(PROJECT_ROOT), url_fetcher=_url_fetcher())
        document = document.render(stylesheets=_stylesheets())
        return document.write_pdf(), len(document.pages)
