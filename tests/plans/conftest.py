"""Fixtures of tests/plans, defined in plans_support: a module name no other test folder
uses, so test files import its helpers without picking up another folder's conftest."""

from plans_support import *  # noqa: F403
from plans_support import _data_dir  # noqa: F401 (autouse fixtures)
