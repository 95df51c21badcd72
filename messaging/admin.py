from django.contrib import admin

from organizations.admin import ScopedAdminMixin

from .models import CohortMessage


@admin.register(CohortMessage)
class CohortMessageAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: what was sent to which group, by whom (written by the messages' page)."""

    list_display = ["title", "unit", "cohort", "count", "sender", "sent_at"]
    list_select_related = ["unit", "sender"]
    list_filter = ["cohort"]
    fields = ["title", "body", "unit", "cohort", "campaign", "count", "sender", "sent_at", "recipients"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
