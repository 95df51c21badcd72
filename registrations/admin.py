from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from common.forms import CleanAdminFieldsMixin, CleanForm
from organizations.admin import ScopedAdminMixin, confirmation_page, unit_subtree_filter

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


class ReturnForm(CleanForm):
    reason = forms.CharField(label=gettext_lazy("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}))


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
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done, errors = services.apply_to_many(
                services.registration_return,
                by=request.user,
                registrations=queryset,
                reason=form.cleaned_data["reason"],
            )
            self.message_results(request, done, errors, _("%(count)d registration(s) returned."))
            return None
        return confirmation_page(
            self,
            request,
            queryset,
            form,
            "return_selected",
            _("Return registrations"),
            _("The registrations below go back to their cadres with this reason."),
        )
