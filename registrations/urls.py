from django.urls import path, re_path

from . import views, workflow

app_name = "registrations"

urlpatterns = [
    path("chien-dich/", views.campaign_list, name="campaign_list"),
    path("chien-dich/<slug:slug>/dang-ky/", views.register, name="register"),
    path("chien-dich/<slug:slug>/duyet/", views.review_queue, name="review_queue"),
    path("chien-dich/<slug:slug>/chua-dang-ky/", views.not_registered, name="not_registered"),
    path("dang-ky/", views.my_registrations, name="my_registrations"),
    path("dang-ky/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("dang-ky/<int:pk>/in/", views.registration_print, name="registration_print"),
    # Only the reviewers' steps of the workflow: any other word is simply no page (no other route is shadowed).
    re_path(
        rf"^dang-ky/(?P<pk>[0-9]+)/(?P<action>{'|'.join(step.name for step in workflow.REVIEW_STEPS)})/$",
        views.registration_review,
        name="registration_review",
    ),
]
