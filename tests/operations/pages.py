"""Finding the public pages and their forms, so that tests cover pages added later."""

from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages for staff (organizer desks, the admin) are covered by the role walk; these are the
# pages anyone can reach.
STAFF_PREFIXES = ("desk/", "meeting-point/staff/")


def public_urls(values):
    """Every named route outside the admin and the staff pages, with its arguments filled
    from `values` (routes needing other arguments are left out)."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace])))
            elif isinstance(pattern, URLPattern) and pattern.name:
                if str(pattern.pattern).startswith(STAFF_PREFIXES):
                    continue
                arguments = list(pattern.pattern.converters)
                if not set(arguments) <= set(values):
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append(reverse(name, kwargs={key: values[key] for key in arguments}))

    walk(get_resolver().url_patterns, "")
    return found


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name → list of offered values)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if (attributes.get("method") or "get").lower() == "post":
                self._current = {"action": attributes.get("action") or "", "fields": {}}
                self.forms.append(self._current)
            else:
                self._current = None
            return
        if self._current is None:
            return
        name = attributes.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            values = self._current["fields"].setdefault(name, [])
            if tag == "input" and attributes.get("value"):
                values.append(attributes["value"])
            if tag == "select":
                self._select = values
        elif tag == "option" and self._select is not None and attributes.get("value"):
            self._select.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def post_forms(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms
