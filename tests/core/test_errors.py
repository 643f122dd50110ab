"""Error pages that need neither the database nor the session."""

from django.db import OperationalError

from taskforce.views import server_error
from tests.operations.test_database_restart import UNAVAILABLE


def test_a_database_failure_outside_a_view_reaches_the_503_page_too(rf):
    # handler500 sees the exception being handled (as Django calls it): saving the session
    # after the view, for instance, fails outside the middleware's reach.
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/ru/sessions/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert UNAVAILABLE["ru"] in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/ru/sessions/")).status_code == 500
