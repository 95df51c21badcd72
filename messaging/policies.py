"""Who reads messages to groups (organizations.policies): the offices and secretaries over the unit it went to,
and each person it was sent to."""

from organizations.policies import SubtreePolicy, register

from .models import CohortMessage

COHORT_MESSAGES = register(CohortMessage, SubtreePolicy("unit__path"))
