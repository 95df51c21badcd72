from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("cuoc-van-dong/", views.programme_list, name="programme_list"),
    path("cuoc-van-dong/<slug:slug>/", views.programme_detail, name="programme_detail"),
]
