"""The three catalogues: valid for msgfmt, complete, consistent with their msgids, and every count
through ngettext with the plural forms Django declares for the language."""

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import django
import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ["it", "ru", "en"]
TRANSLATED = ["it", "ru"]
# The portal's own strings, and those of the admin's JavaScript it words itself
# (taskforce/library_strings.js, served by the admin's jsi18n view).
DOMAINS = ["django", "djangojs"]
EVERY_CATALOGUE = [(language, domain) for domain in DOMAINS for language in LANGUAGES]
# Django's own strings with a count that it passes through gettext, not ngettext: the portal
# can only word them so that no noun agrees with the number («Удалено (регистрации): 5.»).
SINGULAR_IN_DJANGO = {"Successfully deleted %(count)d %(items)s."}

# %(name)s, %(name)d, %s, %d (python-format) and {name} (python-brace).
PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[:!][^{}]*)?\}(?!\})")
COUNT_NAMES = {"count", "n", "counter"}


def catalogue(language, domain="django"):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"), wrapwidth=0)


def placeholders(text, flags):
    found = Counter()
    if "python-format" in flags or "javascript-format" in flags:
        found.update(
            f"%({name}){kind}" if name else f"%{kind}"
            for name, kind in PERCENT.findall(text)
            if kind != "%"
        )
    if "python-brace-format" in flags:
        found.update("{" + name + "}" for name in BRACE.findall(text))
    return found


def django_plural_forms(language):
    """The Plural-Forms header of Django's own catalogue for `language` (merged at runtime)."""
    path = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path)).metadata["Plural-Forms"]


def normalized(plural_forms):
    return re.sub(r"\s+", "", plural_forms).rstrip(";")


@pytest.mark.parametrize(("language", "domain"), EVERY_CATALOGUE)
def test_catalogue_passes_msgfmt_check(language, domain):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext (msgfmt) is needed to check the catalogues"
    po = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("language", "domain"), EVERY_CATALOGUE)
def test_catalogue_declares_the_plural_forms_of_django(language, domain):
    ours = catalogue(language, domain).metadata["Plural-Forms"]
    assert normalized(ours) == normalized(django_plural_forms(language))


@pytest.mark.parametrize(("language", "domain"), EVERY_CATALOGUE)
def test_every_plural_entry_has_every_declared_form(language, domain):
    po = catalogue(language, domain)
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"]).group(1))
    wrong = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(nplurals))
    ]
    assert wrong == []


@pytest.mark.parametrize(("language", "domain"), EVERY_CATALOGUE)
def test_no_fuzzy_or_obsolete_entries(language, domain):
    po = catalogue(language, domain)
    assert [entry.msgid for entry in po if "fuzzy" in entry.flags] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []


@pytest.mark.parametrize(("language", "domain"), EVERY_CATALOGUE)
def test_nothing_is_left_untranslated(language, domain):
    po = catalogue(language, domain)
    empty = [
        entry.msgid
        for entry in po
        if (entry.msgid_plural and not all(entry.msgstr_plural.values()))
        or (not entry.msgid_plural and not entry.msgstr)
    ]
    assert empty == []


@pytest.mark.parametrize(("language", "domain"), EVERY_CATALOGUE)
def test_placeholders_are_identical_in_every_translation(language, domain):
    """A translation keeps every placeholder of its msgid: a missing or misspelt one raises a
    KeyError, or silently drops a value, when the string is formatted. Only the singular form
    of a language whose form 0 means exactly one may leave out the number."""
    singular_is_one = language != "ru"
    wrong = []
    for entry in catalogue(language, domain):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural, entry.flags)
            singular = placeholders(entry.msgid, entry.flags)
            for index, text in sorted(entry.msgstr_plural.items()):
                found = placeholders(text, entry.flags)
                allowed = [expected] + ([singular] if index == 0 and singular_is_one else [])
                if found not in allowed:
                    wrong.append((entry.msgid, index, dict(found), dict(expected)))
        else:
            expected = placeholders(entry.msgid, entry.flags)
            found = placeholders(entry.msgstr, entry.flags)
            if found != expected:
                wrong.append((entry.msgid, None, dict(found), dict(expected)))
    assert wrong == []


