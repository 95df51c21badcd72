from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from common.errors import error_text
from common.forms import CleanAdminFieldsMixin
from organizations import services
from organizations.admin import ScopedAdminMixin
from organizations.models import Role, Unit
from organizations.policies import UNITS

from . import second_factor
from .models import ActivationCode, User


@admin.register(User)
class UserAdmin(CleanAdminFieldsMixin, DjangoUserAdmin):
    """Accounts are the administrator's: offices hand out activation codes instead."""

    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active", "last_login"]
    # What a user may do comes from roles on units (organizations.Role), not from Django's groups and
    # permissions: those fields are left out (their names are stored in English and mean nothing here).
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (gettext_lazy("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (gettext_lazy("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (gettext_lazy("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]


@admin.register(Role)
class RoleAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "kind", "unit", "created_at"]
    list_select_related = ["user", "unit"]
    list_filter = ["kind"]
    autocomplete_fields = ["unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Only people of the office's own subtree can be given a role by it.
            kwargs["queryset"] = (
                User.objects.filter(person__home_unit__in=UNITS.visible(request.user, Unit.objects, "manage"))
                if not request.user.is_superuser
                else User.objects.all()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    actions = ["reset_second_factor"]

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)

    @admin.action(description=gettext_lazy("Reset the two-step sign-in of the selected people (lost phone)"))
    def reset_second_factor(self, request, queryset):
        done, errors = 0, []
        for user in {role.user for role in queryset.select_related("user")}:
            try:
                second_factor.second_factor_reset(by=request.user, user=user)
                done += 1
            except PermissionDenied as error:
                errors.append(f"{user}: {error_text(error)}")
        self.message_results(
            request, done, errors, _("Two-step sign-in reset for %(count)d people: they set it up again.")
        )

    # Writes go through organizations.services (scope check, history, the grant cache forgotten).
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            role = services.role_update(by=request.user, role=obj, unit=data["unit"], kind=data["kind"])
        else:
            role = services.role_grant(by=request.user, user=data["user"], unit=data["unit"], kind=data["kind"])
        obj.pk, obj._state.adding = role.pk, False

    def delete_model(self, request, obj):
        services.role_revoke(by=request.user, role=obj)

    def delete_queryset(self, request, queryset):
        for role in queryset:
            services.role_revoke(by=request.user, role=role)


@admin.register(ActivationCode)
class ActivationCodeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: codes are issued from the unit and person pages, where they can be printed once."""

    list_display = ["person", "issued_at", "expires_at", "used_at", "revoked_at", "issued_by"]
    list_select_related = ["person", "issued_by"]
    list_filter = [("used_at", admin.EmptyFieldListFilter)]
    fields = ["person", "issued_at", "expires_at", "used_at", "revoked_at", "issued_by"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-otp registers its devices in the admin, where a device's form shows its secret key. Devices are set up by
# their owner (the security page) and reset by an office above (the roles' action): never edited by hand.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
