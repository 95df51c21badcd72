from django.contrib import admin

from organizations.admin import ScopedAdminMixin

from . import services
from .models import CorrectionRequest


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """An office reads what its people asked to correct, corrects it where it lives (the person's record) and
    answers here: the answer closes the request and the person reads it on "Dữ liệu của tôi"."""

    list_display = ["person", "asked_at", "handled_at", "handled_by"]
    list_select_related = ["person", "handled_by"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    fields = ["person", "asked_at", "text", "answer", "handled_at", "handled_by"]
    readonly_fields = ["person", "asked_at", "text", "handled_at", "handled_by"]
    search_key_field = "person__search_text"
    search_fields = ["person__full_name"]

    def has_add_permission(self, request, *args):
        return False

    def save_model(self, request, obj, form, change):
        services.correction_answer(by=request.user, request=obj, answer=form.cleaned_data["answer"])
