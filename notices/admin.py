from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Messages sent by e-mail or Zalo that failed or went through: for the administrator who runs the channels."""

    list_display = ["at", "channel", "event", "address", "ok", "detail"]
    list_filter = ["channel", "ok"]
    search_fields = ["address", "event"]
    readonly_fields = list_display + ["user"]

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
