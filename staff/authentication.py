"""Login throttling (django-axes) that leaves programmatic authentication alone."""

from axes.backends import AxesStandaloneBackend


class LoginThrottlingBackend(AxesStandaloneBackend):
    """django-axes' standalone backend, first in AUTHENTICATION_BACKENDS: a locked-out
    client cannot log in. `authenticate()` called without a request (management commands,
    the test client's `login()`) has no client to throttle and passes through to the next
    backend instead of failing; every login form passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
