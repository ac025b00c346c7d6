"""Backup and restore: the database and the stored files of the data directory in one tar
archive, with a manifest of SHA-256 checksums (GB/T 22239-2019 8.1.4.11: data backup and
recovery).

Archive members: ``manifest.json``; ``database/`` (PostgreSQL: ``pg_dump`` custom format; SQLite:
a copy made with SQLite's online backup API, consistent while the site runs; without
``pg_dump``: Django ``dumpdata`` JSON); ``files/`` and ``evidence/`` from the data directory.
The archive is not compressed: the dump is compressed already, and a damaged byte is then
caught by the member's checksum rather than hidden in a decompression error.

The field-encryption and blind-index keys are deliberately NOT in the archive (a stolen backup
must not read itself); the manifest records their fingerprints, and restore refuses, before it
touches anything, when this machine lacks them. The archive is created mode 0600.

Restore checks every checksum before it touches anything, and only restores into an empty
database and empty file directories, so it can never merge into or overwrite live data.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3

# subprocess runs pg_dump and pg_restore only, with argument lists and never a shell (_run).
import subprocess  # nosec B404
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils import timezone

from waibao.security.files import private_file_create

FORMAT = "waibao-backup/1"
FILE_DIRECTORIES = ("files", "evidence")
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be made or restored; ``lines`` say why."""

    def __init__(self, lines: list[str] | str):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class BackupSummary:
    archive: Path
    database_method: str
    members: int
    files: int


def _sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return str(_sha256_stream(handle).hexdigest())


def _sha256_stream(handle: IO[bytes] | None) -> Any:
    digest = hashlib.sha256()
    if handle is not None:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest


def _vendor(database: dict[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"database engine {engine} is not supported by waibao backup")


def _pg_env(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run pg_dump/pg_restore: an absolute path found by shutil.which and an argument list
    built here from the database settings, never a shell."""
    result = subprocess.run(  # noqa: S603  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            [
                f"{command[0]} failed (exit {result.returncode}):",
                *result.stderr.strip().splitlines()[-10:],
            ]
        )


def _dump_database(database: dict[str, Any], work: Path) -> tuple[str, Path]:
    vendor = _vendor(database)
    if vendor == "sqlite":
        from django.db import connection

        target = work / "waibao.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite-backup", target
    pg_dump = shutil.which("pg_dump")
    if pg_dump:
        target = work / "waibao.pgdump"
        args, env = _pg_env(database)
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target),
                str(database["NAME"]),
            ],
            env,
        )
        return "pg_dump", target
    from django.core.management import call_command

    target = work / "dumpdata.json"
    with target.open("w", encoding="utf-8") as out:
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            "--exclude=contenttypes",
            "--exclude=auth.permission",
            "--exclude=sessions",
            stdout=out,
        )
    return "dumpdata", target


def _stored_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    for directory in FILE_DIRECTORIES:
        root = data_dir / directory
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield f"{directory}/{path.relative_to(root).as_posix()}", path


def _audit_checkpoint() -> dict[str, Any]:
    """A signed checkpoint of the audit chain's head, written now (``waibao.audit.checkpoints``)
    and printed in the manifest: a copy outside the database of what the chain was. A broken
    chain is backed up all the same, with the reason instead of a checkpoint."""
    from waibao.audit.checkpointing import checkpoint_write
    from waibao.audit.checkpoints import CheckpointError

    try:
        return checkpoint_write()
    except CheckpointError as error:
        return {"error": str(error)}


def backup_create(*, destination: Path, data_dir: Path, database: dict[str, Any]) -> BackupSummary:
    """Write the archive to ``destination`` (a file, or a directory to put a dated file in)."""
    if destination.is_dir():
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"waibao-backup-{stamp}.tar"
    if destination.exists():
        raise BackupError(f"{destination}: exists; a backup never overwrites a file")
    with tempfile.TemporaryDirectory(prefix="waibao-backup-") as tmp:
        method, dump = _dump_database(database, Path(tmp))
        members = [(f"database/{dump.name}", dump), *_stored_files(data_dir)]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "audit_checkpoint": _audit_checkpoint(),
            "database": {
                "vendor": _vendor(database),
                "method": method,
                "member": f"database/{dump.name}",
            },
            "members": [
                {"name": name, "size": path.stat().st_size, "sha256": _sha256_file(path)}
                for name, path in members
            ],
            "keys": key_fingerprints(),
        }
        partial = destination.with_name(destination.name + ".partial")
        with (
            private_file_create(partial) as handle,
            tarfile.open(fileobj=handle, mode="w") as archive,
        ):
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(destination)
    files = sum(1 for name, _ in members if not name.startswith("database/"))
    return BackupSummary(destination, method, len(members), files)


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (path.parts[0] in (*FILE_DIRECTORIES, "database") if path.parts else False)
    )


def backup_verify(*, source: Path) -> dict[str, Any]:
    """The manifest, once every member is present with its recorded size and SHA-256; raises
    BackupError naming every problem otherwise."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    problems: list[str] = []
    try:
        with tarfile.open(source, "r:") as archive:
            try:
                manifest_file = archive.extractfile("manifest.json")
            except KeyError:
                raise BackupError(f"{source}: no manifest.json; not a Waibao backup") from None
            if manifest_file is None:
                raise BackupError(f"{source}: manifest.json is not a file")
            manifest = json.loads(manifest_file.read().decode("utf-8"))
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{source}: format {manifest.get('format')!r}, need {FORMAT}")
            listed = {m["name"]: m for m in manifest["members"]}
            seen = set()
            for member in archive.getmembers():
                if member.name == "manifest.json":
                    continue
                if member.name not in listed:
                    problems.append(f"{source}: {member.name}: not in the manifest")
                    continue
                if not member.isfile() or not _safe_member_name(member.name):
                    problems.append(f"{source}: {member.name}: not a plain file inside the backup")
                    continue
                seen.add(member.name)
                expected = listed[member.name]
                digest = _sha256_stream(archive.extractfile(member))
                if member.size != expected["size"] or digest.hexdigest() != expected["sha256"]:
                    problems.append(
                        f"{source}: {member.name}: SHA-256 {digest.hexdigest()} does not match "
                        f"the manifest's {expected['sha256']}; the backup is damaged"
                    )
            for name in sorted(set(listed) - seen):
                if not any(p.startswith(f"{source}: {name}:") for p in problems):
                    problems.append(f"{source}: {name}: listed in the manifest but missing")
    except (tarfile.TarError, OSError, ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{source}: unreadable backup archive ({error})") from error
    if problems:
        raise BackupError(problems)
    return manifest


def _database_is_empty(database: dict[str, Any]) -> bool:
    from django.db import connection

    return not connection.introspection.table_names()


def _restore_database(manifest: dict[str, Any], dump: Path, database: dict[str, Any]) -> None:
    method = manifest["database"]["method"]
    vendor = _vendor(database)
    if method in ("sqlite-backup", "pg_dump") and manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the backup holds a {manifest['database']['vendor']} database; the target is {vendor}"
        )
    if method == "sqlite-backup":
        from django.db import connection

        connection.close()
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        target = sqlite3.connect(str(database["NAME"]))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    if method == "pg_dump":
        from django.db import connection

        connection.close()
        pg_restore = shutil.which("pg_restore")
        if not pg_restore:
            raise BackupError("pg_restore is not installed; it is needed to restore this backup")
        args, env = _pg_env(database)
        _run(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *args,
                "--dbname",
                str(database["NAME"]),
                str(dump),
            ],
            env,
        )
        return
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)


