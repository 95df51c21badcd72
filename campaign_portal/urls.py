from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from accounts import views as account_views
from common.views import healthz
from organizations import views as org_views

admin.site.site_header = _("Youth Union cadre training portal – office")
admin.site.site_title = _("Cadre training portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Accounts
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("kich-hoat/", account_views.activate, name="activate"),
    # Units and people
    path("don-vi/", org_views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", org_views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/nhan-su/", org_views.unit_people, name="unit_people"),
    path("don-vi/<int:pk>/ma-kich-hoat/", org_views.unit_activation_codes, name="unit_activation_codes"),
    path("ca-nhan/<int:pk>/", org_views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/ma-kich-hoat/", org_views.person_activation_code, name="person_activation_code"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded photos in development; in production the web server or object storage serves MEDIA_ROOT.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve,
                            {"document_root": settings.MEDIA_ROOT}))
