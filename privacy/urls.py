from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("du-lieu-cua-toi/", views.my_data, name="my_data"),
    path("du-lieu-cua-toi/tai-ve.json", views.my_data_json, name="my_data_json"),
    path("du-lieu-cua-toi/tai-ve.xlsx", views.my_data_xlsx, name="my_data_xlsx"),
]
