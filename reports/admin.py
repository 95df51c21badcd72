from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from common.forms import CleanModelForm
from organizations import columns
from organizations.admin import ScopedAdminMixin
from organizations.scope import scope_roots

from .member_results import RESULT_FIELDS, result_columns
from .models import ColumnProfile, ExportJob, ProfileKind


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


class ColumnProfileForm(CleanModelForm):
    """The columns written one a line, as an office reads them off the other program's template: "Header = field"
    ("Header =" for an import column left out)."""

    columns = forms.CharField(
        label=gettext_lazy("Columns, one a line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "“Header = field”, in the order of the file. For an import, the file's header and the portal's field it "
            "fills (“Header =” for a column left out); for the members' results, the header to write and what goes "
            "under it."
        ),
    )

    class Meta:
        model = ColumnProfile
        fields = ["name", "kind", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["columns"].initial = profile_text(self.instance)

    def clean(self):
        data = super().clean()
        kind, text = data.get("kind"), data.get("columns")
        if kind and text:
            try:
                self.instance.mapping = (
                    result_columns(text) if kind == ProfileKind.RESULTS else columns.pairing_from_text(kind, text)
                )
            except ValidationError as error:
                self.add_error("columns", error)
        return data


def profile_text(profile: ColumnProfile) -> str:
    if profile.kind == ProfileKind.RESULTS:
        return "\n".join(f"{header} = {str(RESULT_FIELDS.get(field, field))}" for header, field in profile.mapping)
    return "\n".join(f"{header} = {field}" for header, field in profile.mapping.items())


@admin.register(ColumnProfile)
class ColumnProfileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The office's column profiles: pairings of its own import files, and the columns of the members' results
    (e.g. the national member software's template once the bureau hands it over). Offices below see and use them;
    only the office that keeps one (or one above it) changes it."""

    form = ColumnProfileForm
    list_display = ["name", "kind", "unit", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)

    def get_changeform_initial_data(self, request):
        office = scope_roots(request.user, "manage").first()  # the office's own unit, as a pairing saved on import
        return {"unit": office.pk if office else None, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
