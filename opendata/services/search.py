"""Search across editions: one box over sessions, agreements, organizations and collaboration
projects, in Italian, Russian and English. An app above this one (projects) adds its kind with
`register_indexer` and keeps its rows indexed with `index_later`.

Each public row is written into the search index (`SearchEntry`) with its text in every
language and the same text in Latin letters (iuliia: Wikipedia's and ICAO Doc 9303's
spellings, so that "Yekaterinburg" and "Ekaterinburg" both find «Екатеринбург»). The query is
transliterated the same way. On PostgreSQL the search is full-text with the Italian, Russian
and English configurations (stems: "accordi" finds "accordo") and the simple one on the Latin
text, ordered by rank; on SQLite (development) every word must occur in the Latin text.
"""

import re
from collections import OrderedDict
from dataclasses import dataclass

import iuliia
from django.db import connection, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from agreements.models import Agreement
from delegates.models import Organization
from opendata.models import SearchEntry, SearchKind
from sessions_app.models import Session

LANGUAGES = ("it", "ru", "en")
# Results shown per kind; the query is cut at this many characters (the form says so).
RESULTS_PER_KIND = 20
QUERY_MAX_LENGTH = 200
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"\w+")


def latin(text):
    """`text` in Latin letters, lower case, without apostrophes: Cyrillic written both as
    Wikipedia and as ICAO Doc 9303 spell it ("Казань" → "kazan kazan")."""
    if _CYRILLIC.search(text):
        text = f"{iuliia.WIKIPEDIA.translate(text)} {iuliia.ICAO_DOC_9303.translate(text)}"
    return text.lower().replace("'", "").replace("’", "").replace("ʹ", "")


def _in_every_language(function):
    values = {}
    for language in LANGUAGES:
        with translation.override(language):
            values[language] = str(function())
    return values


# What each kind indexes: the model, and a function giving the entry's fields for one row
# (None when the row is not public).


def session_entry(session):
    titles = _in_every_language(lambda: session.title_and_city)
    region = session.host_region
    texts = [
        *titles.values(),
        session.city_it,
        session.city_ru,
        session.city_en,
        session.venue,
        session.venue_ru,
        session.venue_en,
        region.name_it,
        region.name_ru,
        region.name_en,
        str(session.start_date.year),
    ]
    return titles, "sessions_app:session_detail", session.number, texts


def agreement_entry(agreement):
    titles = {
        "it": agreement.title_it,
        "ru": agreement.title_ru or agreement.title_it,
        "en": agreement.title_en or agreement.title_it,
    }
    texts = [
        agreement.title_it,
        agreement.title_ru,
        agreement.title_en,
        agreement.summary_it,
        agreement.summary_ru,
        agreement.summary_en,
        agreement.signing_place,
    ]
    for party in agreement.parties.all():
        texts.append(party.name)
        if party.organization:
            texts += [party.organization.name_latin, party.organization.name_cyrillic]
        if party.region:
            texts += [party.region.name_it, party.region.name_ru, party.region.name_en]
    return titles, "agreements:agreement_detail", agreement.pk, texts


def organization_entry(organization):
    name = organization.name_latin
    titles = {
        "it": name,
        "ru": organization.name_cyrillic or name,
        "en": name,
    }
    texts = [organization.name_latin, organization.name_cyrillic, organization.city]
    region = organization.region
    if region:
        texts += [region.name_it, region.name_ru, region.name_en]
    return (
        titles,
        "opendata:region_detail" if region else "",
        region.code if region else "",
        texts,
    )


INDEXERS = {
    SearchKind.SESSION: (
        lambda: Session.objects.select_related("host_region"),
        session_entry,
    ),
    SearchKind.AGREEMENT: (
        lambda: Agreement.objects.prefetch_related("parties__organization", "parties__region"),
        agreement_entry,
    ),
    SearchKind.ORGANIZATION: (
        lambda: Organization.objects.select_related("region"),
        organization_entry,
    ),
}


# How a result of a kind is shown beyond its title (register_indexer): the anchor its link
# leads to on the page, and a note that tells apart two results of the same title.
ANCHORS = {}
NOTES = {}


def register_indexer(kind, queryset, entry, *, anchor=None, note=None):
    """Index the rows of `queryset()` (a function: only the public rows) as `kind`, each
    described by `entry(row)` -> (titles per language, URL name, URL argument, texts).
    `anchor(search_entry)`: the fragment the result links to (a card on a list page);
    `note(search_entry)`: what the result shows beside its title, in the active language."""
    INDEXERS[kind] = (queryset, entry)
    for registry, function in ((ANCHORS, anchor), (NOTES, note)):
        if function is None:
            registry.pop(kind, None)
        else:
            registry[kind] = function


