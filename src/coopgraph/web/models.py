"""Accounts' role and territory, and the audit log of every write."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROLES = ("national", "crpv", "readonly")


class Profile(models.Model):
    """The role of an account and, for a CRPV or a read-only account, its
    territory: a CRPV id of the data (``crpv-normanvilles``) or a région
    code (``28``); empty for national accounts (and read-only national
    observers)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=16, choices=[(r, r) for r in ROLES])
    territory = models.CharField(max_length=100, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.role}:{self.territory or '-'}"


class AuditEntry(models.Model):
    """One write: who, when, what (never a person's name)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"


def audit(who: str, action: str, **detail: object) -> AuditEntry:
    """Record one write in the audit log."""
    return AuditEntry.objects.create(username=who, action=action, detail=detail)
