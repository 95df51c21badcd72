"""Every URL of the site and of the admin, for every role, with objects inside and outside the role's subtree.

The URL names come from the URL configuration itself: a page added without a row in the tables
below fails `test_every_url_is_in_the_matrix`. Each cell runs in a savepoint that is rolled
back, and a refused POST must leave the database exactly as it was.
"""

from datetime import date, time, timedelta

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import ActivationCode, User
from api import services as api_services
from api.models import ServiceToken
from campaigns.models import (
    Activity,
    BranchCommitment,
    Campaign,
    Closing,
    Criterion,
    Deployment,
    Document,
    EligibilityRule,
)
from checkins.models import ActionUpdate, CheckIn, CheckInWindow
from documents.models import Letterhead
from evaluations.models import Attachment, Commendation, Evaluation, EvaluationRound, RatingScheme, Stage
from feedback.models import FeedbackRound
from feedback.services import round_open
from meetings.models import Meeting
from meetings.services import MeetingData, meeting_call
from messaging.models import CohortMessage
from notices.models import Notification
from organizations.models import AccessKind, AccessRecord, Person, Position, Role, Unit, UnitKind
from privacy.models import CorrectionRequest
from programmes.models import Programme, TemplateCriterion
from registrations.models import Registration, Status
from reports.models import ColumnProfile, ImportJob
from unitratings.models import UnitRating, UnitRound
from unitreports.models import ReportRequest, UnitReport

from .conftest import filled, make_cadre

pytestmark = pytest.mark.starts_first  # one test walks every page for every role: about 40 s

ROLES = ["anonymous", "cadre", "branch_secretary", "secretary1", "office1", "office2", "superuser"]
# office1 manages D1 (the "in" objects); office2 manages D2 (the "out" objects).
ANON, LOGIN = 302, 302


def row(*pairs):
    """Expected (in, out) status per role, in ROLES order."""
    assert len(pairs) == len(ROLES)
    return dict(zip(ROLES, pairs, strict=False))


SCOPED_VIEW = row((LOGIN, LOGIN), (404, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200))
PERSON_VIEW = row((LOGIN, LOGIN), (200, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200))
GRANT_PAGE = row((LOGIN, LOGIN), (403, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200))
REPORT = row((LOGIN, LOGIN), (404, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200))
UNIT_FORM = row((LOGIN, LOGIN), (404, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200))
CAMPAIGN_VIEW = row((LOGIN, LOGIN), (200, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200))
LOGGED_IN = row(*[(LOGIN, LOGIN)] + [(200, 200)] * 6)
PUBLIC = row(*[(200, 200)] * 7)
REDIRECT = row(*[(301, 301)] * 7)
MANAGERS = row((LOGIN, LOGIN), (403, 403), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200))
POST_ONLY = row(*[(LOGIN, LOGIN)] + [(405, 405)] * 6)
MANAGE_POST = row((LOGIN, LOGIN), (404, 404), (404, 404), (404, 404), (200, 404), (404, 200), (200, 200))
EVALUATION_LIST = REPORT
START_POST = row((LOGIN, LOGIN), (302, 404), *[(404, 404)] * 5)
# An empty proposal: the unit's reviewers get the form back (400), everyone else does not reach the step.
PROPOSE_POST = row((LOGIN, LOGIN), (404, 404), (400, 404), (400, 404), (400, 404), (404, 400), (400, 400))
CALIBRATION = row((LOGIN, LOGIN), (404, 404), (404, 404), (404, 404), (200, 404), (404, 200), (200, 200))
CALIBRATION_POST = row((LOGIN, LOGIN), (404, 404), (404, 404), (404, 404), (400, 404), (404, 400), (400, 400))
PUBLISHED_ONLY = row(*[(200, 404)] * 7)  # "in": a published story; "out": one without consent
REVIEW_POST = row((LOGIN, LOGIN), (404, 404), (302, 404), (302, 404), (302, 404), (404, 302), (302, 302))
# The original of a story photo stays with the issuing office (the public sees only published variants).
OFFICE_ONLY = row((LOGIN, LOGIN), (404, 404), (404, 404), (404, 404), (200, 404), (404, 200), (200, 200))
# A grassroots unit's file (a deployment's photo): not for the secretary of one branch below it.
GRASSROOTS_VIEW = row((LOGIN, LOGIN), (404, 404), (404, 404), (200, 404), (200, 404), (404, 200), (200, 200))
# A check-in: the cadre with a sheet in the campaign gets the form (here: "not approved yet"; an empty POST is
# the form again); anyone else who sees the campaign has no commitments to report (403).
CHECKIN_FORM = row((LOGIN, LOGIN), (200, 404), (403, 404), (403, 404), (403, 404), (404, 403), (403, 403))
# Closing a campaign: the office that runs it gets the form again for an empty POST (200); the unit's
# secretaries read the figures but may not close (403).
CLOSE_POST = row((LOGIN, LOGIN), (404, 404), (403, 404), (403, 404), (200, 404), (404, 200), (200, 200))
# A notification opens only for its own user ("in": the cadre's, "out": office2's), who is sent where it points.
OWN_NOTIFICATION = row((LOGIN, LOGIN), (302, 404), (404, 404), (404, 404), (404, 404), (404, 302), (404, 404))
SIGNED_IN_POST = row(*[(LOGIN, LOGIN)] + [(302, 302)] * 6)
# "in": the plan of campaigns both districts see; "out": a document of District Two used by no campaign.
DOCUMENT_FILE = row((LOGIN, LOGIN), (200, 404), (200, 404), (200, 404), (200, 404), (200, 200), (200, 200))

# An export button: whoever reads the campaign's report starts a job and is sent to its page.
EXPORT_POST = REVIEW_POST
# An export job, its progress and its file belong to the person who asked ("in": office1's, "out": office2's);
# not even the administrator opens another person's file.
OWN_EXPORT = row((LOGIN, LOGIN), (404, 404), (404, 404), (404, 404), (200, 404), (404, 200), (404, 404))

