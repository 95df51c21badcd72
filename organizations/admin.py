"""The office's admin: the unit tree, people and their terms of office, scoped to the office's subtree.

Permissions come from the roles (organizations.scope), not from Django's per-model
permissions: an office user (is_staff with a manager grant) sees and changes its own
subtree and nothing else; another unit's object by URL answers 404 like a missing one.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin

from common.errors import error_text
from common.forms import CleanAdminFieldsMixin, CleanForm, CleanModelForm, PhotoField
from common.text import search_key
from common.versioning import apply_to_each
from common.xlsx_print import PrintableXLSX

from . import membership, services
from .models import (
    BRANCH_KINDS,
    LEAF_KINDS,
    AccessRecord,
    LineageEvent,
    Membership,
    MembershipEnd,
    Person,
    Position,
    Unit,
    UnitSpan,
)
from .policies import PEOPLE, UNITS, SubtreePolicy, policy_for, user_can
from .resources import PersonResource
from .scope import granted_paths, is_manager, scope_roots


class ScopedAdminMixin(CleanAdminFieldsMixin):
    """Role-based permissions and a queryset that starts from the user's subtree."""

    # Facet counts cost a query per filter option and their toggle is not translated.
    show_facets = admin.ShowFacets.NEVER
    formfield_overrides = {models.ImageField: {"form_class": PhotoField}}

    @property
    def policy(self) -> SubtreePolicy:
        """The model's policy (organizations.policies.policy_for): the admin asks the same one as the site."""
        return policy_for(self.model)

    def get_queryset(self, request):
        return self.policy.visible(request.user, super().get_queryset(request), "manage")

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index for a missing object; here, another unit's object and a
        # missing one both answer a plain 404, as on the front site.
        raise Http404

    def _require_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def delete_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)  # before Django's permission check, which would say 403
        return super().delete_view(request, object_id, extra_context=extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and is_manager(request.user)

    def _may(self, request, obj):
        if not self.has_module_permission(request):
            return False
        return obj is None or self.policy.can(request.user, "manage", obj)

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    # A stored diacritics-free key for the search box ("person__search_text"); None: Django's own search.
    search_key_field = None

    def get_search_results(self, request, queryset, search_term):
        if self.search_key_field and search_term:
            return queryset.filter(**{f"{self.search_key_field}__contains": search_key(search_term)}), False
        return super().get_search_results(request, queryset, search_term)

    def message_results(self, request, done: int, errors: list[str], success_message: str) -> None:
        """The outcome of a bulk action: how many succeeded, and why the others did not (the first 20)."""
        if done:
            self.message_user(request, success_message % {"count": done}, messages.SUCCESS)
        for error in errors[:20]:
            self.message_user(request, error, messages.ERROR)
        if len(errors) > 20:
            self.message_user(request, _("…and %(n)d more.") % {"n": len(errors) - 20}, messages.ERROR)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = UNITS.visible(request.user, Unit.objects, "manage").active()
        elif db_field.related_model is Person:
            kwargs["queryset"] = PEOPLE.visible(request.user, Person.objects, "manage")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        """A record keeps the units it names even when they closed since (a commendation issued by a district
        that was dissolved later): only new choices are limited to the units active today."""
        form_class = super().get_form(request, obj, **kwargs)
        kept = {
            field.name: getattr(obj, field.attname)
            for field in (obj._meta.concrete_fields if obj is not None else [])
            if field.is_relation and field.related_model is Unit and getattr(obj, field.attname)
        }
        if not kept:
            return form_class

        class KeepingItsUnits(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                for name, pk in kept.items():
                    field = self.fields.get(name)
                    if field is not None and not field.disabled and hasattr(field, "queryset"):
                        field.queryset = field.queryset | Unit.objects.filter(pk=pk)

        return KeepingItsUnits


def search_by_key(queryset, search_term):
    """Diacritics-insensitive admin search on the stored search key."""
    return queryset.search(search_term) if search_term else queryset


# --- Units --------------------------------------------------------------------------------------


class DatedChangeFields(forms.Form):
    """When a change in the organisation takes effect and under which decision (reports before that day keep
    the tree as it was)."""

    effective_on = forms.DateField(
        label=gettext_lazy("Effective on"),
        required=False,
        help_text=gettext_lazy("dd/mm/yyyy; empty: today. E.g. 01/07/2025 for the 2025 restructure."),
    )
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(label=gettext_lazy("Decision date"), required=False)

    def decision(self) -> services.Decision:
        return decision_from(self.cleaned_data)


def decision_from(data: dict) -> services.Decision:
    return services.Decision(data.get("decision_number", ""), data.get("decision_date"))


class UnitAdminForm(CleanModelForm):
    parent = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=gettext_lazy("Parent unit"),
        help_text=gettext_lazy("Changing it moves the unit with everything under it."),
    )
    # A new unit: the day it was founded (empty: it existed before the portal). A change: the day it takes effect.
    effective_on = DatedChangeFields.base_fields["effective_on"]
    decision_number = DatedChangeFields.base_fields["decision_number"]
    decision_date = DatedChangeFields.base_fields["decision_date"]

    def decision(self) -> services.Decision:
        return decision_from(self.cleaned_data)

    class Meta:
        model = Unit
        fields = ["parent", "code", "name", "kind", "sector"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["parent"].queryset = (
            UNITS.visible(user, Unit.objects, "manage").active().exclude(kind__in=LEAF_KINDS)
        )
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["kind"].disabled = True
            self.initial["parent"] = self.instance.parent_unit()
            # A unit cannot go under itself: leave its own subtree out of the choices.
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(path__startswith=self.instance.path)
            if self.instance.depth == 1 or not user_can(user, "manage", self.instance.parent_unit()):
                self.fields["parent"].disabled = True

    def clean(self):
        data = super().clean()
        parent, kind = data.get("parent"), data.get("kind") or self.instance.kind
        if not kind:
            return data
        try:
            if not self.instance.pk:
                services.check_code_free(data.get("code", ""))
                services.check_placement(kind, parent)
            elif "parent" in self.changed_data and parent is not None:
                services.check_move(self.instance, parent)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        if parent is None and not self.instance.pk and granted_paths(self.user, "manage") is not None:
            self.add_error("parent", _("Choose the unit this one belongs to."))
        if not self.errors:
            # The services decide the rest (a day before the unit's last change, in the future, a decision dated
            # later than today…): asked here, in a savepoint rolled back, so that a refusal is said on the form.
            try:
                with transaction.atomic():
                    self.save_through_services()
                    raise _DryRun
            except _DryRun:
                pass
            except (ValidationError, PermissionDenied) as error:
                raise forms.ValidationError(error_text(error)) from error
        return data

    def save_through_services(self) -> Unit:
        """Create or change the unit as the form says, through the organisation services (dated, in history)."""
        data, on, decision = self.cleaned_data, self.cleaned_data.get("effective_on"), self.decision()
        unit = Unit.objects.get(pk=self.instance.pk) if self.instance.pk else None
        if unit is None:
            return services.unit_create(
                by=self.user,
                parent=data["parent"],
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                sector=data["sector"],
                founded_on=on,
                decision=decision,
            )
        if "parent" in self.changed_data and data["parent"] is not None:
            unit = services.unit_move(by=self.user, unit=unit, new_parent=data["parent"], on=on, decision=decision)
        return services.unit_update(
            by=self.user, unit=unit, name=data["name"], sector=data["sector"], on=on, decision=decision
        )


class _DryRun(Exception):
    """Rolls back the services' trial run in UnitAdminForm.clean()."""


class MergeForm(CleanForm, DatedChangeFields):
    target = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Merge into"))
    field_order = ["target", "effective_on", "decision_number", "decision_date"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = UNITS.visible(user, Unit.objects, "manage").active()


class SplitForm(CleanForm, DatedChangeFields):
    code = forms.CharField(label=gettext_lazy("Code of the new unit"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name of the new unit"), max_length=200)
    field_order = ["code", "name", "effective_on", "decision_number", "decision_date"]


class DissolveForm(CleanForm, DatedChangeFields):
    pass


class ReadOnlyInline(admin.TabularInline):
    """A unit's past, shown on its page; written only by the organisation services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineageInline(ReadOnlyInline):
    model = LineageEvent
    fk_name = "unit"
    fields = readonly_fields = ["effective_on", "kind", "other", "decision_number", "decision_date"]
    verbose_name_plural = gettext_lazy("Changes in the organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("other")


class SpanInline(ReadOnlyInline):
    model = UnitSpan
    fk_name = "unit"
    fields = readonly_fields = ["valid_from", "valid_to", "name", "parent", "kind", "sector"]
    verbose_name_plural = gettext_lazy("The unit over time")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, SimpleHistoryAdmin, TreeAdmin):
    form = UnitAdminForm
    list_display = ["name", "code", "kind", "sector", "is_active", "dissolved_on"]
    list_filter = ["kind", "sector", "is_active"]
    search_fields = ["search_text"]  # enables the autocomplete; get_search_results does the work
    actions = ["dissolve_selected", "merge_selected", "split_selected"]
    inlines = [LineageInline, SpanInline]
    list_per_page = 100

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class BoundUserForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return BoundUserForm

    def get_queryset(self, request):
        """Scoped, and for the tree view: the top of the user's subtrees instead of the global roots."""
        scoped = UNITS.visible(request.user, Unit.objects, "manage")
        if not hasattr(request, "_treebeard_parent_id") or getattr(request, "_ignore_treebeard_filters", False):
            return scoped
        if self.is_filtered(request):
            request._treebeard_parent = None
            return scoped
        if request._treebeard_parent_id:
            parent = get_object_or_404(scoped, pk=request._treebeard_parent_id)
            request._treebeard_parent = parent
            return scoped.filter(path__startswith=parent.path, depth=parent.depth + 1)
        request._treebeard_parent = None
        return scope_roots(request.user, "manage")

    def get_search_results(self, request, queryset, search_term):
        return search_by_key(queryset, search_term), False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        saved = form.save_through_services()
        # The admin goes on with its own instance (log entry, redirect): load the saved row into it.
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def move_node(self, request):
        """Drag and drop in the tree goes through the same rules and scope as the form."""
        try:
            node = get_object_or_404(self.get_queryset(request), pk=request.POST.get("node"))
            target = get_object_or_404(self.get_queryset(request), pk=request.POST.get("target"))
            new_parent = target if request.POST.get("relation") == "child" else target.parent_unit()
            if new_parent is None:
                raise ValidationError(_("Only an administrator can create or move top-level units."))
            services.unit_move(by=request.user, unit=node, new_parent=new_parent)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
            return HttpResponseBadRequest("refused")
        messages.info(request, _("Moved “%(unit)s” under “%(parent)s”.") % {"unit": node, "parent": new_parent})
        return HttpResponse("OK")

    @admin.action(description=gettext_lazy("Dissolve the selected units"))
    def dissolve_selected(self, request, queryset):
        blocked = [unit for unit in queryset if unit.child_units().filter(is_active=True).exists()]
        for unit in blocked:  # said at once, before asking for the date
            self.message_user(request, error_text(services.dissolve_refusal(unit)), messages.ERROR)
        if blocked:
            return None
        form = DissolveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                with transaction.atomic():
                    units = list(queryset.order_by("-depth"))
                    for unit in units:
                        services.unit_dissolve(
                            by=request.user, unit=unit, on=form.cleaned_data["effective_on"], decision=form.decision()
                        )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))  # the page again, with what was typed
            else:
                done = _("%(count)d unit(s) dissolved.") % {"count": len(units)}
                self.message_user(request, done, messages.SUCCESS)
                return None
        return self._confirmation_page(
            request,
            queryset,
            form,
            "dissolve_selected",
            _("Dissolve units"),
            _(
                "The units below will be closed on the effective date; their terms of office end that day. "
                "Reports of earlier days still show them."
            ),
        )

    @admin.action(description=gettext_lazy("Merge the selected units into another unit"))
    def merge_selected(self, request, queryset):
        form = MergeForm(request.POST if "apply" in request.POST else None, user=request.user)
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                with transaction.atomic():
                    for source in queryset:
                        services.unit_merge(
                            by=request.user,
                            source=source,
                            target=target,
                            on=form.cleaned_data["effective_on"],
                            decision=form.decision(),
                        )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))  # the page again, with what was typed
            else:
                self.message_user(request, _("Merged into “%(target)s”.") % {"target": target}, messages.SUCCESS)
                return None
        return self._confirmation_page(
            request,
            queryset,
            form,
            "merge_selected",
            _("Merge units"),
            _(
                "The units below, with their units and members, will be moved into the chosen unit and then "
                "closed on the effective date; their terms of office end that day. Reports of earlier days still "
                "show them where they were."
            ),
        )

    @admin.action(description=gettext_lazy("Split the selected units off into a new unit"))
    def split_selected(self, request, queryset):
        """The selected units (all under one parent) move into a new unit created beside that parent."""
        parents = {unit.parent_path() for unit in queryset}
        if len(parents) != 1:
            self.message_user(request, _("Choose units that are all under the same unit."), messages.ERROR)
            return None
        source = self.get_queryset(request).filter(path=parents.pop()).first()
        if source is None:
            self.message_user(request, _("This unit is outside the units you manage."), messages.ERROR)
            return None
        form = SplitForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                new_unit = services.unit_split(
                    by=request.user,
                    source=source,
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    children=list(queryset),
                    on=form.cleaned_data["effective_on"],
                    decision=form.decision(),
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))  # the page again, with what was typed
            else:
                self.message_user(
                    request,
                    _("Created “%(unit)s” beside “%(source)s”.") % {"unit": new_unit, "source": source},
                    messages.SUCCESS,
                )
                return None
        return self._confirmation_page(
            request,
            queryset,
            form,
            "split_selected",
            _("Split off into a new unit"),
            _(
                "A new unit of the same kind as “%(source)s” will be created beside it, and the units below will "
                "move into it with everything under them."
            )
            % {"source": source},
        )

    def _confirmation_page(self, request, queryset, form, action_name, title, explanation):
        return confirmation_page(self, request, queryset, form, action_name, title, explanation)


