"""No page answers an account that must use a second factor until this session has passed it."""

from django.contrib.auth.views import redirect_to_login

from staff.services import authenticator_device, needs_second_factor

# Pages an unverified session may still open: the two-factor pages themselves (each one checks
# what it needs), logging out, switching the language.
EXEMPT_NAMESPACES = {"two_factor"}
EXEMPT_VIEWS = {"admin:logout", "set_language", "healthz"}


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware. A logged-in account for which
    `staff.services.needs_second_factor()` holds, and whose session has not been verified with
    a second factor, is sent to enter a code (or, with no device yet, to set one up) before
    any page answers: the admin, the organizer pages, the documents with personal data, and
    every other page, so that a page added later is covered too. Accounts that do not need a
    second factor pass; those that enrolled voluntarily are asked for the code at login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match.namespace in EXEMPT_NAMESPACES or match.view_name in EXEMPT_VIEWS:
            return None
        if not needs_second_factor(user):
            return None
        step = "two_factor:verify" if authenticator_device(user) else "two_factor:setup"
        return redirect_to_login(request.get_full_path(), step)
