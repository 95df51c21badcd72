"""Who may see and revoke service tokens (organizations.policies): the office of the token's unit and above."""

from organizations.policies import SubtreePolicy, register

from .models import ServiceToken

SERVICE_TOKENS = register(ServiceToken, SubtreePolicy("unit__path"))
