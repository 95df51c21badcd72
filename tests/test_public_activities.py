"""Public activities: a unit publishes an activity with a summary for the public and the photos whose people
agreed; it appears on the public page, in RSS and Atom feeds that are well-formed and carry what each format
requires, and in a list a unit's website may frame; withdrawn, it leaves them all and its public copies go."""

import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.activities import ActivityData, activity_record
from campaigns.models import ActivityPhoto
from campaigns.publishing import activity_publish, activity_withdraw

ATOM = "{http://www.w3.org/2005/Atom}"


def photo(name="anh.jpg"):
    data = io.BytesIO()
    Image.new("RGB", (1600, 900), "red").save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def recorded(world, campaign, **more):
    return activity_record(
        by=world.branch_secretary,
        campaign=campaign,
        unit=world.B1,
        data=ActivityData(kind="dialogue", held_on=date.today(), title="Đối thoại với thanh niên ấp 1", attendance=2),
        photos=[photo("mot.jpg"), photo("hai.jpg")],
        **more,
    )


def test_a_published_activity_is_on_the_public_page_and_in_both_feeds(world, campaign, client_for):
    activity = recorded(world, campaign)
    first, second = activity.photos.order_by("pk")
    url = reverse("campaigns:activity_publication", args=[campaign.slug, activity.pk])
    secretary = client_for(world.branch_secretary)
    empty = secretary.post(url, {"summary": " ", "photos": [str(first.pk)]})
    assert empty.status_code == 400 and not ActivityPhoto.objects.filter(consent_given=True).exists()
    secretary.post(
        url, {"summary": "Chi đoàn ấp 1 đối thoại với 40 thanh niên về việc làm.", "photos": [str(first.pk)]}
    )
    activity.refresh_from_db()
    first.refresh_from_db(), second.refresh_from_db()
    assert activity.published_at and first.consent_given and first.public_image and not second.public_image
    assert max(Image.open(first.public_image.open("rb")).size) == 1000  # a smaller copy, not the upload
    visitor = client_for(None)
    page = visitor.get(reverse("campaigns:public_activities")).content.decode()
    assert "Đối thoại với thanh niên ấp 1" in page and first.public_image.url in page
    assert second.image.name not in page and "mot.jpg" not in page
    detail = visitor.get(reverse("campaigns:public_activity", args=[activity.pk])).content.decode()
    assert "40 thanh niên" in detail
    # RSS 2.0: channel title, link, description; each item its title, link, guid and date.
    rss = ET.fromstring(visitor.get(reverse("campaigns:activities_rss")).content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert all(channel.findtext(tag) for tag in ("title", "link", "description"))
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Đối thoại với thanh niên ấp 1"
    assert item.findtext("link").endswith(reverse("campaigns:public_activity", args=[activity.pk]))
    assert item.findtext("guid") and item.findtext("pubDate")
    # Atom: the feed's id, title, updated and link; each entry its id, title, updated, link and summary.
    atom = ET.fromstring(visitor.get(reverse("campaigns:activities_atom") + f"?don-vi={world.D1.pk}").content)
    assert atom.tag == f"{ATOM}feed"
    assert all(atom.findtext(f"{ATOM}{tag}") for tag in ("id", "title", "updated"))
    (entry,) = atom.findall(f"{ATOM}entry")
    assert all(entry.findtext(f"{ATOM}{tag}") for tag in ("id", "title", "updated", "summary"))
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/hoat-dong/{activity.pk}/")
    assert not ET.fromstring(
        visitor.get(reverse("campaigns:activities_atom") + f"?don-vi={world.D2.pk}").content
    ).findall(f"{ATOM}entry")  # another district's feed
    # The embeddable list may be framed (by any site); the rest of the portal may not.
    embedded = visitor.get(reverse("campaigns:embedded_activities") + f"?don-vi={world.B1.pk}")
    assert "X-Frame-Options" not in embedded and "frame-ancestors *" in embedded["Content-Security-Policy"]
    assert "Đối thoại với thanh niên ấp 1" in embedded.content.decode()
    assert visitor.get(reverse("campaigns:public_activities"))["X-Frame-Options"] == "DENY"


def test_withdrawn_it_leaves_the_page_and_its_public_copies_go(world, campaign, client_for):
    activity = recorded(world, campaign)
    first = activity.photos.first()
    activity_publish(by=world.branch_secretary, activity=activity, summary="Đối thoại", consented_photo_ids=[first.pk])
    first.refresh_from_db()
    public_name = first.public_image.name
    storage = first.public_image.storage
    assert storage.exists(public_name)
    client_for(world.branch_secretary).post(
        reverse("campaigns:activity_publication", args=[campaign.slug, activity.pk]), {"withdraw": "1"}
    )
    activity.refresh_from_db()
    assert activity.published_at is None and not storage.exists(public_name)
    visitor = client_for(None)
    assert visitor.get(reverse("campaigns:public_activity", args=[activity.pk])).status_code == 404
    assert not ET.fromstring(visitor.get(reverse("campaigns:activities_rss")).content).find("channel").findall("item")


def test_only_the_units_reviewers_publish(world, campaign, client_for):
    activity = recorded(world, campaign)
    with pytest.raises(PermissionDenied):
        activity_publish(by=world.cadre, activity=activity, summary="x")
    with pytest.raises(PermissionDenied):
        activity_withdraw(by=world.office2, activity=activity)
    url = reverse("campaigns:activity_publication", args=[campaign.slug, activity.pk])
    assert client_for(world.office2).post(url, {"summary": "x"}).status_code == 404
    activity.refresh_from_db()
    assert activity.published_at is None


@pytest.mark.parametrize("size", [1, 6])
def test_public_pages_do_not_grow_with_activities(world, campaign, client_for, django_assert_max_num_queries, size):
    for _ in range(size):
        activity = recorded(world, campaign)
        activity_publish(
            by=world.branch_secretary,
            activity=activity,
            summary="Đối thoại",
            consented_photo_ids=[activity.photos.first().pk],
        )
    visitor = client_for(None)
    for name in ("campaigns:public_activities", "campaigns:activities_rss", "campaigns:activities_atom"):
        with django_assert_max_num_queries(3):
            assert visitor.get(reverse(name)).status_code == 200