# The API (/api/v1/): the pages' rules, but a client not signed in is told so (401) instead of sent to the login.
NO_AUTH = 401
API_SCOPED = row((NO_AUTH, NO_AUTH), *list(SCOPED_VIEW.values())[1:])
API_PERSON = row((NO_AUTH, NO_AUTH), *list(PERSON_VIEW.values())[1:])
API_CAMPAIGN = row((NO_AUTH, NO_AUTH), *list(CAMPAIGN_VIEW.values())[1:])
API_REPORT = row((NO_AUTH, NO_AUTH), *list(REPORT.values())[1:])
API_SIGNED_IN = row((NO_AUTH, NO_AUTH), *[(200, 200)] * 6)
API_NOTHING = row(*[(404, 404)] * 7)
API_READ_ONLY = row(*[(405, 405)] * 7)

# A page of every grant holder (no object of its own): the cadre without a grant is refused.
GRANT_PAGE_ALL = row((LOGIN, LOGIN), (403, 403), *[(200, 200)] * 5)

# name -> (how to build the URL for "in" and "out", expected GET, expected POST or None)
SITE = {
    "home": ("plain", LOGGED_IN, None),
    "healthz": ("plain", PUBLIC, None),
    "login_default_address": ("plain", REDIRECT, None),
    "service_worker": ("plain", PUBLIC, None),
    "offline": ("plain", PUBLIC, None),
    "login": ("plain", row((200, 200), *[(302, 302)] * 6), None),
    "logout": ("plain", row(*[(405, 405)] * 7), None),
    "password_change": ("plain", LOGGED_IN, None),
    "password_change_done": ("plain", LOGGED_IN, None),
    "password_reset": ("plain", PUBLIC, None),
    "password_reset_done": ("plain", PUBLIC, None),
    "password_reset_confirm": ("reset", PUBLIC, None),
    "password_reset_complete": ("plain", PUBLIC, None),
    "activate": ("plain", PUBLIC, None),
    # Sign-in through an identity provider: no provider is configured here (test_oidc.py starts one).
    "oidc_authentication_init": ("plain", row(*[(404, 404)] * 7), None),
    "oidc_authentication_callback": ("plain", row(*[(404, 404)] * 7), None),
    # The second step (none is owed here: the matrix's offices skip it; test_second_factor.py walks it): the step's
    # pages send a signed-in person on, the security page is everyone's own.
    "second_factor_verify": ("plain", row((LOGIN, LOGIN), *[(302, 302)] * 6), None),
    "second_factor_setup": ("plain", LOGGED_IN, None),
    "security": ("plain", LOGGED_IN, None),
    # One's own data (the addresses name no one): the files for the accounts linked to a member's record.
    "my_data": ("plain", LOGGED_IN, None),
    "my_data_json": ("plain", row((LOGIN, LOGIN), (200, 200), (200, 200), (200, 200), *[(404, 404)] * 3), None),
    "my_data_xlsx": ("plain", row((LOGIN, LOGIN), (200, 200), (200, 200), (200, 200), *[(404, 404)] * 3), None),
    "recovery_codes_renew": ("plain", POST_ONLY, row((LOGIN, LOGIN), *[(403, 403)] * 6)),
    "second_factor_off": ("plain", POST_ONLY, row((LOGIN, LOGIN), *[(403, 403)] * 6)),
    "unit_list": ("plain", LOGGED_IN, None),
    "notification_list": ("plain", LOGGED_IN, None),
    "notification_open": ("notification", OWN_NOTIFICATION, None),
    "notification_read_all": ("plain", POST_ONLY, SIGNED_IN_POST),
    "preferences": ("plain", LOGGED_IN, SIGNED_IN_POST),
    # A phone's Web Push subscription, one's own (JSON): an empty form is refused (400) and changes nothing.
    # Messages to groups: offices and secretaries write to their subtree ("in": one office1 sent to Chi đoàn ấp 1,
    # "out": office2's); its people read it too (the cadre of ấp 1), no one else.
    "message_list": ("plain", GRANT_PAGE_ALL, None),
    "message_compose": ("plain", GRANT_PAGE_ALL, row((LOGIN, LOGIN), (403, 403), *[(400, 400)] * 5)),
    "message_detail": ("cohort_message", PERSON_VIEW, None),
    # Movements: everyone under the owner reads one ("in": Huyện đoàn Một's, "out": Huyện đoàn Hai's); an empty
    # start of a campaign from it is the form again for the offices (400), refused for the others.
    "programme_list": ("plain", LOGGED_IN, None),
    "programme_detail": (
        "programme",
        PERSON_VIEW,
        row((LOGIN, LOGIN), (403, 404), (403, 404), (403, 404), (400, 404), (404, 400), (400, 400)),
    ),
    # Meetings: called by those who review units; a meeting opens for them and for its invitees ("in": Chi đoàn
    # ấp 1's, to which the cadre and the branch's deputy secretary are invited), whose empty reply is the form
    # again (400); a reviewer who was not invited has nothing to reply (403).
    "meeting_list": ("campaign", GRANT_PAGE, None),
    "meeting_new": (
        "campaign",
        GRANT_PAGE,
        row((LOGIN, LOGIN), (403, 404), (400, 404), (400, 404), (400, 404), (404, 400), (400, 400)),
    ),
    "meeting_detail": (
        "meeting",
        PERSON_VIEW,
        row((LOGIN, LOGIN), (400, 404), (400, 404), (403, 404), (403, 404), (404, 403), (403, 403)),
    ),
    "meeting_roster": (
        "meeting",
        UNIT_FORM,
        row((LOGIN, LOGIN), (404, 404), (400, 404), (400, 404), (400, 404), (404, 400), (400, 400)),
    ),
    # Comments on cadres: a round opens for its unit's members and committee ("in": Chi đoàn ấp 1's, on the
    # cadre's sheet); an empty comment or opinion is the form again (400); the cadre has nothing to post on their
    # own sheet (403).
    "round_list": (
        "campaign",
        CAMPAIGN_VIEW,
        row((LOGIN, LOGIN), (403, 404), (400, 404), (400, 404), (400, 404), (404, 400), (400, 400)),
    ),
    "round_detail": ("feedback_round", PERSON_VIEW, None),
    "cadre_feedback": (
        "feedback_sheet",
        PERSON_VIEW,
        row((LOGIN, LOGIN), (403, 404), (400, 404), (400, 404), (400, 404), (404, 400), (400, 400)),
    ),
    "push_subscribe": ("plain", POST_ONLY, row((LOGIN, LOGIN), *[(400, 400)] * 6)),
    "push_unsubscribe": ("plain", POST_ONLY, row((LOGIN, LOGIN), *[(400, 400)] * 6)),
    "unit_detail": ("unit", SCOPED_VIEW, None),
    "unit_people": ("unit", SCOPED_VIEW, None),
    "unit_activation_codes": ("unit", POST_ONLY, MANAGE_POST),
    "person_detail": ("person", PERSON_VIEW, None),
    "person_activation_code": ("person_without_account", POST_ONLY, MANAGE_POST),
    "campaign_list": ("plain", LOGGED_IN, None),
    "campaign_detail": ("campaign", CAMPAIGN_VIEW, None),
    "register": (
        "campaign",
        row((LOGIN, LOGIN), (302, 404), (200, 404), (200, 404), (200, 404), (404, 200), (200, 200)),
        None,
    ),
    "review_queue": ("campaign", GRANT_PAGE, None),
    "not_registered": ("campaign", GRANT_PAGE, None),
    "deployment_list": ("campaign", GRANT_PAGE, None),
    "deployment_report": ("campaign_unit", UNIT_FORM, None),
    "commitment_record": ("campaign_unit", UNIT_FORM, None),
    "activity_list": ("campaign", GRANT_PAGE, None),
    # An empty POST: the unit's reviewers get the form again with what is missing (200), nothing is recorded.
    "activity_record": ("campaign_unit", UNIT_FORM, UNIT_FORM),
    "activity_detail": ("campaign_activity", SCOPED_VIEW, None),
    # Publishing an activity: its unit's reviewers (an empty summary is the form again); the public pages, feeds
    # and embeddable list show only what was published ("in": a published activity; "out": one that is not).
    "activity_publication": (
        "campaign_activity",
        UNIT_FORM,
        row((LOGIN, LOGIN), (404, 404), (400, 404), (400, 404), (400, 404), (404, 400), (400, 400)),
    ),
    "public_activities": ("plain", PUBLIC, None),
    "public_activity": ("published_activity", PUBLISHED_ONLY, None),
    "activities_rss": ("plain", PUBLIC, None),
    "activities_atom": ("plain", PUBLIC, None),
    "embedded_activities": ("plain", PUBLIC, None),
    "dashboard": ("campaign", REPORT, None),
    "window_list": ("campaign", CAMPAIGN_VIEW, None),
    "checkin_report": ("campaign_window", CHECKIN_FORM, CHECKIN_FORM),
    "not_reported": ("campaign_window", GRANT_PAGE, None),
    # "Nhắc": reviewers of the campaign's units remind (and land back on the list); a cadre has no list (403).
    "remind_not_reported": (
        "campaign_window",
        POST_ONLY,
        row((LOGIN, LOGIN), (403, 404), (302, 404), (302, 404), (302, 404), (404, 302), (302, 302)),
    ),
    "export": ("campaign_report", REPORT, EXPORT_POST),
    "export_job": ("export_job", OWN_EXPORT, None),
    "export_status": ("export_job", OWN_EXPORT, None),
    "closing": ("campaign", REPORT, CLOSE_POST),
    # The units' ratings: the organising office decides (an empty POST: the page again, saying what is missing);
    # the secretaries read their units' rows.
    "unit_ratings": ("campaign", REPORT, CLOSE_POST),
    "import_upload": ("plain", MANAGERS, None),
    "import_confirm": (
        "token",
        row((LOGIN, LOGIN), (403, 403), (403, 403), (403, 403), (302, 302), (302, 302), (302, 302)),
        None,
    ),
    "import_template": ("template", MANAGERS, None),
    # An upload's check and preview: the office that uploaded it ("in": office1's, "out": office2's); other roles
    # may not import at all (403).
    "import_job": (
        "import_job",
        row((LOGIN, LOGIN), (403, 403), (403, 403), (403, 403), (200, 404), (404, 200), (404, 404)),
        None,
    ),
    # Pairing an upload's columns: the office that uploaded it, sent back to its page (the job is not waiting).
    "import_match": (
        "import_job",
        row((LOGIN, LOGIN), (403, 403), (403, 403), (403, 403), (302, 404), (404, 302), (404, 404)),
        row((LOGIN, LOGIN), (403, 403), (403, 403), (403, 403), (302, 404), (404, 302), (404, 404)),
    ),
    "my_registrations": ("plain", LOGGED_IN, None),
    "registration_detail": ("registration", PERSON_VIEW, None),
    "registration_print": ("registration", PERSON_VIEW, None),
    "registration_review": ("registration_confirm", POST_ONLY, REVIEW_POST),
    "evaluation_start": ("evaluated_registration", POST_ONLY, START_POST),
    "evaluation_detail": ("evaluation", PERSON_VIEW, None),
    "evaluation_print": ("evaluation", PERSON_VIEW, None),
    "evaluation_attachment": ("attachment", PERSON_VIEW, None),
    "evaluation_action": ("evaluation_propose", POST_ONLY, PROPOSE_POST),
    "evaluation_list": ("evaluated_campaign", EVALUATION_LIST, None),
    "calibration": ("evaluated_campaign", CALIBRATION, CALIBRATION_POST),
    "story_list": ("plain", PUBLIC, None),
    # Documents in Word: the plan to whoever sees the campaign, a sheet to whoever sees it, a unit's blank sheet to
    # its reviewers, a certificate to the issuing office.
    "plan": ("campaign", CAMPAIGN_VIEW, None),
    "registration_sheet": ("registration", PERSON_VIEW, None),
    "blank_sheet": ("campaign_unit", UNIT_FORM, None),
    "certificate": ("story", OFFICE_ONLY, None),
    "evaluation_sheet": ("evaluation", PERSON_VIEW, None),
    "closing_report": ("campaign", REPORT, None),
    "commendation_decision": ("decision", OFFICE_ONLY, None),
    "rating_decision": ("rating_decision", OFFICE_ONLY, None),
    "unit_report": ("unit_report", GRASSROOTS_VIEW, None),
    # Units' reports: the campaign's offices and reviewers list them (the organiser's office asks: an empty POST is
    # the form again); a request's table is the organiser's; a unit's report, its reviewers' and the office's.
    "request_list": ("campaign", REPORT, CLOSE_POST),
    "request_detail": ("report_request", CALIBRATION, None),
    "report_detail": ("unit_report", GRASSROOTS_VIEW, GRASSROOTS_VIEW),
    "story_detail": ("story", PUBLISHED_ONLY, None),
    # Private uploaded files, one line per kind ("name:kind"): the same scope as the page showing them.
    "private_file:person": ("private:person:photo", PERSON_VIEW, None),
    "private_file:evidence": ("private:attachment:file", PERSON_VIEW, None),
    "private_file:commitment": ("private:commitment:photo", SCOPED_VIEW, None),
    "private_file:deployment": ("private:deployment_photo:image", GRASSROOTS_VIEW, None),
    "private_file:story_original": ("private:story:photo", OFFICE_ONLY, None),
    "private_file:document": ("private:document:file", DOCUMENT_FILE, None),
    "private_file:checkin": ("private:action_update:photo", PERSON_VIEW, None),
    "private_file:activity": ("private:activity_photo:image", SCOPED_VIEW, None),
    "private_file:export": ("private:export_job:file", OWN_EXPORT, None),
    # The API: lists narrowed to a unit ("?unit=", "?parent=") refuse a unit out of scope like its page does.
    "api_me": ("plain", API_SIGNED_IN, None),
    "api_units": ("api:parent:unit", API_SCOPED, API_READ_ONLY),
    "api_unit": ("unit", API_SCOPED, None),
    "api_campaigns": ("plain", API_SIGNED_IN, None),
    "api_campaign": ("campaign:pk", API_CAMPAIGN, None),
    "api_coverage": ("campaign:pk", API_REPORT, None),
    "api_checkins": ("campaign:pk", API_CAMPAIGN, None),
    "api_registrations": ("api:unit:unit", API_SCOPED, API_READ_ONLY),
    "api_registration": ("registration", API_PERSON, None),
    "api_evaluations": ("api:unit:unit", API_SCOPED, None),
    "api_evaluation": ("evaluation", API_PERSON, None),
    "api_unit_ratings": ("api:unit:unit", API_SCOPED, None),
    "api_stories": ("plain", PUBLIC, None),
    "api_story": ("story", PUBLISHED_ONLY, None),
    "api_index": ("plain", PUBLIC, None),
    "api-root": ("plain", PUBLIC, None),
    "openapi-json": ("plain", PUBLIC, None),
    "openapi-view": ("plain", PUBLIC, None),
    "api_unknown": ("api_unknown", API_NOTHING, API_NOTHING),
}
# The cadre registered in the "in" campaign already: the form sends them to their sheet (302).

