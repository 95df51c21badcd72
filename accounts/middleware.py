from urllib.parse import urlencode

from django.shortcuts import redirect

from . import second_factor

# Where a signed-in person who still owes the second step may go: the step itself, leaving, and what the
# installed app fetches on its own. The API answers for itself (api.auth refuses such a session).
OPEN_ROUTES = {
    "second_factor_verify",
    "second_factor_setup",
    "logout",
    "healthz",
    "service_worker",
    "offline",
}


class SecondFactorMiddleware:
    """After the password, the second step (accounts.second_factor): a signed-in office account, administrator
    or cadre who turned it on sees nothing but the step until they give a code, or their phone is remembered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not second_factor.needs_code(request):
            return None
        match = request.resolver_match
        if match.url_name in OPEN_ROUTES or request.path.startswith("/api/"):
            return None
        if second_factor.sign_in_remembered(request):
            return None
        route = "second_factor_verify" if second_factor.has_device(request.user) else "second_factor_setup"
        return redirect(f"{redirect(route).url}?{urlencode({'next': request.get_full_path()})}")
