"""Gunicorn's settings for Newsroom (``gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi``), from the
environment as the app's own are.

``WEB_CONCURRENCY`` processes (default: 2 per CPU, at most 8) of ``WEB_THREADS`` threads each
(default 4): a request waiting on PostgreSQL holds a thread, not a process. Each process keeps its
own PostgreSQL connection pool (``DATABASE_POOL_MAX``, best equal to ``WEB_THREADS``). Requests are
logged by the app as JSON lines (newsroom.logging), so gunicorn's access log is off; its own lines go
to standard error.
"""

import multiprocessing
import os

bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(8, 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
# A request still running after this is killed with its worker; an ingest upload of 20 documents
# (INGEST_INLINE_MAX_DOCUMENTS) fits well within it.
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Recycle each process now and then, at staggered times, against slow leaks (0: never).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS") or 2000)
max_requests_jitter = 200
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
# X-Forwarded-For/-Proto are trusted from these addresses only (the proxy in front).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "newsroom"
