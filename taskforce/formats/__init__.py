"""The portal's own date formats (FORMAT_MODULE_PATH), read before Django's: what the admin
and `|date` print follows locale/GLOSSARY.md as sessions_app/dates.py does. Only the formats
that differ from Django's are given; the others (input formats, separators) stay Django's."""
