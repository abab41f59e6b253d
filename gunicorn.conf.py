"""gunicorn settings for Padamu (docs/deploy.md). Every value can be set from the environment.

    DJANGO_SETTINGS_MODULE=padamu.settings.production .venv/bin/gunicorn padamu.wsgi

Sync workers: one request at a time per process, one persistent database connection each
(CONN_MAX_AGE). Give a web machine about 2 workers per core (WEB_CONCURRENCY); requests are short
(lists answer in tens of ms) and the heavy work (batch PDFs) runs in the task workers.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")  # "gthread" with GUNICORN_THREADS > 1
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is killed and its worker replaced (a single letter PDF takes
# well under a second; batch printing runs in the task workers).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # behind a load balancer: above 2 s
# Recycle workers now and then (memory growth), staggered so they do not restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Load the app before forking: faster start, shared memory; connections open in each worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
# Uploads are capped at a few MB by the app and nginx; a bigger request line or header is an attack.
limit_request_line = 8190
limit_request_fields = 100
# Only the proxy in front may set X-Forwarded-*; list its addresses (comma separated).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on stdout/stderr for journald or the container runtime. The access log is one JSON object per
# line carrying the request id that the app also puts on its own log lines (padamu.request).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logger_class = "padamu.gunicorn_logging.JsonAccessLogger"
proc_name = "padamu"
