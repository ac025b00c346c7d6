"""The one place personal data is decrypted. Everything else handles ``Person`` rows and
masks; clear values leave this module only through the logged services (reveal, export)."""

from __future__ import annotations

from dataclasses import dataclass

from waibao import crypto
from waibao.talent.identity import mask_id_number, mask_name, mask_phone
from waibao.talent.models import Person


@dataclass(frozen=True)
class Identity:
    id_number: str
    name: str
    phone: str


def person_identity(person: Person) -> Identity:
    return Identity(
        id_number=crypto.decrypt(person.id_number_encrypted),
        name=crypto.decrypt(person.name_encrypted),
        phone=crypto.decrypt(person.phone_encrypted) if person.phone_encrypted else "",
    )


def person_masked(person: Person | None) -> dict[str, object]:
    """What any page or response may show of a person."""
    if person is None:
        return {"person_id": None, "id_number": "", "name": "(已删除)", "phone": ""}
    identity = person_identity(person)
    return {
        "person_id": person.pk,
        "id_number": mask_id_number(identity.id_number),
        "name": mask_name(identity.name),
        "phone": mask_phone(identity.phone) if identity.phone else "",
    }
