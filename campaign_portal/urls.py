from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from accounts import views as account_views
from campaigns import views as campaign_views
from common.private_files import private_file
from common.views import healthz
from evaluations import public_views as story_views
from evaluations import views as evaluation_views
from organizations import views as org_views
from registrations import views as registration_views
from reports import import_views
from reports import views as report_views

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
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("kich-hoat/", account_views.activate, name="activate"),
    # Units and people
    path("don-vi/", org_views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", org_views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/nhan-su/", org_views.unit_people, name="unit_people"),
    path("don-vi/<int:pk>/ma-kich-hoat/", account_views.unit_activation_codes, name="unit_activation_codes"),
    path("ca-nhan/<int:pk>/", org_views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/ma-kich-hoat/", account_views.person_activation_code, name="person_activation_code"),
    # Campaigns and registration
    path("chien-dich/", registration_views.campaign_list, name="campaign_list"),
    path("chien-dich/<slug:slug>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("chien-dich/<slug:slug>/dang-ky/", registration_views.register, name="register"),
    path("chien-dich/<slug:slug>/duyet/", registration_views.review_queue, name="review_queue"),
    path("chien-dich/<slug:slug>/chua-dang-ky/", registration_views.not_registered, name="not_registered"),
    path("chien-dich/<slug:slug>/trien-khai/", campaign_views.deployment_list, name="deployment_list"),
    path(
        "chien-dich/<slug:slug>/trien-khai/<int:unit_pk>/", campaign_views.deployment_report, name="deployment_report"
    ),
    path("chien-dich/<slug:slug>/cam-ket/<int:unit_pk>/", campaign_views.commitment_record, name="commitment_record"),
    path("chien-dich/<slug:slug>/danh-gia/", evaluation_views.evaluation_list, name="evaluation_list"),
    path("chien-dich/<slug:slug>/hieu-chinh/", evaluation_views.calibration, name="calibration"),
    path("bao-cao/<slug:slug>/", report_views.dashboard, name="dashboard"),
    path("bao-cao/<slug:slug>/<str:report>.xlsx", report_views.export, name="export"),
    path("nhap-du-lieu/", import_views.upload, name="import_upload"),
    path("nhap-du-lieu/<str:token>/xac-nhan/", import_views.confirm, name="import_confirm"),
    path("nhap-du-lieu/mau/<str:kind>.xlsx", import_views.template, name="import_template"),
    path("dang-ky/", registration_views.my_registrations, name="my_registrations"),
    path("dang-ky/<int:pk>/", registration_views.registration_detail, name="registration_detail"),
    path("dang-ky/<int:pk>/in/", registration_views.registration_print, name="registration_print"),
    path("dang-ky/<int:pk>/tu-danh-gia/", evaluation_views.evaluation_start, name="evaluation_start"),
    path("dang-ky/<int:pk>/<str:action>/", registration_views.registration_review, name="registration_review"),
    # Year-end evaluation
    path("danh-gia/<int:pk>/", evaluation_views.evaluation_detail, name="evaluation_detail"),
    path("danh-gia/<int:pk>/in/", evaluation_views.evaluation_print, name="evaluation_print"),
    path(
        "danh-gia/<int:pk>/tep/<int:attachment_pk>/", evaluation_views.attachment_download, name="evaluation_attachment"
    ),
    path("danh-gia/<int:pk>/<str:action>/", evaluation_views.evaluation_action, name="evaluation_action"),
    # The public "Gương sáng cán bộ Đoàn" column
    path("guong-sang/", story_views.story_list, name="story_list"),
    path("guong-sang/<int:pk>/", story_views.story_detail, name="story_detail"),
    # Private uploaded files, each checked against who may see it (common.private_files)
    path("tep/<path:name>", private_file, name="private_file"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Public uploads (published story photos) in development; in production the web server serves MEDIA_ROOT.
    # Private uploads are never under MEDIA_ROOT: they go through the scoped view above.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    )
