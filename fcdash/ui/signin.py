"""Who may edit: signed in with OpenID Connect and on the allow-list, or past the passcode."""

from __future__ import annotations

import hashlib
import json
import math
import time

import streamlit as st

from fcdash import auth
from fcdash.config import Config
from fcdash.ui import data
from fcdash.ui.session import config, t

EDITOR = "_fcdash_editor"  # session key set only by a correct passcode (its passcode_mark); no widget uses it
OUTCOME = "_fcdash_sign_in_outcome"  # the last try's outcome in this session, for its message
TRY = "_fcdash_sign_in_try"  # a passcode submitted, checked in the run its submission starts, below the form
DEVICE = "_fcdash_device"  # for the next run: a token for this device's cookie, or "" to forget the device
SIGNED_OUT = "_fcdash_signed_out"  # signed out in this session: the cookie it was opened with counts no more
COOKIE = "fcdash_editor"  # the remembered device's signed token (never the passcode)
MAX_TRIES, LOCKOUT_SECONDS = 5, 60
DAY = 24 * 60 * 60


def is_editor() -> bool:
    """Signed in with OpenID Connect and on the allow-list, or past the passcode: in this session,
    or on this device within the period the centre set and since the passcode last changed."""
    cfg = config()
    if cfg.oidc:
        return bool(st.user.is_logged_in) and auth.is_allowed(st.user.get("email"), cfg.editors)
    mark = _current_mark(cfg)
    if mark is None:
        return False
    if st.session_state.get(EDITOR) == mark:  # signed in under the passcode configured now
        return True
    if not st.session_state.get(SIGNED_OUT) and _remembered_device(cfg):
        st.session_state[EDITOR] = mark
        return True
    return False


def passcode_mark(passcode_hash: str) -> str:
    """What a correct passcode leaves in the session: which passcode it was. A new passcode
    (a new hash in the configuration, read on every run) so signs out the sessions open now too."""
    return hashlib.sha256(b"fcdash session\0" + passcode_hash.encode()).hexdigest()


def _current_mark(cfg: Config) -> str | None:
    passcode = _passcode_in_force(cfg)
    return passcode_mark(passcode) if passcode else None


def _passcode_in_force(cfg: Config) -> str | None:
    """The passcode's hash that signs in now, or the word "demo" on the demo: the demo passcode's
    hash gets a new salt at each start, so the demo's sessions and device tokens are bound to the
    demo instead. They hold across restarts and end when the centre sets a passcode of its own."""
    return cfg.passcode_hash or ("demo" if is_demo(cfg) else None)


def _remembered_device(cfg: Config) -> bool:
    """The browser sent a device token, valid under the passcode configured now."""
    token = st.context.cookies.get(COOKIE)  # those sent when this session's connection opened
    if not token or not cfg.remember_days:
        return False
    key = _device_key(cfg)
    return key is not None and auth.check_device_token(token, key, time.time(), cfg.remember_days * DAY)


def _device_key(cfg: Config) -> bytes | None:
    """The key device tokens are signed with: a new passcode hash (or a new server secret) changes
    it and so signs every remembered device out."""
    passcode = _passcode_in_force(cfg)
    if passcode is None:
        return None
    return auth.device_key(passcode, auth.server_secret(cfg.outbox.parent / "login-noegle"))


def _passcode_hash(cfg: Config) -> str | None:
    if cfg.passcode_hash:
        return cfg.passcode_hash
    if is_demo(cfg):  # the demo works out of the box; a centre's own workbook needs its own passcode
        return _demo_hash()
    return None


def is_demo(cfg: Config) -> bool:
    """The demo workbook the product made itself and marked, never a centre's own."""
    return cfg.demo and data.store().is_demo()


@st.cache_resource(show_spinner=False)
def _demo_hash() -> str:
    return auth.hash_passcode(auth.DEMO_PASSCODE)


def _lockout() -> auth.Lockout:
    """Wrong tries counted for the whole server, across sessions and restarts."""
    return auth.Lockout(config().outbox.parent / "login-forsoeg.json", MAX_TRIES, LOCKOUT_SECONDS)


def _take_try() -> None:
    """The form's callback (Enter or the button): keeps the passcode for this run to check, and
    takes the last try's message away. Quick, since the page shows what it showed until this
    run draws again."""
    st.session_state[TRY] = st.session_state.get("passcode", "")
    st.session_state.pop(OUTCOME, None)
    st.session_state["passcode"] = ""


