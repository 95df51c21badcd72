"""The portal's own pages carry a strict Content-Security-Policy and need nothing it forbids."""

import re

import pytest
from django.urls import reverse

from registrations import services

from .conftest import export, filled

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"\sstyle=|<style", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.I)


def pages(world, campaign, registration):
    return [
        (None, reverse("login")),
        (None, reverse("activate")),
        (None, reverse("password_reset")),
        (world.cadre, reverse("organizations:home")),
        (world.cadre, reverse("registrations:campaign_list")),
        (world.cadre, reverse("campaigns:campaign_detail", args=[campaign.slug])),
        (world.branch_secretary, reverse("registrations:register", args=[campaign.slug])),
        (world.cadre, reverse("registrations:my_registrations")),
        (world.cadre, reverse("registrations:registration_detail", args=[registration.pk])),
        (world.cadre, reverse("registrations:registration_print", args=[registration.pk])),
        (world.office1, reverse("organizations:unit_detail", args=[world.D1.pk])),
        (world.office1, reverse("organizations:unit_people", args=[world.D1.pk])),
        (world.office1, reverse("organizations:unit_list") + "?q=chi"),
        (world.office1, reverse("registrations:review_queue", args=[campaign.slug])),
        (world.office1, reverse("registrations:not_registered", args=[campaign.slug])),
        (world.office1, reverse("campaigns:deployment_list", args=[campaign.slug])),
        (world.office1, reverse("campaigns:deployment_report", args=[campaign.slug, world.B1.pk])),
        (world.office1, reverse("campaigns:commitment_record", args=[campaign.slug, world.B1.pk])),
        (world.office1, reverse("reports:dashboard", args=[campaign.slug])),
        (world.office1, reverse("reports:import_upload")),
        (world.office1, "/khong-co-trang-nay/"),
    ]


def test_pages_send_the_policy_and_use_no_inline_code(world, campaign, client_for):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    checked = 0
    for user, url in pages(world, campaign, registration):
        response = client_for(user).get(url)
        assert response.status_code == (404 if url == "/khong-co-trang-nay/" else 200), url
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert not INLINE_HANDLER.search(html), url
        checked += 1
    assert checked == 21


def test_the_404_page_is_vietnamese(world, client_for):
    response = client_for(world.office1).get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/"])
def test_the_admin_has_its_own_policy(client, settings, path):
    """The admin's scripts are files too: no inline script may run there either (styles are looser)."""
    policy = client.get(path).headers["Content-Security-Policy"]
    assert policy == settings.ADMIN_CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_pages_are_compressed_for_slow_links_with_a_fresh_csrf_token_each_time_and_files_are_not(
    world, campaign, client_for
):
    """HTML goes gzip-compressed to a browser that accepts it; the CSRF token in it is masked anew in every
    response (what keeps compression from leaking it, BREACH); an Excel file is sent as it is."""
    import gzip
    import re

    client = client_for(world.office1)
    url = reverse("registrations:review_queue", args=[campaign.slug])
    tokens = []
    for _ in range(2):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "</html>" in html and len(response.content) < len(html.encode()) / 2
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert tokens[0] != tokens[1]
    assert "Content-Encoding" not in client.get(url)  # a client that did not ask gets plain HTML
    excel = export(client, campaign.slug, "coverage", HTTP_ACCEPT_ENCODING="gzip")
    assert excel.status_code == 200 and "Content-Encoding" not in excel


def test_the_sheets_text_boxes_render_as_django_would(rf):
    """common/templatetags/portal.py draws text boxes without a template each: the control must be exactly what
    Django's widget renders (attributes, escaping, the value, aria), with and without errors and help."""
    from django import forms
    from django.template import Context, Template

    from common.templatetags.portal import _text_widget, text_field

    crispy = Template("{% load crispy_forms_filters %}{{ field|as_crispy_field }}")

    class Sheet(forms.Form):
        shortcomings = forms.CharField(label="Hạn chế", widget=forms.Textarea(attrs={"rows": 2}), help_text="Gợi ý")
        target = forms.CharField(label="Chỉ tiêu", required=False, max_length=200)
        note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea)

    hostile = '"><script>alert(1)</script> & Đoàn'
    for data in ({"shortcomings": "", "target": hostile, "note": hostile}, {"shortcomings": hostile}, None):
        form = Sheet(data)
        if data is not None:
            form.is_valid()
        for field in form:
            css = "textarea form-control" if field.widget_type == "textarea" else "textinput form-control"
            css += " is-invalid" if field.errors else ""
            assert _text_widget(field, css) == field.as_widget(attrs={"class": css}), (field.name, data)
            html = text_field(field)
            assert "<script>" not in html and ('class="invalid-feedback"' in html) == bool(field.errors)
            # The whole box as crispy-bootstrap5 draws it, but for the blanks crispy's template leaves around tags.
            assert _tags_only(html) == _tags_only(crispy.render(Context({"field": field}))), (field.name, data)


def _tags_only(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()
