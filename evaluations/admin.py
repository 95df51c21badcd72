from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.errors import error_text
from common.forms import CleanAdminFieldsMixin, CleanForm, CleanModelForm
from common.text import search_key
from organizations.admin import ScopedAdminMixin, confirmation_page, unit_subtree_filter, with_a_reason

from . import services, stories
from .forms import DATE_INPUT
from .models import Commendation, Evaluation, EvaluationRound, Quota, RatingLevel, RatingScheme, Stage
from .numbers import number_taken


class SuperuserOnlyAdmin(CleanAdminFieldsMixin, SimpleHistoryAdmin):
    """Shared configuration of every office: changed by the portal's administrator."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    has_view_permission = has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )


class LevelInline(CleanAdminFieldsMixin, admin.TabularInline):
    model = RatingLevel
    extra = 0
    fields = ["rank", "name", "short_name", "min_points"]


@admin.register(RatingScheme)
class RatingSchemeAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "uses_points"]
    inlines = [LevelInline]


class QuotaInline(CleanAdminFieldsMixin, admin.TabularInline):
    model = Quota
    extra = 1
    fields = ["level", "max_percent", "enforcement"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level":
            kwargs["queryset"] = RatingLevel.objects.select_related("scheme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoundForm(CleanModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["campaign", "scheme", "opens_on", "closes_on", "deciding_kinds"]

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["opens_on"] > data["closes_on"]:
            raise ValidationError(_("The evaluation cannot close before it opens."))
        return data


class QuotaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        scheme = self.instance.scheme if self.instance.scheme_id else None
        for form in self.forms:
            level = form.cleaned_data.get("level") if hasattr(form, "cleaned_data") else None
            if level and scheme and level.scheme_id != scheme.pk and not form.cleaned_data.get("DELETE"):
                raise ValidationError(_("A quota's level must belong to the round's rating scheme."))


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = RoundForm
    list_display = ["campaign", "scheme", "opens_on", "closes_on"]
    list_select_related = ["campaign", "scheme"]
    inlines = [QuotaInline]

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            inline.formset = QuotaFormSet
        return instances

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = CAMPAIGNS.visible(request.user, Campaign.objects, "manage")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DecideForm(CleanForm):
    number = forms.CharField(label=gettext_lazy("Decision number"), max_length=60)
    on = forms.DateField(label=gettext_lazy("Decision date (dd/mm/yyyy)"), input_formats=DATE_INPUT)
    level = forms.ModelChoiceField(
        label=gettext_lazy("Rating"),
        queryset=RatingLevel.objects.none(),
        required=False,
        empty_label=gettext_lazy("As proposed by each unit"),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels


@admin.register(Evaluation)
class EvaluationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The office decides here, alone or in groups under one decision number; the content is the cadre's
    and the unit's."""

    list_display = [
        "person_name",
        "unit_name",
        "stage",
        "self_level",
        "proposed_level",
        "final_level",
        "decision_number",
    ]
    list_select_related = ["registration__person", "registration__unit", "self_level", "proposed_level", "final_level"]
    list_filter = [
        "round__campaign",
        unit_subtree_filter("registration__unit__path"),
        "stage",
        ("proposed_level", admin.RelatedOnlyFieldListFilter),
        ("final_level", admin.RelatedOnlyFieldListFilter),
    ]
    search_help_text = gettext_lazy("Name of the cadre, with or without diacritics.")
    search_fields = ["registration__person__search_text"]
    search_key_field = "registration__person__search_text"
    readonly_fields = [
        "registration",
        "deciding_unit",
        "stage",
        "self_summary",
        "self_level",
        "self_points",
        "submitted_at",
        "unit_comment",
        "proposed_level",
        "proposed_points",
        "proposed_at",
        "proposed_by",
        "final_level",
        "final_points",
        "decision_number",
        "decision_date",
        "decided_at",
        "decided_by",
        "return_reason",
        "reopen_reason",
    ]
    fields = readonly_fields
    actions = ["decide_selected", "reopen_selected"]
    list_per_page = 100

    @admin.display(description=gettext_lazy("cadre"), ordering="registration__person__sort_key")
    def person_name(self, obj):
        return obj.registration.person.full_name

    @admin.display(description=gettext_lazy("unit"))
    def unit_name(self, obj):
        return obj.registration.unit.name

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=gettext_lazy("Decide the selected ratings (one decision)"))
    def decide_selected(self, request, queryset):
        queryset = queryset.select_related("round__scheme", "registration__person", "proposed_level")
        schemes = set(queryset.values_list("round__scheme", flat=True))
        levels = RatingLevel.objects.filter(scheme__in=schemes) if len(schemes) == 1 else RatingLevel.objects.none()
        form = DecideForm(request.POST if "apply" in request.POST else None, levels=levels)
        if form.is_valid():
            waiting = [e for e in queryset if e.stage == Stage.PROPOSED]
            skipped = len(queryset) - len(waiting)
            level = form.cleaned_data["level"]
            try:
                rating = services.Rating(level) if level else None
                done, warnings = services.decide_many(
                    by=request.user,
                    evaluations=waiting,
                    rating=rating,
                    number=form.cleaned_data["number"],
                    on=form.cleaned_data["on"],
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
                return None
            for warning in warnings:
                self.message_user(request, warning, messages.WARNING)
            errors = (
                [
                    _("%(n)d selected evaluation(s) were not waiting for a decision and were left as they were.")
                    % {"n": skipped}
                ]
                if skipped
                else []
            )
            self.message_results(request, done, errors, _("%(count)d rating(s) decided."))
            return None
        return confirmation_page(
            self,
            request,
            queryset,
            form,
            "decide_selected",
            _("Decide ratings"),
            _(
                "The evaluations below are decided under one decision. Those not yet proposed "
                "by their unit are left as they are."
            ),
        )

    @admin.action(description=gettext_lazy("Reopen the selected decided ratings (with a reason)"))
    def reopen_selected(self, request, queryset):
        return with_a_reason(
            self,
            request,
            queryset,
            step=services.evaluation_reopen,
            argument="evaluation",
            done=_("%(count)d rating(s) reopened."),
            action_name="reopen_selected",
            title=_("Reopen ratings"),
            explanation=_("The decided ratings below are unlocked so the decision can be corrected."),
        )


class CommendationAdminForm(forms.ModelForm):
    """The commendation as the admin edits it: its decision's number is the issuing body's once a year."""

    def clean(self):
        cleaned = super().clean()
        unit, number, day = cleaned.get("issuing_unit"), cleaned.get("decision_number"), cleaned.get("decision_date")
        if (
            unit
            and number
            and day
            and number_taken(unit, number, day, decision=True, but_commendation=self.instance.pk)
        ):
            self.add_error(
                "decision_number",
                _("%(unit)s already used the number %(number)s in %(year)s for another document.")
                % {"unit": unit.name, "number": number, "year": day.year},
            )
        return cleaned


@admin.register(Commendation)
class CommendationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = CommendationAdminForm
    list_display = ["__str__", "decision_date", "issuing_unit", "consent_given", "is_published"]
    list_select_related = ["person", "unit", "issuing_unit"]
    list_filter = ["form", "is_published", "consent_given", unit_subtree_filter("issuing_unit__path")]
    search_fields = ["person__search_text", "decision_number"]
    autocomplete_fields = ["person"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "decision_number",
                    "decision_date",
                    "issuing_unit",
                    "form",
                    "person",
                    "unit",
                    "campaign",
                    "reason",
                ]
            },
        ),
        (
            gettext_lazy("Gương sáng cán bộ Đoàn"),
            {"fields": ["consent_given", "consent_note", "headline", "story", "photo", "photo_alt", "is_published"]},
        ),
    ]
    actions = ["withdraw_selected"]

    def get_search_results(self, request, queryset, search_term):
        """A cadre's name (without diacritics too) or a decision number."""
        if search_term:
            queryset = queryset.filter(
                Q(person__search_text__contains=search_key(search_term))
                | Q(decision_number__icontains=search_term.strip())
            )
        return queryset, False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = CAMPAIGNS.visible(request.user, Campaign.objects, "manage")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        stories.commendation_save(
            by=request.user,
            commendation=obj,
            was_published=bool(form.initial.get("is_published")) if change else False,
            photo_changed="photo" in form.changed_data,
        )

    @admin.action(description=gettext_lazy("Withdraw the selected stories from the public page"))
    def withdraw_selected(self, request, queryset):
        count = 0
        for commendation in queryset.filter(is_published=True):
            stories.commendation_withdraw(by=request.user, commendation=commendation)
            count += 1
        self.message_user(request, _("%(count)d story(ies) withdrawn.") % {"count": count}, messages.SUCCESS)
