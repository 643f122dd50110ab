"""The merge driver of the catalogues (scripts/po_merge.py) merges entry by entry against the
common ancestor: a translation corrected on one branch survives a merge."""

import importlib.util
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("po_merge", ROOT / "scripts" / "po_merge.py")
po_merge = importlib.util.module_from_spec(spec)
spec.loader.exec_module(po_merge)


def catalogue(path, entries):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return str(path)


def translations(path):
    return {entry.msgid: entry.msgstr for entry in polib.pofile(path)}


def test_a_translation_changed_on_one_side_only_is_taken_from_that_side(tmp_path, capsys):
    base = catalogue(
        tmp_path / "base.po",
        {"Print badges": "Stampare i badge", "Save": "Salva", "Both": "Entrambi"},
    )
    ours = catalogue(
        tmp_path / "ours.po",
        {"Print badges": "Stampare i badge", "Save": "Salva!", "Both": "Tutti e due", "New": ""},
    )
    theirs = catalogue(
        tmp_path / "theirs.po",
        {
            "Print badges": "Stampa i badge",
            "Save": "Salva",
            "Both": "L’uno e l’altro",
            "New": "Nuovo",
            "Theirs only": "Solo loro",
        },
    )
    po_merge.merge(ours, theirs, base)
    assert translations(ours) == {
        "Print badges": "Stampa i badge",  # changed on their side only
        "Save": "Salva!",  # changed on our side only
        "Both": "Tutti e due",  # changed on both: ours kept, and said
        "New": "Nuovo",  # ours empty
        "Theirs only": "Solo loro",
    }
    assert "Both" in capsys.readouterr().err


def test_without_an_ancestor_ours_wins_unless_empty(tmp_path):
    ours = catalogue(tmp_path / "ours.po", {"Save": "Salva", "New": ""})
    theirs = catalogue(tmp_path / "theirs.po", {"Save": "Salvare", "New": "Nuovo"})
    po_merge.merge(ours, theirs, str(tmp_path / "missing.po"))
    assert translations(ours) == {"Save": "Salva", "New": "Nuovo"}


def test_a_string_turned_plural_on_one_side_keeps_its_plural_msgid(tmp_path):
    """A gettext turned into an ngettext on their side: the merged entry has the plural's
    msgid with its forms (without it msgfmt refuses the catalogue)."""
    msgid = "You have accepted %(accepted)s of at most %(cap)s requests."
    base = catalogue(tmp_path / "base.po", {msgid: "Ha accettato %(accepted)s su %(cap)s."})
    ours = catalogue(tmp_path / "ours.po", {msgid: "Ha accettato %(accepted)s su %(cap)s."})
    theirs = polib.POFile(wrapwidth=0)
    theirs.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    theirs.append(
        polib.POEntry(
            msgid=msgid,
            msgid_plural=msgid,
            msgstr_plural={0: "Ha accettato una richiesta", 1: "Ha accettato %(accepted)s"},
        )
    )
    theirs.save(str(tmp_path / "theirs.po"))
    po_merge.merge(ours, str(tmp_path / "theirs.po"), base)
    (entry,) = polib.pofile(ours)
    assert entry.msgid_plural == msgid
    assert entry.msgstr_plural == {0: "Ha accettato una richiesta", 1: "Ha accettato %(accepted)s"}
