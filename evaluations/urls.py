from django.urls import path, re_path

from . import public_views, views

app_name = "evaluations"

urlpatterns = [
    path("chien-dich/<slug:slug>/danh-gia/", views.evaluation_list, name="evaluation_list"),
    path("chien-dich/<slug:slug>/hieu-chinh/", views.calibration, name="calibration"),
    path("dang-ky/<int:pk>/tu-danh-gia/", views.evaluation_start, name="evaluation_start"),
    path("danh-gia/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("danh-gia/<int:pk>/in/", views.evaluation_print, name="evaluation_print"),
    path("danh-gia/<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="evaluation_attachment"),
    re_path(
        r"^danh-gia/(?P<pk>[0-9]+)/(?P<action>self|attach|detach|propose|decide|return|reopen)/$",
        views.evaluation_action,
        name="evaluation_action",
    ),
    # The public "Gương sáng cán bộ Đoàn" column
    path("guong-sang/", public_views.story_list, name="story_list"),
    path("guong-sang/<int:pk>/", public_views.story_detail, name="story_detail"),
]
