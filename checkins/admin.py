from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.errors import error_text
from common.forms import CleanModelForm
from organizations.admin import ScopedAdminMixin

from . import services
from .models import ActionUpdate, CheckIn, CheckInWindow


class WindowForm(CleanModelForm):
    class Meta:
        model = CheckInWindow
        fields = ["campaign", "title", "opens_on", "closes_on"]

    user = None  # set by the admin: whose office opens the window

    def clean(self):
        data = super().clean()
        # Dates in the wrong order are the model's constraint to report (once); the rest is the service's rule.
        names = ("campaign", "title", "opens_on", "closes_on")
        if all(data.get(name) for name in names) and data["opens_on"] <= data["closes_on"]:
            try:
                services.window_check(
                    by=self.user,
                    campaign=data["campaign"],
                    title=data["title"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    window=self.instance,
                )
            except (ValidationError, PermissionDenied) as error:
                raise ValidationError(error_text(error)) from None
        return data


@admin.register(CheckInWindow)
class CheckInWindowAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The office opens the check-ins of its campaigns here (sơ kết quý, 6 tháng)."""

    form = WindowForm
    list_display = ["title", "campaign", "opens_on", "closes_on"]
    list_select_related = ["campaign"]
    list_filter = ["campaign"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = CAMPAIGNS.visible(request.user, Campaign.objects, "manage")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.window_open(
            by=request.user,
            campaign=data["campaign"],
            title=data["title"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            window=obj,
        )


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    fields = ["choice", "status", "note", "photo"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The cadres' reports, to read: only the cadre writes them (from the site)."""

    list_display = ["registration", "window", "reported_at"]
    list_select_related = ["registration__person", "registration__campaign", "window"]
    list_filter = ["window__campaign", "window"]
    readonly_fields = ["window", "registration", "reported_at", "reported_by"]
    fields = readonly_fields
    inlines = [ActionUpdateInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
