"""Reference data of the visa workflow, loaded by `manage.py load_reference_data` (through
`sessions_app.signals.reference_data_loaded`): the consulates that issue the delegates'
visas with their jurisdictions, and the passport rules of each destination country.

From the public pages of the missions and the regulations named in each source. Rows are
created when missing and never overwritten: staff correct them in the admin (they are marked
"from the reference data"), and loading again keeps their corrections.
"""

# Jurisdictions by ISO 3166-2 code (pycountry's subdivision codes, Region.code); "*" is
# every region of the other country that no other consulate of the same country lists.
CONSULATES = [
    {
        "key": "ru-embassy-rome",
        "country": "RU",
        "kind": "embassy",
        "name_it": "Sezione consolare dell’Ambasciata della Federazione Russa nella Repubblica "
        "Italiana",
        "name_ru": "Консульский отдел Посольства Российской Федерации в Итальянской Республике",
        "name_en": "Consular section of the Embassy of the Russian Federation in Italy",
        "address_it": "Via Nomentana, 116 – 00161 Roma",
        "address_ru": "Италия, 00161 Рим, Виа Номентана, 116",
        "website": "https://italy.mid.ru/",
        "regions": "*",
    },
    {
        "key": "ru-consulate-milan",
        "country": "RU",
        "kind": "consulate",
        "name_it": "Consolato Generale della Federazione Russa a Milano",
        "name_ru": "Генеральное консульство Российской Федерации в Милане",
        "name_en": "Consulate General of the Russian Federation in Milan",
        "address_it": "Via Sant’Aquilino, 3 – 20148 Milano",
        "address_ru": "Италия, 20148 Милан, Виа Сант-Аквилино, 3",
        "website": "https://milan.mid.ru/",
        "regions": ["IT-25", "IT-32", "IT-34", "IT-36", "IT-45"],
    },
    {
        "key": "ru-consulate-genoa",
        "country": "RU",
        "kind": "consulate",
        "name_it": "Consolato Generale della Federazione Russa a Genova",
        "name_ru": "Генеральное консульство Российской Федерации в Генуе",
        "name_en": "Consulate General of the Russian Federation in Genoa",
        "address_it": "Via Ghirardelli Pescetto, 16 – 16167 Genova",
        "address_ru": "Италия, 16167 Генуя, Виа Гирарделли Пешетто, 16",
        "website": "https://genova.mid.ru/",
        "regions": ["IT-42", "IT-21", "IT-23", "IT-52", "IT-88"],
    },
    {
        "key": "ru-consulate-palermo",
        "country": "RU",
        "kind": "consulate",
        "name_it": "Consolato Generale della Federazione Russa a Palermo",
        "name_ru": "Генеральное консульство Российской Федерации в Палермо",
        "name_en": "Consulate General of the Russian Federation in Palermo",
        "address_it": "Via Salvatore Meccio, 16 – 90143 Palermo",
        "address_ru": "Италия, 90143 Палермо, Виа Сальваторе Меччо, 16",
        "website": "https://palermo.mid.ru/",
        "regions": ["IT-82"],
    },
    {
        "key": "it-consulate-moscow",
        "country": "IT",
        "kind": "consulate",
        "name_it": "Consolato Generale d’Italia a Mosca",
        "name_ru": "Генеральное консульство Итальянской Республики в Москве",
        "name_en": "Consulate General of Italy in Moscow",
        "address_it": "Jakimanskaja naberežnaja, 10 – 119180 Mosca",
        "address_ru": "119180, Москва, Якиманская наб., д. 10",
        "website": "https://consmosca.esteri.it/",
        "regions": "*",
    },
    {
        "key": "it-consulate-st-petersburg",
        "country": "IT",
        "kind": "consulate",
        "name_it": "Consolato Generale d’Italia a San Pietroburgo",
        "name_ru": "Генеральное консульство Итальянской Республики в Санкт-Петербурге",
        "name_en": "Consulate General of Italy in Saint Petersburg",
        "address_it": "Teatral’naja ploščad’, 10 – 190068 San Pietroburgo",
        "address_ru": "190068, Санкт-Петербург, Театральная пл., д. 10",
        "website": "https://conssanpietroburgo.esteri.it/",
        # Komi, Nenets and Kaliningrad joined this district in January 2020 (decree of the
        # Russian government).
        "regions": [
            "RU-SPE",
            "RU-LEN",
            "RU-ARK",
            "RU-VLG",
            "RU-KGD",
            "RU-KR",
            "RU-KO",
            "RU-MUR",
            "RU-NEN",
            "RU-NGR",
            "RU-PSK",
        ],
    },
]

SCHENGEN_VISA_CODE = (
    "Regulation (EC) No 810/2009 (Community Code on Visas), Article 12",
    "https://eur-lex.europa.eu/eli/reg/2009/810/oj",
)
RUSSIAN_CONSULAR_RULES = (
    "Consular requirements of the Russian Federation for visa applications (MID, kdmid.ru)",
    "https://kdmid.ru/",
)

# (destination country, kind, value, (source, address))
PASSPORT_RULES = [
    # Schengen: valid at least three months after the intended departure, issued within the
    # previous ten years, at least two blank pages.
    ("IT", "min_validity_days", 90, SCHENGEN_VISA_CODE),
    ("IT", "max_age_years", 10, SCHENGEN_VISA_CODE),
    ("IT", "min_blank_pages", 2, SCHENGEN_VISA_CODE),
    # Russia: valid at least six months after the visa ends, two blank pages side by side.
    ("RU", "min_validity_days", 180, RUSSIAN_CONSULAR_RULES),
    ("RU", "min_blank_pages", 2, RUSSIAN_CONSULAR_RULES),
]
