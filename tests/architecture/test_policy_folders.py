"""No file of the core names a jurisdiction: a policy text lives in its folder (issue 18).

A bureau's next text becomes live by adding ``src/waibao/policies/<slug>/``; that holds only if
nothing outside the folders knows the five texts by name. This test greps every text file under
``src/waibao`` (code, templates, YAML, CSV, JSON, JavaScript …), as CI does, for each
jurisdiction's slug (as a word, any case: ``datong``, ``Datong``, ``DATONG``) and its Chinese
place name (``大同``), and lists every ``file:line`` that names one.

Where a name may stand (decision 0026, "Grep check"):

- ``policies/``: each text's own folder;
- ``migrations/``: history, frozen as it was written;
- ``demo/``: the demo data set, which places its organisations in the five jurisdictions;
- ``locale/``: translation catalogues, generated from the code and its old strings;
- ``data/regions.csv``: the national GB/T 2260 table, which names every region of China;
- ``static/vendor/``: third-party libraries copied in (not in git), not Waibao's code.
"""

from __future__ import annotations

import re
from pathlib import Path

from waibao import jurisdictions

SRC = Path(__file__).parents[2] / "src" / "waibao"

EXCLUDED_DIRECTORIES = ("policies", "migrations", "demo", "locale", "__pycache__")
EXCLUDED_PATHS = (
    "data/regions.csv",  # GB/T 2260: every region of China, by law and by name
    "portal/static/vendor/",  # third-party libraries (echarts' maps name every city)
)

# Files allowed to name a jurisdiction for now: none since issue 18's data moved into the
# policy folders. A file listed here that no longer names one fails
# ``test_the_allow_list_names_only_files_that_need_it``.
ALLOWED_FOR_NOW: tuple[str, ...] = ()


def _names() -> dict[str, re.Pattern[str]]:
    """Each jurisdiction's slug (a word, any case) and its place name without 市/省 (大同),
    from the catalogue: a sixth folder is guarded the moment it exists."""
    found: dict[str, re.Pattern[str]] = {}
    for jurisdiction in jurisdictions.jurisdictions():
        slug = re.escape(jurisdiction.slug)
        place = re.escape(jurisdiction.name_zh.rstrip("市省"))
        found[jurisdiction.slug] = re.compile(
            rf"(?<![A-Za-z]){slug}(?![A-Za-z])|{place}", re.IGNORECASE
        )
    return found


def _core_files() -> list[Path]:
    files = []
    for path in sorted(SRC.rglob("*")):
        relative = path.relative_to(SRC).as_posix()
        if not path.is_file() or set(path.relative_to(SRC).parts[:-1]) & set(EXCLUDED_DIRECTORIES):
            continue
        if any(relative.startswith(excluded) for excluded in EXCLUDED_PATHS):
            continue
        files.append(path)
    return files


def _text(path: Path) -> str | None:
    """The file's text, or None for a binary file (images, fonts, compiled catalogues)."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _naming_lines() -> dict[str, list[str]]:
    """``{relative path: ["path:line: text", ...]}`` of every core line naming a jurisdiction."""
    patterns = _names()
    found: dict[str, list[str]] = {}
    for path in _core_files():
        text = _text(path)
        if text is None:
            continue
        relative = path.relative_to(SRC).as_posix()
        for number, line in enumerate(text.splitlines(), start=1):
            named = [slug for slug, pattern in patterns.items() if pattern.search(line)]
            if named:
                found.setdefault(relative, []).append(
                    f"src/waibao/{relative}:{number}: {', '.join(named)}: {line.strip()[:120]}"
                )
    return found


def _allowed(relative: str) -> bool:
    return any(
        relative == entry or (entry.endswith("/") and relative.startswith(entry))
        for entry in ALLOWED_FOR_NOW
    )


def test_the_catalogue_gives_the_names_to_look_for():
    names = _names()
    assert len(names) >= 5
    assert all(pattern.search(slug.upper()) for slug, pattern in names.items())


def test_no_core_file_names_a_jurisdiction():
    offending = [
        line
        for relative, lines in _naming_lines().items()
        if not _allowed(relative)
        for line in lines
    ]
    assert not offending, (
        "these lines name a jurisdiction outside its policy folder (move what they know into "
        "src/waibao/policies/<slug>/ and ask waibao.jurisdictions):\n" + "\n".join(offending)
    )


def test_the_allow_list_names_only_files_that_need_it():
    naming = _naming_lines()
    stale = [
        entry
        for entry in ALLOWED_FOR_NOW
        if not any(
            relative == entry or (entry.endswith("/") and relative.startswith(entry))
            for relative in naming
        )
    ]
    assert not stale, f"no longer naming a jurisdiction, remove from ALLOWED_FOR_NOW: {stale}"


def test_a_folder_added_later_is_a_jurisdiction_of_the_facts_and_the_region_lookups(tmp_path):
    """The core's tables are views of the catalogue, not copies taken at import: a folder found
    through WAIBAO_POLICY_PATH after start-up is a valid ``jurisdiction`` of a facts record
    and the text of its region's organisations."""
    from waibao.facts.from_db import jurisdiction_of
    from waibao.facts.schema import SCALARS

    folder = tmp_path / "sixth"
    folder.mkdir()
    (folder / "policy.yaml").write_text(
        "slug: sixth\norder: 60\nlevel: city\nregion: '9901'\nname: {zh: 六市, en: Sixth}\n",
        encoding="utf-8",
    )
    check = SCALARS["jurisdiction"]
    with jurisdictions.extra_policy_path(tmp_path):
        assert check("sixth") == "sixth"
        assert jurisdiction_of("990102") == "sixth"
        assert jurisdictions.name("sixth", "en") == "Sixth"
    assert jurisdiction_of("990102") is None
