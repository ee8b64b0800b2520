"""The store contract and its backends; ``open_store`` picks one from the configuration."""

from __future__ import annotations

import datetime as dt

from fcdash.config import Config
from fcdash.store.base import Row, Store, new_id

__all__ = ["Row", "Store", "new_id", "open_store"]


def open_store(config: Config, *, today: dt.date | None = None) -> Store:
    """The configured store. The default workbook is created with demo data on first use;
    an existing workbook is used as it is."""
    if config.backend == "gsheets":
        from fcdash.store.gsheets import GoogleSheetsStore

        return GoogleSheetsStore.from_config(config)

    from fcdash.store.workbook import WorkbookStore, create_workbook

    if not config.workbook.exists():
        from fcdash import demo

        try:
            create_workbook(config.workbook, demo.demo_rows(today or dt.date.today()))
        except FileExistsError:
            pass  # another session created it a moment ago
    return WorkbookStore(config.workbook)
