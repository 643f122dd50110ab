"""Logging out wipes what the check-in desk keeps on the device (the offline list of badge
digests and names, the queue, the cached desk page): the browser clears the site's storage
when the logout answer says so (Clear-Site-Data)."""

LOGOUT_VIEWS = {"admin:logout"}


class ClearDeskDataOnLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "POST"
            and match is not None
            and match.view_name in LOGOUT_VIEWS
            and response.status_code < 400
        ):
            response["Clear-Site-Data"] = '"storage"'
        return response
