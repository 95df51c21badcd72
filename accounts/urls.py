from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from . import oidc, second_factor_views, views

# No namespace here: Django's login, logout and password views and templates reverse these bare names.
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    # Django's default address, which people type or old links carry: to the login page, with ?next= kept.
    path(
        "accounts/login/",
        RedirectView.as_view(pattern_name="login", query_string=True, permanent=True),
        name="login_default_address",
    ),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("kich-hoat/", views.activate, name="activate"),
    path("oidc/dang-nhap/", oidc.SignInWithProvider.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.BackFromProvider.as_view(), name="oidc_authentication_callback"),
    path("xac-thuc-hai-buoc/", second_factor_views.second_factor_verify, name="second_factor_verify"),
    path("xac-thuc-hai-buoc/thiet-lap/", second_factor_views.second_factor_setup, name="second_factor_setup"),
    path("bao-mat/", second_factor_views.security, name="security"),
    path("bao-mat/ma-du-phong/", second_factor_views.recovery_codes_renew, name="recovery_codes_renew"),
    path("bao-mat/tat-xac-thuc-hai-buoc/", second_factor_views.second_factor_turn_off, name="second_factor_off"),
    path("don-vi/<int:pk>/ma-kich-hoat/", views.unit_activation_codes, name="unit_activation_codes"),
    path("ca-nhan/<int:pk>/ma-kich-hoat/", views.person_activation_code, name="person_activation_code"),
]
