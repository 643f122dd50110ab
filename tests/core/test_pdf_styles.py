"""Elements of one language share their computed style (core.pdf._share_language_declarations):
the same document to the byte, with styles computed once per kind of element, not per cell."""

import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML, css

from core import pdf
from tests.helpers import pdf_font_names

ROW = (
    '<tr><td class="time">09:00–10:00</td>'
    '<td lang="it"><p class="kind">Plenaria</p><p class="title">Apertura dei lavori {n}</p></td>'
    '<td lang="ru"><p class="kind">Пленарное заседание</p><p class="title">Открытие {n}</p></td>'
    "</tr>"
)
STYLE = (
    "<style>@page { size: A4; margin: 5mm } html { font-size: 7pt } p { margin: 0 }"
    " td { vertical-align: top } .kind { text-transform: uppercase; font-size: 7pt }"
    " .title { font-weight: bold } td:lang(ru) { color: #123c69 }</style>"
)


def _document(rows):
    body = "".join(ROW.format(n=n) for n in range(rows))
    return f'<html lang="it"><head>{STYLE}</head><body><table>{body}</table></body></html>'


def _styles_computed(html):
    """How many distinct computed styles (of elements, not of anonymous boxes) the laid-out
    boxes carry, on the document's one page."""
    pdf._share_language_declarations()
    document = HTML(string=html).render(stylesheets=pdf._stylesheets())
    styles = set()

    def walk(box):
        if type(box.style) is css.ComputedStyle:
            styles.add(id(box.style))
        for child in getattr(box, "children", ()):
            walk(child)

    (page,) = document.pages
    walk(page._page_box)
    return len(styles)


def test_the_cells_of_each_language_share_their_styles_whatever_the_number_of_rows():
    assert _styles_computed(_document(20)) == _styles_computed(_document(3))


def test_the_document_is_the_same_to_the_byte_with_styles_shared_or_not(monkeypatch):
    # Cells of one language with style attributes of their own keep them.
    styled = (
        '<tr><td lang="ru" style="color: #b00">Красный</td>'
        '<td lang="ru" style="font-weight: bold">Жирный</td><td lang="ru">Обычный</td></tr>'
    )
    html = _document(20).replace("</table>", styled * 3 + "</table>")
    shared = pdf.render_pdf(html)
    wrapper = css.find_style_attributes
    assert wrapper.shares_languages
    monkeypatch.setattr(css, "find_style_attributes", wrapper.original)
    assert pdf.render_pdf(html) == shared
    assert _styles_computed(_document(20)) > _styles_computed(_document(3))  # as before


@pytest.mark.parametrize("language", ["ru", "it"])
def test_a_language_s_rules_still_apply_to_its_cells_only(language):
    """The shared declaration keeps each cell's own language (the Russian face of
    CYRILLIC_STYLESHEET, a :lang() rule), whatever was rendered before."""
    pdf.render_pdf(_document(10))  # both languages' declarations shared from now on
    text = "Открытие" if language == "ru" else "Apertura"
    cell = f'<td lang="{language}">{text}</td>'
    html = (
        '<html lang="it"><body style="font-family: \'DejaVu Sans\'">'
        f"<table><tr>{cell * 20}</tr></table></body></html>"
    )
    fonts = pdf_font_names(PdfReader(io.BytesIO(pdf.render_pdf(html))))
    assert fonts == ({"PT-Sans"} if language == "ru" else {"DejaVu-Sans"})
