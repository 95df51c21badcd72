from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("chien-dich/<slug:slug>/hop/", views.meeting_list, name="meeting_list"),
    path("chien-dich/<slug:slug>/hop/moi/", views.meeting_new, name="meeting_new"),
    path("hop/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("hop/<int:pk>/diem-danh/", views.meeting_roster_view, name="meeting_roster"),
]
