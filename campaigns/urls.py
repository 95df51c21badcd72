from django.urls import path

from . import feeds, public_views, views

app_name = "campaigns"

urlpatterns = [
    path("chien-dich/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("chien-dich/<slug:slug>/trien-khai/", views.deployment_list, name="deployment_list"),
    path("chien-dich/<slug:slug>/trien-khai/<int:unit_pk>/", views.deployment_report, name="deployment_report"),
    path("chien-dich/<slug:slug>/cam-ket/<int:unit_pk>/", views.commitment_record, name="commitment_record"),
    path("chien-dich/<slug:slug>/hoat-dong/", views.activity_list, name="activity_list"),
    path("chien-dich/<slug:slug>/hoat-dong/ghi-nhan/<int:unit_pk>/", views.activity_record, name="activity_record"),
    path("chien-dich/<slug:slug>/hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("chien-dich/<slug:slug>/hoat-dong/<int:pk>/cong-bo/", views.activity_publication, name="activity_publication"),
    # Public: the activities units chose to publish, their feeds and a list to embed.
    path("hoat-dong/", public_views.public_activities, name="public_activities"),
    path("hoat-dong/<int:pk>/", public_views.public_activity, name="public_activity"),
    path("hoat-dong/rss/", feeds.ActivitiesFeed(), name="activities_rss"),
    path("hoat-dong/atom/", feeds.ActivitiesAtomFeed(), name="activities_atom"),
    path("hoat-dong/nhung/", public_views.embedded_activities, name="embedded_activities"),
]
