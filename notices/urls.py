from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path("thong-bao/da-doc/", views.notification_read_all, name="notification_read_all"),
    path("thong-bao/cai-dat/", views.preferences, name="preferences"),
    path("thong-bao/dien-thoai/bat/", views.push_subscribe, name="push_subscribe"),
    path("thong-bao/dien-thoai/tat/", views.push_unsubscribe, name="push_unsubscribe"),
]
