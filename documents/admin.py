from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organizations.admin import ScopedAdminMixin

from .models import Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """An office's heading lines, signer and recipients: its own units' only (documents.policies)."""

    list_display = ["body", "kind", "unit", "signer_title", "signer_name"]
    list_select_related = ["unit"]
    list_filter = ["kind"]
    search_fields = ["body", "unit__name"]
    autocomplete_fields = ["unit"]

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)  # an office removes its own letterhead: its documents take the tree's lines
