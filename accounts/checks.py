from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def second_factor_for_offices(app_configs, **kwargs):
    if settings.SECOND_FACTOR_FOR_OFFICES:
        return []
    return [
        Warning(
            "SECOND_FACTOR_FOR_OFFICES is off: office and administrator accounts sign in with a password alone.",
            hint="Leave it on unless sign-in goes through an identity provider that asks for its own second step.",
            id="accounts.W001",
        )
    ]
