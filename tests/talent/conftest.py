"""Fixtures of tests/talent, defined in talent_support: a module name no other test folder
uses, so test files import its helpers without picking up another folder's conftest."""

from talent_support import *  # noqa: F403
