"""Latency of the leader dashboard and the policy-calculator endpoint under load (issue 6).

    python -m bench.latency_bench                       # 30 s per phase, demo data set
    python -m bench.latency_bench --seconds 10 --clients 20     # quicker
    WAIBAO_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres python -m bench.latency_bench

What it does, in one run, everything on 127.0.0.1 and stopping by itself:

1. Creates a PostgreSQL database of its own (``waibao_latency_<pid>``, dropped at the end) and
   a temporary data directory, and runs ``waibao demo --no-serve`` in it with the production
   settings (``waibao.config.django.production``: DEBUG off, generated secret and field keys):
   migrate, the demo data set at its default size, the demo logins.
2. Empties the figures cache, so that the first requests show the cost of computing.
3. Starts gunicorn (``deploy/gunicorn.conf.py``: sync workers; ``--workers``) on a free port of
   127.0.0.1 as a separate process, and signs in over HTTP as the leader (password, then the
   TOTP code of the demo login's authenticator) and as the demo enterprise (password), with
   ``X-Forwarded-Proto: https`` as nginx would send it.
4. Times single requests: each page first (cold: computed) and again (warm: cached).
5. Generates load from a second process (``--load`` mode of this module: one asyncio loop,
   standard library only, one connection per request as gunicorn's sync workers close them),
   each scenario right after its baseline under the same load, ``--seconds`` each:

   - ``/dashboard/`` as the leader, open loop at ``--rate`` requests a second (default 20):
     requests leave on a fixed schedule whatever the answers, and latency counts from the
     scheduled time, so a slow server cannot slow the load down and hide its own queue;
   - ``/api/calculator/<year>`` as the enterprise (years 2019-2025 in turn), ``--clients``
     closed-loop clients (default 50), each sending its next request ``--think`` seconds
     on average (default 1: a person reading the answer; uniform between half and one and a
     half times, clients starting at random moments) after the previous one is answered:
     the target's "50 concurrent clients" (docs/decisions/0008-calculator-load-reading.md);
   - the same clients never pausing (saturation): no target, it measures the server's
     capacity, and by Little's law its p95 is the queue that 50 requests always in flight
     make, not the work of one (skipped with ``--think 0``, which the phase above already is);
   - the baseline of each: ``/api/health`` (session read, no view work) under the same load.

Prints count, errors, achieved rate, p50/p95/p99/max per scenario (client side, from the
scheduled or sent time to the last byte), ``srv p50``/``srv p95``: the time the requests spent
inside a worker (from gunicorn's access log; the rest is waiting for a free worker and for the
machine), the ratio of each p95 to its baseline's, and the load average after every phase
(the machine is shared).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get(
    "WAIBAO_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
HOST = "127.0.0.1"
LEADER, ENTERPRISE = "lingdao", "qiye"
CALCULATOR_YEARS = tuple(range(2019, 2026))
REQUEST_TIMEOUT = 30.0  # seconds: one request that takes longer is an error


# ---------------------------------------------------------------- HTTP, standard library only


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def cookies(self) -> dict[str, str]:
        found = {}
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                found[key.strip()] = val.strip()
        return found

    def header(self, wanted: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == wanted.lower()), None)


def request(
    port: int,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    method: str = "GET",
    form: dict[str, str] | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> Response:
    """One request on a new connection, as nginx would forward it (HTTPS ended before)."""
    headers = {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", "Connection": "close"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"https://{HOST}:{port}"
        headers["Referer"] = f"https://{HOST}:{port}{path}"
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return Response(answer.status, answer.getheaders(), answer.read())
    finally:
        connection.close()


def sign_in(port: int, username: str, password: str, totp_secret: str | None) -> dict[str, str]:
    """The session cookies of a signed-in user, through the real two-step sign-in."""
    jar: dict[str, str] = {}

    def step(path: str, form: dict[str, str] | None = None) -> Response:
        if form is not None:
            page = request(port, path, cookies=jar)
            jar.update(page.cookies())
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
            if token is None:
                raise RuntimeError(f"{path}: no CSRF token on the page ({page.status})")
            form = {"csrfmiddlewaretoken": token.group(1).decode(), **form}
        answer = request(port, path, cookies=jar, method="POST" if form else "GET", form=form)
        jar.update(answer.cookies())
        return answer

    answer = step("/security/login/", {"username": username, "password": password})
    if answer.status != 302:
        raise RuntimeError(f"sign-in of {username}: {answer.status}, expected a redirect")
    if "verify" in (answer.header("Location") or ""):
        import pyotp

        if totp_secret is None:
            raise RuntimeError(f"{username} needs a second factor and has no TOTP secret")
        answer = step("/security/login/verify/", {"code": pyotp.TOTP(totp_secret).now()})
        if answer.status != 302 or "verify" in (answer.header("Location") or ""):
            raise RuntimeError(f"second factor of {username} refused ({answer.status})")
    return jar


# ---------------------------------------------------------------- load (the second process)


def _percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(latencies: list[float], errors: int, seconds: float) -> dict[str, Any]:
    ordered = sorted(latencies)
    return {
        "count": len(latencies) + errors,
        "errors": errors,
        "rate": (len(latencies) + errors) / seconds if seconds else 0.0,
        "p50": _percentile(ordered, 0.50) * 1000,
        "p95": _percentile(ordered, 0.95) * 1000,
        "p99": _percentile(ordered, 0.99) * 1000,
        "max": (ordered[-1] if ordered else float("nan")) * 1000,
    }


async def _fetch(port: int, path: str, cookies: dict[str, str]) -> bool:
    """One GET on a new connection; True for a 200 read to its end (the server closes)."""
    import asyncio

    headers = {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", "Connection": "close"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    head = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write((head + "\r\n").encode())
        await writer.drain()
        answer = await reader.read()  # to the end: gunicorn's sync workers close
    finally:
        writer.close()
    return answer.startswith((b"HTTP/1.1 200 ", b"HTTP/1.0 200 "))


async def _timed_fetch(port: int, path: str, cookies: dict[str, str]) -> bool:
    import asyncio

    try:
        return await asyncio.wait_for(_fetch(port, path, cookies), REQUEST_TIMEOUT)
    except (OSError, TimeoutError):
        return False


async def open_loop(
    port: int, paths: list[str], cookies: dict[str, str], rate: float, seconds: float
) -> dict[str, Any]:
    """``rate`` requests a second on a fixed schedule, whatever the answers; latency counts
    from the scheduled time (no coordinated omission)."""
    import asyncio

    loop = asyncio.get_running_loop()
    total = int(rate * seconds)
    start = loop.time() + 0.2
    latencies: list[float] = []
    errors = 0

    async def one(index: int) -> None:
        nonlocal errors
        due = start + index / rate
        await asyncio.sleep(max(0.0, due - loop.time()))
        ok = await _timed_fetch(port, paths[index % len(paths)], cookies)
        if ok:
            latencies.append(loop.time() - due)
        else:
            errors += 1

    await asyncio.gather(*(one(index) for index in range(total)))
    return summary(latencies, errors, loop.time() - start)


async def closed_loop(
    port: int,
    paths: list[str],
    cookies: dict[str, str],
    clients: int,
    seconds: float,
    think: float,
) -> dict[str, Any]:
    """``clients`` clients, each sending its next request when the last one is answered.

    With a think time, each client starts at a random moment within the first think time
    and pauses a random time between 0.5 and 1.5 times ``think`` (mean ``think``; seeded,
    so runs repeat), as Locust's ``between`` and JMeter's uniform random timer do. A fixed
    pause from a common start keeps every client in step, and the server then sees bursts
    of ``clients`` requests at once every ``think`` seconds: a load no group of people
    makes (docs/decisions/0008)."""
    import asyncio
    import random

    loop = asyncio.get_running_loop()
    start = loop.time()
    deadline = start + seconds
    latencies: list[float] = []
    errors = 0

    async def client(number: int) -> None:
        nonlocal errors
        pauses = random.Random(number)  # load timing, not security: seeded to repeat
        sent = number
        if think:
            await asyncio.sleep(pauses.uniform(0, think))
        while loop.time() < deadline:
            began = loop.time()
            ok = await _timed_fetch(port, paths[sent % len(paths)], cookies)
            sent += 1
            if ok:
                latencies.append(loop.time() - began)
            else:
                errors += 1
            if think:
                await asyncio.sleep(pauses.uniform(0.5 * think, 1.5 * think))

    await asyncio.gather(*(client(number) for number in range(clients)))
    return summary(latencies, errors, loop.time() - start)


def load_main(spec: dict[str, Any]) -> dict[str, Any]:
    """The load generator: one asyncio loop in a process of its own (threads would queue
    behind the GIL and add their own waiting to the latencies)."""
    import asyncio

    if spec["kind"] == "open":
        scenario = open_loop(
            spec["port"], spec["paths"], spec["cookies"], spec["rate"], spec["seconds"]
        )
    else:
        scenario = closed_loop(
            spec["port"],
            spec["paths"],
            spec["cookies"],
            spec["clients"],
            spec["seconds"],
            spec["think"],
        )
    result = asyncio.run(scenario)
    result["loadavg"] = os.getloadavg()[0]
    return result


def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    """The load from a second process, which ends by itself (and is killed if it does not)."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.latency_bench", "--load", json.dumps(spec)],
        cwd=ROOT,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=spec["seconds"] + REQUEST_TIMEOUT + 60,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# ---------------------------------------------------------------- set-up


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "waibao.config.django.production",
            "DATABASE_URL": database_url,
            "WAIBAO_DATA_DIR": str(data_dir),
            "WAIBAO_DEBUG": "0",
            "WAIBAO_ALLOWED_HOSTS": HOST,
            "WAIBAO_SECRET_KEY": secrets.token_urlsafe(64),
            "WAIBAO_FIELD_KEY": Fernet.generate_key().decode(),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
        }
    )
    return env