# --- People and positions ---------------------------------------------------------------------


class MembershipChangeForm(CleanForm):
    """A step in the selected members' lives, with its day and decision."""

    TRANSFER = "transfer"
    change = forms.ChoiceField(
        label=gettext_lazy("Change"),
        choices=[
            (TRANSFER, MembershipEnd.TRANSFERRED_OUT.label),
            (MembershipEnd.AGED_OUT, MembershipEnd.AGED_OUT.label),
            (MembershipEnd.STRUCK_OFF, MembershipEnd.STRUCK_OFF.label),
            (MembershipEnd.EXPELLED, MembershipEnd.EXPELLED.label),
        ],
    )
    on = forms.DateField(label=gettext_lazy("On (dd/mm/yyyy)"))
    to = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label=gettext_lazy("To the unit (inside the portal)")
    )
    elsewhere = forms.CharField(
        label=gettext_lazy("Or to (outside the portal)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("E.g. Huyện đoàn Đầm Dơi, tỉnh Cà Mau."),
    )
    decision_number = DatedChangeFields.base_fields["decision_number"]
    decision_date = DatedChangeFields.base_fields["decision_date"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = UNITS.visible(user, Unit.objects, "manage").active()

    def clean(self):
        data = super().clean()
        if data.get("change") == self.TRANSFER and not (data.get("to") or (data.get("elsewhere") or "").strip()):
            self.add_error("to", _("Say where the member goes: a unit of the portal, or a place outside it."))
        return data

    def apply(self, by, person) -> None:
        data = self.cleaned_data
        decision = membership.Decision(data.get("decision_number") or "", data.get("decision_date"))
        if data["change"] == self.TRANSFER:
            membership.member_transfer(
                by=by,
                person=person,
                on=data["on"],
                to=data.get("to"),
                elsewhere=data.get("elsewhere") or "",
                decision=decision,
            )
        else:
            membership.member_leave(by=by, person=person, on=data["on"], end=data["change"], decision=decision)


class PositionInline(CleanAdminFieldsMixin, admin.TabularInline):
    model = Position
    extra = 0
    fields = ["unit", "title", "started_on", "ended_on", "appointed"]
    autocomplete_fields = ["unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = UNITS.visible(request.user, Unit.objects, "manage").active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return is_manager(request.user)

    has_change_permission = has_add_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


UNIT = gettext_lazy("unit")


def unit_subtree_filter(path_field: str, title=UNIT):
    """A list filter narrowing rows to one unit of the user's subtree and everything below it."""

    class UnitSubtreeFilter(admin.SimpleListFilter):
        parameter_name = "unit"

        def lookups(self, request, model_admin):
            units = UNITS.visible(request.user, Unit.objects, "manage").exclude(kind__in=BRANCH_KINDS)
            return [(unit.pk, unit.name) for unit in units.only("pk", "name")]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            unit = UNITS.visible(request.user, Unit.objects, "manage").filter(pk=self.value()).first()
            return queryset.filter(**{f"{path_field}__startswith": unit.path}) if unit else queryset.none()

    UnitSubtreeFilter.title = title
    return UnitSubtreeFilter


class ReasonForm(CleanForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def with_a_reason(model_admin, request, queryset, *, step, argument: str, done: str, action_name, title, explanation):
    """An admin action that takes one reason for all the selected rows: its page first, then `step(by=, <argument>=,
    reason=)` on each row in its own transaction, and how many went through (and why the others did not)."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return confirmation_page(model_admin, request, queryset, form, action_name, title, explanation)
    done_count, errors = apply_to_each(
        step, queryset, argument=argument, by=request.user, reason=form.cleaned_data["reason"]
    )
    model_admin.message_results(request, done_count, errors, done)
    return None


def confirmation_page(model_admin, request, queryset, form, action_name, title, explanation):
    """The intermediate page of an admin action that needs more input (a target, a reason)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "explanation": explanation,
        "objects": queryset,
        "form": form,
        "opts": model_admin.model._meta,
        "action_name": action_name,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)


class VietnameseExportForm(SelectableFieldsExportForm):
    """The export's column boxes by their Vietnamese titles (the library puts the English field name first)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    export_form_class = VietnameseExportForm
    formats = [PrintableXLSX]  # the list as filtered on screen, exported with django-import-export; prints on A4
    list_display = ["full_name", "member_number", "home_unit", "gender", "birth_date", "phone", "has_account"]
    list_select_related = ["home_unit"]
    list_filter = [unit_subtree_filter("home_unit__path"), "gender", "home_unit__kind"]
    search_fields = ["search_text"]
    search_help_text = gettext_lazy("Name, member number or phone; with or without diacritics.")
    autocomplete_fields = ["home_unit"]
    fields = [
        "full_name",
        "gender",
        "birth_date",
        "phone",
        "email",
        "member_number",
        "joined_on",
        "party_member",
        "job_title",
        "photo",
        "home_unit",
        "membership_history",
    ]
    inlines = [PositionInline]
    readonly_fields = ["membership_history"]
    list_per_page = 50
    actions = ["record_membership_change"]

    def get_search_results(self, request, queryset, search_term):
        return search_by_key(queryset, search_term), False

    @admin.display(description=gettext_lazy("Membership over time"))
    def membership_history(self, person):
        """The person's life in the Youth Union, dated (written by the action below and the unit services)."""
        rows = Membership.objects.filter(person=person).select_related("unit", "other_unit") if person.pk else []
        return (
            format_html_join(
                "",
                "<div>{} – {}: <strong>{}</strong> ({}{})</div>",
                (
                    (
                        f"{m.started_on:%d/%m/%Y}" if m.started_on else "…",
                        f"{m.ended_on:%d/%m/%Y}" if m.ended_on else _("now"),
                        m.unit.name,
                        m.get_start_display(),
                        f"; {m.get_end_display()}"
                        + (f" → {m.other_unit or m.elsewhere}" if m.other_unit or m.elsewhere else "")
                        if m.end
                        else "",
                    )
                    for m in rows
                ),
            )
            or "–"
        )

    @admin.action(description=gettext_lazy("Record a transfer, aging out or removal of the selected members"))
    def record_membership_change(self, request, queryset):
        form = MembershipChangeForm(request.POST if "apply" in request.POST else None, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():  # all of them, or none
                    people = list(queryset)
                    for person in people:
                        form.apply(request.user, person)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))  # the page again, with what was typed
            else:
                done = _("Recorded for %(n)d member(s).") % {"n": len(people)}
                self.message_user(request, done, messages.SUCCESS)
                return None
        return confirmation_page(
            self,
            request,
            queryset,
            form,
            "record_membership_change",
            _("Transfer, aging out or removal"),
            _(
                "Each member below leaves their unit on the day given: to another unit (chuyển sinh hoạt), or out of "
                "the Youth Union (trưởng thành Đoàn, xóa tên, khai trừ). Reports of earlier days still count them "
                "where they were."
            ),
        )

    def has_delete_permission(self, request, obj=None):
        # A person entered by mistake may be removed by their office; history keeps the record.
        return self._may(request, obj)

    def has_export_permission(self, request):
        return self.has_module_permission(request)

    @admin.display(boolean=True, description=gettext_lazy("account"))
    def has_account(self, person):
        return person.user_id is not None


@admin.register(Position)
class PositionAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "title", "unit", "started_on", "ended_on", "appointed"]
    list_select_related = ["person", "unit"]
    list_filter = ["title", "appointed", "unit__kind"]
    search_fields = ["person__search_text"]
    search_key_field = "person__search_text"
    autocomplete_fields = ["person", "unit"]
    date_hierarchy = "started_on"


@admin.register(AccessRecord)
class AccessRecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: who opened or exported the personal data of the office's people (written by the pages, the
    exports and the API, organizations.access)."""

    list_display = ["at", "user", "client", "kind", "where", "unit", "count"]
    list_select_related = ["user", "unit"]
    list_filter = ["kind"]
    date_hierarchy = "at"
    search_fields = ["where", "user__username", "client"]
    fields = ["at", "user", "client", "kind", "where", "unit", "count", "people"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
