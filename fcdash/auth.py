"""Who may edit: the passcode hash, and the allow-list for OpenID Connect sign-in. No Streamlit here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ITERATIONS = 310_000  # PBKDF2-SHA256, as OWASP advises
DEMO_PASSCODE = "demo"  # accepted only on the demo workbook while no passcode of the centre's own is set


def hash_passcode(passcode: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """A storable hash: pbkdf2_sha256$iterations$salt$hash (base64)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", passcode.encode(), salt, iterations)
    return "$".join(["pbkdf2_sha256", str(iterations), base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def check_passcode(passcode: str, stored: str) -> bool:
    """Whether ``passcode`` matches ``stored`` (a hash_passcode result), in constant time."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.pbkdf2_hmac("sha256", passcode.encode(), base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def is_allowed(email: str | None, editors: tuple[str, ...]) -> bool:
    return bool(email) and email.strip().lower() in editors
