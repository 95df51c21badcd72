"""Every visible string in Vietnamese: a crawl of each role's pages, the admin included, fails on English."""

import contextlib
import re

import pytest
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from campaigns.models import BranchCommitment, Deployment
from registrations import services

from .conftest import filled

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL

# Words that only English leaves on a page (the visible text is checked, not the markup).
ENGLISH = re.compile(
    r"\b(True|False|None|Campaign|campaign|This field|This password|Select all|Export|Submit|Format|"
    r"History|Delete|Save and|Add another|Change reason|Changed by|Search|Filter|Unknown|items? selected)\b"
)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", "\n", html)
    return html


def english_on(client, url) -> list[str]:
    response = client.get(url)
    if response.status_code != 200:
        return []
    lines = [line.strip() for line in visible_text(response.content.decode()).splitlines()]
    return [line for line in lines if line and ENGLISH.search(line)]


def admin_urls(objects: dict) -> list[str]:
    urls = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        first = objects.get(model) or model.objects.order_by("pk").first()
        for page in ("change", "history"):
            if first is not None:
                with contextlib.suppress(NoReverseMatch):
                    urls.append(reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[first.pk]))
    return urls


@pytest.mark.parametrize("role", ["cadre", "secretary1", "office1", "superuser"])
def test_no_english_on_any_page_of_a_role(world, campaign, client_for, role):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    Deployment.objects.create(campaign=campaign, unit=world.G1, deployed_on=campaign.starts_on)
    BranchCommitment.objects.create(
        campaign=campaign, unit=world.B1, signed_on=campaign.starts_on, text="Cam kết", signers=5
    )
    client = client_for(getattr(world, role))
    slug = campaign.slug
    urls = [
        "/",
        reverse("registrations:campaign_list"),
        reverse("campaigns:campaign_detail", args=[slug]),
        reverse("registrations:my_registrations"),
        reverse("registrations:registration_detail", args=[registration.pk]),
        reverse("registrations:review_queue", args=[slug]),
        reverse("registrations:not_registered", args=[slug]),
        reverse("campaigns:deployment_list", args=[slug]),
        reverse("reports:dashboard", args=[slug]),
        reverse("organizations:unit_list"),
        reverse("organizations:unit_detail", args=[world.G1.pk]),
        reverse("organizations:unit_people", args=[world.G1.pk]),
        reverse("evaluations:story_list"),
        reverse("reports:import_upload"),
    ]
    if getattr(world, role).is_staff:
        urls += admin_urls({})
        urls.append(reverse("admin:organizations_person_export"))
    found = {url: lines for url in urls if (lines := english_on(client, url))}
    assert not found, found


def test_password_rules_speak_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password("abc1")
    assert refused.value.messages[0] == "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự."
