"""The fixtures of the delegates tests that the venue tests use too."""

from tests.delegates.conftest import run_on_commit  # noqa: F401
