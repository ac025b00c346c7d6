"""Security records: password history, login failures and lockouts, second-factor devices,
recovery codes, the active session of each staff user, configuration changes (separation of
duties) and the security event log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waibao.security.crypto import EncryptedTextField


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


class AppendOnlyModel(models.Model):
    """Rows are written once: the application refuses updates and deletes (the database
    triggers of the migrations refuse them too, except the retention purge)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{type(self).__name__} rows cannot be deleted")


class ConfigurationChange(AppendOnlyModel):
    """Who configured what: a fund, a budget, a policy parameter. ``waibao.security.duties``
    reads it to keep configuration and payment approval in different hands."""

    subject_type = models.CharField(_("对象类型"), max_length=100)
    subject_id = models.CharField(_("对象标识"), max_length=100)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="configuration_changes",
        verbose_name=_("配置人"),
    )
    changed_at = models.DateTimeField(_("时间"), default=timezone.now)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = _("配置变更")
        verbose_name_plural = _("配置变更")

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} by {self.changed_by_id}"


class SecurityEvent(AppendOnlyModel):
    """A security event: sign-ins, sign-outs, failures, lockouts, role and permission changes,
    personal-data exports, parameter changes. Kept at least 180 days (网络安全法 第二十一条)."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")
        INFO = "info", _("记录")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事件"), max_length=60, db_index=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True, db_index=True)
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip_address = models.CharField(_("IP地址"), max_length=45, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"
