"""Configuration from Streamlit's secrets and the environment; no configuration means the
embedded demo workbook."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

DEFAULT_WORKBOOK = Path("data") / "frivilligcenter.xlsx"
DEFAULT_CACHE_TTL = 300  # seconds a snapshot is shared by every session before it is read again


@dataclass(frozen=True)
class Config:
    backend: str  # "workbook" (later also "gsheets")
    workbook: Path = DEFAULT_WORKBOOK
    cache_ttl: int = DEFAULT_CACHE_TTL


def load_config(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration from ``secrets`` (st.secrets) and ``environ`` (os.environ)."""
    environ = os.environ if environ is None else environ
    workbook = Path(environ.get("FCDASH_WORKBOOK") or DEFAULT_WORKBOOK)
    return Config(backend="workbook", workbook=workbook)
