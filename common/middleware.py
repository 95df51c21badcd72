from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header on every page.

    The portal's pages load scripts, styles and images from this site only and use no inline
    script or style, so their policy is strict. The Django admin gets its own policy
    (ADMIN_CONTENT_SECURITY_POLICY): scripts from files only, inline style attributes allowed.
    A response that set its own policy (a private file's sandbox) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.admin_policy = settings.ADMIN_CONTENT_SECURITY_POLICY
        self.admin_path = settings.ADMIN_PATH

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.admin_policy if request.path.startswith(self.admin_path) else self.policy
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