ADMIN_MODELS = {  # model -> attribute names of the "in" and "out" objects
    Unit: "unit",
    Person: "person",
    Position: "position",
    Registration: "registration",
    Campaign: "campaign",
    Document: "document",
    Deployment: "deployment",
    BranchCommitment: "commitment",
    Role: "role",
    ActivationCode: "code",
    Evaluation: "evaluation",
    EvaluationRound: "round",
    Commendation: "story",
    CheckInWindow: "checkin_window",
    CheckIn: "checkin",
    Closing: "closing",
    Activity: "activity",
    UnitRound: "unit_round",
    UnitRating: "unit_rating",
    ColumnProfile: "column_profile",
    Letterhead: "letterhead",
    ReportRequest: "report_request",
    UnitReport: "unit_report",
    ServiceToken: "service_token",
    AccessRecord: "access_record",
    CorrectionRequest: "correction_request",
    CohortMessage: "cohort_message",
    Programme: "programme",
    Meeting: "meeting",
    FeedbackRound: "feedback_round",
}
STAFF_ONLY = [(LOGIN, LOGIN)] * 4  # anonymous and the three roles without staff access: the admin's login


def _superuser_admins():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_tasks_db.models import DBTaskResult

    from accounts.models import User
    from notices.models import Delivery
    from reports.models import ExportJob

    return [User, Group, AccessAttempt, AccessFailureLog, AccessLog, RatingScheme, Delivery, ExportJob, DBTaskResult]


