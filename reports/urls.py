from django.urls import path

from . import import_views, views

app_name = "reports"

urlpatterns = [
    path("bao-cao/<slug:slug>/", views.dashboard, name="dashboard"),
    path("bao-cao/<slug:slug>/xuat/<str:report>/", views.export, name="export"),
    path("tai-ve/<uuid:job_id>/", views.export_job, name="export_job"),
    path("tai-ve/<uuid:job_id>/trang-thai/", views.export_status, name="export_status"),
    path("bao-cao/<slug:slug>/tong-ket/", views.closing, name="closing"),
    path("nhap-du-lieu/", import_views.upload, name="import_upload"),
    path("nhap-du-lieu/<uuid:job_id>/", import_views.job, name="import_job"),
    path("nhap-du-lieu/<uuid:job_id>/ghep-cot/", import_views.match, name="import_match"),
    path("nhap-du-lieu/<uuid:job_id>/xac-nhan/", import_views.confirm, name="import_confirm"),
    path("nhap-du-lieu/mau/<str:kind>.xlsx", import_views.template, name="import_template"),
]
