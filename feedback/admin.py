from django.contrib import admin

from organizations.admin import ScopedAdminMixin

from .models import Comment, FeedbackRound


class CommentInline(admin.TabularInline):
    """Who wrote each comment, names hidden from the cadre or not: for the office, should a comment be abusive."""

    model = Comment
    extra = 0
    fields = ["registration", "author", "kind", "text", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FeedbackRound)
class FeedbackRoundAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Rounds are opened and written in on the site (feedback.views); the office reads them here."""

    list_display = ["unit", "campaign", "opens_on", "closes_on", "names_hidden"]
    list_select_related = ["unit", "campaign"]
    fields = ["campaign", "unit", "opens_on", "closes_on", "names_hidden", "activity", "opened_by"]
    readonly_fields = fields
    inlines = [CommentInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
