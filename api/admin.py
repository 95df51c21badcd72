"""Service tokens in the office's admin: made for a unit of the office's subtree and a purpose, shown once,
revoked with an action. What a token may read is its unit's office's view (api.auth)."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import error_text
from organizations.admin import ScopedAdminMixin

from . import services
from .models import ServiceToken


class TokenForm(forms.ModelForm):
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        help_text=gettext_lazy("The token stops working at the end of this day (dd/mm/yyyy)."),
    )

    class Meta:
        model = ServiceToken
        fields = ["unit", "purpose"]

    by = None  # the office making it (ServiceTokenAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=365)

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("unit", "purpose", "expires_on")):
            try:
                services.token_check(by=self.by, **{name: data[name] for name in ("unit", "purpose", "expires_on")})
            except PermissionDenied as error:
                self.add_error("unit", error_text(error))
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(ServiceToken)
class ServiceTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["purpose", "unit", "lookup", "created_by", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_select_related = ["unit", "created_by"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["purpose", "lookup"]
    actions = ["revoke"]
    readonly_fields = ["lookup", "created_by", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_by"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type("TokenFormFor", (TokenForm,), {"by": request.user})
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["unit", "purpose", "expires_on"]
        return ["unit", "purpose", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # A token is made once and then only read or revoked: what it reads must not change under its holder.
        return ["unit", "purpose", *self.readonly_fields] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        issued = services.token_issue(
            by=request.user, unit=data["unit"], purpose=data["purpose"], expires_on=data["expires_on"]
        )
        obj.pk, obj._state.adding = issued.token.pk, False
        request._issued_token = issued

    # The plain token waits in the session (server-side) for the one page that shows it: the form's POST is
    # answered with a redirect, so a reload shows the page again without making a second token, and then says the
    # token was shown already.
    SHOWN_ONCE = "api_token_to_show"

    def response_add(self, request, obj, post_url_continue=None):
        issued = getattr(request, "_issued_token", None)
        if issued is None:
            return super().response_add(request, obj, post_url_continue)
        request.session[self.SHOWN_ONCE] = {"pk": issued.token.pk, "raw": issued.raw}
        return redirect("admin:api_servicetoken_made", issued.token.pk)

    def get_urls(self):
        made = path("<int:pk>/made/", self.admin_site.admin_view(self.made_view), name="api_servicetoken_made")
        return [made, *super().get_urls()]

    def made_view(self, request, pk):
        token = get_object_or_404(self.get_queryset(request), pk=pk)
        kept = request.session.get(self.SHOWN_ONCE) or {}
        raw = kept.get("raw") if kept.get("pk") == token.pk else None
        if raw is not None and request.GET.get("da_sao_chep"):
            del request.session[self.SHOWN_ONCE]
            return redirect("admin:api_servicetoken_changelist")
        return TemplateResponse(
            request,
            "admin/api/token_issued.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Service token made"),
                "token": token,
                "raw": raw,
                "opts": self.model._meta,
            },
            headers={"Cache-Control": "no-store"},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        done, errors = 0, []
        for token in queryset:
            try:
                services.token_revoke(by=request.user, token=token)
                done += 1
            except PermissionDenied as error:
                errors.append(f"{token}: {error_text(error)}")
        self.message_results(request, done, errors, _("%(count)d tokens revoked."))
