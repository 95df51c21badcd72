from django.urls import path

from . import views

app_name = "unitreports"
urlpatterns = [
    path("chien-dich/<slug:slug>/bao-cao-don-vi/", views.request_list, name="request_list"),
    path("bao-cao-don-vi/<int:pk>/", views.request_detail, name="request_detail"),
    path("bao-cao-don-vi/don-vi/<int:pk>/", views.report_detail, name="report_detail"),
]
