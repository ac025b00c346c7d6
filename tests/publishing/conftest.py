"""Fixtures of tests/publishing, defined in publishing_support: a module name no other test folder
uses, so test files import its helpers without picking up another folder's conftest."""

from publishing_support import *  # noqa: F403
from publishing_support import _data_dir  # noqa: F401 (autouse fixtures)
