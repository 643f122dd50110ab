"""Every URL pattern of the portal, found by walking the URLconf (the admin's get_urls()
included), so that tests cover pages added later without being told about them."""

import dataclasses

from django.urls import URLResolver, get_resolver
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.utils import translation
from django.utils.regex_helper import normalize

CONVERTER_KINDS = {
    IntConverter: "int",
    StringConverter: "str",
    SlugConverter: "slug",
    PathConverter: "path",
    UUIDConverter: "uuid",
}


@dataclasses.dataclass(frozen=True)
class Route:
    """One URL pattern: `template` is the path with %(name)s for each parameter (already
    prefixed with the language for i18n patterns); `parameters` maps each name to the kind
    of its converter ("int", "str", "slug", "path", "uuid", or "regex" for a re_path)."""

    template: str
    parameters: tuple
    name: str

    def url(self, **values):
        """The path with `values` (already percent-encoded where needed) filled in."""
        return self.template % values

    @property
    def kinds(self):
        return dict(self.parameters)


def routes(language="en"):
    """Every URL pattern, with the language prefix of `language`."""
    found = {}

    def walk(patterns, prefix, kinds, namespace):
        for pattern in patterns:
            converters = getattr(pattern.pattern, "converters", {})
            for template, names in normalize(pattern.pattern.regex.pattern):
                here = dict(kinds)
                for name in names:
                    converter = converters.get(name)
                    here[name] = (
                        CONVERTER_KINDS.get(type(converter), "str") if converter else "regex"
                    )
                if isinstance(pattern, URLResolver):
                    inner = ":".join(filter(None, [namespace, pattern.namespace]))
                    walk(pattern.url_patterns, prefix + template, here, inner)
                else:
                    full = "/" + prefix + template
                    name = ":".join(filter(None, [namespace, pattern.name or ""]))
                    found.setdefault(full, Route(full, tuple(sorted(here.items())), name))

    with translation.override(language):
        walk(get_resolver().url_patterns, "", {}, "")
    return list(found.values())
