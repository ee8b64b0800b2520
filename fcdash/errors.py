"""Error types of fcdash. Backends translate library errors into these with ``raise ... from``;
the pages turn them into Danish messages (``fcdash.ui.error_message``)."""


class FcdashError(Exception):
    """Base class of every error fcdash raises on purpose."""


class ConfigError(FcdashError):
    """The configuration (secrets, environment) is missing or wrong."""


class StoreError(FcdashError):
    """A read or write of the store failed."""


class StoreUnavailable(StoreError):
    """The store cannot be reached now (network, quota, outage); the same call may work later."""


class StoreLocked(StoreUnavailable):
    """The workbook is open in an office program or locked by another writer."""


class RowNotFound(StoreError):
    """No row holds the id an update was meant for; nothing was written."""


class RowChanged(StoreError):
    """The row to change or delete is no longer as the leader saw it: a volunteer changed it in the
    sheet meanwhile. Nothing was written; ``current`` holds its cells now, by column key."""

    def __init__(self, text: str, current: dict):
        super().__init__(text)
        self.current = current


class StoreNotFound(StoreError):
    """The spreadsheet does not exist (a wrong key or URL)."""


class WorkbookMissing(StoreNotFound, StoreUnavailable):
    """The workbook is not where the configuration says: a read says so plainly, and an entry
    waits for it (a drive not mounted, a file moved away and back)."""


class StoreForbidden(StoreError):
    """The spreadsheet exists but is not shared with the service account."""


class UnwritableValue(StoreError):
    """A value the spreadsheet cannot hold (a control character in a text); nothing was written."""


class SheetNotEmpty(StoreError):
    """Demo data is written only into an empty spreadsheet; this one holds rows already."""


class HeaderTypo(StoreError):
    """A column to write is missing while a header looks like a typo of it: nothing is written
    until a volunteer corrects the header (a second column of that name would hide the data)."""


class MailError(FcdashError):
    """A report could not be sent by e-mail; no one on the board got it. ``key`` and ``params``
    name the message in the catalogue (``fcdash.messages.toml``), so a page says it in its language;
    the text itself is the Danish one."""

    def __init__(self, text: str, key: str, **params):
        super().__init__(text)
        self.key, self.params = key, params
