"""The session: its language and number and date formats, today, and the configuration."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from fcdash import i18n
from fcdash import config as config_module
from fcdash.config import Config, load_config
from fcdash.errors import ConfigError


def lang() -> str:
    value = st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, **params) -> str:
    return i18n.t(key, lang(), **params)


def fmt_number(value, decimals: int = 0) -> str:
    return i18n.fmt_number(value, lang(), decimals)


def fmt_date(value) -> str:
    return i18n.fmt_date(value, lang())


def today() -> dt.date:
    """Today on the centre's clock, or FCDASH_TODAY (ISO date) to show the dashboard as of another day."""
    return config_module.today()


def fmt_time(value: dt.datetime) -> str:
    """A moment as the date and the time on the centre's clock: 23.11.2026 17:06."""
    local = i18n.local_time(value, config_module.TIME_ZONE)
    return f"{fmt_date(local)} {local:%H:%M}"


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # no secrets.toml: the embedded workbook
        return {}


def config() -> Config:
    return load_config(_secrets(), os.environ)


def identity() -> Config:
    """The centre's name and logo for the page frame; the defaults while the configuration is
    wrong (the page itself then says what is wrong)."""
    try:
        return config()
    except ConfigError:
        return Config(backend="workbook")
