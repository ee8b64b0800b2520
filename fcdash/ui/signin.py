"""Who may edit: signed in with OpenID Connect and on the allow-list, or past the passcode."""

from __future__ import annotations

import math

import streamlit as st

from fcdash import auth
from fcdash.config import Config
from fcdash.ui import data
from fcdash.ui.session import config, t

EDITOR = "_fcdash_editor"  # session key set only by a correct passcode; no widget uses it
OUTCOME = "_fcdash_sign_in_outcome"  # the last try's outcome in this session, for its message
MAX_TRIES, LOCKOUT_SECONDS = 5, 60


def is_editor() -> bool:
    """Signed in with OpenID Connect and on the allow-list, or past the passcode this session."""
    cfg = config()
    if cfg.oidc:
        return bool(st.user.is_logged_in) and auth.is_allowed(st.user.get("email"), cfg.editors)
    return st.session_state.get(EDITOR) is True


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


def _check_passcode() -> None:
    lockout = _lockout()
    if lockout.wait() > 0:
        st.session_state[OUTCOME] = "locked"
    elif auth.check_passcode(st.session_state.get("passcode", ""), _passcode_hash(config()) or ""):
        st.session_state[EDITOR] = True
        st.session_state.pop(OUTCOME, None)
        lockout.succeeded()
    else:
        lockout.failed()
        st.session_state[OUTCOME] = "wrong"
    st.session_state["passcode"] = ""


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
    with st.form("sign_in", enter_to_submit=False):  # its hint would be in English
        st.text_input(t("auth.passcode"), type="password", key="passcode")
        st.form_submit_button(t("auth.sign_in"), on_click=_check_passcode, type="primary", width="stretch",
                              key="sign_in_submit")
    wait = _lockout().wait()
    if wait > 0:
        st.error(t("auth.locked", seconds=math.ceil(wait)))
    elif st.session_state.get(OUTCOME):
        st.error(t("auth.wrong"))
    if not cfg.passcode_hash:  # only the demo gets here: a centre's own sheet without one stopped above
        st.caption(t("auth.demo_hint"))
    st.stop()


def sign_out() -> None:
    if config().oidc:
        st.logout()
    st.session_state.pop(EDITOR, None)


def who() -> str:
    """The signed-in editor as the sidebar names them."""
    return st.user.get("email") if config().oidc else t("auth.editor")
