"""Headers and registered enterprises shared by the reporting import tests (a module of
its own, not conftest, so that its name cannot collide with another test folder's)."""

from __future__ import annotations

from waibao.registry.validation import uscc_check_character

CONTRACT_HEADER = [
    "contract_id",
    "uscc",
    "client_name",
    "client_country",
    "category",
    "signed_date",
    "amount",
    "currency",
]
EXECUTION_HEADER = [
    "execution_id",
    "contract_id",
    "uscc",
    "execution_date",
    "amount",
    "currency",
    "receipt_ref",
]


def make_uscc(serial: int, authority: str = "9") -> str:
    first17 = f"{authority}1330106MA{serial:07d}"
    return first17 + uscc_check_character(first17)


USCC_1, USCC_2, UNREGISTERED = make_uscc(1), make_uscc(2, "N"), make_uscc(99)
