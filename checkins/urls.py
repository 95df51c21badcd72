from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("chien-dich/<slug:slug>/so-ket/", views.window_list, name="window_list"),
    path("chien-dich/<slug:slug>/so-ket/<int:window_pk>/cap-nhat/", views.checkin_report, name="checkin_report"),
    path("chien-dich/<slug:slug>/so-ket/<int:window_pk>/chua-cap-nhat/", views.not_reported, name="not_reported"),
    path("chien-dich/<slug:slug>/so-ket/<int:window_pk>/nhac/", views.remind_not_reported, name="remind_not_reported"),
]