def demo_load(env: dict[str, str], enterprises: int | None) -> tuple[str, dict[str, str]]:
    """``waibao demo --no-serve``; its first line and the TOTP secret of each staff login."""
    command = [sys.executable, "-m", "waibao", "demo", "--no-serve"]
    if enterprises is not None:
        command += ["--enterprises", str(enterprises)]
    output = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=1800,
    ).stdout
    secrets_by_user: dict[str, str] = {}
    username = None
    for line in output.splitlines():
        login = re.search(r"username (\S+)", line)
        if login:
            username = login.group(1)
        secret = re.search(r"TOTP secret (\S+)", line)
        if secret and username:
            secrets_by_user[username] = secret.group(1)
    return output.splitlines()[0], secrets_by_user


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        str(log.with_suffix(".access")),
        "--access-logformat",
        "%(U)s %(s)s %(D)s",  # path, status, microseconds spent in the worker
        "--error-logfile",
        str(log),
        "--no-control-socket",  # no socket in the home directory, shared with other servers
        "waibao.config.wsgi:application",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log}")
        try:
            if request(port, "/api/health", timeout=2).status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def timed(port: int, path: str, cookies: dict[str, str]) -> float:
    started = time.perf_counter()
    answer = request(port, path, cookies=cookies, timeout=300)
    if answer.status != 200:
        raise RuntimeError(f"{path}: {answer.status}")
    return (time.perf_counter() - started) * 1000


