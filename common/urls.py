from django.urls import path

from .private_files import private_file
from .views import healthz, offline, service_worker

app_name = "common"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The installable app: the service worker must sit at the root to cover every page.
    path("sw.js", service_worker, name="service_worker"),
    path("ngoai-tuyen/", offline, name="offline"),
    # Private uploaded files, each checked against who may see it (common.private_files)
    path("tep/<path:name>", private_file, name="private_file"),
]