# Accounts, groups and the login-throttling logs are the administrator's: offices get 403.
SUPERUSER_ADMINS = _superuser_admins()


def admin_expected(model, page):
    office_in, office_out = 200, 404
    no_add = model in (
        Registration,
        ActivationCode,
        Evaluation,
        CheckIn,
        Closing,
        Activity,
        UnitRating,
        ReportRequest,
        UnitReport,
        AccessRecord,
        CorrectionRequest,
        CohortMessage,
        Meeting,
        FeedbackRound,
    )
    superuser_deletes_only = model in (
        Unit,
        Position,
        Registration,
        Campaign,
        Deployment,
        BranchCommitment,
        ActivationCode,
        Document,
        Evaluation,
        EvaluationRound,
        Commendation,
        CheckInWindow,
        CheckIn,
        Closing,
        Activity,
        UnitRound,
        UnitRating,
        ReportRequest,
        UnitReport,
        ServiceToken,
        AccessRecord,
        CohortMessage,
        CorrectionRequest,
        Programme,
        Meeting,
        FeedbackRound,
    )
    if page in ("changelist",):
        return row(*STAFF_ONLY, (200, 200), (200, 200), (200, 200))
    if page == "add":
        status = 403 if no_add else 200
        return row(*STAFF_ONLY, (status, status), (status, status), (status, status))
    if page == "delete" and superuser_deletes_only:
        return row(*STAFF_ONLY, (403, 404), (404, 403), (200, 200))
    return row(*STAFF_ONLY, (office_in, office_out), (office_out, office_in), (200, 200))