def _check_passcode(passcode: str) -> bool:
    """Whether ``passcode`` signs in now; a wrong one is counted, and any try under the lockout refused."""
    lockout = _lockout()
    if lockout.wait() > 0:
        st.session_state[OUTCOME] = "locked"
        return False
    if not auth.check_passcode(passcode, _passcode_hash(config()) or ""):
        lockout.failed()
        st.session_state[OUTCOME] = "wrong"
        return False
    st.session_state[EDITOR] = _current_mark(config())
    st.session_state.pop(SIGNED_OUT, None)
    lockout.succeeded()
    cfg = config()
    key = _device_key(cfg) if cfg.remember_days else None
    if key is not None:
        st.session_state[DEVICE] = auth.issue_device_token(key, time.time() + cfg.remember_days * DAY)
    return True


# Enter in the passcode field signs in (on a phone, the keyboard's Go); Streamlit's hint for it
# under the field is in English and says nothing a phone's keyboard needs.
_NO_ENTER_HINT = '<style>.st-key-passcode [data-testid="InputInstructions"] { display: none; }</style>'


def require_editor() -> None:
    """Show the sign-in and stop the page unless an editor is signed in."""
    if is_editor():
        return
    cfg = config()
    st.title(t("auth.title"))
    st.write(t("auth.intro"))
    if cfg.oidc:
        if st.user.is_logged_in:
            st.error(t("auth.not_allowed", email=st.user.get("email", "?")))
            st.button(t("auth.sign_out"), on_click=st.logout, key="sign_out")
        else:
            st.button(t("auth.sign_in_oidc"), on_click=st.login, type="primary", key="sign_in_oidc", width="stretch")
        st.stop()
    if _passcode_hash(cfg) is None:
        st.warning(t("auth.disabled"))
        st.stop()
    st.html(_NO_ENTER_HINT)
    with st.form("sign_in"):
        st.text_input(t("auth.passcode"), type="password", key="passcode")
        st.form_submit_button(t("auth.sign_in"), on_click=_take_try, type="primary", width="stretch",
                              key="sign_in_submit")
    # The message's place, emptied before a new try is checked: the last try's message is gone
    # while it is, and a right passcode shows the page it opens, never a message of the try before.
    outcome = st.empty()
    if TRY in st.session_state:
        with outcome, st.spinner(t("auth.checking")):
            signed_in = _check_passcode(st.session_state.pop(TRY))
        if signed_in:
            st.rerun()  # the whole app again, signed in: the sidebar too, and this device's cookie
    wait = _lockout().wait()
    if wait > 0:
        outcome.error(t("auth.locked", seconds=math.ceil(wait)))
    elif st.session_state.get(OUTCOME) == "wrong":
        outcome.error(t("auth.wrong"))
    if cfg.remember_days:
        st.caption(t("auth.remembered", days=cfg.remember_days))
    if not cfg.passcode_hash:  # only the demo gets here: a centre's own sheet without one stopped above
        st.caption(t("auth.demo_hint"))
    st.stop()


def sign_out() -> None:
    if config().oidc:
        st.logout()
    st.session_state.pop(EDITOR, None)
    st.session_state[SIGNED_OUT] = True
    st.session_state[DEVICE] = ""  # forget the device: its cookie goes in the next run


# Runs in the page itself (st.html runs no script otherwise): a cookie is set from the browser,
# for this site's every path, sent only with requests from this site, and only over HTTPS when
# the dashboard is served over it. Removes itself once run, so the token is not left in the page.
_COOKIE_SCRIPT = """<script>
document.cookie = %(name)s + "=" + %(value)s + "; Path=/; Max-Age=" + %(max_age)d + "; SameSite=Strict"
  + (location.protocol === "https:" ? "; Secure" : "");
document.currentScript && document.currentScript.remove();
</script>"""


def keep_device() -> None:
    """After a sign-in, set this device's cookie with its token; after a sign-out, remove it. Once."""
    token = st.session_state.pop(DEVICE, None)
    if token is None:
        return
    max_age = config().remember_days * DAY if token else 0
    st.html(_COOKIE_SCRIPT % {"name": json.dumps(COOKIE), "value": json.dumps(token), "max_age": max_age},
            unsafe_allow_javascript=True)


def who() -> str:
    """The signed-in editor as the sidebar names them."""
    return st.user.get("email") if config().oidc else t("auth.editor")
