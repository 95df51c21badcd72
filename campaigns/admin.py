from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from common.errors import error_text
from common.forms import CleanAdminFieldsMixin
from organizations.admin import ScopedAdminMixin
from organizations.selectors import successor_of

from . import services
from .models import (
    Activity,
    ActivityPhoto,
    BranchCommitment,
    Campaign,
    Closing,
    Criterion,
    Deployment,
    DeploymentPhoto,
    Document,
    EligibilityRule,
)
from .policies import CAMPAIGNS, DOCUMENTS


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Documents of the office's subtree; central ones (no issuing unit) are shared by every office."""

    list_display = ["number", "kind", "issued_on", "title", "issuer"]
    list_filter = ["kind"]
    search_fields = ["number", "title", "issuer"]
    date_hierarchy = "issued_on"

    policy = DOCUMENTS

    def get_queryset(self, request):
        return DOCUMENTS.usable(request.user)

    def _may(self, request, obj):
        if obj is not None and obj.issuing_unit_id is None:
            return self.has_module_permission(request) and request.user.is_superuser
        return super()._may(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class CriterionInline(CleanAdminFieldsMixin, admin.StackedInline):
    model = Criterion
    extra = 0
    fields = ["order", "grouping", "title", "description", "should_do", "should_not_do", "sector"]


class EligibilityInline(CleanAdminFieldsMixin, admin.TabularInline):
    model = EligibilityRule
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "organizer", "plan", "registration_opens", "registration_closes", "members_register"]
    list_select_related = ["organizer", "plan"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["legal_bases"]
    inlines = [CriterionInline, EligibilityInline]
    actions = ["clone_next_year"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "organizer", "plan", "legal_bases", "predecessor"]}),
        (gettext_lazy("Dates"), {"fields": [("starts_on", "ends_on"), ("registration_opens", "registration_closes")]}),
        (gettext_lazy("Registration"), {"fields": ["members_register", ("min_criteria", "max_criteria")]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "legal_bases":
            kwargs["queryset"] = DOCUMENTS.usable(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan":
            kwargs["queryset"] = DOCUMENTS.usable(request.user)
        if db_field.name == "predecessor":
            kwargs["queryset"] = CAMPAIGNS.visible(request.user, Campaign.objects)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=gettext_lazy("Copy the selected campaigns for next year"))
    def clone_next_year(self, request, queryset):
        for campaign in queryset:
            year = campaign.starts_on.year + 1
            try:
                # A dissolved organiser's work passes to its successor (or the unit above it).
                organizer = successor_of(campaign.organizer)
                copy = services.campaign_clone(
                    by=request.user,
                    campaign=campaign,
                    slug=f"{campaign.slug}-{year}",
                    title=f"{campaign.title} ({year})",
                    organizer=organizer if organizer != campaign.organizer else None,
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
            else:
                self.message_user(request, _("Created “%(campaign)s”.") % {"campaign": copy}, messages.SUCCESS)


class DeploymentPhotoInline(CleanAdminFieldsMixin, admin.TabularInline):
    model = DeploymentPhoto
    extra = 0


@admin.register(Deployment)
class DeploymentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "campaign", "deployed_on", "attendance", "reported_by"]
    list_select_related = ["unit", "campaign", "reported_by"]
    list_filter = ["campaign"]
    autocomplete_fields = ["unit"]
    inlines = [DeploymentPhotoInline]


@admin.register(BranchCommitment)
class BranchCommitmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "campaign", "signed_on", "signers"]
    list_select_related = ["unit", "campaign"]
    list_filter = ["campaign"]
    autocomplete_fields = ["unit"]


@admin.register(Closing)
class ClosingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Closing reports, to read: an office closes its campaign on the report page, which freezes the figures."""

    list_display = ["campaign", "closed_on", "report_number", "closed_by"]
    list_select_related = ["campaign", "closed_by"]
    readonly_fields = ["campaign", "closed_on", "report_number", "narrative", "closed_by", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ActivityPhotoInline(admin.TabularInline):
    model = ActivityPhoto
    fields = ["image"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The units' activities, to read and search: they are recorded on the site (Hoạt động), where the roster,
    the dates and the linked deployment or commitment are checked."""

    list_display = ["held_on", "kind", "unit", "campaign", "attendance"]
    list_select_related = ["unit", "campaign"]
    list_filter = ["campaign", "kind"]
    readonly_fields = ["campaign", "unit", "kind", "held_on", "title", "chair", "place", "attendance", "minutes"]
    fields = readonly_fields
    inlines = [ActivityPhotoInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
