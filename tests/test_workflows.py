"""The transition tables (registrations/workflow.py, evaluations/workflow.py): who is offered which step when.

The services enforce the same tables (their own tests take each step); this reads them as a person would.
"""

import pytest

from evaluations import services as evaluation_services
from evaluations import workflow as evaluation_workflow
from registrations import services
from registrations import workflow as registration_workflow
from registrations.models import Status

from .conftest import filled

# status -> role -> the steps offered
REGISTRATION = {
    Status.DRAFT: {"cadre": {"save", "submit"}, "secretary1": set(), "office1": set(), "office2": set()},
    Status.SUBMITTED: {"cadre": set(), "secretary1": {"confirm", "return"}, "office1": {"confirm", "return"},
                       "office2": set()},
    Status.CONFIRMED: {"cadre": set(), "secretary1": set(), "office1": {"approve", "return"}, "office2": set()},
    Status.APPROVED: {"cadre": set(), "secretary1": set(), "office1": set(), "office2": set()},
}  # fmt: skip


def _at(world, campaign, status):
    registration = filled(world, campaign)
    if status == Status.DRAFT:
        return registration
    registration = services.registration_submit(by=world.cadre, registration=registration, expected_version=None)
    if status == Status.SUBMITTED:
        return registration
    registration = services.registration_confirm(by=world.secretary1, registration=registration)
    if status == Status.CONFIRMED:
        return registration
    return services.registration_approve(by=world.office1, registration=registration)


@pytest.mark.parametrize("status", list(REGISTRATION))
def test_registration_steps_offered_by_status_and_role(world, campaign, status):
    registration = _at(world, campaign, status)
    for role, expected in REGISTRATION[status].items():
        assert registration_workflow.available_steps(getattr(world, role), registration) == expected, role


def test_evaluation_steps_follow_the_stage(world, campaign, round_, approved):
    evaluation = evaluation_services.evaluation_start(by=world.cadre, registration=approved)
    offered = evaluation_workflow.available_steps
    assert offered(world.cadre, evaluation) == {"self", "attach", "detach"}
    assert offered(world.secretary1, evaluation) == offered(world.office2, evaluation) == set()
    evaluation.stage = "submitted"
    assert offered(world.cadre, evaluation) == set()
    assert offered(world.secretary1, evaluation) == {"propose", "return"}
    evaluation.stage = "proposed"
    assert offered(world.office1, evaluation) == {"propose", "return", "decide"}  # the office reviews and decides
    assert offered(world.secretary1, evaluation) == {"propose", "return"}
    evaluation.stage = "decided"
    assert offered(world.office1, evaluation) == {"reopen"} and offered(world.secretary1, evaluation) == set()
