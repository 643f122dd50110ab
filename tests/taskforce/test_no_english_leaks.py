"""The main public pages and the admin index, read in Italian and in Russian, show no English
wording: every label the English page shows from the catalogue comes out translated."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    OrganizationFactory,
    ProgrammeItemFactory,
    SessionFactory,
    ThematicTableFactory,
)

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def visible_text(response):
    body = response.content.decode()
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


# The language switcher names each language in its own language, on every page.
LANGUAGE_NAMES = {"English", "Italian", "Russian"}


def catalogue_labels(language):
    """(English wordings the catalogue of `language` renders differently, wordings it keeps as
    they are, such as "Meeting Point"). Short words are left out ("PDF", "OK")."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    translated, kept = set(), set()
    for entry in po:
        if entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
            continue
        if entry.msgstr == entry.msgid:
            kept.add(entry.msgid)
        elif entry.msgstr and len(entry.msgid) >= 6 and entry.msgid not in LANGUAGE_NAMES:
            translated.add(entry.msgid)
    return translated, kept


def leaks(english_page, page, language):
    """Labels shown on the English page that show up untranslated on the page in `language`."""
    translated, kept = catalogue_labels(language)
    for wording in sorted(kept, key=len, reverse=True):
        page = page.replace(wording, " ")

    def shows(label, text):
        return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)

    return sorted(
        label for label in translated if shows(label, english_page) and shows(label, page)
    )


@pytest.fixture
def session_with_programme(db):
    session = SessionFactory(number=31)
    table = ThematicTableFactory(session=session)
    ProgrammeItemFactory(session=session, table=table)
    return session


def public_urls(session, language):
    with translation.override(language):
        return [
            reverse("sessions_app:home"),
            reverse("sessions_app:session_list"),
            reverse("sessions_app:session_detail", args=[session.number]),
            reverse("sessions_app:programme", args=[session.number]),
            reverse("agreements:agreement_list"),
            reverse("statistics"),
            reverse("delegates:privacy"),
            reverse("delegates:register", args=[session.number]),
        ]


@pytest.mark.parametrize("language", ["it", "ru"])
def test_public_pages_show_no_english_label(client, session_with_programme, language):
    found = {}
    for english_url, url in zip(
        public_urls(session_with_programme, "en"),
        public_urls(session_with_programme, language),
        strict=True,
    ):
        english = client.get(english_url)
        page = client.get(url)
        assert english.status_code == page.status_code == 200, url
        leaked = leaks(visible_text(english), visible_text(page), language)
        if leaked:
            found[url] = leaked
    assert found == {}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", ["Tentativi di accesso", "Attività in background", "Posta in uscita"]),
        ("ru", ["Попытки входа", "Фоновые задачи", "Исходящая почта"]),
    ],
)
def test_admin_index_names_the_library_apps_in_the_reader_language(
    admin_client, language, expected
):
    admin_client.cookies["taskforce_language"] = "en"
    english = visible_text(admin_client.get(reverse("admin:index")))
    admin_client.cookies["taskforce_language"] = language
    page = visible_text(admin_client.get(reverse("admin:index")))
    for name in expected:
        assert name in page
    for english_name in ["Access attempts", "Access failures", "Access logs", "Task results"]:
        assert english_name in english
        assert english_name not in page
    assert leaks(english, page, language) == []


def test_italian_bulk_delete_does_not_agree_a_masculine_adjective_with_a_feminine_noun(
    admin_client,
):
    OrganizationFactory()
    admin_client.cookies["taskforce_language"] = "it"
    page = visible_text(admin_client.get(reverse("admin:delegates_organization_changelist")))
    assert "Elimina gli elementi selezionati (organizzazioni)" in page
    assert "organizzazioni selezionati" not in page
