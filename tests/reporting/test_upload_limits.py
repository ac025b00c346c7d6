"""Regression (issue 17 item 5): a 304 KB XLSX with one 300 MB cell took the server from 302 MB
to 1.21 GB before it was refused; ``waibao import`` peaked at 1.0 GB. Every file to import (CLI
and web, CSV and XLSX, contracts, executions, enterprises, rosters) is now measured by
``waibao.uploads`` before a parser opens it: its size, and for a zip its members' declared and
actual inflated sizes and ratio. The bombs here are built small against limits lowered by
setting, and the parsers are replaced by tripwires, to prove the refusal comes first."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reporting_factories import CONTRACT_HEADER

from access_world import world  # noqa: F401  (the shared fixture)
from waibao import uploads
from waibao.cli import main

MIB = 1024 * 1024


@pytest.fixture
def small_limits(settings):
    settings.WAIBAO_UPLOAD_MAX_BYTES = 1 * MIB
    settings.WAIBAO_IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * MIB
    settings.WAIBAO_IMPORT_MAX_RATIO = 200
    return settings


@pytest.fixture
def no_parser(monkeypatch):
    """Tripwires: any workbook parser opening the file fails the test."""
    import openpyxl
    import python_calamine

    def tripped(*args, **kwargs):
        raise AssertionError("a parser opened the file before the size check")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", tripped)
    monkeypatch.setattr(openpyxl, "load_workbook", tripped)


def bomb_xlsx(cell_bytes: int) -> bytes:
    """A real workbook (the contracts header) whose sheet holds one inline-string cell of
    ``cell_bytes`` repeated letters, as the attacker's was: spreadsheet programs cap a cell at
    32,767 characters, a hand-written sheet does not."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(CONTRACT_HEADER)
    packed = io.BytesIO()
    book.save(packed)
    out = io.BytesIO()
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as to:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
                cell += b"A" * cell_bytes + b"</t></is></c></row></sheetData>"
                data = data.replace(b"</sheetData>", cell, 1)
            to.writestr(member, data)
    return out.getvalue()


def lying_zip(actual: int, declared: int) -> bytes:
    """A zip whose headers say a member holds ``declared`` bytes while it inflates to
    ``actual``: the declared-size check alone would pass it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * actual)
    data = bytearray(out.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 9] == b"xl/worksh":
                struct.pack_into("<I", data, start + offset, declared)
            start += 4
    return bytes(data)


def test_a_bomb_is_refused_by_its_declared_size_before_any_parser(
    small_limits, no_parser, tmp_path
):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb_xlsx(8 * MIB))
    assert path.stat().st_size < 200_000  # a few KB on disk
    tracemalloc.start()
    with pytest.raises(uploads.FileRefused, match=r"unpacks to 8\.0 MiB, over the limit of 4\.0"):
        uploads.import_file_check(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < MIB  # nothing inflated


def test_a_member_inflating_far_more_than_its_size_is_refused_by_its_ratio(
    small_limits, no_parser, tmp_path
):
    path = tmp_path / "ratio.xlsx"
    path.write_bytes(bomb_xlsx(3 * MIB))  # under the total, but ~1000 times its packed size
    with pytest.raises(uploads.FileRefused, match="more than 200 times"):
        uploads.import_file_check(path)


def test_a_forged_declared_size_is_caught_while_inflating_in_chunks(small_limits, tmp_path):
    path = tmp_path / "forged.xlsx"
    path.write_bytes(lying_zip(actual=16 * MIB, declared=1000))
    tracemalloc.start()
    with pytest.raises(uploads.FileRefused):
        uploads.import_file_check(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * MIB


def test_an_ordinary_workbook_and_csv_pass(small_limits, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(bomb_xlsx(1000))
    uploads.import_file_check(path)
    csv_path = tmp_path / "ok.csv"
    csv_path.write_text("a\n" * 1000)
    uploads.import_file_check(csv_path)


def test_a_csv_over_the_uncompressed_limit_is_refused(small_limits, tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (4 * MIB + 1))
    with pytest.raises(uploads.FileRefused, match=r"over the limit of 4\.0 MiB"):
        uploads.import_file_check(path)


@pytest.mark.parametrize("kind", ["enterprises", "contracts", "executions"])
def test_waibao_import_refuses_a_bomb_with_a_row_precise_line_and_exit_1(
    db, small_limits, no_parser, tmp_path, capsys, kind
):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb_xlsx(8 * MIB))
    assert main(["import", kind, str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:0:-: the workbook unpacks to 8.0 MiB")
    assert err[-1] == f"{path}: refused, nothing imported"


def test_the_report_upload_refuses_a_bomb_and_an_oversized_file(
    client,
    world,  # noqa: F811  (the shared fixture, by name)
    small_limits,
    no_parser,
):
    from waibao.reporting.models import Contract

    before = Contract.objects.count()
    client.force_login(world.users["enterprise"])
    bomb = SimpleUploadedFile("bomb.xlsx", bomb_xlsx(8 * MIB))
    response = client.post("/api/report/upload", {"contracts": bomb})
    assert response.status_code == 400, response.content[:300]
    assert "unpacks to 8.0 MiB" in response.content.decode()
    big = SimpleUploadedFile("big.csv", b"x" * (MIB + 1))
    response = client.post("/api/report/upload", {"contracts": big})
    assert response.status_code == 400
    assert "over the limit of 1.0 MiB" in response.content.decode()
    assert Contract.objects.count() == before


def test_a_roster_bomb_is_refused_before_openpyxl(db, small_limits, no_parser, tmp_path):
    from waibao.talent.roster import RosterError, roster_import, roster_providers

    path = tmp_path / "roster.xlsx"
    path.write_bytes(bomb_xlsx(8 * MIB))
    with pytest.raises(RosterError, match=r"roster\.xlsx:0:-: the workbook unpacks"):
        roster_import(path, display_name="roster.xlsx")
    with pytest.raises(RosterError):
        roster_providers(path)


def test_an_upload_is_cut_off_while_copied(small_limits, tmp_path):
    target = tmp_path / "copy"
    with pytest.raises(uploads.FileRefused):
        uploads.upload_save(iter([b"x" * MIB, b"x"]), target)
    assert not Path(target).exists()
    assert uploads.upload_save(iter([b"x" * MIB]), target) == MIB
