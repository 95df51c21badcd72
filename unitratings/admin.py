from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.forms import CleanModelForm
from evaluations.models import RatingScheme
from organizations.admin import ScopedAdminMixin

from .models import UnitCriterion, UnitQuota, UnitRating, UnitRound


class UnitRoundForm(CleanModelForm):
    class Meta:
        model = UnitRound
        fields = ["campaign", "scheme", "rated_kinds", "opens_on", "closes_on"]

    def clean(self):
        data = super().clean()  # dates in the wrong order: the model's constraint says so
        if data.get("scheme") and not data["scheme"].uses_points:
            raise ValidationError(_("Choose a scheme scored in points: the suggestion is a number of points."))
        return data


class CriteriaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("max_points") or 0
            for form in self.forms
            if hasattr(form, "cleaned_data") and not form.cleaned_data.get("DELETE")
        )
        if total > 100:
            raise ValidationError(_("The criteria add up to %(total)d points; at most 100.") % {"total": total})


class UnitCriterionInline(admin.TabularInline):
    model = UnitCriterion
    formset = CriteriaFormSet
    extra = 0


class UnitQuotaInline(admin.TabularInline):
    model = UnitQuota
    extra = 0


@admin.register(UnitRound)
class UnitRoundAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The office sets up its units' rating: the scale, the criteria set with points, quotas, the window."""

    form = UnitRoundForm
    list_display = ["campaign", "scheme", "opens_on", "closes_on"]
    list_select_related = ["campaign", "scheme"]
    inlines = [UnitCriterionInline, UnitQuotaInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = CAMPAIGNS.visible(request.user, Campaign.objects, "manage")
        if db_field.name == "scheme":
            kwargs["queryset"] = RatingScheme.objects.filter(uses_points=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(UnitRating)
class UnitRatingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The decided ratings, to read: the office decides them on the site's page (Xếp loại đơn vị), under quotas."""

    list_display = ["unit", "round", "points", "level", "decision_number", "decision_date"]
    list_select_related = ["unit", "round__campaign", "level"]
    list_filter = ["round"]
    readonly_fields = ["round", "unit", "suggested_points", "points", "level", "decision_number", "decision_date"]
    fields = readonly_fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
