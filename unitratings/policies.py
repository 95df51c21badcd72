"""Who may see the units' ratings (organizations.policies): the rated unit's subtree (its secretary reads its own
rating), and the office above; deciding is the organising office's (unitratings.services)."""

from organizations.policies import SubtreePolicy, register

from .models import UnitRating, UnitRound

UNIT_RATINGS = register(UnitRating, SubtreePolicy("unit__path"))
UNIT_ROUNDS = register(UnitRound, SubtreePolicy("campaign__organizer__path"))
