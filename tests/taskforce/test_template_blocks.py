"""Blocks that end up in <head> hold what belongs there, and nothing of the page body.

A `{% block title %}` left open (or body markup pasted into it) puts raw HTML, private links
included, into the browser tab, the bookmarks and what a screen reader announces first.
"""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.base import TextNode
from django.template.loader_tags import BlockNode

BODY_TAGS = re.compile(r"<(h[1-6]|p|ul|ol|li|div|section|a|table|form)[\s>]", re.IGNORECASE)


def project_templates():
    roots = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    roots += [
        path
        for path in Path(settings.BASE_DIR).glob("*/templates")
        if ".venv" not in path.parts and path.parent.name != "templates"
    ]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            yield root, path


def blocks(nodelist, name):
    for node in nodelist:
        if isinstance(node, BlockNode):
            if node.name == name:
                yield node
            yield from blocks(node.nodelist, name)
        for child in getattr(node, "child_nodelists", ()):
            yield from blocks(getattr(node, child, None) or [], name)


def source_of(node):
    """The literal text of a block, its nested tags' text included."""
    return "".join(text.s for text in node.nodelist.get_nodes_by_type(TextNode))


def test_no_template_puts_body_markup_in_the_title_or_the_head():
    engine = engines["django"].engine
    offenders = []
    checked = 0
    for root, path in project_templates():
        name = str(path.relative_to(root))
        template = engine.get_template(name)
        for block_name, pattern in (("title", re.compile("<")), ("extra_head", BODY_TAGS)):
            for node in blocks(template.nodelist, block_name):
                checked += 1
                if pattern.search(source_of(node)):
                    offenders.append(f"{name}: {{% block {block_name} %}}")
    assert checked > 20
    assert offenders == []
