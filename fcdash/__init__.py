"""fcdash: the dashboard of a Danish volunteer centre on its shared spreadsheet."""

__version__ = "0.1.0"
