"""``.ci/security`` is honest offline and online, and quiet: a known vulnerability fails it; a
vulnerability service out of reach warns loudly and passes (fails with
WAIBAO_REQUIRE_VULN_AUDIT=1); pip-audit broken for another reason fails; bandit prints its
findings and not its false "nosec encountered" warnings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tooling import require_module

ROOT = Path(__file__).resolve().parents[2]
VERDICT = ROOT / ".ci" / "audit_verdict.py"
BANDIT = ROOT / ".ci" / "bandit_quiet.py"
OFFLINE = (
    "requests.exceptions.ConnectionError: "
    "HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded"
)


def _verdict(tmp_path, report, stderr="", status=0, **env):
    report_path = tmp_path / "report.json"
    if report is not None:
        report_path.write_text(json.dumps(report), encoding="utf-8")
    err = tmp_path / "err.txt"
    err.write_text(stderr, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "WAIBAO_REQUIRE_VULN_AUDIT"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(VERDICT), str(report_path), str(err), str(status)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def _dep(name, vulns=(), skip=None):
    dep = {"name": name, "version": "1.0", "vulns": list(vulns)}
    if skip:
        dep["skip_reason"] = skip
    return dep


def test_a_known_vulnerability_fails_naming_it(tmp_path):
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["1.1"]}
    result = _verdict(tmp_path, {"dependencies": [_dep("django", [vuln]), _dep("ok")]}, status=1)
    assert result.returncode == 1
    assert "VULNERABLE django 1.0: PYSEC-2099-1 (fixed in: 1.1)" in result.stdout


def test_a_clean_audit_passes_quietly(tmp_path):
    result = _verdict(tmp_path, {"dependencies": [_dep("a"), _dep("b")]})
    assert result.returncode == 0
    assert "2 of 2 pinned packages audited, 0 with known vulnerabilities" in result.stdout
    assert "NOT audited" not in result.stdout


@pytest.mark.parametrize("required", [False, True])
def test_an_unreachable_service_warns_and_passes_unless_the_audit_is_required(tmp_path, required):
    env = {"WAIBAO_REQUIRE_VULN_AUDIT": "1"} if required else {}
    stopped = _verdict(tmp_path, None, stderr=f"Traceback ...\n{OFFLINE}\n", status=1, **env)
    assert stopped.returncode == (1 if required else 0)
    assert "all packages were NOT audited" in stopped.stdout and "Max retries" in stopped.stdout
    skipped = [_dep("a", skip="Dependency not found on PyPI and could not be audited")]
    answered = _verdict(tmp_path, {"dependencies": skipped}, **env)
    assert answered.returncode == (1 if required else 0)
    assert "1 packages were NOT audited" in answered.stdout


def test_pip_audit_failing_for_another_reason_fails(tmp_path):
    result = _verdict(tmp_path, None, stderr="pip-audit: error: unrecognized arguments\n", status=2)
    assert result.returncode == 1
    assert "other than the network" in result.stdout


def test_bandit_reports_a_finding_and_not_its_false_nosec_warning(tmp_path):
    require_module("bandit")
    (tmp_path / "ok.py").write_text(
        'table = "t"\nquery = f"SELECT * FROM {table} WHERE x = 1"  # nosec B608  # ours\n'
    )
    quiet = subprocess.run(
        [sys.executable, str(BANDIT), "-r", str(tmp_path), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "nosec encountered" not in quiet.stdout + quiet.stderr
    assert "Test in comment" not in quiet.stdout + quiet.stderr
    (tmp_path / "bad.py").write_text("import subprocess\nsubprocess.call('ls', shell=True)\n")
    found = subprocess.run(
        [sys.executable, str(BANDIT), "-r", str(tmp_path), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 1 and "B602" in found.stdout


@pytest.mark.slow
def test_the_whole_script_offline_passes_with_a_warning_and_no_noise(tmp_path):
    require_module("pip_audit")
    dead = "http://127.0.0.1:9"
    env = {k: v for k, v in os.environ.items() if k != "WAIBAO_REQUIRE_VULN_AUDIT"}
    env.update(
        WAIBAO_BIN=str(Path(sys.executable).parent),
        HTTPS_PROXY=dead,
        https_proxy=dead,
        HTTP_PROXY=dead,
        http_proxy=dead,
        NO_PROXY="",
        no_proxy="",
    )
    result = subprocess.run(
        ["bash", str(ROOT / ".ci" / "security")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "NOT audited" in out and "No matching distribution" not in out
    assert "nosec encountered" not in out and "Test in comment" not in out
    assert len(out.splitlines()) < 25, out
