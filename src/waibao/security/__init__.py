"""Security and operations to 等保 2.0 level 3 (GB/T 22239-2019): password policy, lockout,
a second factor for staff, sessions, separation of duties, security events, headers, keys.

Modules: ``passwords`` (validators, expiry), ``lockout``, ``totp`` (second factor and
recovery codes), ``login`` (the two-step sign-in services), ``sessions`` (idle timeout, one
session per staff user), ``events`` (the security event log), ``duties`` (separation of
duties), ``crypto`` (encrypted fields and key rotation), ``backup``.
"""
