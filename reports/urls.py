from django.urls import path

from . import import_views, views

app_name = "reports"

urlpatterns = [
    path("bao-cao/<slug:slug>/", views.dashboard, name="dashboard"),
    path("bao-cao/<slug:slug>/<str:report>.xlsx", views.export, name="export"),
    path("bao-cao/<slug:slug>/tong-ket/", views.closing, name="closing"),
    path("nhap-du-lieu/", import_views.upload, name="import_upload"),
    path("nhap-du-lieu/<str:token>/xac-nhan/", import_views.confirm, name="import_confirm"),
    path("nhap-du-lieu/mau/<str:kind>.xlsx", import_views.template, name="import_template"),
]
