"""Notes the apps above `sessions_app` add to the thematic tables' items of the programme
(the collaboration projects presented at each table, in order).

A provider, registered in its app's AppConfig.ready, takes a session and returns
{thematic_table_id: [note, …]}; a note is a text or a callable giving the text in the active
language. The programme page asks `notes_for(session)` and shows each table's notes under
its items, never knowing which app gave them."""

_providers = {}


def register(provider):
    _providers[f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def notes_for(session):
    notes = {}
    for provider in _providers.values():
        for table_id, found in (provider(session) or {}).items():
            notes.setdefault(table_id, []).extend(found)
    return notes


def text_of(note):
    return str(note() if callable(note) else note)
