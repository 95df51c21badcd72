from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header on the portal's own pages.

    The portal's pages load scripts, styles and images from this site only and use no inline
    script or style, so the policy can be strict. The Django admin (not ours) is left to its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.exempt = tuple(settings.CONTENT_SECURITY_POLICY_EXEMPT_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith(self.exempt):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
