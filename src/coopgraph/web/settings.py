"""Django configured in code (no settings module): ``configure(state_dir)``.

Everything the server keeps lives under the state directory: ``web.sqlite3``
(accounts, sessions, login attempts, audit log) and ``secret_key`` (created
once, readable by its owner only, unless ``COOPGRAPH_SECRET_KEY`` or
``COOPGRAPH_SECRET_KEY_FILE`` is set). Secrets never come from the command
line.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from coopgraph.errors import InputError

#: failed logins allowed per username and address before a lock-out
FAILURE_LIMIT = 5
#: how long a lock-out lasts
COOLOFF = timedelta(minutes=15)


def read_secret_key(state_dir: Path) -> str:
    """The Django secret key: ``COOPGRAPH_SECRET_KEY``, else the file named
    by ``COOPGRAPH_SECRET_KEY_FILE``, else ``STATE/secret_key`` (created on
    first use with mode 0600)."""
    if os.environ.get("COOPGRAPH_SECRET_KEY"):
        return os.environ["COOPGRAPH_SECRET_KEY"]
    path = Path(os.environ.get("COOPGRAPH_SECRET_KEY_FILE") or state_dir / "secret_key")
    if not path.exists() and "COOPGRAPH_SECRET_KEY_FILE" not in os.environ:
        state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(50))
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the secret key ({exc.strerror})") from None
    if len(key) < 32:
        raise InputError(f"{path}: the secret key is too short (at least 32 characters)")
    return key


def configure(
    state_dir: Path,
    *,
    debug: bool = False,
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]"),
    secure_cookies: bool = False,
    fast_hashing: bool = False,
) -> None:
    """Configure Django once for this process and set it up.

    ``fast_hashing`` (tests and benchmarks only) swaps the password hasher
    for a fast one; the server always uses Django's default (PBKDF2)."""
    import django
    from django.conf import settings

    if settings.configured:
        return
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    extra = {}
    if fast_hashing:
        extra["PASSWORD_HASHERS"] = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.configure(
        DEBUG=debug,
        SECRET_KEY=read_secret_key(state_dir),
        ALLOWED_HOSTS=list(allowed_hosts),
        ROOT_URLCONF="coopgraph.web.urls",
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "axes",
            "coopgraph.web",
        ],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "coopgraph.web.middleware.content_security_policy",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            # after authentication, as django-axes asks
            "axes.middleware.AxesMiddleware",
        ],
        AUTHENTICATION_BACKENDS=[
            # first, so that a locked-out login never reaches the password check
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(state_dir / "web.sqlite3"),
                "OPTIONS": {
                    # concurrent writers wait instead of failing
                    "timeout": 20,
                    "transaction_mode": "IMMEDIATE",
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                },
            }
        },
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.template.context_processors.csrf",
                        "django.contrib.auth.context_processors.auth",
                        "coopgraph.web.views.workspace_context",
                    ]
                },
            }
        ],
        AUTH_PASSWORD_VALIDATORS=[
            {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
            {
                "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
                "OPTIONS": {"min_length": 10},
            },
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
            {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
        ],
        LOGIN_URL="login",
        LOGIN_REDIRECT_URL="dashboard",
        LOGOUT_REDIRECT_URL="login",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        CSRF_COOKIE_SECURE=secure_cookies,
        CSRF_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_AGE=8 * 3600,
        X_FRAME_OPTIONS="DENY",
        SECURE_CONTENT_TYPE_NOSNIFF=True,
        SECURE_REFERRER_POLICY="same-origin",
        USE_TZ=True,
        TIME_ZONE="Europe/Paris",
        USE_I18N=False,
        # ISO dates on every page, in both languages (as the reports print
        # them): the locale's formats win over DATE_FORMAT, hence a module
        DATE_FORMAT="Y-m-d",
        DATETIME_FORMAT="Y-m-d H:i",
        FORMAT_MODULE_PATH=["coopgraph.web.formats"],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        DATA_UPLOAD_MAX_MEMORY_SIZE=10 * 1024 * 1024,
        FILE_UPLOAD_MAX_MEMORY_SIZE=10 * 1024 * 1024,
        AXES_FAILURE_LIMIT=FAILURE_LIMIT,
        AXES_COOLOFF_TIME=COOLOFF,
        AXES_LOCKOUT_PARAMETERS=[["username", "ip_address"]],
        AXES_RESET_ON_SUCCESS=True,
        AXES_LOCKOUT_TEMPLATE="web/locked.html",
        AXES_VERBOSE=False,
        LOGGING={
            "version": 1,
            "disable_existing_loggers": False,
            # django-axes logs usernames of failed logins: keep them out
            "loggers": {"axes": {"level": "ERROR"}},
        },
        **extra,
    )
    django.setup()


def migrate() -> None:
    """Create or update the state database (quietly)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
