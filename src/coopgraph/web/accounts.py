"""Accounts of the workspace (``coopgraph users``): add, list, remove and
change a password. Passwords are hashed by Django (PBKDF2 by default) and
checked by its validators; every change is written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from coopgraph.errors import InputError
from coopgraph.web.models import ROLES, Profile, audit


@dataclass(frozen=True)
class AccountInfo:
    username: str
    role: str
    territory: str
    last_login: str


def cli_user() -> str:
    """Who runs ``coopgraph users`` (for the audit log): ``cli:LOGIN``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _check_password(password: str, user=None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InputError("password refused: " + " ".join(exc.messages)) from None


def add_account(
    username: str, password: str, role: str, territory: str = "", *, by: str | None = None
) -> None:
    """Create an account; a CRPV account needs a territory, a national one has none."""
    if role not in ROLES:
        raise InputError(f"unknown role '{role}' (one of {', '.join(ROLES)})")
    if role == "crpv" and not territory:
        raise InputError("a CRPV account needs --territory (a CRPV id of the data or a région)")
    if role == "national" and territory:
        raise InputError("a national account has no territory")
    User = get_user_model()
    if not username or len(username) > 150:
        raise InputError("give a username (at most 150 characters)")
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise InputError(f"account '{username}' exists already")
        user = User(username=username)
        _check_password(password, user)
        user.set_password(password)
        user.save()
        Profile.objects.create(user=user, role=role, territory=territory)
        audit(by or cli_user(), "account.add", username=username, role=role, territory=territory)


def list_accounts() -> list[AccountInfo]:
    User = get_user_model()
    out = []
    for user in User.objects.select_related("profile").order_by("username"):
        profile = getattr(user, "profile", None)
        out.append(
            AccountInfo(
                user.username,
                profile.role if profile else "-",
                profile.territory if profile else "",
                f"{user.last_login:%Y-%m-%d %H:%M}" if user.last_login else "-",
            )
        )
    return out


def remove_account(username: str, *, by: str | None = None) -> None:
    User = get_user_model()
    with transaction.atomic():
        deleted, _ = User.objects.filter(username=username).delete()
        if not deleted:
            raise InputError(f"no account '{username}'")
        audit(by or cli_user(), "account.remove", username=username)


def set_password(username: str, password: str, *, by: str | None = None) -> None:
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise InputError(f"no account '{username}'")
        _check_password(password, user)
        user.set_password(password)
        user.save()
        audit(by or cli_user(), "account.passwd", username=username)
