from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from campaigns.policies import DOCUMENTS
from common.forms import CleanAdminFieldsMixin
from organizations.admin import ScopedAdminMixin

from .models import Adoption, Programme, TemplateCriterion
from .policies import PROGRAMMES


class TemplateCriterionInline(CleanAdminFieldsMixin, admin.StackedInline):
    model = TemplateCriterion
    extra = 0
    fields = ["order", "grouping", "title", "description", "should_do", "should_not_do"]


class AdoptionInline(admin.TabularInline):
    """Read-only: campaigns start from the template on the movement's page (programmes.services)."""

    model = Adoption
    extra = 0
    fields = ["campaign", "adopted_at", "adopted_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A movement's criteria may change after campaigns started from them: those campaigns keep their copy."""

    list_display = ["title", "kind", "owner", "starts_on", "ends_on"]
    list_select_related = ["owner"]
    list_filter = ["kind"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TemplateCriterionInline, AdoptionInline]
    fields = ["kind", "title", "slug", "summary", "owner", "document", ("starts_on", "ends_on")]
    policy = PROGRAMMES

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["queryset"] = DOCUMENTS.usable(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
