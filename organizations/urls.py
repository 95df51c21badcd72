from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/nhan-su/", views.unit_people, name="unit_people"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
]
