from django.urls import path

from .private_files import private_file
from .views import healthz

app_name = "common"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Private uploaded files, each checked against who may see it (common.private_files)
    path("tep/<path:name>", private_file, name="private_file"),
]
