from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("chien-dich/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("chien-dich/<slug:slug>/trien-khai/", views.deployment_list, name="deployment_list"),
    path("chien-dich/<slug:slug>/trien-khai/<int:unit_pk>/", views.deployment_report, name="deployment_report"),
    path("chien-dich/<slug:slug>/cam-ket/<int:unit_pk>/", views.commitment_record, name="commitment_record"),
    path("chien-dich/<slug:slug>/hoat-dong/", views.activity_list, name="activity_list"),
    path("chien-dich/<slug:slug>/hoat-dong/ghi-nhan/<int:unit_pk>/", views.activity_record, name="activity_record"),
    path("chien-dich/<slug:slug>/hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
]
