from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organizations.admin import ScopedAdminMixin

from .models import ReportRequest, UnitReport


class UnitReportInline(admin.TabularInline):
    model = UnitReport
    fields = ["unit", "status", "sent_at", "return_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportRequest)
class ReportRequestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The requests of the office's campaigns; asking goes through the campaign's page (units are listed then)."""

    list_display = ["title", "campaign", "kind", "due_on"]
    list_select_related = ["campaign"]
    list_filter = ["kind"]
    fields = ["campaign", "kind", "title", "due_on", "note"]
    readonly_fields = ["campaign", "kind"]
    inlines = [UnitReportInline]

    def has_add_permission(self, request, *args):
        return False


@admin.register(UnitReport)
class UnitReportAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["request", "unit", "status", "sent_at"]
    list_select_related = ["request", "unit"]
    list_filter = ["status"]
    readonly_fields = [
        "request",
        "unit",
        "status",
        "narrative",
        "figures",
        "scan",
        "sent_at",
        "sent_by",
        "return_reason",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, *args):
        return False