def key_fingerprints() -> dict[str, Any]:
    """Which keys the data was written under: the first 16 hex digits of each key's SHA-256
    (never the key). The keys themselves are not in the backup (docs/security.md)."""
    from django.core.exceptions import ImproperlyConfigured

    from waibao import crypto

    def fingerprint(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    try:
        field = [fingerprint(key) for key in crypto.field_keys()]
        index = fingerprint(crypto.index_key())
    except ImproperlyConfigured:
        return {"field": [], "blind_index": ""}
    return {"field": field, "blind_index": index}


def _keys_problems(manifest: dict[str, Any]) -> list[str]:
    """Refuse, before anything is restored, a backup whose encrypted personal data this
    machine's keys cannot read: restored without them, every encrypted field would fail."""
    wanted = manifest.get("keys")
    if not wanted or not wanted.get("field"):
        return []  # a backup from before fingerprints were recorded
    have = key_fingerprints()
    problems = []
    if wanted["field"][0] not in have["field"]:
        problems.append(
            f"the backup's encrypted fields are under field key {wanted['field'][0]}, which "
            f"this machine does not have (it has {', '.join(have['field']) or 'none'}); keys "
            "are deliberately not in backups: copy <data dir>/keys/ from the source machine, or "
            "set WAIBAO_FIELD_KEY / WAIBAO_FIELD_KEY_FILE, then restore again"
        )
    if wanted.get("blind_index") and wanted["blind_index"] != have["blind_index"]:
        problems.append(
            f"the backup's ID-number index is under blind-index key {wanted['blind_index']}, "
            f"this machine's is {have['blind_index'] or 'missing'}; copy <data dir>/keys/ or set "
            "WAIBAO_BLIND_INDEX_KEY / WAIBAO_BLIND_INDEX_KEY_FILE, then restore again"
        )
    return problems


def backup_restore(*, source: Path, data_dir: Path, database: dict[str, Any]) -> BackupSummary:
    manifest = backup_verify(source=source)
    problems = _keys_problems(manifest)
    if not _database_is_empty(database):
        problems.append(
            f"the target database {database['NAME']} is not empty; restore only into a new, "
            "empty database (create one, point DATABASE_URL or --data-dir at it)"
        )
    for directory in FILE_DIRECTORIES:
        target = data_dir / directory
        if target.exists() and any(target.iterdir()):
            problems.append(f"{target}: not empty; restore only into an empty data directory")
    if problems:
        raise BackupError(problems)
    files = 0
    with (
        tempfile.TemporaryDirectory(prefix="waibao-restore-") as tmp,
        tarfile.open(source) as archive,
    ):
        dump_name = manifest["database"]["member"]
        archive.extract(dump_name, path=tmp, filter="data")
        _restore_database(manifest, Path(tmp) / dump_name, database)
        for member in manifest["members"]:
            name = member["name"]
            if name.startswith("database/"):
                continue
            archive.extract(name, path=data_dir, filter="data")
            restored = data_dir / name
            if _sha256_file(restored) != member["sha256"]:
                raise BackupError(f"{restored}: checksum changed while restoring")
            files += 1
    return BackupSummary(source, manifest["database"]["method"], len(manifest["members"]), files)
