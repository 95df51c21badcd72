from django.contrib import admin

from organizations.admin import ScopedAdminMixin

from .models import Invitation, Meeting


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["person", "reply", "reason", "replied_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: meetings are called, answered and rostered on the site (meetings.views)."""

    list_display = ["title", "unit", "day", "starts_at", "place", "campaign"]
    list_select_related = ["unit", "campaign"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    fields = ["campaign", "unit", "kind", "title", "day", "starts_at", "place", "agenda", "invited_by", "activity"]
    readonly_fields = fields
    inlines = [InvitationInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
