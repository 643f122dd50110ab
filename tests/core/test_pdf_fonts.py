"""Every PDF sets Russian text in PT Sans, the Cyrillic companion of the pages' typeface
(core/pdf.py), and Cyrillic comes out of it as Cyrillic."""

import io

from pypdf import PdfReader

from core.pdf import render_pdf
from tests.helpers import pdf_font_names


def test_russian_text_of_a_pdf_is_set_in_pt_sans_and_extracts_as_cyrillic():
    html = (
        "<html lang='it'><body style='font-family: \"DejaVu Sans\"'>"
        "<p>Task Force italo-russa</p>"
        '<p lang="ru">Российско-Итальянская рабочая группа</p></body></html>'
    )
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    fonts = pdf_font_names(reader)
    assert "PT-Sans" in fonts
    assert "DejaVu-Sans" in fonts  # the Italian text keeps the document's own face
    assert "Российско-Итальянская рабочая группа" in reader.pages[0].extract_text()


def test_a_document_rule_for_russian_text_wins_over_the_default():
    html = (
        '<html lang="ru"><head><style>p { font-family: "PT Serif", serif; }</style></head>'
        "<body><p>Официальный протокол</p></body></html>"
    )
    assert "PT-Serif" in pdf_font_names(PdfReader(io.BytesIO(render_pdf(html))))
