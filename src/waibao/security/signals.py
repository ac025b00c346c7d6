"""Permission and role changes become security events, however they are made (admin, shell,
services): a user's Profile role or scope, staff/superuser/active flags, groups and
permissions. Receivers only record; they never decide anything."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from waibao.accounts.models import Profile
from waibao.security.events import security_event_record
from waibao.security.passwords import password_history_record

User = get_user_model()
USER_FLAGS = ("is_staff", "is_superuser", "is_active")
PROFILE_FIELDS = ("role", "organisation_id", "region_id")


def _target(user: Any) -> tuple[str, object]:
    return ("auth.user", user.pk)


def _touches_flags(kwargs: dict[str, Any]) -> bool:
    fields = kwargs.get("update_fields")
    return fields is None or bool(set(fields) & set(USER_FLAGS))


@receiver(pre_save, sender=User, dispatch_uid="security_user_flags_before")
def _remember_user_flags(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw") or not _touches_flags(kwargs):
        instance._security_flags_before = None
        return
    instance._security_flags_before = (
        sender._default_manager.filter(pk=instance.pk).values(*USER_FLAGS).first()
    )


@receiver(post_save, sender=User, dispatch_uid="security_user_flags_after")
def _record_user_changes(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata (a restore) replays history, it does not make it
        return
    before = getattr(instance, "_security_flags_before", None)
    if created:
        changes = {f: [None, True] for f in ("is_staff", "is_superuser") if getattr(instance, f)}
    elif before:
        changes = {
            flag: [before[flag], getattr(instance, flag)]
            for flag in USER_FLAGS
            if before[flag] != getattr(instance, flag)
        }
    else:
        changes = {}
    if changes:
        security_event_record(
            kind="permission.changed",
            username=instance.get_username(),
            target=_target(instance),
            detail=changes,
        )
    fields = kwargs.get("update_fields")
    if fields is None or "password" in fields:
        password_history_record(instance)


@receiver(pre_save, sender=Profile, dispatch_uid="security_profile_before")
def _remember_profile(sender: Any, instance: Profile, **kwargs: Any) -> None:
    instance._security_before = (
        Profile.objects.filter(pk=instance.pk).values(*PROFILE_FIELDS).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Profile, dispatch_uid="security_profile_after")
def _record_profile(sender: Any, instance: Profile, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_security_before", None) or {}
    changes = {
        field: [before.get(field), getattr(instance, field)]
        for field in PROFILE_FIELDS
        if before.get(field) != getattr(instance, field)
    }
    if changes:
        security_event_record(
            kind="role.changed",
            username=instance.user.get_username(),
            target=_target(instance.user),
            detail={"created": created, **changes},
        )


@receiver(post_delete, sender=Profile, dispatch_uid="security_profile_deleted")
def _record_profile_deleted(sender: Any, instance: Profile, **kwargs: Any) -> None:
    security_event_record(
        kind="role.changed",
        target=("auth.user", instance.user_id),
        detail={"role": [instance.role, None]},
    )


def _record_m2m(kind: str, relation: str) -> Any:
    def receiver_function(
        sender: Any,
        instance: Any,
        action: str,
        reverse: bool,
        pk_set: Any,
        model: Any,
        **kwargs: Any,
    ) -> None:
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        ids = sorted(pk_set or [])
        if reverse:  # group.user_set.add(user): the instance is the group or permission
            for user in User._default_manager.filter(pk__in=ids):
                security_event_record(
                    kind=kind,
                    username=user.get_username(),
                    target=_target(user),
                    detail={relation: {action.removeprefix("post_"): [str(instance)]}},
                )
            return
        names = [str(obj) for obj in model._default_manager.filter(pk__in=ids)]
        security_event_record(
            kind=kind,
            username=instance.get_username(),
            target=_target(instance),
            detail={relation: {action.removeprefix("post_"): names}},
        )

    return receiver_function


_groups_changed = _record_m2m("permission.changed", "groups")
_permissions_changed = _record_m2m("permission.changed", "user_permissions")
m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="security_groups")
m2m_changed.connect(
    _permissions_changed, sender=User.user_permissions.through, dispatch_uid="security_perms"
)
