"""Which policy folders state development targets, and the readings they declare: the light
part of ``waibao.stats.targets`` that the CLI needs to build ``waibao stats targets``'s
options (``--jurisdiction``'s help, one ``--<slug>-reading`` flag per folder with readings)
without importing the statistics engine."""

from __future__ import annotations

from waibao import policy_files

TARGETS_FILE_NAME = "targets.yaml"


def target_jurisdictions() -> tuple[str, ...]:
    """The jurisdictions whose folder states development targets, in the catalogue's order."""
    return policy_files.slugs_with(TARGETS_FILE_NAME)


def reading_choices() -> dict[str, tuple[tuple[str, ...], str]]:
    """For each folder that declares readings: the choices its ``--<slug>-reading`` flag
    takes and the flag's help, from its ``targets.yaml``."""
    found: dict[str, tuple[tuple[str, ...], str]] = {}
    for jurisdiction, data in policy_files.read_all(TARGETS_FILE_NAME):
        readings = data.get("readings") or {}
        if not readings:
            continue
        choices: list[str] = []
        helps = []
        for reading in readings.values():
            choices.extend(c for c in reading["choices"] if c not in choices)
            if reading.get("help"):
                helps.append(str(reading["help"]))
        found[jurisdiction.slug] = (tuple(choices), "; ".join(helps))
    return found
