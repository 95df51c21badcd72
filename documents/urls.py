from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("dang-ky/<int:pk>/phieu.docx", views.registration_sheet, name="registration_sheet"),
    path("chien-dich/<slug:slug>/phieu-trong/<int:unit_pk>.docx", views.blank_sheet, name="blank_sheet"),
    path("chien-dich/<slug:slug>/ke-hoach.docx", views.plan, name="plan"),
    path("giay-khen/<int:pk>.docx", views.certificate, name="certificate"),
]
