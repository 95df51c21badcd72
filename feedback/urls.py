from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("chien-dich/<slug:slug>/gop-y/", views.round_list, name="round_list"),
    path("gop-y/<int:pk>/", views.round_detail, name="round_detail"),
    path("gop-y/<int:pk>/phieu/<int:registration_pk>/", views.cadre_feedback, name="cadre_feedback"),
]
