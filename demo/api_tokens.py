"""A service token of the Tỉnh đoàn Cà Mau office, as its website would hold one, so that the demo's API can be
tried at once (curl, the /api/v1/docs page). Its value is written here like the demo passwords: a demo only."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from api.models import LOOKUP_LENGTH, TOKEN_PREFIX, ServiceToken, hash_token
from organizations.models import Unit

DEMO_TOKEN = "dtn_demo-trang-tin-tinh-doan-ca-mau"
PURPOSE = "Trang thông tin điện tử Tỉnh đoàn (minh họa)"


def load_api_token_demo() -> str | None:
    """The demo token, made again with a year to run (safe to run again); None without the province."""
    unit = Unit.objects.filter(code="CM").first()
    if unit is None:
        return None
    ServiceToken.objects.update_or_create(
        token_hash=hash_token(DEMO_TOKEN),
        defaults={
            "unit": unit,
            "purpose": PURPOSE,
            "lookup": DEMO_TOKEN[: len(TOKEN_PREFIX) + LOOKUP_LENGTH],
            "created_by": User.objects.filter(username="vanphong.camau").first(),
            "expires_at": timezone.now() + timedelta(days=365),
            "revoked_at": None,
        },
    )
    return DEMO_TOKEN