@pytest.fixture
def objects(world, campaign, settings, tmp_path):
    """Objects inside office1's district ("in") and inside office2's ("out")."""
    settings.MEDIA_ROOT = tmp_path  # the evidence files
    other = Campaign.objects.create(
        slug="phong-cach-hai",
        title="Phong cách huyện Hai",
        plan=campaign.plan,
        organizer=world.D2,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        registration_opens=campaign.registration_opens,
        registration_closes=campaign.registration_closes,
        min_criteria=1,
        max_criteria=3,
    )
    Criterion.objects.create(campaign=other, order=1, title="Gương mẫu")
    EligibilityRule.objects.create(campaign=other, unit_kind=UnitKind.BRANCH)
    from registrations import services

    mine = services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    theirs = Registration.objects.create(
        campaign=other, person=world.b3_person, unit=world.B3, status=Status.SUBMITTED, overall_commitment="x"
    )
    doc_out = Document.objects.create(
        number="02-KH/HĐTN",
        kind="KH",
        issuer="BCH Huyện đoàn Hai",
        issuing_unit=world.D2,
        issued_on=date(2024, 1, 1),
        title="Kế hoạch",
    )
    evaluated = _evaluations(world, campaign, other)
    objects = {
        **evaluated,
        "unit": (world.B1, world.B3),
        "person": (world.cadre_person, world.b3_person),
        "person_without_account": (world.b2_person, world.b3_person),
        "position": (Position.objects.get(person=world.cadre_person), Position.objects.get(person=world.b3_person)),
        "registration": (mine, theirs),
        "registration_confirm": (mine, theirs),
        "campaign": (campaign, other),
        "document": (campaign.plan, doc_out),
        "deployment": (
            Deployment.objects.create(campaign=campaign, unit=world.G1, deployed_on=date(2024, 2, 1)),
            Deployment.objects.create(campaign=other, unit=world.G3, deployed_on=date(2024, 2, 1)),
        ),
        "commitment": (
            BranchCommitment.objects.create(
                campaign=campaign, unit=world.B1, signed_on=date(2024, 2, 1), text="Cam kết", signers=2
            ),
            BranchCommitment.objects.create(
                campaign=other, unit=world.B3, signed_on=date(2024, 2, 1), text="Cam kết", signers=1
            ),
        ),
        "role": (Role.objects.get(user=world.office1), Role.objects.get(user=world.office2)),
        "code": (
            ActivationCode.objects.create(
                person=world.b2_person, code_hash="a" * 64, expires_at="2099-01-01T00:00:00Z"
            ),
            ActivationCode.objects.create(
                person=world.b3_person, code_hash="b" * 64, expires_at="2099-01-01T00:00:00Z"
            ),
        ),
        "campaign_unit": ((campaign, world.B1), (other, world.B3)),
        **_checkins(campaign, other, mine, theirs),
        "closing": tuple(_closed(source) for source in (campaign, other)),
        **_activities(campaign, other, world),
        **_unit_ratings(campaign, other, world),
        "export_job": _export_jobs(campaign, other, world),
        "column_profile": tuple(
            ColumnProfile.objects.create(name="Mẫu", kind="results", unit=unit, mapping=[["Họ tên", "full_name"]])
            for unit in (world.D1, world.D2)
        ),
        **_unit_reports(campaign, other, world),
        "letterhead": tuple(
            Letterhead.objects.create(unit=unit, body=f"BCH {unit.name.upper()}", issuer_code="HĐTN", place="Một")
            for unit in (world.D1, world.D2)
        ),
        "import_job": tuple(
            ImportJob.objects.create(requested_by=user, kind="people", size=1, status="rejected")
            for user in (world.office1, world.office2)
        ),
        "service_token": tuple(
            api_services.token_issue(
                by=office, unit=unit, purpose="Trang tin", expires_on=date.today() + timedelta(days=30)
            ).token
            for office, unit in ((world.office1, world.D1), (world.office2, world.D2))
        ),
        "access_record": tuple(
            _access(user, person)
            for user, person in ((world.office1, world.cadre_person), (world.office2, world.b3_person))
        ),
        "cohort_message": tuple(
            _cohort_message(office, unit) for office, unit in ((world.office1, world.B1), (world.office2, world.B3))
        ),
        "programme": tuple(_programme(unit) for unit in (world.D1, world.D2)),
        "meeting": (_meeting(world.office1, campaign, world.B1), _meeting(world.office2, other, world.B3)),
        "feedback_round": (
            _feedback_round(world.office1, campaign, world.B1),
            _feedback_round(world.office2, other, world.B3),
        ),
        "correction_request": tuple(
            CorrectionRequest.objects.create(person=person, text="Sửa ngày sinh")
            for person in (world.cadre_person, world.b3_person)
        ),
        "notification": tuple(
            Notification.objects.create(user=user, event="test", title="Thông báo", url="/")
            for user in (world.cadre, world.office2)
        ),
    }
    objects["feedback_sheet"] = tuple(zip(objects["feedback_round"], (mine, theirs), strict=True))
    _store_private_files(objects)
    return objects


def _cohort_message(sender, unit):
    message = CohortMessage.objects.create(sender=sender, unit=unit, cohort="members", title="Họp", body="Mời họp")
    message.recipients.add(*Person.objects.filter(home_unit=unit))
    return message


def _programme(owner):
    programme = Programme.objects.create(
        slug=f"phong-trao-{owner.pk}",
        kind="drive",
        title="Phong trào 3 trách nhiệm",
        owner=owner,
        starts_on=date(2020, 1, 1),
        ends_on=date(2099, 12, 31),
    )
    TemplateCriterion.objects.create(programme=programme, order=1, title="Bản lĩnh vững vàng")
    return programme


def _feedback_round(office, campaign, unit):
    return round_open(by=office, campaign=campaign, unit=unit, closes_on=timezone.localdate() + timedelta(days=3))


def _meeting(office, campaign, unit):
    data = MeetingData(
        kind="meeting", title="Sinh hoạt chi đoàn", day=timezone.localdate(), starts_at=time(19), place="Nhà văn hóa"
    )
    return meeting_call(by=office, campaign=campaign, unit=unit, data=data)


def _access(user, person):
    record = AccessRecord.objects.create(user=user, kind=AccessKind.VIEW, where="/ca-nhan/", count=1)
    record.people.add(person)
    return record


def _checkins(campaign, other, mine, theirs):
    """A check-in window open today in each district's campaign, and a report in it (with its photo)."""
    from django.utils import timezone

    from registrations.models import RegistrationCriterion

    today = timezone.localdate()
    pairs = {"checkin_window": [], "checkin": [], "action_update": []}
    for source, registration in ((campaign, mine), (other, theirs)):
        window = CheckInWindow.objects.create(
            campaign=source, title="Sơ kết", opens_on=max(source.starts_on, today - timedelta(days=3)), closes_on=today
        )
        choice = registration.choices.first() or RegistrationCriterion.objects.create(
            registration=registration, criterion=source.criteria.first(), shortcomings="x", actions="y"
        )
        checkin = CheckIn.objects.create(window=window, registration=registration, reported_at=timezone.now())
        pairs["checkin_window"].append(window)
        pairs["checkin"].append(checkin)
        pairs["action_update"].append(ActionUpdate(checkin=checkin, choice=choice, status="doing"))
    pairs = {key: tuple(value) for key, value in pairs.items()}
    pairs["campaign_window"] = ((campaign, pairs["checkin_window"][0]), (other, pairs["checkin_window"][1]))
    return pairs


