"""Git merge driver for the translation catalogues (locale/*/LC_MESSAGES/django.po).

Two branches that each add strings touch the same lines of a catalogue, so git's line merge
conflicts on almost every merge although nothing really disagrees. This driver merges by
entry instead, against the common ancestor: it keeps every entry of our side, adds the
entries only the other side has, and, for an entry both sides have, takes the other side's
translation where only the other side changed it since the ancestor (a wording corrected on a
branch is not lost), or where ours is empty or fuzzy. Where both sides changed it differently,
ours is kept and the entry is named on stderr. Entries are keyed by (msgctxt, msgid).
Locations and obsolete entries are left to the next `make messages`, which rewrites the
catalogue from the sources.

`make messages` writes the catalogues through `--normalize` too, in the same layout.

Set it up once per clone:

    git config merge.po.driver ".venv/bin/python scripts/po_merge.py %O %A %B"
    echo '*.po merge=po' >> .git/info/attributes
"""

import sys

import polib


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _translated(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _translation(entry):
    """What a translator wrote for `entry` (None for no entry): compared across the sides."""
    if entry is None:
        return None
    plural = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else ()
    return (entry.msgstr, plural, "fuzzy" in entry.flags)


def _entries(path):
    if path is None:
        return {}
    try:
        catalogue = polib.pofile(path, wrapwidth=0)
    except (OSError, ValueError):
        return {}
    return {_key(entry): entry for entry in catalogue if not entry.obsolete}


def merge(ours_path, theirs_path, base_path=None):
    ours = polib.pofile(ours_path, wrapwidth=0)
    theirs = polib.pofile(theirs_path, wrapwidth=0)
    base = _entries(base_path)
    by_key = {_key(entry): entry for entry in ours if not entry.obsolete}
    for entry in theirs:
        if entry.obsolete:
            continue
        mine = by_key.get(_key(entry))
        if mine is None:
            ours.append(entry)
            by_key[_key(entry)] = entry
            continue
        original = _translation(base.get(_key(entry)))
        mine_changed = _translation(mine) != original
        theirs_changed = _translation(entry) != original
        if (theirs_changed and not mine_changed) or (not _translated(mine) and _translated(entry)):
            # The source may have turned a gettext into an ngettext (or back) on their side:
            # the plural's msgid comes with its forms.
            mine.msgid_plural = entry.msgid_plural
            mine.msgstr = entry.msgstr
            mine.msgstr_plural = entry.msgstr_plural
            mine.flags = [flag for flag in mine.flags if flag != "fuzzy"]
            if "fuzzy" in entry.flags:
                mine.flags.append("fuzzy")
        elif theirs_changed and mine_changed and _translation(mine) != _translation(entry):
            print(f"po_merge: both sides changed {entry.msgid[:60]!r}: ours kept", file=sys.stderr)
    ours.save(ours_path)


def normalize(path):
    """Write a catalogue the way this driver writes it (no line wrapped), so that `make
    messages` and a merge leave the same layout and diffs show only what changed."""
    polib.pofile(path, wrapwidth=0).save(path)


if __name__ == "__main__":
    if sys.argv[1] == "--normalize":
        for path in sys.argv[2:]:
            normalize(path)
    else:
        base_path, ours_path, theirs_path = sys.argv[1:4]
        merge(ours_path, theirs_path, base_path)
