from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from common.forms import CleanAdminFieldsMixin
from organizations.admin import ScopedAdminMixin, unit_subtree_filter, with_a_reason

from . import services
from .models import Registration, RegistrationCriterion, Status


class ChoiceInline(CleanAdminFieldsMixin, admin.TabularInline):
    model = RegistrationCriterion
    extra = 0
    fields = ["criterion", "shortcomings", "actions"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Registration)
class RegistrationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The office reviews here: the sheets are the cadres'; the office only approves or returns them."""

    list_display = ["person", "unit", "position_title", "campaign", "status", "submitted_at", "confirmed_at"]
    list_select_related = ["person", "unit", "campaign"]
    list_filter = ["campaign", "status", unit_subtree_filter("unit__path")]
    search_fields = ["person__search_text"]
    search_key_field = "person__search_text"
    search_help_text = gettext_lazy("Name of the cadre, with or without diacritics.")
    readonly_fields = [
        "campaign",
        "person",
        "unit",
        "position_title",
        "status",
        "strengths",
        "overall_commitment",
        "return_reason",
        "returned_stage",
        "submitted_at",
        "confirmed_at",
        "confirmed_by",
        "approved_at",
        "approved_by",
    ]
    fields = readonly_fields
    inlines = [ChoiceInline]
    actions = ["approve_selected", "return_selected"]
    list_per_page = 100

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=gettext_lazy("Approve the selected registrations"))
    def approve_selected(self, request, queryset):
        done, errors = services.apply_to_many(
            services.registration_approve, by=request.user, registrations=queryset.filter(status=Status.CONFIRMED)
        )
        skipped = queryset.exclude(status=Status.CONFIRMED).count()
        if skipped:
            errors.append(
                _("%(n)d selected registration(s) were not waiting for approval and were left as they were.")
                % {"n": skipped}
            )
        self.message_results(request, done, errors, _("%(count)d registration(s) approved."))

    @admin.action(description=gettext_lazy("Return the selected registrations (with a reason)"))
    def return_selected(self, request, queryset):
        return with_a_reason(
            self,
            request,
            queryset,
            step=services.registration_return,
            argument="registration",
            done=_("%(count)d registration(s) returned."),
            action_name="return_selected",
            title=_("Return registrations"),
            explanation=_("The registrations below go back to their cadres with this reason."),
        )