def test_every_string_with_a_count_is_a_plural_entry():
    """A number named count, n or counter is a count: its noun agrees with it in Italian and
    Russian, so the string must go through ngettext / {% blocktranslate count %}."""
    singular_only = [
        entry.msgid
        for entry in catalogue("it")
        if not entry.msgid_plural
        and entry.msgid not in SINGULAR_IN_DJANGO
        and any(
            name in COUNT_NAMES
            for name in re.findall(r"%\((\w+)\)", entry.msgid) + BRACE.findall(entry.msgid)
        )
    ]
    assert singular_only == []


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 профиль"),
        (2, "2 профиля"),
        (5, "5 профилей"),
        (11, "11 профилей"),
        (21, "21 профиль"),
    ],
)
def test_russian_counts_take_the_right_form_at_runtime(count, expected):
    """Django merges its own Russian catalogue with ours: both must use the same plural rule."""
    with translation.override("ru"):
        text = translation.ngettext(
            "%(count)d profile approved.", "%(count)d profiles approved.", count
        ) % {"count": count}
    assert text.startswith(expected + " ")


def test_italian_count_of_one_is_singular_at_runtime():
    with translation.override("it"):
        text = translation.ngettext(
            "%(count)d profile approved.", "%(count)d profiles approved.", 1
        ) % {"count": 1}
    assert text == "1 profilo approvato."


def test_the_catalogues_hold_every_string_marked_in_the_code(tmp_path):
    """A string marked for translation but never extracted (`make messages` not run after a
    change) shows in English to every reader: extract again, into a copy, and compare."""
    root = LOCALE.parent
    copy = tmp_path / "project"
    ignored = shutil.ignore_patterns(
        ".venv", ".git", "var", "staticfiles", "node_modules", "__pycache__", "*.mo"
    )
    shutil.copytree(root, copy, ignore=ignored, symlinks=True)
    subprocess.run(
        [
            str(root / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "--locale=it",
            "--no-wrap",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=staticfiles",
            "--verbosity=0",
        ],
        cwd=copy,
        check=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    extracted = polib.pofile(str(copy / "locale" / "it" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue("it")}
    missing = sorted(
        entry.msgid for entry in extracted if (entry.msgctxt, entry.msgid) not in known
    )
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:20])


# «interessato/a», «stato/a», «registrato/a»; «прочитал(а)», «недоступен(на)», «новый(ая)».
GENDER_SLASH_FORMS = {
    "it": re.compile(r"\w[oi]/[ae]\b"),
    "ru": re.compile(r"[а-яё]\((?:а|я|на|ла|ая|яя|ой|ое|ые|ы)\)", re.IGNORECASE),
}


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_gender_slash_forms_for_the_reader(language, domain):
    """The portal does not know the reader's gender: the wording needs no agreement with it,
    instead of «interessato/a» or «принял(а)»."""
    pattern = GENDER_SLASH_FORMS[language]
    found = [
        entry.msgstr
        for entry in catalogue(language, domain)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if pattern.search(text)
    ]
    assert found == []


def test_the_javascript_catalogue_holds_every_string_of_the_library_list():
    """taskforce/library_strings.js lists the admin's JavaScript strings the portal words
    itself; `make messages` extracts them into djangojs.po, which the admin's jsi18n merges
    over Django's. A string added there and not extracted would stay in Django's wording."""
    source = (LOCALE.parent / "taskforce" / "library_strings.js").read_text()
    listed = {
        match.group(2).replace('\\"', '"')
        for match in re.finditer(r"\bn?gettext\((['\"])(.*?)(?<!\\)\1", source)
    }
    assert len(listed) >= 10
    for language in LANGUAGES:
        known = {entry.msgid for entry in catalogue(language, "djangojs")}
        assert listed - known == set(), language
