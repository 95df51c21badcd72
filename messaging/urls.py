from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("tin-nhan/", views.message_list, name="message_list"),
    path("tin-nhan/soan/", views.message_compose, name="message_compose"),
    path("tin-nhan/<int:pk>/", views.message_detail, name="message_detail"),
]
