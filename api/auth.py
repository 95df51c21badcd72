"""Who is reading the API: a service token (Authorization: Bearer dtn_…) or a signed-in person's session.

A token reads as its unit's office: TokenPrincipal carries one office grant on the token's unit and answers the
questions the policies ask of a user (organizations.scope), so every resource is filtered by the same rules as the
pages. A present but wrong, expired or revoked token is refused outright (never falls back to the session), with one
message for all cases: nothing tells which tokens exist."""

from datetime import timedelta

from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from accounts import second_factor
from organizations.models import RoleKind

from .models import TOKEN_PREFIX, ServiceToken, hash_token

# A token's "last used" is written at most this often: a busy dashboard does not write on every read.
LAST_USE_PRECISION = timedelta(minutes=1)


class TokenPrincipal:
    """A service token in the place of a user: the grants of its unit's office, no rows of its own."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    # Id 0 is no user's: "the rows this user owns" (own_user_field) match nothing.
    pk = id = 0

    def __init__(self, token_id: int, lookup: str, unit_path: str, unit_id=None, purpose="", expires_at=None):
        self.token_id, self.lookup = token_id, lookup
        self.unit_id, self.purpose, self.expires_at = unit_id, purpose, expires_at  # what /api/v1/me tells
        self._scope_grants = [(RoleKind.MANAGER, unit_path)]
        self._scope_person = None

    def __str__(self):
        return f"{self.lookup}…"

    def get_username(self):
        return f"token:{self.lookup}"


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        token = (token or "").strip()
        found = None
        now = timezone.now()
        if token.startswith(TOKEN_PREFIX) and len(token) < 100:
            usable = ServiceToken.objects.usable(now).filter(token_hash=hash_token(token))
            found = usable.values_list(
                "pk", "lookup", "last_used_at", "unit__path", "unit_id", "purpose", "expires_at"
            ).first()
        if found is None:
            raise AuthenticationError()  # api.problems says the one sentence for every case
        pk, lookup, last_used_at, unit_path, unit_id, purpose, expires_at = found
        if last_used_at is None or last_used_at < now - LAST_USE_PRECISION:
            ServiceToken.objects.filter(pk=pk).update(last_used_at=now)
        principal = TokenPrincipal(pk, lookup, unit_path, unit_id, purpose, expires_at)
        request.user = principal  # what the policies and the access log read
        return principal


class SignedIn(SessionAuth):
    """The portal's own session: the API reads as the signed-in person does on the pages."""

    def authenticate(self, request, key):
        user = request.user
        if not (user.is_authenticated and user.is_active) or second_factor.needs_code(request):
            return None  # an office's session that has not given its second step reads nothing
        return user
