"""bandit without its false warnings: ``python .ci/bandit_quiet.py ARGS`` runs ``bandit ARGS``.

bandit warns "nosec encountered (BXXX), but no failed test" for a ``# nosec BXXX`` line whose
finding IS suppressed, whenever the line holds more AST nodes than the one the test fires on
(an f-string's parts, a call inside a call, a dict literal over several lines): PyCQA/bandit
issues #1204, #942 and #1041, open; fix proposed in PyCQA/bandit#1362. Those lines (about
30 on this code) bury real output, so this drops exactly that message and nothing else:
findings, errors and every other warning still print, and the exit status is bandit's.
"""

from __future__ import annotations

import logging
import sys

from bandit.cli.main import main

FALSE_WARNING = "but no failed test"


class _DropFalseNosecWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("nosec encountered") and FALSE_WARNING in message)


logging.getLogger("bandit.core.tester").addFilter(_DropFalseNosecWarning())

if __name__ == "__main__":
    sys.argv[0] = "bandit"
    sys.exit(main())
