from django.urls import path

from . import views

app_name = "unitratings"

urlpatterns = [
    path("chien-dich/<slug:slug>/xep-loai-don-vi/", views.unit_ratings, name="unit_ratings"),
]
