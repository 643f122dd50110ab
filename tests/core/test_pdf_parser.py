"""tinyhtml5, WeasyPrint's HTML parser, finds the patterns it keeps
(core.pdf._keep_parser_patterns): the same tree and the same document, each pattern built once."""

import xml.etree.ElementTree as ElementTree

import tinyhtml5
from tinyhtml5 import inputstream

from core import pdf

DOCUMENT = (
    '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Programma</title>'
    "<style>td { vertical-align: top } .kind { font-size: 7pt }</style></head><body><table>"
    + "".join(
        f'<tr class="kind-plenary"><td class="time">09:{n:02d}</td>'
        f'<td class="language" lang="it"><p class="kind">Plenaria &amp; tavoli</p>'
        f"<p data-n='{n}' class=\"title\">Apertura dei lavori {n}</p></td>"
        f'<td class="language" lang="ru"><p class="kind">Пленарное заседание</p>'
        f"<p class=title>Открытие {n}<br>&laquo;Зал&raquo;</p></td></tr><!-- {n} -->"
        for n in range(40)
    )
    + "</table></body></html>"
)


class _Counting(dict):
    """tinyhtml5's own dictionary, counting the lookups that find nothing."""

    misses = 0

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            type(self).misses += 1
            raise


def _tree(html):
    return ElementTree.tostring(tinyhtml5.parse(html))


def test_tinyhtml5_keeps_its_patterns_where_it_cannot_find_them(monkeypatch):
    """The defect worked around: without the fix, every call misses (if tinyhtml5 mends it,
    this test fails and core.pdf._keep_parser_patterns can go)."""
    monkeypatch.setattr(inputstream, "characters_until_regex", _Counting())
    _Counting.misses = 0
    _tree(DOCUMENT)
    first = _Counting.misses
    _tree(DOCUMENT)
    assert first > 200
    assert _Counting.misses == 2 * first


def test_each_pattern_is_built_once_and_the_tree_is_the_same(monkeypatch):
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    before = _tree(DOCUMENT)
    patterns = pdf._ParserPatterns()
    monkeypatch.setattr(inputstream, "characters_until_regex", patterns)
    assert _tree(DOCUMENT) == before
    built = dict(patterns)
    assert 3 <= len(built) <= 12  # one per set of characters the tokenizer stops at
    assert _tree(DOCUMENT) == before
    assert patterns == built and all(patterns[key] is built[key] for key in built)


def test_the_document_is_the_same_to_the_byte_with_the_patterns_kept(monkeypatch):
    pdf._keep_parser_patterns()
    assert type(inputstream.characters_until_regex) is pdf._ParserPatterns
    kept = pdf.render_pdf(DOCUMENT)
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    assert pdf.render_pdf(DOCUMENT) == kept
