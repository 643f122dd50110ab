"""locale/GLOSSARY.md fixes one term for one thing: its table of forbidden variants is read here
and every catalogue is searched for them."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "locale" / "GLOSSARY.md"
LANGUAGES = ["it", "ru", "en"]


def split_row(line):
    """The cells of a Markdown table row; `\\|` is a pipe inside a cell."""
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [cell.strip().replace("\\|", "|") for cell in cells]


def code(cell):
    return cell[1:-1] if cell.startswith("`") and cell.endswith("`") else cell


def forbidden_variants():
    """Rows of the table under the heading "Forbidden variants": (language, pattern, except)."""
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "### Forbidden variants")
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        cells = split_row(line)
        if cells[0] == "language":
            continue
        language, pattern, unless, _use = cells
        rows.append(
            (language, re.compile(code(pattern)), re.compile(code(unless)) if unless else None)
        )
    return rows


def translations(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    for entry in po:
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            yield entry.msgid, text


def violations(language, rows):
    found = []
    for row_language, pattern, unless in rows:
        if row_language not in (language, "all"):
            continue
        for msgid, text in translations(language):
            searched = unless.sub("", text) if unless else text
            match = pattern.search(searched)
            if match:
                found.append((pattern.pattern, match.group(0), msgid[:60]))
    return found


def test_the_glossary_lists_forbidden_variants_for_each_translated_language():
    languages = {language for language, _pattern, _unless in forbidden_variants()}
    assert {"it", "ru", "all"} <= languages


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_uses_a_variant_the_glossary_forbids(language):
    assert violations(language, forbidden_variants()) == []


def test_a_forbidden_variant_is_found_and_its_exception_respected():
    """The checker itself: it finds a forbidden Russian variant and spares the allowed form."""
    rows = [
        (
            "ru",
            re.compile(r"(?i)круглы\w* стол"),
            re.compile(r"(?i)тематическ\w* круглы\w* стол\w*"),
        )
    ]
    texts = {"a": "Тематический круглый стол: химия", "b": "Круглый стол: химия"}
    checked = [
        (msgid, rows[0][1].search(rows[0][2].sub("", text)) is not None)
        for msgid, text in texts.items()
    ]
    assert checked == [("a", False), ("b", True)]


@pytest.mark.django_db
def test_the_demo_protocol_obeys_the_glossary_too():
    """Demo data obeys the rules of real data: the texts of the demo Protocol use no variant
    the glossary forbids (no «сессия» for a session of the Task Force, no straight
    apostrophe), and a post after a name is in lower case in running Russian text."""
    from agreements.services.demo import demo_sections
    from sessions_app.models import Country
    from sessions_app.services.institutions import give_default_institutions
    from tests.sessions_app.test_dates import kazan_session

    session = kazan_session(
        city_it="Kazan’",
        italian_cochair_name="Mario Rossi",
        italian_cochair_title_ru="Генеральный директор",
    )
    give_default_institutions(session)
    rows = forbidden_variants()
    found = []
    for kind, heading_it, heading_ru, body_it, body_ru in demo_sections(session, Country.ITALY):
        for language, text in (("it", heading_it + body_it), ("ru", heading_ru + body_ru)):
            for row_language, pattern, unless in rows:
                if row_language in (language, "all"):
                    searched = unless.sub("", text) if unless else text
                    if match := pattern.search(searched):
                        found.append((language, pattern.pattern, match.group(0)))
        if kind == "preamble":
            assert "генеральный директор" in body_ru
            assert "nei giorni 15–16 febbraio 2027" in body_it
    assert found == []
