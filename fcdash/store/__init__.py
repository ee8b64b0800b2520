"""The store contract and the registry of its backends: one module per backend, found by name.

A third backend is one module with a ``Store`` subclass, one line in ``BACKENDS`` and one maker in
the tests' ``BACKEND_MAKERS``, which every contract test runs over.
"""

from __future__ import annotations

import importlib

from fcdash.config import Config
from fcdash.errors import ConfigError
from fcdash.store.base import Row, Store, new_id

__all__ = ["BACKENDS", "Row", "Store", "new_id", "open_store"]

# Backend name (Config.backend) -> "module:class". Imported on first use, so the workbook
# dashboard never loads the Google libraries.
BACKENDS = {
    "workbook": "fcdash.store.workbook:WorkbookStore",
    "gsheets": "fcdash.store.gsheets:GoogleSheetsStore",
}


def backend_class(name: str) -> type[Store]:
    try:
        module, cls = BACKENDS[name].split(":")
    except KeyError:
        raise ConfigError(f"ukendt lager '{name}'; kendte: {', '.join(BACKENDS)}") from None
    return getattr(importlib.import_module(module), cls)


def open_store(config: Config) -> Store:
    """The store the configuration names, as it is (nothing is created here)."""
    return backend_class(config.backend).from_config(config)
