"""Who hears what in the year-end evaluation (notices.channels: in-app, and e-mail or Zalo as each person chose).
Sent after commit.

    self-assessment sent  → the unit's reviewers (its secretaries; the office when the unit has none)
    unit's proposal       → the deciding office
    decided / returned / reopened → the cadre
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from notices.channels import Message, notify
from organizations.models import RoleKind
from organizations.policies import UNITS


def _url(evaluation) -> str:
    return reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def _cadre(evaluation):
    return [evaluation.registration.person.user] if evaluation.registration.person.user_id else []


def _holders(unit, kinds, evaluation):
    return list(UNITS.holders("review", unit, kinds=kinds).exclude(pk=evaluation.registration.person.user_id or 0))


def submitted(evaluation):
    unit = evaluation.registration.unit
    people = _holders(unit, [RoleKind.REVIEWER], evaluation) or _holders(unit, [RoleKind.MANAGER], evaluation)
    notify(
        people,
        Message(
            "evaluation.submitted",
            _("A self-assessment waits for the unit's proposal: %(person)s")
            % {"person": evaluation.registration.person},
            _("%(campaign)s – %(unit)s") % {"campaign": evaluation.round.campaign.title, "unit": unit.name},
            _url(evaluation),
        ),
    )


def proposed(evaluation):
    notify(
        _holders(evaluation.deciding_unit, [RoleKind.MANAGER], evaluation),
        Message(
            "evaluation.proposed",
            _("A proposed rating waits for your decision: %(person)s") % {"person": evaluation.registration.person},
            _("Proposed: %(level)s") % {"level": evaluation.proposed_level},
            reverse("evaluations:calibration", args=[evaluation.round.campaign.slug]),
        ),
    )


def decided(evaluation):
    notify(
        _cadre(evaluation),
        Message(
            "evaluation.decided",
            _("Your year-end rating: %(level)s") % {"level": evaluation.final_level},
            _("Decision %(number)s of %(day)s.")
            % {"number": evaluation.decision_number, "day": f"{evaluation.decision_date:%d/%m/%Y}"},
            _url(evaluation),
        ),
    )


def returned(evaluation):
    notify(
        _cadre(evaluation),
        Message(
            "evaluation.returned",
            _("Your self-assessment was returned for changes"),
            evaluation.return_reason[:300],
            _url(evaluation),
        ),
    )


def reopened(evaluation):
    notify(
        _cadre(evaluation),
        Message(
            "evaluation.reopened",
            _("Your year-end rating was reopened for correction"),
            evaluation.reopen_reason[:300],
            _url(evaluation),
        ),
    )
