"""Static files that come from the system rather than from a Python package.

The Cyrillic companion of Bootstrap Italia's typeface (PT Sans, Debian's fonts-paratype) is
installed where fontconfig finds it, so that WeasyPrint sets Russian text of the PDFs in it;
this finder serves the same files to browsers under ``STATIC_URL``, through collectstatic and
whitenoise, so that pages and PDFs use one typeface from one source and no font is committed.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage


class _OneFileStorage(FileSystemStorage):
    """A storage of the folder holding one system file, which collectstatic copies under the
    static path chosen for it."""

    def __init__(self, source, static_path):
        super().__init__(location=str(source.parent))
        self.prefix = str(Path(static_path).parent)


def _system_static_files():
    """{static path: absolute path of the system file}, from ``SYSTEM_STATIC_FILES``: pairs of
    (static folder, system file); a file keeps its name under the static folder."""
    return {
        f"{folder}/{Path(source).name}": Path(source)
        for folder, source in settings.SYSTEM_STATIC_FILES
    }


class SystemFontFinder(BaseFinder):
    def check(self, **kwargs):
        return [
            Warning(
                f"{source} is missing: install Debian's fonts-paratype (the Cyrillic typeface).",
                id="core.W001",
            )
            for source in _system_static_files().values()
            if not source.is_file()
        ]

    def find(self, path, find_all=False, **kwargs):
        source = _system_static_files().get(path)
        found = str(source) if source is not None and source.is_file() else None
        if find_all:
            return [found] if found else []
        return found

    def list(self, ignore_patterns):
        for static_path, source in _system_static_files().items():
            if source.is_file():
                yield source.name, _OneFileStorage(source, static_path)
