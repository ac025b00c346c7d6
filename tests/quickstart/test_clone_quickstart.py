"""The README's quick start on a fresh clone, as a newcomer runs it (issue 24): ``git clone`` of
the committed HEAD into a temporary directory, a fresh home directory, then the README's two
commands there, and a sign-in with a login the demo printed.

- ``bash scripts/demo --port P`` runs as written (install check, demo database, logins, server)
  and serves until stopped; the test signs in as the enterprise (password only) and as the
  district reviewer (password and the code ``./waibao demo-code quji`` prints, run from another
  directory: the data directory is the clone's wherever a command runs), then stops it.
- ``bash scripts/test`` would run this test again inside itself (and take the whole suite's
  time), so it runs in its cheap mode, ``bash scripts/test --collect-only -q``: the install
  check, ruff, mypy and the collection of every test (on SQLite, and on PostgreSQL where one
  answers), nothing executed.

Not reinstalling the world: by default the clone's ``.venv`` borrows the packages of the venv
running this test (a venv of its own whose ``.pth`` files put the clone's ``src`` and then the
running venv's site-packages on the path, with the ``waibao`` command and the stamp
``scripts/bootstrap`` checks), and ``node_modules`` is linked from this checkout's when it has
one. So everything after ``pip install`` runs for real, from the clone's own files.
``WAIBAO_QUICKSTART_FULL=1`` leaves the clone bare, so that ``scripts/bootstrap`` installs
everything itself (minutes, and network access). docs/testing.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL = os.environ.get("WAIBAO_QUICKSTART_FULL") == "1"
TIMEOUT = 900


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def _borrow_venv(clone: Path) -> None:
    """The clone's .venv, on the running venv's packages (see the module's docstring)."""
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths()["purelib"])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = venv / "lib" / version / "site-packages"
    (site / "00-waibao-clone-src.pth").write_text(f"{clone / 'src'}\n")
    (site / "zz-borrowed-packages.pth").write_text(f"{purelib}\n")
    bin_dir = venv / "bin"
    (bin_dir / "ruff").symlink_to(Path(sys.executable).parent / "ruff")  # a binary
    entry_points = {  # the console scripts scripts/demo and scripts/test call
        "waibao": ("waibao.cli", "main"),
        "pytest": ("pytest", "console_main"),
        "mypy": ("mypy.__main__", "console_entry"),
    }
    for tool, (module, function) in entry_points.items():
        script = bin_dir / tool
        script.write_text(
            f"#!{bin_dir / 'python'}\nimport sys\nfrom {module} import {function}\n"
            f"sys.exit({function}())\n"
        )
        script.chmod(0o755)
    want = hashlib.sha256(
        (clone / "pyproject.toml").read_bytes() + (clone / "requirements.lock").read_bytes()
    ).hexdigest()
    (venv / ".waibao-installed").write_text(f"{want}\n")
    node_modules = ROOT / "node_modules"
    if node_modules.exists():
        (clone / "node_modules").symlink_to(node_modules)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(home: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL_UNUSED")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(HOME=str(home), PYTHONUNBUFFERED="1")
    return env


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"scripts/demo stopped ({process.returncode}):\n{log.read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(1)
    pytest.fail(f"nothing served on {port} after {TIMEOUT} s:\n{log.read_text()}")


def _sign_in(base: str, username: str, password: str, code: str | None = None) -> object:
    import requests

    session = requests.Session()
    page = session.get(f"{base}/security/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/security/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[:2000]
    if code is not None:
        assert answer.headers["Location"].endswith("/security/login/verify/")
        page = session.get(f"{base}/security/login/verify/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(
            f"{base}/security/login/verify/",
            data={"csrfmiddlewaretoken": token, "code": code},
            allow_redirects=False,
            timeout=60,
        )
        assert answer.status_code == 302, answer.text[:2000]
    return session


@pytest.mark.slow
def test_a_fresh_clone_runs_the_readme_quick_start_and_a_printed_login_signs_in(tmp_path):
    head = _git("rev-parse", "HEAD", cwd=ROOT)
    clone = tmp_path / "waibao"
    _git("clone", "--quiet", "--no-local", str(ROOT), str(clone), cwd=tmp_path)
    _git("checkout", "--quiet", head, cwd=clone)
    home = tmp_path / "home"
    home.mkdir()
    if not FULL:
        _borrow_venv(clone)
    env = _environment(home)
    readme = (clone / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo" in readme and "bash scripts/test" in readme

    port = _free_port()
    log = tmp_path / "demo.log"
    started = time.monotonic()
    with log.open("w") as out:
        demo = subprocess.Popen(
            ["bash", "scripts/demo", "--port", str(port)],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(port, demo, log)
        printed = log.read_text(encoding="utf-8")
        print(f"scripts/demo served after {time.monotonic() - started:.0f} s:\n{printed}")
        assert f"http://127.0.0.1:{port}/" in printed
        logins = dict(re.findall(r"\s(\S+) +(\1-demo-2025)\s", printed))  # the login table
        assert {"qiye", "quji", "shiji"} <= set(logins), printed
        assert (clone / ".waibao" / "waibao.sqlite3").is_file()  # the clone's, not the cwd's
        base = f"http://127.0.0.1:{port}"

        enterprise = _sign_in(base, "qiye", logins["qiye"])
        calculator = enterprise.get(f"{base}/calculator/", timeout=120)
        assert calculator.status_code == 200 and "广州天河云联" in calculator.text

        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        said = subprocess.run(
            [str(clone / "waibao"), "demo-code", "quji"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert said.returncode == 0, said.stderr
        reviewer = _sign_in(base, "quji", logins["quji"], code=said.stdout.strip())
        assert reviewer.get(f"{base}/dashboard/", timeout=120).status_code == 200
        assert list(elsewhere.iterdir()) == []  # nothing created where the command ran
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=60)

    started = time.monotonic()
    tested = subprocess.run(
        ["bash", "scripts/test", "--collect-only", "-q"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = tested.stdout + tested.stderr
    print(f"scripts/test --collect-only -q took {time.monotonic() - started:.0f} s")
    assert tested.returncode == 0, output[-5000:]
    assert re.search(r"\d+ tests collected", output), output[-3000:]
