"""Who sees requests to correct personal data (organizations.policies): the offices over the person's unit, and the
person."""

from organizations.policies import SubtreePolicy, register

from .models import CorrectionRequest

CORRECTION_REQUESTS = register(
    CorrectionRequest, SubtreePolicy("person__home_unit__path", own_user_field="person__user")
)
