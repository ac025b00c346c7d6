"""Security records: password history, login failures and lockouts, second-factor devices,
recovery codes and the active session of each staff user. Security events and configuration
changes are audit records (waibao.audit): one append-only, hash-chained trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao.audit.models import AuditRecord
from waibao.crypto import EncryptedTextField


class PasswordHistory(models.Model):
    """The hash of each password a user has had; the newest row is the current password and
    dates it for expiry. Hashes only, never the password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password_hash = models.CharField(max_length=256)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")


class LoginFailure(models.Model):
    """One failed sign-in, counted per username and per client address for lockout."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=45, db_index=True)
    failed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("登录失败")
        verbose_name_plural = _("登录失败")


class Lockout(models.Model):
    class Kind(models.TextChoices):
        USERNAME = "username", _("用户名")
        IP_ADDRESS = "ip", _("IP地址")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=150)
    locked_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "locked_until"])]
        verbose_name = _("账户锁定")
        verbose_name_plural = _("账户锁定")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} → {self.locked_until:%Y-%m-%d %H:%M}"


class TOTPDevice(models.Model):
    """A time-based one-time password authenticator (RFC 6238). The shared secret is stored
    encrypted; ``last_used_step`` refuses a code used a second time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A single-use recovery code, stored as a SHA-256 digest (the codes are random 50-bit
    values, so a fast digest is enough; they are shown once, at enrolment)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")


class ActiveSession(models.Model):
    """The one session a staff user may hold when WAIBAO_ONE_SESSION_PER_STAFF is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="active_session"
    )
    session_key = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("活动会话")
        verbose_name_plural = _("活动会话")


class SecurityEventRecord(AuditRecord):
    """The security events of the audit log (actions ``security.*``): a proxy, so the admin can
    list, filter and export them apart from the funds trail. Written by
    ``waibao.security.events.security_event_record`` through ``waibao.audit.services``."""

    class Meta:
        proxy = True
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
