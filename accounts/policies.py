"""Who may see activation codes (organizations.policies): the office of the person's home unit."""

from organizations.policies import SubtreePolicy, register

from .models import ActivationCode

ACTIVATION_CODES = register(ActivationCode, SubtreePolicy("person__home_unit__path"))
