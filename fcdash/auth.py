"""Who may edit: the passcode hash, and the allow-list for OpenID Connect sign-in. No Streamlit here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

import filelock

from fcdash.files import write_atomically

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


class Lockout:
    """Failed passcode tries for the whole server, kept in a file so that they hold across
    sessions, browsers and restarts: after ``max_tries`` within ``window`` seconds, nobody may
    try until the oldest of them is older than the window."""

    def __init__(self, path: str | os.PathLike, max_tries: int, window: float):
        self.path, self.max_tries, self.window = Path(path), max_tries, window
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=10)

    def _recent(self, now: float) -> list[float]:
        try:
            tries = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return []
        return [t for t in tries if isinstance(t, (int, float)) and now - self.window < t <= now]

    def wait(self, now: float | None = None) -> float:
        """Seconds until a try is allowed again; 0 when it is now."""
        now = time.time() if now is None else now
        recent = sorted(self._recent(now))
        return 0.0 if len(recent) < self.max_tries else recent[-self.max_tries] + self.window - now

    def failed(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            write_atomically(self.path, json.dumps([*self._recent(now), now]).encode())

    def succeeded(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)


# --- remembered devices ----------------------------------------------------------------------------
# After a correct passcode the browser keeps a signed token (never the passcode): an expiry and a
# random device id, signed with HMAC-SHA256 under a key derived from the passcode's hash and a
# server secret. A new passcode hash or a new secret makes every token ever issued worthless.

def server_secret(path: str | os.PathLike) -> bytes:
    """The server's secret for signing device tokens, made (readable by its owner only) on first use;
    a missing or damaged one is made anew, which signs every remembered device out."""
    path = Path(path)
    with filelock.FileLock(str(path) + ".lock", timeout=10):
        try:
            secret = bytes.fromhex(path.read_text().strip())
        except (FileNotFoundError, ValueError):
            secret = b""
        if len(secret) < 32:
            secret = secrets.token_bytes(32)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)  # also when a damaged file with wider permissions was there
            with os.fdopen(fd, "w") as out:
                out.write(secret.hex())
    return secret


def device_key(passcode_hash: str, secret: bytes) -> bytes:
    """The key device tokens are signed with: it changes when the passcode (its hash) or the secret does."""
    return hmac.new(secret, b"fcdash device sign-in\0" + passcode_hash.encode(), hashlib.sha256).digest()


def _signature(key: bytes, payload: str) -> str:
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue_device_token(key: bytes, expires: float) -> str:
    """A token for a new device, valid until ``expires`` (seconds since the epoch): expiry.device.signature."""
    payload = f"{int(expires)}.{secrets.token_urlsafe(16)}"
    return f"{payload}.{_signature(key, payload)}"


def check_device_token(token: str | None, key: bytes, now: float, max_age: float) -> bool:
    """Whether ``token`` was signed with ``key`` and is still valid: not expired, and not valid for
    longer than ``max_age`` seconds from now (a shorter period set since applies to old tokens too)."""
    try:
        expires, device, signature = (token or "").split(".")
        valid_until = int(expires)
    except ValueError:
        return False
    if not device or not hmac.compare_digest(signature.encode(), _signature(key, f"{expires}.{device}").encode()):
        return False
    return now < valid_until <= now + max_age
