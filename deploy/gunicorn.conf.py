"""gunicorn for Waibao: local socket only, nginx in front (deploy/README.md)."""

bind = "127.0.0.1:8000"
workers = 4  # about 2 per core
worker_class = "sync"
# Import Django and the heavy libraries (Polars, Ibis) once in the master: workers fork ready,
# so neither a new worker's first requests nor a recycled worker (max_requests) pay for them.
# Code changes need a restart (systemctl restart), not a HUP.
preload_app = True
timeout = 120
graceful_timeout = 30
max_requests = 2000  # recycle workers: bounded memory growth
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# nginx sets X-Forwarded-Proto; trust it only from nginx on this host.
forwarded_allow_ips = "127.0.0.1"
limit_request_line = 8190
