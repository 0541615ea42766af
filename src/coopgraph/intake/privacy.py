"""E-mail addresses are personal data: they are used to recognise people
and stored only as a keyed hash (HMAC-SHA256 with ``COOPGRAPH_PSEUDONYM_KEY``,
the key of the report pseudonyms) unless the user asks to keep them. They
never reach a report, map or export: only ``DIR/intake/identities.csv``
holds them."""

from __future__ import annotations

import hashlib
import hmac
import os

_DEFAULT_KEY = "coopgraph-pseudonyms-v1"


def email_hash(email: str, key: str | None = None) -> str:
    """Keyed hash of a normalised e-mail address (hex, 32 characters).

    >>> email_hash("marie.dupont@rennes.fr") == email_hash("marie.dupont@rennes.fr")
    True
    >>> email_hash("a@b.fr", key="k1") != email_hash("a@b.fr", key="k2")
    True
    """
    secret = (key or os.environ.get("COOPGRAPH_PSEUDONYM_KEY") or _DEFAULT_KEY).encode()
    return hmac.new(secret, email.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
