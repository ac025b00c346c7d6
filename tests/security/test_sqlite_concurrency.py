"""Concurrent writers on SQLite wait for each other instead of failing (issue 17 item 9).

A real server (Django's threaded one, as ``waibao serve`` runs it) on a SQLite file in a
temporary data directory, with the settings production SQLite uses; 50 writes through the
API at once, each its own connection. Before WAL with immediate transactions and a busy
timeout, most of them were HTTP 500 "database is locked"."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
WRITERS = 50

SETUP = """
import datetime as dt
from waibao.cli.django_setup import setup_django
setup_django()
from django.contrib.auth import get_user_model
from waibao.accounts.models import Profile
from waibao.apitokens.services import token_create
from waibao.registry.models import Organisation, Region
from waibao.reporting.models import Category

tianhe = Region.objects.get(code="440106")  # the regions come with the migrations
Category.objects.get_or_create(
    code="ITO.01",
    defaults={"group": "ITO", "name_zh": "软件研发", "name_en": "Software", "version": "t"},
)
org = Organisation.objects.create(uscc="91440106000000010A", name="机构0010", region=tianhe)
user = get_user_model().objects.create_user(username="qiye", password="pw")
Profile.objects.create(user=user, role="enterprise", organisation=org)
print(token_create(user=user, name="load")[1])
"""


# Django's threaded development server (what ``waibao serve`` runs) with a listen backlog
# that holds all the writers at once: its default of 10 resets connections before any
# reaches the database.
SERVE = """
import socketserver, sys
from waibao.cli.django_setup import setup_django
setup_django()
from django.core.servers import basehttp
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

class Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128

server = Server(("127.0.0.1", int(sys.argv[1])), WSGIRequestHandler)
server.set_app(basehttp.get_internal_wsgi_application())
server.serve_forever()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        PYTHONPATH=str(SRC),
        WAIBAO_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="waibao.config.django.base",
        WAIBAO_DEBUG="0",
    )
    return env


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.stdout.read()!r}")  # type: ignore[union-attr]
        try:
            urllib.request.urlopen(url, timeout=2).close()  # nosec B310 (localhost)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start within 60 s")


def _post(url: str, token: str, body: dict[str, object]) -> tuple[int, str]:
    request = urllib.request.Request(  # nosec B310 (localhost)
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # nosec B310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.slow
def test_fifty_concurrent_writes_on_sqlite_all_succeed_none_is_a_server_error(tmp_path):
    env = _environment(tmp_path)
    setup = subprocess.run(  # nosec B603 (our own interpreter and code)
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=False
    )
    assert setup.returncode == 0, setup.stderr
    token = setup.stdout.strip()
    port = _free_port()
    server = subprocess.Popen(  # nosec B603
        [sys.executable, "-c", SERVE, str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/api/health", server)
        bodies = [
            {
                "contract_id": f"LOAD-{n}",
                "client_name": "Contoso",
                "client_country": "US",
                "category": "ITO.01",
                "signed_date": "2025-01-02",
                "amount": f"{n + 1}.00",
                "currency": "USD",
            }
            for n in range(WRITERS)
        ]
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            answers = list(
                pool.map(lambda body: _post(f"{base}/api/report/contracts", token, body), bodies)
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] * WRITERS, [a for a in answers if a[0] != 201][:3]
