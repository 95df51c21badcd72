"""RSS 2.0 and Atom feeds of the published activities, the whole portal's or one unit's subtree (?don-vi=)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from organizations.models import Unit

from .publishing import published_activities

ITEMS = 30


class ActivitiesFeed(Feed):
    def get_object(self, request):
        unit_pk = request.GET.get("don-vi", "")
        return get_object_or_404(Unit, pk=unit_pk) if unit_pk.isdigit() else None

    def title(self, unit):
        name = unit.name if unit else _("Ho Chi Minh Communist Youth Union")
        return _("Activities – %(unit)s") % {"unit": name}

    def link(self, unit):
        return reverse("campaigns:public_activities") + (f"?don-vi={unit.pk}" if unit else "")

    def description(self, unit):
        return _("Activities of Youth Union units in the cadre training campaigns.")

    def items(self, unit):
        found = published_activities()
        if unit is not None:
            found = found.filter(unit__path__startswith=unit.path)
        return found[:ITEMS]

    def item_title(self, activity):
        return activity.title or activity.get_kind_display()

    def item_description(self, activity):
        return activity.public_summary

    def item_link(self, activity):
        return reverse("campaigns:public_activity", args=[activity.pk])

    def item_pubdate(self, activity):
        return activity.published_at

    def item_updateddate(self, activity):
        return activity.recorded_at

    def item_author_name(self, activity):
        return activity.unit.name

    def item_categories(self, activity):
        return [activity.get_kind_display()]

    def item_guid(self, activity):
        return f"{settings.SITE_URL}{reverse('campaigns:public_activity', args=[activity.pk])}"

    item_guid_is_permalink = True

    def feed_copyright(self, unit):
        return _("Ho Chi Minh Communist Youth Union")

    def feed_updateddate(self, unit):
        latest = self.items(unit).first()
        return latest.recorded_at if latest else timezone.now()


class ActivitiesAtomFeed(ActivitiesFeed):
    feed_type = Atom1Feed

    def subtitle(self, unit):
        return self.description(unit)
