"""gunicorn behind nginx (deploy/nginx-site.conf): `gunicorn -c deploy/gunicorn.conf.py campaign_portal.wsgi`.

Sync workers are right here because nginx buffers every request and response: a worker only ever
handles a complete request from a fast local peer. Without nginx in front, slow clients hold them.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # the longest export a request may take
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (a slow leak never grows for long)
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
