from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Export jobs, failed ones with why: for the administrator who runs the task workers (the files themselves
    stay private to the person who asked)."""

    list_display = ["created_at", "report", "campaign", "root", "requested_by", "status", "rows_written", "attempts"]
    list_filter = ["status", "report"]
    search_fields = ["filename", "requested_by__username"]
    readonly_fields = [
        "requested_by",
        "campaign",
        "report",
        "root",
        "on",
        "sector",
        "group",
        "status",
        "rows_written",
        "rows_total",
        "attempts",
        "filename",
        "error",
        "created_at",
        "heartbeat_at",
        "finished_at",
        "expires_at",
    ]
    exclude = ["file"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)
