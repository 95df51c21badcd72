from django.conf import settings
from django.middleware.gzip import GZipMiddleware


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


class TextGZipMiddleware(GZipMiddleware):
    """Compress pages (HTML, JSON, text) for slow links, never files: photos, PDFs and Excel workbooks are
    compressed already, and a private file is handed to the web server as it is.

    Safe with the CSRF token although compression and secrets can leak together (BREACH): Django masks the token
    with a fresh random value in every response, so no two pages carry the same bytes for it; Django's gzip also
    pads each response with a random-length file name ("Heal the Breach"); session cookies travel in headers,
    which this does not compress.
    """

    COMPRESSED_TYPES = ("text/", "application/json", "application/javascript", "application/manifest+json")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