def _activities(campaign, other, world):
    """A branch meeting in each district's branch, with its photo."""
    from campaigns.models import ActivityPhoto

    meetings = tuple(
        Activity.objects.create(campaign=source, unit=unit, kind="meeting", held_on=date(2024, 2, 1), attendance=2)
        for source, unit in ((campaign, world.B1), (other, world.B3))
    )
    published, unpublished = (
        Activity.objects.create(campaign=source, unit=unit, kind="dialogue", held_on=date(2024, 3, 1), attendance=2)
        for source, unit in ((campaign, world.B1), (other, world.B3))
    )
    Activity.objects.filter(pk=published.pk).update(published_at=timezone.now(), public_summary="Đối thoại")
    return {
        "activity": meetings,
        "published_activity": (published, unpublished),
        "campaign_activity": ((campaign, meetings[0]), (other, meetings[1])),
        "activity_photo": tuple(ActivityPhoto(activity=meeting) for meeting in meetings),
    }


def _unit_ratings(campaign, other, world):
    """Each district's campaign rates its grassroots units; one rating decided in each."""
    from evaluations.models import RatingScheme
    from evaluations.schemes import UNITS_NAME, ensure_default_schemes

    ensure_default_schemes()
    scheme = RatingScheme.objects.get(name=UNITS_NAME)
    today = date.today()
    rounds, ratings = [], []
    for source, unit in ((campaign, world.G1), (other, world.G3)):
        round_ = UnitRound.objects.create(
            campaign=source, scheme=scheme, opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=30)
        )
        rounds.append(round_)
        ratings.append(
            UnitRating.objects.create(
                round=round_,
                unit=unit,
                suggested_points=50,
                points=60,
                level=scheme.levels.get(rank=3),
                decision_number="1-QĐ",
                decision_date=today,
            )
        )
    return {"unit_round": tuple(rounds), "unit_rating": tuple(ratings)}


def _unit_reports(campaign, other, world):
    from datetime import date, timedelta

    from unitreports import services as report_services

    asked = [
        report_services.request_reports(
            by=office, campaign=which, kind="so_ket", title="Sơ kết 6 tháng", due_on=date.today() + timedelta(days=9)
        )
        for office, which in ((world.office1, campaign), (world.office2, other))
    ]
    decisions = []
    for office_unit, which in ((world.D1, campaign), (world.D2, other)):
        Commendation.objects.create(
            decision_number=f"9-QĐ/{office_unit.code}",
            decision_date=date.today(),
            issuing_unit=office_unit,
            person=world.cadre_person,
            campaign=which,
            form="giay_khen",
            reason="Hoàn thành xuất sắc nhiệm vụ",
        )
        decisions.append((which, office_unit, f"9-QĐ/{office_unit.code}"))
    return {
        "report_request": tuple(asked),
        "unit_report": tuple(request.reports.order_by("unit__path").first() for request in asked),
        "decision": tuple(decisions),
    }


