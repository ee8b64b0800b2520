"""The Streamlit side, in modules by job; pages import the ones they use.

- ``session``: the session's language, formats, today, configuration and the centre's identity;
- ``data``: the store and the snapshot every session shares, and store errors in Danish;
- ``signin``: who may edit (passcode or OpenID Connect);
- ``sender``: saving entries through the outbox, and the thread that sends what waits;
- ``widgets``: the sidebar, filters, traffic lights, charts with downloads, tables.

None of them imports a storage library; only ``fcdash.store`` knows the backends.
"""