# ---------------------------------------------------------------- report


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def server_times(access_log: Path, offset: int) -> tuple[int, float, float]:
    """From the access log past ``offset``: the requests' count and the p50 and p95 of the
    time each spent inside a worker (ms), without the wait for a free worker."""
    with access_log.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
    times = sorted(int(line.split()[-1]) / 1000 for line in lines if line.split()[-1].isdigit())
    return len(times), _percentile(times, 0.5), _percentile(times, 0.95)


def row(label: str, result: dict[str, Any]) -> str:
    return (
        f"{label:<50}{result['count']:>7}{result['errors']:>7}{result['rate']:>8.1f}"
        f"{result['p50']:>9.1f}{result['p95']:>9.1f}{result['p99']:>9.1f}{result['max']:>9.1f}"
        f"{result['server_p50']:>9.1f}{result['server_p95']:>9.1f}{result['loadavg']:>7.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.latency_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--rate", type=float, default=20, help="dashboard requests a second")
    parser.add_argument("--clients", type=int, default=50, help="calculator clients")
    parser.add_argument(
        "--think", type=float, default=1.0, help="calculator clients' pause between requests, s"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--enterprises", type=int, default=None, help="demo size (default)")
    parser.add_argument("--keep-logs", type=Path, help="copy gunicorn's logs to this directory")
    parser.add_argument("--load", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load:
        print(json.dumps(load_main(json.loads(args.load))))
        return 0

    import psycopg

    name = f"waibao_latency_{os.getpid()}"
    database_url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    server = None
    with tempfile.TemporaryDirectory(prefix="waibao-latency-") as tmp:
        data_dir = Path(tmp) / "data"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = environment(database_url, data_dir)
            print(f"load average before: {loadavg()} on {os.cpu_count()} cores", flush=True)
            started = time.perf_counter()
            loaded, totp = demo_load(env, args.enterprises)
            print(f"{loaded} ({time.perf_counter() - started:.0f} s)")
            shutil.rmtree(data_dir / "cache", ignore_errors=True)  # start cold

            port = free_port()
            log = Path(tmp) / "gunicorn.log"
            access_log = log.with_suffix(".access")
            server = start_server(env, port, args.workers, log)
            import gunicorn

            print(
                f"server: gunicorn {gunicorn.__version__}, {args.workers} sync workers, "
                f"production settings (DEBUG off), PostgreSQL database {name}, {HOST}:{port}"
            )
            leader = sign_in(port, LEADER, f"{LEADER}-demo-2025", totp.get(LEADER))
            enterprise = sign_in(port, ENTERPRISE, f"{ENTERPRISE}-demo-2025", None)

            print("\nsingle requests (ms)            first (cold)   again (cached)")
            for label, path, jar in (
                ("/dashboard/ (leader)", "/dashboard/", leader),
                ("/dashboard/targets/ (leader)", "/dashboard/targets/", leader),
                ("/api/calculator/2024 (enterprise)", "/api/calculator/2024", enterprise),
                ("/api/health", "/api/health", {}),
            ):
                cold = timed(port, path, jar)
                warm = min(timed(port, path, jar) for _ in range(3))
                print(f"  {label:<32}{cold:>10.1f}{warm:>16.1f}")
            calculator_paths = [f"/api/calculator/{year}" for year in CALCULATOR_YEARS]
            for path in calculator_paths:  # every year computed once, as in a steady state
                timed(port, path, enterprise)

            common = {"port": port, "seconds": args.seconds}
            phases = [
                (
                    f"/api/health, open loop {args.rate:g}/s (baseline)",
                    {
                        **common,
                        "kind": "open",
                        "paths": ["/api/health"],
                        "cookies": leader,
                        "rate": args.rate,
                    },
                ),
                (
                    f"/dashboard/ leader, open loop {args.rate:g}/s",
                    {
                        **common,
                        "kind": "open",
                        "paths": ["/dashboard/"],
                        "cookies": leader,
                        "rate": args.rate,
                    },
                ),
            ]
            pauses = [args.think] if args.think == 0 else [args.think, 0.0]
            for think in pauses:
                how = f"think {think:g} s" if think else "no pause"
                for label, paths, jar in (
                    (
                        f"/api/health, {args.clients} clients, {how} (baseline)",
                        ["/api/health"],
                        enterprise,
                    ),
                    (
                        f"/api/calculator, {args.clients} clients, {how}",
                        calculator_paths,
                        enterprise,
                    ),
                ):
                    spec = {
                        **common,
                        "kind": "closed",
                        "paths": paths,
                        "cookies": jar,
                        "clients": args.clients,
                        "think": think,
                    }
                    phases.append((label, spec))
            print(f"\nload: {args.seconds:g} s a phase, from a second process")
            print(
                f"{'scenario':<50}{'count':>7}{'errors':>7}{'rate/s':>8}{'p50 ms':>9}"
                f"{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'srv p50':>9}{'srv p95':>9}"
                f"{'load':>7}"
            )
            results = []
            for label, spec in phases:
                offset = access_log.stat().st_size if access_log.exists() else 0
                result = run_load(spec)
                time.sleep(0.5)  # the access log written
                _served, result["server_p50"], result["server_p95"] = server_times(
                    access_log, offset
                )
                results.append(result)
                print(row(label, result), flush=True)
            for (label, _spec), base, measured, target in (
                (phases[1], results[0], results[1], 200.0),
                (phases[3], results[2], results[3], 50.0),
            ):
                verdict = (
                    "met" if measured["p95"] <= target and not measured["errors"] else "NOT met"
                )
                print(
                    f"{label}: p95 {measured['p95']:.1f} ms = "
                    f"{measured['p95'] / base['p95']:.1f}x its baseline's; "
                    f"target {target:g} ms {verdict}"
                )
            if len(phases) > 4:
                (label, _spec), base, measured = phases[5], results[4], results[5]
                print(
                    f"{label} (capacity, no target): {measured['rate']:.0f} req/s, p95 "
                    f"{measured['p95']:.1f} ms with {args.clients} always in flight "
                    f"(Little's law: {args.clients / max(measured['rate'], 1e-9) * 1000:.0f} ms "
                    f"mean); /api/health {base['rate']:.0f} req/s, p95 {base['p95']:.1f} ms"
                )
            print(f"load average after: {loadavg()}")
            problems = [
                line
                for line in log.read_text(errors="replace").splitlines()
                if "[INFO]" not in line
            ]
            print(f"server log: {len(problems)} lines other than INFO")
            for line in problems[:10]:
                print(f"  {line}")
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                shutil.copy(log, args.keep_logs)
                shutil.copy(access_log, args.keep_logs)
        finally:
            if server is not None:
                stop_server(server)
            drop_database(name)
    return 0


def drop_database(name: str) -> None:
    """Drop the bench's database, retrying while the stopped server's sessions end."""
    import psycopg

    for attempt in range(10):
        try:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 9:
                raise
            time.sleep(1)


if __name__ == "__main__":
    raise SystemExit(main())