def _export_jobs(campaign, other, world):
    """A finished export of each district's campaign, by its office, with its file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.utils import timezone

    from reports.models import ExportJob, JobStatus

    jobs = []
    for source, user, unit in ((campaign, world.office1, world.D1), (other, world.office2, world.D2)):
        job = ExportJob.objects.create(
            requested_by=user,
            campaign=source,
            report="coverage",
            root=unit,
            on=source.starts_on,
            status=JobStatus.DONE,
            filename="coverage.xlsx",
            expires_at=timezone.now() + timedelta(hours=1),
        )
        job.file = storages["default"].save(f"exports/{job.pk}/coverage.xlsx", ContentFile(b"PK\x03\x04"))
        job.save(update_fields=["file"])
        jobs.append(job)
    return tuple(jobs)


def _closed(source):
    """A closed campaign of the same district (the matrix's own campaigns stay open)."""
    closed = Campaign.objects.create(
        slug=f"{source.slug}-da-tong-ket",
        title=f"{source.title} (đã tổng kết)",
        plan=source.plan,
        organizer=source.organizer,
        starts_on=source.starts_on,
        ends_on=source.ends_on,
        registration_opens=source.registration_opens,
        registration_closes=source.registration_closes,
    )
    return Closing.objects.create(campaign=closed, closed_on=source.starts_on, narrative="Tổng kết", figures={})


def _store_private_files(objects):
    """A real stored file behind every private file field of the "in" and "out" objects."""
    from django.core.files.base import ContentFile

    from campaigns.models import DeploymentPhoto

    objects["deployment_photo"] = tuple(DeploymentPhoto(deployment=deployment) for deployment in objects["deployment"])
    for key, field, content in (
        ("person", "photo", b"\xff\xd8jpeg"),
        ("commitment", "photo", b"\xff\xd8jpeg"),
        ("deployment_photo", "image", b"\xff\xd8jpeg"),
        ("story", "photo", b"\xff\xd8jpeg"),
        ("document", "file", b"%PDF-1.4"),
        ("action_update", "photo", b"\xff\xd8jpeg"),
        ("activity_photo", "image", b"\xff\xd8jpeg"),
    ):
        for obj in objects[key]:
            extension = "pdf" if content.startswith(b"%PDF") else "jpg"
            getattr(obj, field).save(f"tep.{extension}", ContentFile(content), save=True)


def _evaluations(world, campaign, other):
    """Last year's campaign of each district with its year-end round open, an evaluation waiting for the
    unit's proposal (the cadre's own in District One), an evidence file, and a story."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from evaluations.schemes import ensure_default_schemes

    ensure_default_schemes()  # a flushed database (after a browser test) has lost the migration's rows
    today = timezone.localdate()
    scheme = RatingScheme.objects.get(name="Bốn mức (2023–2027)")
    pairs = {}
    for key, source, person, unit, district in (
        ("in", campaign, world.cadre_person, world.B1, world.D1),
        ("out", other, world.b3_person, world.B3, world.D2),
    ):
        past = Campaign.objects.create(
            slug=f"{source.slug}-nam-truoc",
            title=f"{source.title} năm trước",
            plan=campaign.plan,
            organizer=district,
            starts_on=source.starts_on,
            ends_on=source.ends_on,
            registration_opens=source.registration_opens,
            registration_closes=source.registration_closes,
        )
        round_ = EvaluationRound.objects.create(
            campaign=past, scheme=scheme, opens_on=today - timedelta(days=5), closes_on=today + timedelta(days=20)
        )
        registration = Registration.objects.create(
            campaign=past, person=person, unit=unit, status=Status.APPROVED, overall_commitment="x"
        )
        evaluation = Evaluation.objects.create(
            registration=registration, round=round_, deciding_unit=district, stage=Stage.SUBMITTED, self_summary="x"
        )
        # Another cadre's evaluation, decided by the district's decision 2-QĐ (its document: the decision on ratings).
        decided = Registration.objects.create(
            campaign=past, person=make_cadre(unit, f"Trần Văn Quyết {key}"), unit=unit, status=Status.APPROVED
        )
        Evaluation.objects.create(
            registration=decided,
            round=round_,
            deciding_unit=district,
            stage=Stage.DECIDED,
            final_level=scheme.levels.get(rank=1),
            decision_number="2-QĐ",
            decision_date=today,
        )
        attachment = Attachment(evaluation=evaluation)
        attachment.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.4 minh chung"), save=True)
        story = Commendation.objects.create(
            decision_number="1-QĐ",
            decision_date=today,
            issuing_unit=district,
            person=person,
            form="giay_khen",
            reason="x",
            headline="Gương sáng",
            story="x",
            consent_given=key == "in",
            is_published=key == "in",
            photo="guong-sang/anh.jpg",
            photo_small="guong-sang/anh-480.jpg",
            photo_medium="guong-sang/anh-1000.jpg",
        )
        pairs[key] = (past, round_, registration, evaluation, attachment, story)
    both = lambda index: (pairs["in"][index], pairs["out"][index])  # noqa: E731
    return {
        "evaluated_campaign": both(0),
        "round": both(1),
        "evaluated_registration": both(2),
        "evaluation": both(3),
        "evaluation_propose": both(3),
        "rating_decision": tuple(
            (pairs[key][0], district, "2-QĐ") for key, district in (("in", world.D1), ("out", world.D2))
        ),
        "attachment": both(4),
        "story": both(5),
    }


def site_url(name, kind, where, objects):
    index = 0 if where == "in" else 1
    name = qualified_names()[name.split(":")[0]]
    if kind.startswith("private:"):
        _private, key, field = kind.split(":")
        return reverse(name, args=[getattr(objects[key][index], field).name])
    if kind == "plain":
        return reverse(name)
    if kind.startswith("api:"):  # a list narrowed by a parameter: "api:<parameter>:<object>"
        _api, parameter, key = kind.split(":")
        return f"{reverse(name)}?{parameter}={objects[key][index].pk}"
    if kind == "api_unknown":
        return reverse(name, args=["v1/nothing-here"])
    if kind == "campaign:pk":
        return reverse(name, args=[objects["campaign"][index].pk])
    if kind == "reset":
        return reverse(name, args=["MQ", "set-password"])
    if kind == "token":
        return reverse(name, args=["00000000-0000-0000-0000-000000000000"])
    if kind == "template":
        return reverse(name, args=["people"])
    if kind in ("campaign", "campaign_report"):
        campaign = objects["campaign"][index]
        return reverse(name, args=[campaign.slug] + (["coverage"] if kind == "campaign_report" else []))
    if kind in ("campaign_unit", "campaign_window", "campaign_activity"):
        campaign, unit_or_window = objects[kind][index]
        return reverse(name, args=[campaign.slug, unit_or_window.pk])
    if kind in ("decision", "rating_decision"):
        campaign, unit, number = objects[kind][index]
        return reverse(name, args=[campaign.slug, unit.pk, number])
    if kind == "feedback_sheet":
        feedback_round, registration = objects[kind][index]
        return reverse(name, args=[feedback_round.pk, registration.pk])
    if kind == "programme":
        return reverse(name, args=[objects[kind][index].slug])
    if kind == "registration_confirm":
        return reverse(name, args=[objects["registration"][index].pk, "confirm"])
    if kind == "evaluated_campaign":
        return reverse(name, args=[objects[kind][index].slug])
    if kind == "evaluation_propose":
        return reverse(name, args=[objects[kind][index].pk, "propose"])
    if kind == "attachment":
        attachment = objects[kind][index]
        return reverse(name, args=[attachment.evaluation_id, attachment.pk])
    return reverse(name, args=[objects[kind][index].pk])


def fingerprint():
    return (
        Registration.objects.values_list("pk", "status", "version").order_by("pk").__str__(),
        Evaluation.objects.values_list("pk", "stage", "version").order_by("pk").__str__(),
        ActivationCode.objects.count(),
        CheckIn.objects.values_list("pk", "version").order_by("pk").__str__(),
        CheckInWindow.objects.count(),
        Closing.objects.count(),
        Activity.objects.count(),
        UnitRating.objects.values_list("pk", "version").order_by("pk").__str__(),
        Unit.objects.count(),
        Person.objects.count(),
    )


def named_site_patterns(resolver=None, prefix="", namespace=""):
    """(name, pattern, name with its app's namespace) of every site route but the admin's."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_site_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern), f"{namespace}{entry.name}"


def qualified_names() -> dict[str, str]:
    """The matrix names routes without their namespace (each name is unique across apps)."""
    names = {name: full for name, _pattern, full in named_site_patterns() if name}
    assert len(names) == len({full for full in names.values()})
    return names


def test_every_url_is_in_the_matrix():
    names = {name for name, _pattern, _full in named_site_patterns()}
    matrix = {name.split(":")[0] for name in SITE}
    unnamed = [pattern for name, pattern, _full in named_site_patterns() if name is None]
    assert names - {None} == matrix, "add the new page to SITE with its expected answers"
    assert all(pattern.startswith("media/") for pattern in unnamed), unnamed
    registered = set(admin.site._registry)
    assert registered == set(ADMIN_MODELS) | set(SUPERUSER_ADMINS), "add the new admin to ADMIN_MODELS"


def test_permission_matrix(world, objects, client_for):
    cells = 0
    failures = []
    for role in ROLES:
        client = client_for(None if role == "anonymous" else getattr(world, role))
        for name, (kind, expected_get, expected_post) in SITE.items():
            for where, index in (("in", 0), ("out", 1)):
                url = site_url(name, kind, where, objects)
                for method, expected in (("get", expected_get), ("post", expected_post)):
                    if expected is None:
                        continue
                    before = fingerprint()
                    with transaction.atomic():
                        status = getattr(client, method)(url).status_code
                        changed = fingerprint() != before
                        transaction.set_rollback(True)
                    cells += 1
                    want = expected[role][index]
                    if status != want:
                        failures.append(f"{method.upper()} {name} {where} as {role}: {status}, expected {want}")
                    refused = want in (403, 404, 405) or role == "anonymous"
                    if method == "post" and refused and status == want and changed:
                        failures.append(f"POST {name} {where} as {role} was refused but changed data")
        for model, key in ADMIN_MODELS.items():
            info = (model._meta.app_label, model._meta.model_name)
            for page in ("changelist", "add", "change", "history", "delete"):
                expected = admin_expected(model, page)
                for where, index in (("in", 0), ("out", 1)):
                    if page in ("changelist", "add"):
                        url = reverse(f"admin:{info[0]}_{info[1]}_{page}")
                    else:
                        url = reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[objects[key][index].pk])
                    with transaction.atomic():
                        status = client.get(url).status_code
                        transaction.set_rollback(True)
                    cells += 1
                    want = expected[role][index]
                    if status != want:
                        failures.append(f"GET admin {info[1]} {page} {where} as {role}: {status}, expected {want}")
        for model in SUPERUSER_ADMINS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            status = client.get(url).status_code
            want = {"anonymous": LOGIN, "office1": 403, "office2": 403, "superuser": 200}.get(role, LOGIN)
            cells += 1
            if status != want:
                failures.append(f"GET admin {model._meta.model_name} changelist as {role}: {status}, expected {want}")
    print(f"\npermission matrix: {cells} cells checked")
    assert not failures, "\n".join(failures)


def test_a_dissolved_units_office_loses_its_grant_on_that_day(world, objects, client_for):
    """Both ways: office1 answers as its column says while Huyện đoàn Một exists; once it is dissolved (its units
    moved up first), office1 answers every page exactly as a staff account with no grant and no person does."""
    from organizations import services

    from .conftest import make_user

    nobody = make_user("nobody", staff=True)

    def answers(user, check_expected=False):
        client = client_for(user)
        found = {}
        for name, (kind, expected_get, expected_post) in SITE.items():
            for where, index in (("in", 0), ("out", 1)):
                url = site_url(name, kind, where, objects)
                for method, expected in (("get", expected_get), ("post", expected_post)):
                    if expected is None:
                        continue
                    with transaction.atomic():
                        found[(method, name, where)] = getattr(client, method)(url).status_code
                        transaction.set_rollback(True)
                    if check_expected:
                        assert found[(method, name, where)] == expected["office1"][index], (method, name, where)
        for model, key in ADMIN_MODELS.items():
            info = (model._meta.app_label, model._meta.model_name)
            url = reverse(f"admin:{info[0]}_{info[1]}_change", args=[objects[key][0].pk])
            found[("admin", info[1], "in")] = client.get(url).status_code
        return found

    before = answers(world.office1, check_expected=True)
    for unit in (world.G1, world.G2):
        services.unit_move(by=world.superuser, unit=Unit.objects.get(pk=unit.pk), new_parent=world.P)
    services.unit_dissolve(by=world.superuser, unit=Unit.objects.get(pk=world.D1.pk))
    office1 = User.objects.get(pk=world.office1.pk)  # a new request: no grant remembered from before
    after, without_grant = answers(office1), answers(nobody)
    assert after == without_grant
    assert before != after
    print(f"\ndissolved office: {len(before) + len(after)} cells checked")


API_ROUTES = [name for name in SITE if name.startswith(("api", "openapi"))]


def test_a_service_token_reads_exactly_as_its_units_office(world, objects, client_for):
    """Every API address, in and out of scope: a token made for Huyện đoàn Một gets the answers office1 gets
    signed in (the same status, the same data), one for Huyện đoàn Hai office2's; an expired, revoked or made-up
    token gets 401 wherever a client must be known. The unfiltered lists hold nothing of the other district."""
    from django.test import Client

    def token_for(office, unit):
        return api_services.token_issue(
            by=office, unit=unit, purpose="Bảng số liệu", expires_on=date.today() + timedelta(1)
        )

    tokens = {"office1": token_for(world.office1, world.D1), "office2": token_for(world.office2, world.D2)}
    expired, revoked = token_for(world.office1, world.D1), token_for(world.office1, world.D1)
    ServiceToken.objects.filter(pk=expired.token.pk).update(
        created_at=timezone.now() - timedelta(days=2), expires_at=timezone.now() - timedelta(seconds=1)
    )
    api_services.token_revoke(by=world.office1, token=revoked.token)
    cells = 0
    for office, issued in tokens.items():
        signed_in = client_for(getattr(world, office))
        with_token = Client(HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
        for name in API_ROUTES:
            kind = SITE[name][0]
            for where in ("in", "out"):
                url = site_url(name, kind, where, objects)
                by_session, by_token = signed_in.get(url), with_token.get(url)
                assert by_token.status_code == by_session.status_code, (office, name, where)
                # /api/v1/me says who reads: a token, not the office's person.
                if by_session.status_code == 200 and "json" in by_session["Content-Type"] and name != "api_me":
                    assert by_token.json() == by_session.json(), (office, name, where)
                cells += 1
    public = {name for name in API_ROUTES if SITE[name][1]["anonymous"] != (NO_AUTH, NO_AUTH)}
    for raw in (expired.raw, revoked.raw, "dtn_" + "x" * 43, "not-a-token"):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        for name in set(API_ROUTES) - public:
            response = client.get(site_url(name, SITE[name][0], "in", objects))
            assert response.status_code == 401, (raw, name)
            assert response["Content-Type"] == "application/problem+json"
            cells += 1
    # Nothing of District Two in District One's lists.
    client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['office1'].raw}")
    out_ids = {
        "units": {world.D2.pk, world.G3.pk, world.B3.pk},
        "campaigns": {objects["campaign"][1].pk},
        "registrations": {objects["registration"][1].pk},
        "evaluations": {objects["evaluation"][1].pk},
        "unit-ratings": {objects["unit_rating"][1].pk},
    }
    for resource, theirs in out_ids.items():
        listed = client.get(f"/api/v1/{resource}?page_size=200").json()
        ids = {item["id"] for item in listed["results"]}
        assert ids and not ids & theirs, resource
    print(f"\ntokens: {cells} cells checked")
