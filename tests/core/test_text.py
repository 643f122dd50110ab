"""Text conventions of core/text.py in the reader's language (locale/GLOSSARY.md)."""


def test_two_parts_of_a_label_are_joined_as_each_language_joins_clauses():
    from django.utils import translation

    from core.text import two_parts

    with translation.override("ru"):
        assert two_parts("Отель «Казань Палас»", "Одноместный номер", lower_second=True) == (
            "Отель «Казань Палас» — одноместный номер"
        )
    with translation.override("it"):
        assert two_parts("Hotel Excelsior", "Camera singola") == "Hotel Excelsior – Camera singola"


def test_italian_elides_the_article_before_the_8th_and_the_11th():
    """«entro il 8 marzo» is «entro l’8 marzo» in Italian; e-mails and PDFs pass through it."""
    from core.text import as_written

    nbsp = "\u00a0"
    assert as_written("entro il 8 marzo 2027") == "entro l’8 marzo 2027"
    assert as_written("dal 11 aprile al 8 maggio") == "dall’11 aprile all’8 maggio"
    assert as_written(f"Il 11{nbsp}febbraio, del 8 giugno") == f"L’11{nbsp}febbraio, dell’8 giugno"
    # Other days, times, numbers and other languages stay as written.
    for text in (
        "il 18 marzo",
        "il 1º marzo",
        "alle 8 marzo",
        "il 8:30",
        "il 80 marzo",
        "до 8 марта",
    ):
        assert as_written(text) == text
    assert as_written("2027 г..") == "2027 г."