def _entry_values(kind, instance):
    titles, url_name, url_argument, texts = INDEXERS[kind][1](instance)
    text = " ".join(part for part in texts if part)
    return {
        "title_it": titles["it"][:500],
        "title_ru": titles["ru"][:500],
        "title_en": titles["en"][:500],
        "url_name": url_name,
        "url_argument": str(url_argument),
        "text": text,
        "text_latin": latin(text),
    }


def index(kind, pk):
    """Write (or remove) the entry of one row: removed when the row is gone or not public."""
    queryset, _entry = INDEXERS[kind]
    instance = queryset().filter(pk=pk).first()
    if instance is None:
        SearchEntry.objects.filter(kind=kind, object_id=pk).delete()
        return
    SearchEntry.objects.update_or_create(
        kind=kind, object_id=pk, defaults=_entry_values(kind, instance)
    )


def index_later(kind, pk):
    """Index the row once the transaction that changed it has committed."""
    transaction.on_commit(lambda: index(kind, pk), robust=True)


@transaction.atomic
def rebuild_index():
    """Write the whole index again from the rows (`manage.py rebuild_search_index`)."""
    SearchEntry.objects.all().delete()
    entries = []
    for kind, (queryset, _entry) in INDEXERS.items():
        for instance in queryset().iterator(chunk_size=500):
            entries.append(
                SearchEntry(kind=kind, object_id=instance.pk, **_entry_values(kind, instance))
            )
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


@dataclass
class Result:
    entry: SearchEntry
    rank: float

    @property
    def title(self):
        return self.entry.title

    @property
    def url(self):
        if not self.entry.url_name:
            return ""
        try:
            url = reverse(self.entry.url_name, args=[self.entry.url_argument])
        except NoReverseMatch:
            return ""
        anchor = ANCHORS.get(self.entry.kind)
        return f"{url}#{anchor(self.entry)}" if anchor else url

    @property
    def note(self):
        note = NOTES.get(self.entry.kind)
        return note(self.entry) if note else ""


def _public():
    """Agreements still being negotiated (drafts, or signed at a date to come) stay out, and
    organizations staff have not vouched for (Organization.objects.public: typed into a
    registration not approved). Decided when searching, so that an approval, a rejection or an
    agreement's signing day shows in the results with no writing of the index."""
    return (
        ~Q(kind__in=[SearchKind.AGREEMENT, SearchKind.ORGANIZATION])
        | Q(kind=SearchKind.AGREEMENT, object_id__in=Agreement.objects.public().values("pk"))
        | Q(
            kind=SearchKind.ORGANIZATION,
            object_id__in=Organization.objects.public().values("pk"),
        )
    )


def _postgresql_search(text, latin_text):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("text", config="italian", weight="A")
        + SearchVector("text", config="russian", weight="A")
        + SearchVector("text", config="english", weight="A")
        + SearchVector("text_latin", config="simple", weight="B")
    )
    query = (
        SearchQuery(text, config="italian", search_type="websearch")
        | SearchQuery(text, config="russian", search_type="websearch")
        | SearchQuery(text, config="english", search_type="websearch")
    )
    words = _WORD.findall(latin_text)
    if words:
        # Every word of the Latin spelling, each also as the start of a longer word.
        query |= SearchQuery(
            " & ".join(f"{word}:*" for word in words), config="simple", search_type="raw"
        )
    return (
        SearchEntry.objects.annotate(rank=SearchRank(vector, query))
        .annotate(document=vector)
        .filter(_public(), document=query)
        .order_by("-rank", "kind", "title_it")
    )


def _simple_search(latin_text):
    entries = SearchEntry.objects.filter(_public())
    words = _WORD.findall(latin_text)
    for word in words:
        entries = entries.filter(text_latin__contains=word)
    return entries.order_by("kind", "title_it")


def search(text):
    """[(kind label, [Result…])…] for the words typed, grouped by kind in the order of the
    kinds, each group ordered by relevance (one query)."""
    text = " ".join(text.split())[:QUERY_MAX_LENGTH]
    latin_text = latin(text)
    if not _WORD.search(latin_text):
        return []
    if connection.vendor == "postgresql":
        rows = [(entry, entry.rank) for entry in _postgresql_search(text, latin_text)[:200]]
    else:
        words = _WORD.findall(latin_text)
        rows = [
            (entry, sum(word in latin(entry.title) for word in words))
            for entry in _simple_search(latin_text)[:200]
        ]
        rows.sort(key=lambda row: -row[1])
    groups = OrderedDict((kind, []) for kind in SearchKind.values)
    for entry, rank in rows:
        if len(groups[entry.kind]) < RESULTS_PER_KIND:
            groups[entry.kind].append(Result(entry, rank))
    return [(SearchKind(kind).label, results) for kind, results in groups.items() if results]
