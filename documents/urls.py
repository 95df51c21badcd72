from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("dang-ky/<int:pk>/phieu.docx", views.registration_sheet, name="registration_sheet"),
    path("chien-dich/<slug:slug>/phieu-trong/<int:unit_pk>.docx", views.blank_sheet, name="blank_sheet"),
    path("chien-dich/<slug:slug>/ke-hoach.docx", views.plan, name="plan"),
    path("giay-khen/<int:pk>.docx", views.certificate, name="certificate"),
    path("danh-gia/<int:pk>/phieu.docx", views.evaluation_sheet, name="evaluation_sheet"),
    path("bao-cao-don-vi/don-vi/<int:pk>/bao-cao.docx", views.unit_report, name="unit_report"),
    path("bao-cao/<slug:slug>/tong-ket.docx", views.closing_report, name="closing_report"),
    # A decision's number holds a slash (126-QĐ/HĐTN): the rest of the address.
    path(
        "chien-dich/<slug:slug>/quyet-dinh-xep-loai/<int:unit_pk>/<path:number>.docx",
        views.rating_decision,
        name="rating_decision",
    ),
    path(
        "chien-dich/<slug:slug>/quyet-dinh/<int:unit_pk>/<path:number>.docx",
        views.commendation_decision,
        name="commendation_decision",
    ),
]
