"""The consulates that issue the visas of the Task Force's delegates, named as each language
names them: the letter's Russian column addresses the consulate in Russian.

A delegate of one delegation travels to the other country: Italians ask a Russian consulate in
Italy, Russians an Italian consulate in Russia. The request form suggests these names; one of
them is printed in each column's language, any other consulate as the delegate typed it.
"""

# key: (delegation that asks, Italian name, Russian name)
CONSULATES = {
    "ru-embassy-rome": (
        "IT",
        "Ambasciata della Federazione Russa in Italia, Sezione consolare (Roma)",
        "Консульский отдел Посольства Российской Федерации в Итальянской Республике (Рим)",
    ),
    "ru-consulate-milan": (
        "IT",
        "Consolato Generale della Federazione Russa a Milano",
        "Генеральное консульство Российской Федерации в Милане",
    ),
    "ru-consulate-genoa": (
        "IT",
        "Consolato Generale della Federazione Russa a Genova",
        "Генеральное консульство Российской Федерации в Генуе",
    ),
    "ru-consulate-palermo": (
        "IT",
        "Consolato Generale della Federazione Russa a Palermo",
        "Генеральное консульство Российской Федерации в Палермо",
    ),
    "it-embassy-moscow": (
        "RU",
        "Ambasciata d’Italia a Mosca, Ufficio consolare",
        "Консульский отдел Посольства Итальянской Республики в Российской Федерации (Москва)",
    ),
    "it-consulate-moscow": (
        "RU",
        "Consolato Generale d’Italia a Mosca",
        "Генеральное консульство Итальянской Республики в Москве",
    ),
    "it-consulate-st-petersburg": (
        "RU",
        "Consolato Generale d’Italia a San Pietroburgo",
        "Генеральное консульство Итальянской Республики в Санкт-Петербурге",
    ),
}


def _key(text):
    return " ".join((text or "").replace("’", "'").casefold().split())


_BY_NAME = {
    _key(name): key for key, (_asks, *names) in CONSULATES.items() for name in (key, *names)
}


def consulate_name(value, language):
    """The consulate in `language` ("it" or "ru"), found by its key or by its Italian or
    Russian name as a delegate chose it from the list; any other value as given."""
    key = _BY_NAME.get(_key(value))
    if key is None:
        return value
    _asks, italian, russian = CONSULATES[key]
    return russian if language == "ru" else italian


def consulate_suggestions(delegation, language):
    """The names a delegate of `delegation` is offered while typing, in `language`."""
    return [
        consulate_name(key, language)
        for key, (asks, _italian, _russian) in CONSULATES.items()
        if delegation in (None, asks)
    ]
