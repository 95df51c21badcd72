"""Sign-in through the province's (or a future national Đoàn) OpenID Connect provider, beside passwords
(mozilla-django-oidc, code flow with nonce).

An account is matched, never made an office: by the e-mail the provider says it verified (a user of the portal with
that e-mail), else by the member number claim (OIDC_MEMBER_NUMBER_CLAIM) of a member on record — whose login is
made then, like an activation, without any grant. What a person may see still comes from the portal's roles.
Beyond what the library checks (the signature against the provider's keys, the expiry, the nonce), the ID token's
issuer must be the configured one and its audience this portal. Every refusal reads the same: it never tells
whether an account exists."""

import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from organizations.models import Person

from .models import User

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        if enabled():  # the library reads the provider's addresses here; without them, this backend stands aside
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, ValueError) as error:
            logger.warning("OIDC sign-in refused: %s", error)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        if settings.OIDC_RP_CLIENT_ID not in audiences or (
            len(audiences) > 1 and payload.get("azp") != settings.OIDC_RP_CLIENT_ID
        ):
            raise SuspiciousOperation("ID token for another audience")
        return payload

    def verify_claims(self, claims):
        return bool(self._verified_email(claims) or self._member_number(claims))

    @staticmethod
    def _verified_email(claims) -> str:
        return claims.get("email", "").strip() if claims.get("email_verified") is True else ""

    @staticmethod
    def _member_number(claims) -> str:
        return str(claims.get(settings.OIDC_MEMBER_NUMBER_CLAIM) or "").strip()

    def filter_users_by_claims(self, claims):
        email = self._verified_email(claims)
        if email:
            users = User.objects.filter(email__iexact=email, is_active=True)
            if users.count() == 1:
                return users
        number = self._member_number(claims)
        if number:
            return User.objects.filter(person__member_number=number, is_active=True)
        return User.objects.none()

    @transaction.atomic
    def create_user(self, claims):
        """A member on record with no login yet gets one (no grant); anyone else is refused."""
        number = self._member_number(claims)
        person = Person.objects.select_for_update().filter(member_number=number, user__isnull=True).first()
        if not number or person is None:
            raise SuspiciousOperation("No member on record for these claims")
        user = User.objects.create_user(
            username=f"oidc-{number}-{secrets.token_hex(2)}",
            email=self._verified_email(claims),
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        person.user = user
        person.save(update_fields=["user"])
        return user


class SignInWithProvider(OIDCAuthenticationRequestView):
    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


class BackFromProvider(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Signing in with %(provider)s did not succeed. If you have no account on the portal yet, ask your "
                "unit's office for an activation code."
            )
            % {"provider": settings.OIDC_PROVIDER_NAME},
        )
        return redirect("login")
