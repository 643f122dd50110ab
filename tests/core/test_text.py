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
